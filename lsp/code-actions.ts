// Quick fixes: "did you mean" replacements from a diagnostic's suggestions,
// a Dynamics record URL or a braced GUID in a guid string becomes the plain GUID,
// a duration missing its unit (`within 14`) or with a misspelled one (`within 14 dayz`)
// gets one, what a syntax message says to write instead (`==` → `=`, `&&` → `and`,
// curly quotes → straight ones), and a live segment using a draft (SEG202) offers
// either change the message names; a pasted Dynamics segment query converts to Seg (dynamics-fix.ts).
import type { LangiumDocument, LangiumDocuments, Lexer } from 'langium';
import type { CodeActionProvider, LangiumServices } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Command, type Diagnostic } from 'vscode-languageserver';
import { Codes } from '../language/check/codes.js';
import type { SegDiagnosticData } from '../language/check/seg-document-validator.js';
import { suggest } from '../language/check/suggest.js';
import { draftFixes } from './draft-fixes.js';
import { dynamicsQueryFix } from './dynamics-fix.js';


export class SegCodeActionProvider implements CodeActionProvider {
    private readonly lexer: Lexer;
    private readonly services: LangiumServices;
    private readonly documents: LangiumDocuments;

    constructor(services: LangiumServices) {
        this.lexer = services.parser.Lexer;
        this.services = services;
        this.documents = services.shared.workspace.LangiumDocuments;
    }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): Array<Command | CodeAction> {
        const actions: CodeAction[] = [];
        for (const sent of params.context?.diagnostics ?? []) {
            try {
                actions.push(...this.fixesFor(document, withOwnData(document, sent)));
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
        if (code === Codes.SyntaxError && String(diagnostic.message).startsWith('Expected a unit')) return this.unitFixes(document, diagnostic);
        if (code === Codes.SyntaxError || code === Codes.InvalidCharacter) {
            return [...dynamicsQueryFix(this.services, this.documents, document, diagnostic), ...writeInsteadFixes(document, diagnostic)];
        }
        if (code === Codes.LiveDependsOnDraft) return draftFixes(document, diagnostic);
        if (code === Codes.InvalidGuid) {
            const text = document.textDocument.getText(diagnostic.range);
            const guid = guidFromRecordUrl(text);
            if (guid) return [replace(`Use the record's GUID ${guid}`, quoteLike(text, guid), true)];
            const braced = /^(["'])\s*\{([^{}]*)\}\s*\1$/.exec(text);
            if (braced && GUID.test(braced[2].trim())) return [replace('Remove the braces', quoteLike(text, braced[2].trim()), true)];
            return [];
        }
        const suggestions = Array.isArray(data?.suggestions) ? data.suggestions.filter((s): s is string => typeof s === 'string') : [];
        return suggestions.map((s, i) => code === Codes.UnknownChoiceLabel
            ? replace(`Change to "${s}"`, quoteLike(document.textDocument.getText(diagnostic.range), s), i === 0)
            : replace(`Change to '${s}'`, s, i === 0));
    }

    private unitFixes(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
        return unitFixesFor(document, diagnostic, word => {
            const { tokens, errors } = this.lexer.tokenize(word);
            return errors.length === 0 && tokens.length === 1 && tokens[0].tokenType.name === 'ID';
        });
    }
}

const COMMON_UNITS = ['days', 'hours', 'weeks', 'months'];
const ALL_UNITS = ['minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years'];

/**
 * `within 14 dayz` → `within 14 days`: a name where the unit belongs is a misspelled unit, replaced (its
 * likeliest corrections first). `within 14` or `within 14 where …` → `within 14 days …`: inserted after the number.
 */
function unitFixesFor(document: LangiumDocument, diagnostic: Diagnostic, isName: (word: string) => boolean): CodeAction[] {
    const uri = document.textDocument.uri;
    const found = document.textDocument.getText(diagnostic.range);
    const action = (title: string, range: Diagnostic['range'], newText: string, preferred: boolean): CodeAction => ({
        title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: preferred,
        edit: { changes: { [uri]: [{ range, newText }] } },
    });
    if (found && isName(found)) {
        const units = [...new Set([...suggest(found, ALL_UNITS), ...COMMON_UNITS])];
        return units.map((unit, i) => action(`Change to '${unit}'`, diagnostic.range, unit, i === 0));
    }
    const text = document.textDocument.getText();
    const before = text.slice(0, document.textDocument.offsetAt(diagnostic.range.start));
    const number = /(\d+)\s*$/.exec(before);
    if (!number) return [];
    const at = document.textDocument.positionAt(before.length - (number[0].length - number[1].length));
    return COMMON_UNITS.map((unit, i) => action(`Add the unit '${unit}'`, { start: at, end: at }, ` ${unit}`, i === 0));
}

/**
 * A syntax message that says what to write instead ("Unexpected '==': write '='", "Unexpected characters '&&':
 * write 'and'", "keywords are lower case (write 'and')") offers each replacement it names, for the underlined text.
 * A curly quote is replaced together with its partner on the line, so the string is whole again.
 */
function writeInsteadFixes(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
    const message = String(diagnostic.message);
    const m = /^Unexpected (?:characters? )?'(.+?)': .*?write ((?:'[^']*'|"[^"]*")(?:(?:, | or )'[^']*')*)/.exec(message);
    const found = document.textDocument.getText(diagnostic.range);
    if (!m || m[1] !== found) return [];
    const uri = document.textDocument.uri;
    const options = [...m[2].matchAll(/'([^']*)'|"([^"]*)"/g)].map(o => o[1] ?? o[2]);
    if (CURLY.test(found)) return curlyQuoteFix(document, diagnostic);
    return options.map((text, i) => ({
        title: `Write '${text}'`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: i === 0,
        edit: { changes: { [uri]: [{ range: diagnostic.range, newText: text }] } },
    }));
}

const CURLY = /^[\u201c\u201d\u201e\u2018\u2019]$/;
const STRAIGHT: Record<string, string> = { '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u2018': "'", '\u2019': "'" };

/** `“Bob”` → `"Bob"`: the curly quotes of the line are paired in order; the pair holding the underlined one is replaced. */
function curlyQuoteFix(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
    const line = diagnostic.range.start.line;
    const text = document.textDocument.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
    const quotes = [...text].map((c, i) => ({ c, i })).filter(q => CURLY.test(q.c));
    // Indexes in UTF-16 units, as LSP positions count: every curly quote is one unit.
    const at = quotes.findIndex(q => q.i === diagnostic.range.start.character);
    if (at < 0) return [];
    const partner = quotes[at % 2 === 0 ? at + 1 : at - 1];
    const pair = partner ? [quotes[at], partner] : [quotes[at]];
    const edits = pair.map(q => ({ range: { start: { line, character: q.i }, end: { line, character: q.i + 1 } }, newText: STRAIGHT[q.c] }));
    return [{
        title: 'Use straight quotes', kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true,
        edit: { changes: { [document.textDocument.uri]: edits } },
    }];
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

/**
 * The server's own diagnostic for one a client sent back. Some clients (Monaco's LSP client, in the
 * playground) return only range, message and severity, dropping `code` and `data`, which the fixes
 * need: the document's diagnostic with the same range and message stands in for it.
 */
function withOwnData(document: LangiumDocument, sent: Diagnostic): Diagnostic {
    if (sent.code !== undefined || sent.data !== undefined) return sent;
    const same = (a: Diagnostic['range'], b: Diagnostic['range']) =>
        a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
    return document.diagnostics?.find(d => d.message === sent.message && same(d.range, sent.range)) ?? sent;
}

