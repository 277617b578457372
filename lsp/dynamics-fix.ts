// "Convert Dynamics query to Seg": a Dynamics 365 segment query pasted into a
// .seg file (`PROFILE(contact).FILTER(…)`, optionally after `segment Name =`)
// is a syntax error there; this quick fix replaces it with the Seg segment
// `seg import dynamics` would write, resolving SEGMENT(…) to the workspace's segments.
import type { LangiumCoreServices, LangiumDocument, LangiumDocuments } from 'langium';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import { isSegmentDecl, type Model } from '../language/generated/ast.js';
import { convertDynamicsQuery } from '../compiler/dynamics/import-queries.js';
import { metadataOf } from '../compiler/dynamics/metadata.js';

const HEAD = /\b(PROFILE|INTERACTION|SEGMENT)\s*\(/;
const SEG_DECLARATION = /^\s*(\/\/|draft\b|segment\b|entity\b|interaction\s+\w+\s*\{|test\b|fixture\b)/;
const NAMED = /^\s*(?:draft\s+)?segment\s+([A-Za-z_]\w*)\s*=\s*/;

/** The pasted query around a line: from the line with its PROFILE/INTERACTION/SEGMENT( to the next blank line or declaration. */
export function pastedQueryAt(lines: string[], line: number): { first: number; last: number; name?: string; query: string } | undefined {
    let first = line;
    while (first >= 0 && !HEAD.test(lines[first]) && lines[first].trim() && line - first < 50) first--;
    if (first < 0 || !HEAD.test(lines[first])) return undefined;
    let last = first;
    while (last + 1 < lines.length && lines[last + 1].trim() && !SEG_DECLARATION.test(lines[last + 1])) last++;
    if (line > last) return undefined;
    const named = NAMED.exec(lines[first]);
    if (!named && SEG_DECLARATION.test(lines[first])) return undefined;
    const head = named ? lines[first].slice(named[0].length) : lines[first].trimStart();
    return { first, last, name: named?.[1], query: [head, ...lines.slice(first + 1, last + 1)].join('\n').trimEnd() };
}

export function dynamicsQueryFix(seg: LangiumCoreServices, documents: LangiumDocuments, document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
    const lines = document.textDocument.getText().split(/\r?\n/);
    const found = pastedQueryAt(lines, diagnostic.range.start.line);
    if (!found) return [];
    const models = documents.all.map(d => d.parseResult.value as Model).toArray();
    const known = models.flatMap(m => m.declarations.filter(isSegmentDecl).map(d => d.name));
    const converted = convertDynamicsQuery(seg, { name: found.name, query: found.query }, metadataOf(models), known.filter(k => k !== found.name));
    if (converted.text === undefined) return [];
    const range = { start: { line: found.first, character: 0 }, end: { line: found.last, character: lines[found.last].length } };
    return [{
        title: 'Convert Dynamics query to Seg', kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true,
        edit: { changes: { [document.textDocument.uri]: [{ range, newText: converted.text.trimEnd() }] } },
    }];
}
