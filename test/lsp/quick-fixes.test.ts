// Quick fixes do what the diagnostic messages promise: each edit is applied and the result checks clean.
// Every diagnostic links to its section of docs/diagnostics.md.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { URI } from 'langium';
import { parseHelper } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { Codes } from '../../language/check/codes.js';
import type { Model } from '../../language/generated/ast.js';
import { diagnosticAnchor } from '../../lsp/diagnostic-links.js';
import { codeName } from '../../compiler/cli/report-sarif.js';
import { inProcessServer } from './in-process.js';

const server = inProcessServer();
const parse = parseHelper<Model>(server.Seg);
let n = 0;
const drop = (uri: URI) => server.shared.workspace.DocumentBuilder.update([], [uri]);

/** The diagnostics of `text` as a file of the workspace; it leaves the workspace afterwards unless `keep`. */
async function check(text: string, keep = false) {
    const document = await parse(text, { documentUri: `file:///project/fix-${n++}.seg`, validation: true });
    if (!keep) await drop(document.uri);
    return { document, diagnostics: document.diagnostics ?? [] };
}

/** The quick fixes for the first diagnostic with `code`. */
async function fixesFor(text: string, code: string) {
    const { document, diagnostics } = await check(text, true);
    const diagnostic = diagnostics.find(d => d.code === code);
    expect(diagnostic, JSON.stringify(diagnostics)).toBeDefined();
    const actions = await server.Seg.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.textDocument.uri }, range: diagnostic!.range, context: { diagnostics: [diagnostic!] },
    }) as CodeAction[];
    await drop(document.uri);
    const apply = (action: CodeAction) => TextDocument.applyEdits(document.textDocument, action.edit!.changes![document.textDocument.uri]);
    return { diagnostic: diagnostic!, actions, apply };
}

const errors = (d: Diagnostic[]) => d.filter(x => x.severity === 1).map(x => `${x.code}: ${x.message}`);

describe('quick fixes', () => {
    it('also for a client that sends back only range, message and severity (Monaco\'s, in the playground)', async () => {
        const { document, diagnostics } = await check('segment X = interaction EmailOpend within 3 days\n', true);
        const own = diagnostics.find(d => d.code === Codes.UnknownInteraction)!;
        const bare = { range: own.range, message: own.message, severity: own.severity };
        const actions = await server.Seg.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.textDocument.uri }, range: own.range, context: { diagnostics: [bare] },
        }) as CodeAction[];
        await drop(document.uri);
        expect(actions.map(a => a.title)).toEqual(["Change to 'EmailOpened'"]);
        // A diagnostic the document does not have gets no fix.
        const stale = await server.Seg.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.textDocument.uri }, range: own.range, context: { diagnostics: [{ ...bare, message: 'Something else.' }] },
        }) as CodeAction[];
        expect(stale).toEqual([]);
    });

    it('replaces a misspelled unit instead of adding one beside it', async () => {
        const { actions, apply } = await fixesFor('segment X = interaction EmailOpened within 14 dayz\n', Codes.SyntaxError);
        expect(actions.map(a => a.title).slice(0, 2).sort()).toEqual(["Change to 'day'", "Change to 'days'"]);
        const fixed = apply(actions.find(a => a.title === "Change to 'days'")!);
        expect(fixed).toBe('segment X = interaction EmailOpened within 14 days\n');
        expect(errors((await check(fixed)).diagnostics)).toEqual([]);
    });

    it('still inserts a missing unit before the next clause', async () => {
        const { actions, apply } = await fixesFor('segment X = interaction EmailOpened within 14 where customerJourneyId = "5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a"\n', Codes.SyntaxError);
        expect(actions[0].title).toBe("Add the unit 'days'");
        const fixed = apply(actions[0]);
        expect(fixed).toContain('within 14 days where');
        expect(errors((await check(fixed)).diagnostics)).toEqual([]);
    });

    it("writes '=' for '=='", async () => {
        const { actions, apply } = await fixesFor('segment X = profile contact where firstname == "Bob"\n', Codes.SyntaxError);
        expect(actions.map(a => a.title)).toEqual(["Write '='"]);
        const fixed = apply(actions[0]);
        expect(fixed).toBe('segment X = profile contact where firstname = "Bob"\n');
        expect(errors((await check(fixed)).diagnostics)).toEqual([]);
    });

    it("writes 'and' for '&&'", async () => {
        const { actions, apply } = await fixesFor('segment X = profile contact where donotemail = false && donotphone = false\n', Codes.InvalidCharacter);
        const fixed = apply(actions[0]);
        expect(fixed).toBe('segment X = profile contact where donotemail = false and donotphone = false\n');
        expect(errors((await check(fixed)).diagnostics)).toEqual([]);
    });

    it('replaces curly quotes by straight ones, both of the pair', async () => {
        for (const [open, close, straight] of [['\u201c', '\u201d', '"'], ['\u2018', '\u2019', "'"]]) {
            const text = `segment X = profile contact where firstname = ${open}Bob Smith${close}\n`;
            const { diagnostic, actions, apply } = await fixesFor(text, Codes.InvalidCharacter);
            expect(diagnostic.message).toBe(`Unexpected character '${open}': write '${straight}'.`);
            expect(actions.map(a => a.title)).toEqual(['Use straight quotes']);
            const fixed = apply(actions[0]);
            expect(fixed).toBe(`segment X = profile contact where firstname = ${straight}Bob Smith${straight}\n`);
            expect(errors((await check(fixed)).diagnostics)).toEqual([]);
        }
    });

    it('removes the braces around a GUID', async () => {
        const { actions, apply } = await fixesFor('segment X = interaction EmailOpened where customerJourneyId = "{5B2C7A4E-1D2F-4C3B-9A8E-0F1E2D3C4B5A}"\n', Codes.InvalidGuid);
        expect(actions.map(a => a.title)).toEqual(['Remove the braces']);
        const fixed = apply(actions[0]);
        expect(fixed).toBe('segment X = interaction EmailOpened where customerJourneyId = "5B2C7A4E-1D2F-4C3B-9A8E-0F1E2D3C4B5A"\n');
        expect(errors((await check(fixed)).diagnostics)).toEqual([]);
    });

    it("offers SEG202's two remedies: make the used segment live, or the using one a draft", async () => {
        const text = 'draft segment SpringTest = profile contact\n/// Doc.\nsegment Spring = SpringTest intersect interaction EmailOpened within 30 days\n';
        const { diagnostic, actions, apply } = await fixesFor(text, Codes.LiveDependsOnDraft);
        expect(diagnostic.message).toContain("Make 'SpringTest' live or 'Spring' a draft.");
        expect(actions.map(a => a.title)).toEqual(["Make 'SpringTest' live", "Make 'Spring' a draft"]);
        const live = apply(actions[0]);
        expect(live).toBe(text.replace('draft segment SpringTest', 'segment SpringTest'));
        expect(errors((await check(live)).diagnostics)).toEqual([]);
        const draft = apply(actions[1]);
        expect(draft).toBe(text.replace('\nsegment Spring ', '\ndraft segment Spring '));
        expect(errors((await check(draft)).diagnostics)).toEqual([]);
    });
});

describe('documentation links', () => {
    const docs = readFileSync(fileURLToPath(new URL('../../docs/diagnostics.md', import.meta.url)), 'utf8');
    /** GitHub's anchor of a heading: lower case, spaces to dashes, punctuation dropped. */
    const anchors = new Set([...docs.matchAll(/^## (.+)$/gm)].map(m => m[1].toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));

    it('names a heading of docs/diagnostics.md for every code', () => {
        for (const code of Object.values(Codes)) expect(anchors, code).toContain(diagnosticAnchor(code));
    });

    it("the SARIF and GitHub reports name the same section (SEG109 is #seg109-not-a-lookup)", () => {
        for (const code of Object.values(Codes)) expect(`${code.toLowerCase()}-${codeName(code)}`, code).toBe(diagnosticAnchor(code));
        expect(codeName('SEG109')).toBe('not-a-lookup');
    });

    it('puts a codeDescription link to the installed docs on every diagnostic', async () => {
        const { diagnostics } = await check('segment X = interaction EmailOpend within 3 days\nsegment X = profile contact where firstname == "a"\n');
        expect(diagnostics.length).toBeGreaterThan(1);
        for (const d of diagnostics) {
            const href = d.codeDescription?.href ?? '';
            expect(href).toBe(new URL(`../../docs/diagnostics.md#${diagnosticAnchor(String(d.code))}`, import.meta.url).href);
            expect(existsSync(fileURLToPath(href))).toBe(true);
        }
    });
});
