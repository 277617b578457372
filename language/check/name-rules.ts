// One namespace per project (docs/language.md §1): segment, entity and interaction
// names are unique across all files, the built-in catalog included; member
// names are unique within their declaration.
import { AstUtils, GrammarUtils, WorkspaceCache, type LangiumCoreServices, type ValidationAcceptor } from 'langium';
import type { ChoiceType, EntityDecl, FixtureDecl, InteractionDecl, SegmentDecl } from '../generated/ast.js';
import { fieldsOf, relationsOf } from '../model/field-types.js';
import { Codes } from './codes.js';

interface Declared { uri: string; offset: number; line: number }

export class NameRules {
    private readonly declared: WorkspaceCache<'all', Map<string, Declared[]>>;

    constructor(private readonly services: LangiumCoreServices) {
        this.declared = new WorkspaceCache(services.shared);
    }

    private allDeclarations(): Map<string, Declared[]> {
        return this.declared.get('all', () => {
            const byName = new Map<string, Declared[]>();
            for (const d of this.services.shared.workspace.IndexManager.allElements()) {
                const list = byName.get(d.name) ?? [];
                list.push({ uri: d.documentUri.toString(), offset: d.nameSegment?.offset ?? -1, line: (d.nameSegment?.range.start.line ?? 0) + 1 });
                byName.set(d.name, list);
            }
            return byName;
        });
    }

    checkUniqueDeclaration = (node: SegmentDecl | EntityDecl | InteractionDecl | FixtureDecl, accept: ValidationAcceptor): void => {
        if (!node.name) return;
        const all = this.allDeclarations().get(node.name) ?? [];
        if (all.length < 2) return;
        const here = AstUtils.getDocument(node).uri.toString();
        const offset = GrammarUtils.findNodeForProperty(node.$cstNode, 'name')?.offset;
        const others = all.filter(d => d.uri !== here || d.offset !== offset);
        const where = others.map(d => `${baseName(d.uri)}:${d.line}`).join(', ');
        accept('error', `'${node.name}' is declared more than once (also at ${where}); names are shared by all files of a project.`,
            { node, property: 'name', code: Codes.DuplicateName });
    };

    checkUniqueMembers = (node: EntityDecl | InteractionDecl, accept: ValidationAcceptor): void => {
        reportDuplicates(fieldsOf(node), f => f.name, (f, first) =>
            accept('error', `Field '${f.name}' is declared twice in '${node.name}' (first on line ${line(first)}).`,
                { node: f, property: 'name', code: Codes.DuplicateMember }));
        if (node.$type === 'InteractionDecl') {
            reportDuplicates(relationsOf(node), r => r.name, (r, first) =>
                accept('error', `Relation '${r.name}' is declared twice in '${node.name}' (first on line ${line(first)}).`,
                    { node: r, property: 'name', code: Codes.DuplicateMember }));
        }
    };

    checkChoiceOptions = (node: ChoiceType, accept: ValidationAcceptor): void => {
        reportDuplicates(node.options, o => o.label.toLowerCase(), (o, first) =>
            accept('error', `Label "${o.label}" appears twice in this choice (labels match case-insensitively; first on line ${line(first)}).`,
                { node: o, property: 'label', code: Codes.DuplicateMember }));
        reportDuplicates(node.options, o => String(Number(o.code)), (o, first) =>
            accept('error', `Code ${o.code} appears twice in this choice (first on line ${line(first)}).`,
                { node: o, property: 'code', code: Codes.DuplicateMember }));
        for (const o of node.options) {
            if (!Number.isInteger(Number(o.code))) {
                accept('error', `Choice codes are whole numbers; found ${o.code}.`, { node: o, property: 'code', code: Codes.TypeMismatch });
            }
        }
    };
}

function reportDuplicates<T>(items: T[], key: (t: T) => string | undefined, report: (dup: T, first: T) => void): void {
    const seen = new Map<string, T>();
    for (const item of items) {
        const k = key(item);
        if (k === undefined) continue;
        const first = seen.get(k);
        if (first) report(item, first); else seen.set(k, item);
    }
}

function line(node: { $cstNode?: { range: { start: { line: number } } } }): number {
    return (node.$cstNode?.range.start.line ?? 0) + 1;
}

function baseName(uri: string): string {
    return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
