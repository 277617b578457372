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
    CompletionItemKind, CompletionList, InsertTextFormat, type CancellationToken, type CompletionItem, type CompletionParams,
} from 'vscode-languageserver';
import {
    isEntityDecl, isEntityRecord, isFieldDecl, isFieldPath, isInteractionDecl, isInteractionRecord, isInteractionQuery, isKeyField, isProfileQuery, isRelationDecl, isSegmentDecl,
    type Field,
} from '../language/generated/ast.js';
import { fieldsOf, fieldType, typeLabel } from '../language/model/field-types.js';
import { recordSubject } from '../language/scope/records.js';
import { enclosingQuery, subjectOf, type Subject } from '../language/scope/subject.js';
import { categoryOf } from '../language/describe/describe.js';
import { docComment } from './doc-comments.js';

const PATH = String.raw`[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*`;
/** `field = "par|`, `field != |`, `field in ["A", "B|`, a test record's `field: |`: a value of `field` is being typed. */
const VALUE_CONTEXT = new RegExp(String.raw`(${PATH})\s*(?:=|!=|:|(?:not\s+)?in\s*\[(?:\s*(?:"[^"\n]*"|'[^'\n]*'|[\w.-]+)\s*,)*)\s*(["']?[^"'\s,\]\[]*)$`);
/** `lookup.|` or `a.b.par|`: the path before the last dot. */
const AFTER_DOT = new RegExp(String.raw`(${PATH})\s*\.\s*$`);

export class SegCompletionProvider extends DefaultCompletionProvider {
    constructor(services: LangiumServices) {
        super(services);
    }

    override async getCompletion(document: LangiumDocument, params: CompletionParams, cancelToken?: CancellationToken): Promise<CompletionList | undefined> {
        try {
            const values = this.choiceValueCompletion(document, params);
            if (values) return values;
            const list = await super.getCompletion(document, params, cancelToken);
            if (list && list.items.some(i => i.label === 'segment' && i.kind === CompletionItemKind.Keyword)) list.items.push(...segmentSnippets());
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
            return { ...item, kind: CompletionItemKind.Field, detail: isKeyField(node) ? 'guid (key)' : typeLabel(fieldType(node)), documentation };
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

    /** After a choice field and `=` / `!=` / `in [`, its labels as quoted strings. */
    private choiceValueCompletion(document: LangiumDocument, params: CompletionParams): CompletionList | undefined {
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
        if (type.kind !== 'choice') return undefined;
        const partial = m[2];
        const start = document.textDocument.positionAt(offset - partial.length);
        const quote = partial.startsWith("'") ? "'" : '"';
        // Replace through a closing quote the editor may have inserted.
        const endOffset = text[offset] === quote && partial.length ? offset + 1 : offset;
        const end = document.textDocument.positionAt(endOffset);
        const items: CompletionItem[] = type.options.map((o, i) => {
            const label = `${quote}${o.label}${quote}`;
            return {
                label, kind: CompletionItemKind.EnumMember, detail: `${field.name} = ${o.code}`, sortText: String(i).padStart(4, '0'),
                filterText: label, textEdit: { range: { start, end }, newText: label },
            };
        });
        return CompletionList.create(items, false);
    }
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
