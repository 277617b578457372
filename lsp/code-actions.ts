// Quick fixes: "did you mean" replacements from a diagnostic's suggestions,
// a Dynamics record URL pasted into a guid string becomes the record's GUID,
// and a duration missing its unit (`within 14`) gets one.
import type { LangiumDocument } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Command, type Diagnostic } from 'vscode-languageserver';
import { Codes } from '../language/check/codes.js';
import type { SegDiagnosticData } from '../language/check/seg-document-validator.js';

export class SegCodeActionProvider implements CodeActionProvider {
    getCodeActions(document: LangiumDocument, params: CodeActionParams): Array<Command | CodeAction> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context?.diagnostics ?? []) {
            try {
                actions.push(...this.fixesFor(document, diagnostic));
            } catch {
                // A malformed diagnostic from the client: no fix.
            }
        }
        return actions;
    }

    private fixesFor(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        const data = diagnostic.data as SegDiagnosticData | undefined;
        const code = data?.code ?? diagnostic.code;
        const uri = document.textDocument.uri;
        const replace = (title: string, newText: string, preferred: boolean): CodeAction => ({
            title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: preferred,
            edit: { changes: { [uri]: [{ range: diagnostic.range, newText }] } },
        });
        if (code === Codes.SyntaxError && String(diagnostic.message).startsWith('Expected a unit')) return addUnitFixes(document, diagnostic);
        if (code === Codes.InvalidGuid) {
            const text = document.textDocument.getText(diagnostic.range);
            const guid = guidFromRecordUrl(text);
            if (guid) return [replace(`Use the record's GUID ${guid}`, quoteLike(text, guid), true)];
            return [];
        }
        const suggestions = Array.isArray(data?.suggestions) ? data.suggestions.filter((s): s is string => typeof s === 'string') : [];
        return suggestions.map((s, i) => code === Codes.UnknownChoiceLabel
            ? replace(`Change to "${s}"`, quoteLike(document.textDocument.getText(diagnostic.range), s), i === 0)
            : replace(`Change to '${s}'`, s, i === 0));
    }
}

/** `within 14` → `within 14 days` (or hours, weeks, months): insert after the number before the error. */
function addUnitFixes(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
    const text = document.textDocument.getText();
    const before = text.slice(0, document.textDocument.offsetAt(diagnostic.range.start));
    const number = /(\d+)\s*$/.exec(before);
    if (!number) return [];
    const at = document.textDocument.positionAt(before.length - (number[0].length - number[1].length));
    const uri = document.textDocument.uri;
    return ['days', 'hours', 'weeks', 'months'].map((unit, i) => ({
        title: `Add the unit '${unit}'`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: i === 0,
        edit: { changes: { [uri]: [{ range: { start: at, end: at }, newText: ` ${unit}` }] } },
    }));
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The GUID in the `id=` parameter of a Dynamics record URL
 * (`…main.aspx?etn=contact&id=%7b5B2C…%7d&pagetype=entityrecord`), lower case, or undefined.
 */
export function guidFromRecordUrl(text: string): string | undefined {
    const m = /[?&#]id=([^&#"'\s]+)/i.exec(text);
    if (!m) return undefined;
    let id: string;
    try {
        id = decodeURIComponent(m[1]);
    } catch {
        id = m[1];
    }
    id = id.replace(/^\{/, '').replace(/\}$/, '').trim();
    return GUID.test(id) ? id.toLowerCase() : undefined;
}

/** `value` in the same quotes as the string literal `literal`. */
function quoteLike(literal: string, value: string): string {
    const q = literal.startsWith("'") ? "'" : '"';
    return q + value.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`) + q;
}
