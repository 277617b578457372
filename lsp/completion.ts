// Completion by context: Langium's keyword and cross-reference completion,
// with Seg's details (interaction families and descriptions, field types),
// lookup navigation after `.`, choice labels after `=` / `in [`, and snippets
// for new segments.
import {
    AstUtils, CstUtils, type AstNode, type AstNodeDescription, type LangiumDocument, type ReferenceInfo, type Stream, stream,
} from 'langium';
import {
    DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type CompletionValueItem, type LangiumServices, type NextFeature,
} from 'langium/lsp';
import type { GrammarAST } from 'langium';
import {
    CompletionItemKind, CompletionList, CompletionTriggerKind, InsertTextFormat, type CancellationToken, type CompletionItem, type CompletionParams,
} from 'vscode-languageserver';
import {
    isEntityDecl, isEntityRecord, isFieldDecl, isFieldPath, isInteractionDecl, isInteractionRecord, isInteractionQuery, isKeyField, isProfileQuery, isRelationDecl, isSegmentDecl, isThenStep,
    type Field,
} from '../language/generated/ast.js';
import { fieldsOf, fieldType, ownerOf, typeLabel } from '../language/model/field-types.js';
import { recordSubject } from '../language/scope/records.js';
import { enclosingQuery, subjectOf, type Subject } from '../language/scope/subject.js';
import { categoryOf } from '../language/describe/describe.js';
import { docComment } from './doc-comments.js';

const PATH = String.raw`[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*`;
/** `field = "par|`, `field != |`, `field in ["A", "B|`, a test record's `field: |`: a value of `field` is being typed. */
const VALUE_CONTEXT = new RegExp(String.raw`(${PATH})\s*(?:=|!=|<=?|>=?|:|(?:not\s+)?in\s*\[(?:\s*(?:"[^"\n]*"|'[^'\n]*'|[\w.-]+)\s*,)*)\s*(["']?[^"'\s,\]\[]*)$`);
/** `lookup.|` or `a.b.par|`: the path before the last dot. */
const AFTER_DOT = new RegExp(String.raw`(${PATH})\s*\.\s*$`);

export class SegCompletionProvider extends DefaultCompletionProvider {
    // `.` a lookup's fields, `=` / `[` / `"` a field's values, space what follows a keyword.
    override readonly completionOptions = { triggerCharacters: ['.', '=', '[', '"', ' '] };

    constructor(services: LangiumServices) {
        super(services);
    }

    override async getCompletion(document: LangiumDocument, params: CompletionParams, cancelToken?: CancellationToken): Promise<CompletionList | undefined> {
        try {
            const text = document.textDocument.getText();
            const offset = document.textDocument.offsetAt(params.position);
            const trigger = params.context?.triggerKind === CompletionTriggerKind.TriggerCharacter ? params.context.triggerCharacter : undefined;
            // A space triggers after every word typed: answer only where a keyword, operator or number leaves something to choose.
            if (trigger === ' ' && !AFTER_KEYWORD.test(text.slice(Math.max(0, offset - 40), offset))) return CompletionList.create([], false);
            const values = this.valueCompletion(document, params);
            if (values) return values;
            if (trigger === '"') return CompletionList.create([], false);
            if (AFTER_AGGREGATE.test(text.slice(Math.max(0, offset - 200), offset))) return comparisonOperators();
            const list = await super.getCompletion(document, params, cancelToken);
            if (!list) return list;
            if (list.items.some(i => i.label === 'segment' && i.kind === CompletionItemKind.Keyword)) list.items.push(...segmentSnippets());
            // Every candidate is in the list: the client filters as the user types, without asking again.
            list.isIncomplete = false;
            return list;
        } catch {
            return CompletionList.create([], false);
        }
    }

    protected override getReferenceCandidates(refInfo: ReferenceInfo, context: CompletionContext): Stream<AstNodeDescription> {
        if (refInfo.property === 'field' && (isFieldPath(refInfo.container) || refInfo.container.$type === 'FieldPath')) {
            // After `a.b.`: the fields of the entity the last lookup refers to.
            const before = context.textDocument.getText().slice(0, context.tokenOffset);
            const dotted = AFTER_DOT.exec(before);
            if (dotted) {
                const base = subjectNear(refInfo.container.$container ?? refInfo.container);
                const target = followLookups(base, dotted[1].split('.').map(s => s.trim()));
                return stream(target ? fieldsOf(target) : []).map(f => this.descriptionOf(f));
            }
        }
        if (refInfo.property === 'on' && isThenStep(refInfo.container)) {
            // `then B on |`: the fields both types have, with the same type.
            const then = refInfo.container.type?.ref, first = refInfo.container.$container?.type?.ref;
            if (then && first) {
                const mine = new Map(fieldsOf(first).map(f => [f.name, typeLabel(fieldType(f))]));
                return stream(fieldsOf(then).filter(f => mine.get(f.name) === typeLabel(fieldType(f)))).map(f => this.descriptionOf(f));
            }
        }
        return super.getReferenceCandidates(refInfo, context);
    }

    private descriptionOf(node: AstNode & { name: string }): AstNodeDescription {
        return {
            node, name: node.name, type: node.$type, documentUri: AstUtils.getDocument(node).uri,
            path: '', nameSegment: node.$cstNode ? { range: node.$cstNode.range, offset: node.$cstNode.offset, length: node.$cstNode.length, end: node.$cstNode.end } : undefined,
        } as AstNodeDescription;
    }

    protected override createReferenceCompletionItem(description: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext): CompletionValueItem {
        const item = super.createReferenceCompletionItem(description, refInfo, context);
        const node = description.node;
        if (!node) return item;
        const doc = docComment(node);
        const documentation = doc ? { kind: 'markdown' as const, value: doc } : undefined;
        if (isInteractionDecl(node)) {
            return { ...item, kind: CompletionItemKind.Event, detail: `${categoryOf(node.name)} interaction`, documentation };
        }
        if (isFieldDecl(node) || isKeyField(node)) {
            // The type as detail; the owner, the choices and the `///` comment as documentation.
            const owner = ownerOf(node);
            const type = fieldType(node);
            const lines = [
                owner ? `Field of ${isEntityDecl(owner) ? 'entity' : 'interaction'} \`${owner.name}\`.` : '',
                type.kind === 'choice' ? type.options.map(o => `\`${o.label}\` = ${o.code}`).join(', ') : '',
                doc ?? '',
            ].filter(Boolean);
            return {
                ...item, kind: CompletionItemKind.Field, detail: isKeyField(node) ? 'guid (key)' : typeLabel(type),
                documentation: lines.length ? { kind: 'markdown', value: lines.join('\n\n') } : undefined,
            };
        }
        if (isRelationDecl(node)) return { ...item, kind: CompletionItemKind.Interface, detail: 'relation', documentation };
        if (isSegmentDecl(node)) return { ...item, kind: CompletionItemKind.Module, detail: node.draft ? 'draft segment' : 'segment', documentation };
        if (isEntityDecl(node)) return { ...item, kind: CompletionItemKind.Class, detail: 'entity', documentation };
        return { ...item, documentation };
    }

    protected override completionForKeyword(context: CompletionContext, keyword: GrammarAST.Keyword, acceptor: CompletionAcceptor) {
        // Durations: after a number in a window, the units come first.
        if (UNITS.has(keyword.value)) {
            acceptor(context, { label: keyword.value, kind: CompletionItemKind.Unit, detail: 'time unit', sortText: '0' + keyword.value });
            return;
        }
        return super.completionForKeyword(context, keyword, acceptor);
    }

    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor) {
        return super.completionFor(context, next, acceptor);
    }

    /** After a field and `=` / `!=` / `<` … / `in [` / a record's `:`, values of its type: choice labels, true/false, templates. */
    private valueCompletion(document: LangiumDocument, params: CompletionParams): CompletionList | undefined {
        const text = document.textDocument.getText();
        const offset = document.textDocument.offsetAt(params.position);
        const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        // Conditions may span lines; a few lines back is enough for `in [` lists.
        const windowStart = Math.max(0, text.lastIndexOf('\n', Math.max(0, lineStart - 2)) + 1, offset - 2000);
        const before = text.slice(windowStart, offset);
        const m = VALUE_CONTEXT.exec(before);
        if (!m) return undefined;
        const root = document.parseResult?.value?.$cstNode;
        const at = root ? CstUtils.findLeafNodeBeforeOffset(root, windowStart + m.index) ?? CstUtils.findLeafNodeAtOffset(root, windowStart + m.index) : undefined;
        const steps = m[1].split('.').map(s => s.trim());
        const subject = at ? subjectNear(at.astNode) : undefined;
        const owner = followLookups(subject, steps.slice(0, -1));
        const field = owner ? fieldsOf(owner).find(f => f.name === steps[steps.length - 1]) : undefined;
        if (!field) return undefined;
        const type = fieldType(field);
        const partial = m[2];
        const start = document.textDocument.positionAt(offset - partial.length);
        const quote = partial.startsWith("'") ? "'" : '"';
        // Replace through a closing quote the editor may have inserted.
        const endOffset = text[offset] === quote && partial.length ? offset + 1 : offset;
        const end = document.textDocument.positionAt(endOffset);
        const edit = (label: string, newText: string, detail: string, kind: CompletionItemKind, i: number, snippet = false): CompletionItem => ({
            label, kind, detail, sortText: String(i).padStart(4, '0'), filterText: label, textEdit: { range: { start, end }, newText },
            ...(snippet ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
        });
        const today = new Date().toISOString().slice(0, 10);
        const [y, mo, d] = today.split('-');
        let items: CompletionItem[];
        switch (type.kind) {
            case 'choice':
                items = type.options.map((o, i) => edit(`${quote}${o.label}${quote}`, `${quote}${o.label}${quote}`, `${field.name} = ${o.code}`, CompletionItemKind.EnumMember, i));
                break;
            case 'boolean':
                items = ['true', 'false'].map((v, i) => edit(v, v, 'boolean', CompletionItemKind.Value, i));
                break;
            case 'lookup':
                // A test record's lookup names another record (`parentcustomerid: contoso`): Langium offers those.
                if (m[0].slice(m[1].length).trimStart().startsWith(':')) return undefined;
            // falls through: in a condition a lookup is compared with a guid
            case 'guid': {
                const detail = type.kind === 'lookup' ? `guid of ${type.targetName}` : 'guid';
                items = [edit(`${quote}00000000-…${quote}`, `${quote}\${1:00000000-0000-0000-0000-000000000000}${quote}`, detail, CompletionItemKind.Value, 0, true)];
                break;
            }
            case 'date':
                items = [edit(today, `\${1:${y}}-\${2:${mo}}-\${3:${d}}`, 'date', CompletionItemKind.Value, 0, true)];
                break;
            case 'datetime':
                items = [edit(`${today}T00:00:00Z`, `\${1:${today}}T\${2:00:00}Z`, 'datetime', CompletionItemKind.Value, 0, true)];
                break;
            case 'string':
                items = [edit(`${quote}…${quote}`, `${quote}\${1}${quote}`, 'string', CompletionItemKind.Value, 0, true)];
                break;
            default:
                items = []; // a number: nothing to propose, and no true/false either
        }
        return CompletionList.create(items, false);
    }
}

/** The text before the cursor ends with a keyword, an operator, a bracket or a number, and a space. */
const AFTER_KEYWORD = new RegExp(String.raw`(?:^|[\s(\[,])(?:${[
    'interaction', 'profile', 'via', 'where', 'and', 'or', 'not', 'having', 'within', 'since', 'before', 'between', 'in', 'exists',
    'union', 'intersect', 'except', 'count', 'by', 'using', 'expect', 'includes', 'excludes', 'is', 'contains', 'with', 'of',
].join('|')}|[=!<>]=?|\d+(?:\.\d+)?|[(\[,]) $`);
/** `having count ` or `having sum(amount) `: a comparison comes next. */
const AFTER_AGGREGATE = /\bhaving\s+(?:count|(?:sum|avg|min|max)\s*\(\s*\w*\s*\))\s+$/;

function comparisonOperators(): CompletionList {
    const ops: Array<[string, string]> = [
        ['>=', 'at least'], ['>', 'more than'], ['=', 'exactly'], ['!=', 'not exactly'], ['<=', 'at most'], ['<', 'fewer than'], ['between', 'between two numbers, inclusive'],
    ];
    return CompletionList.create(ops.map(([label, detail], i) => ({ label, detail, kind: CompletionItemKind.Operator, sortText: String(i).padStart(2, '0') })), false);
}

const UNITS = new Set(['minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years']);

/** The record whose fields are in scope at `node`, also when `node` is the query itself. */
function subjectNear(node: AstNode | undefined): Subject | undefined {
    if (!node) return undefined;
    if (isInteractionQuery(node)) return node.type?.ref;
    if (isProfileQuery(node)) return node.entity?.ref;
    const record = AstUtils.getContainerOfType(node, n => isEntityRecord(n) || isInteractionRecord(n));
    if (record) return recordSubject(record);
    const s = subjectOf(node);
    if (s) return s;
    const q = enclosingQuery(node);
    return isInteractionQuery(q) ? q.type?.ref : q?.entity?.ref;
}

/** Follows lookup fields by name from `subject`: `parentcustomerid` → account. */
function followLookups(subject: Subject | undefined, steps: string[]): Subject | undefined {
    let current = subject;
    for (const step of steps) {
        if (!current) return undefined;
        const field: Field | undefined = fieldsOf(current).find(f => f.name === step);
        if (!field) return undefined;
        const type = fieldType(field);
        current = type.kind === 'lookup' ? type.target : undefined;
    }
    return current;
}

function segmentSnippets(): CompletionItem[] {
    const snippet = (label: string, detail: string, body: string): CompletionItem => ({
        label, detail, kind: CompletionItemKind.Snippet, insertTextFormat: InsertTextFormat.Snippet, insertText: body, sortText: 'z' + label,
    });
    return [
        snippet('segment (interaction)', 'New segment of contacts by their interactions',
            'segment ${1:Name} =\n  interaction ${2:EmailOpened}\n    having count >= ${3:1}\n    within ${4:30} days\n    where ${5:condition}'),
        snippet('segment (profile)', 'New segment of contacts by their profile',
            'segment ${1:Name} =\n  profile contact\n    where ${2:address1_city} = "${3:Seattle}"'),
        snippet('segment (combined)', 'New segment combining other segments',
            'segment ${1:Name} = ${2:SegmentA} ${3|union,intersect,except|} ${4:SegmentB}'),
        snippet('draft segment', 'New draft segment (checked, not materialized)',
            'draft segment ${1:Name} = ${2:SegmentA}'),
    ];
}
