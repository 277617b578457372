// Protocol tests of `seg lsp --stdio` with a real JSON-RPC client.
// The server is the compiled one: run `npx tsc -p .` before these tests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LSPErrorCodes } from 'vscode-languageserver-protocol';
import type { CodeAction, CodeLens, CompletionList, Hover, Location, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { cursor, startSession, type LspSession } from './lsp-client.js';

const A = `/// Contacts who opened the welcome emails.
segment WelcomeOpeners =
  interaction EmailOpened
    having count >= 3
    within 14 days
    where customerJourneyId = "5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a"
`;
const B = `segment Engaged = WelcomeOpeners union Seattle

segment Seattle = profile contact where address1_city = "Seattle"
`;

describe('seg lsp --stdio', () => {
    let s: LspSession;
    let version = 10;
    beforeAll(async () => {
        s = await startSession({ 'a.seg': A, 'b.seg': B, 'seg.json': '{ "timezone": "UTC" }' });
    }, 20000);
    afterAll(async () => { await s?.close(); });

    const completion = async (name: string, marked: string) => {
        const { text, position } = cursor(marked);
        await s.change(name, text, version++);
        return await s.connection.sendRequest('textDocument/completion', { textDocument: { uri: s.uri(name) }, position }) as CompletionList;
    };
    const labels = (list: CompletionList) => list.items.map(i => i.label);

    it('publishes SEG103 with the exact range for an unknown interaction type', async () => {
        await s.open('scratch.seg', 'segment X =\n  interaction EmailOpend within 3 days\n');
        const diags = await s.diagnostics('scratch.seg', d => d.length > 0);
        expect(diags).toHaveLength(1);
        expect(diags[0].code).toBe('SEG103');
        expect(diags[0].range).toEqual({ start: { line: 1, character: 14 }, end: { line: 1, character: 24 } });
        expect(diags[0].message).toContain("Did you mean 'EmailOpened'?");
    });

    it('checks workspace files on disk without opening them (same checks as seg check)', async () => {
        await s.open('bad-disk.seg', 'segment Y = profile contact where gendercode = "Mal"\n');
        const diags = await s.diagnostics('bad-disk.seg', d => d.length > 0);
        expect(diags.map(d => d.code)).toEqual(['SEG106']);
        // a.seg and b.seg are clean: Engaged resolves WelcomeOpeners across files.
        expect(await s.diagnostics('b.seg')).toEqual([]);
    });

    it('completes interaction types with their description and family', async () => {
        const list = await completion('scratch.seg', 'segment X = interaction Email<|>');
        const opened = list.items.find(i => i.label === 'EmailOpened');
        expect(opened).toBeDefined();
        expect(opened!.detail).toBe('email interaction');
        expect(JSON.stringify(opened!.documentation)).toMatch(/opened/i);
        expect(list.items.find(i => i.label === 'EventRegistration')?.detail ?? 'event interaction').toBe('event interaction');
    });

    it('completes the fields of an interaction inside its where, with types', async () => {
        const list = await completion('scratch.seg', 'segment X = interaction EmailOpened where cust<|>');
        const field = list.items.find(i => i.label === 'customerJourneyId');
        expect(field?.detail).toBe('guid');
        expect(labels(list)).not.toContain('address1_city');
    });

    it('completes entity fields in a profile where, and the target entity after lookup.', async () => {
        const profile = await completion('scratch.seg', 'segment X = profile contact where <|>');
        expect(labels(profile)).toEqual(expect.arrayContaining(['address1_city', 'jobtitle', 'not', 'exists']));
        const lookup = await completion('scratch.seg', 'segment X = profile contact where parentcustomerid.<|>');
        expect(labels(lookup)).toEqual(expect.arrayContaining(['numberofemployees', 'name']));
        expect(labels(lookup)).not.toContain('jobtitle');
    });

    it('completes choice labels after = and in [, relations after via, units, segments and snippets', async () => {
        expect(labels(await completion('scratch.seg', 'segment X = profile contact where gendercode = <|>'))).toEqual(['"Male"', '"Female"']);
        expect(labels(await completion('scratch.seg', 'segment X = profile contact where gendercode in ["Male", <|>'))).toEqual(['"Male"', '"Female"']);
        expect(labels(await completion('scratch.seg', 'segment X = interaction EmailOpened via <|>'))).toEqual(['contact', 'lead']);
        expect(labels(await completion('scratch.seg', 'segment X = interaction EmailOpened within 14 <|>'))).toEqual(expect.arrayContaining(['days', 'weeks', 'months']));
        expect(labels(await completion('scratch.seg', 'segment X = Seattle union <|>'))).toEqual(expect.arrayContaining(['WelcomeOpeners', 'Engaged', 'profile', 'interaction']));
        const top = await completion('scratch.seg', '<|>');
        expect(labels(top)).toEqual(expect.arrayContaining(['segment', 'draft', 'segment (interaction)', 'segment (profile)', 'segment (combined)']));
    });

    it('hovers a segment name with its doc comment and a plain-English sentence', async () => {
        const hover = await s.connection.sendRequest('textDocument/hover', { textDocument: { uri: s.uri('a.seg') }, position: { line: 1, character: 10 } }) as Hover;
        const value = (hover.contents as { value: string }).value;
        expect(value).toContain('Contacts who opened the welcome emails.');
        expect(value).toContain('Contacts with at least 3 EmailOpened interactions in the last 14 days where customerJourneyId is "5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a"');
    });

    it('hovers a built-in interaction type and a field', async () => {
        const type = await s.connection.sendRequest('textDocument/hover', { textDocument: { uri: s.uri('a.seg') }, position: { line: 2, character: 18 } }) as Hover;
        expect((type.contents as { value: string }).value).toMatch(/interaction EmailOpened[\s\S]*email interaction/);
        const field = await s.connection.sendRequest('textDocument/hover', { textDocument: { uri: s.uri('a.seg') }, position: { line: 5, character: 12 } }) as Hover;
        expect((field.contents as { value: string }).value).toContain('customerJourneyId: guid');
    });

    it('goes to the definition of a built-in interaction type in the catalog', async () => {
        const defs = await s.connection.sendRequest('textDocument/definition', { textDocument: { uri: s.uri('a.seg') }, position: { line: 2, character: 18 } }) as Location[] | Location;
        const loc = Array.isArray(defs) ? defs[0] : defs;
        const uri = (loc as { uri?: string; targetUri?: string }).uri ?? (loc as unknown as { targetUri: string }).targetUri;
        expect(uri).toMatch(/language\/catalog\/dynamics365-interactions\.seg$/);
    });

    it('finds references and renames a segment across two files', async () => {
        const refs = await s.connection.sendRequest('textDocument/references', {
            textDocument: { uri: s.uri('a.seg') }, position: { line: 1, character: 10 }, context: { includeDeclaration: true },
        }) as Location[];
        expect(refs.map(r => r.uri.split('/').pop()).sort()).toEqual(['a.seg', 'b.seg']);
        const edit = await s.connection.sendRequest('textDocument/rename', {
            textDocument: { uri: s.uri('a.seg') }, position: { line: 1, character: 10 }, newName: 'Openers',
        }) as WorkspaceEdit;
        const changes = edit.changes!;
        expect(changes[s.uri('a.seg')].map(e => e.newText)).toEqual(['Openers']);
        expect(changes[s.uri('b.seg')]).toEqual([{ range: { start: { line: 0, character: 18 }, end: { line: 0, character: 32 } }, newText: 'Openers' }]);
    });

    it('lists document symbols', async () => {
        const symbols = await s.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: s.uri('b.seg') } }) as Array<{ name: string }>;
        expect(symbols.map(x => x.name)).toEqual(['Engaged', 'Seattle']);
    });

    it('formats a document like seg fmt, and leaves a broken one alone', async () => {
        await s.open('fmt.seg', 'segment   F =   profile contact where jobtitle contains "x"');
        const edits = await s.connection.sendRequest('textDocument/formatting', { textDocument: { uri: s.uri('fmt.seg') }, options: { tabSize: 2, insertSpaces: true } }) as TextEdit[];
        expect(edits).toHaveLength(1);
        expect(edits[0].range.start).toEqual({ line: 0, character: 0 });
        expect(edits[0].newText).toBe('segment F = profile contact where jobtitle contains "x"\n');
        await s.change('fmt.seg', 'segment F = profile contact where (', 2);
        const none = await s.connection.sendRequest('textDocument/formatting', { textDocument: { uri: s.uri('fmt.seg') }, options: { tabSize: 2, insertSpaces: true } }) as TextEdit[] | null;
        expect(none ?? []).toEqual([]);
    });

    it('offers the did-you-mean quick fix from the diagnostic data', async () => {
        await s.open('fix.seg', 'segment Z = interaction EmailOpend\n');
        const [diag] = await s.diagnostics('fix.seg', d => d.length > 0);
        const actions = await s.connection.sendRequest('textDocument/codeAction', {
            textDocument: { uri: s.uri('fix.seg') }, range: diag.range, context: { diagnostics: [diag] },
        }) as CodeAction[];
        expect(actions.map(a => a.title)).toEqual(["Change to 'EmailOpened'"]);
        expect(actions[0].edit!.changes![s.uri('fix.seg')]).toEqual([{ range: diag.range, newText: 'EmailOpened' }]);
    });

    it('offers a quoted label for an unknown choice label', async () => {
        await s.change('fix.seg', 'segment Z = profile contact where gendercode = "Femal"\n', 2);
        const [diag] = await s.diagnostics('fix.seg', d => d.some(x => x.code === 'SEG106'));
        const actions = await s.connection.sendRequest('textDocument/codeAction', {
            textDocument: { uri: s.uri('fix.seg') }, range: diag.range, context: { diagnostics: [diag] },
        }) as CodeAction[];
        expect(actions[0].edit!.changes![s.uri('fix.seg')][0].newText).toBe('"Female"');
    });

    it('turns a pasted Dynamics record URL into the GUID of its id parameter', async () => {
        const url = 'https://org.crm.dynamics.com/main.aspx?appid=1&pagetype=entityrecord&etn=msdynmkt_journey&id=%7b5B2C7A4E-1D2F-4C3B-9A8E-0F1E2D3C4B5A%7d';
        await s.change('fix.seg', `segment Z = interaction EmailOpened where customerJourneyId = "${url}"\n`, 3);
        const [diag] = await s.diagnostics('fix.seg', d => d.some(x => x.code === 'SEG302'));
        const actions = await s.connection.sendRequest('textDocument/codeAction', {
            textDocument: { uri: s.uri('fix.seg') }, range: diag.range, context: { diagnostics: [diag] },
        }) as CodeAction[];
        expect(actions[0].edit!.changes![s.uri('fix.seg')][0].newText).toBe('"5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a"');
    });

    it('adds a missing unit to a duration', async () => {
        await s.change('fix.seg', 'segment Z = interaction EmailOpened within 14\n', 4);
        const [diag] = await s.diagnostics('fix.seg', d => d.some(x => String(x.message).startsWith('Expected a unit')));
        const actions = await s.connection.sendRequest('textDocument/codeAction', {
            textDocument: { uri: s.uri('fix.seg') }, range: diag.range, context: { diagnostics: [diag] },
        }) as CodeAction[];
        expect(actions.map(a => a.title)).toEqual(["Add the unit 'days'", "Add the unit 'hours'", "Add the unit 'weeks'", "Add the unit 'months'"]);
        expect(actions[0].edit!.changes![s.uri('fix.seg')][0]).toEqual({ range: { start: { line: 0, character: 45 }, end: { line: 0, character: 45 } }, newText: ' days' });
    });

    it('puts a Show SQL code lens over each segment and answers seg/sql', async () => {
        await s.change('fix.seg', 'segment Z = interaction EmailOpened within 7 days\n', 5);
        await s.change('scratch.seg', '', version++);
        await s.change('bad-disk.seg', '', 2);
        await s.change('fmt.seg', '', 3);
        await s.diagnostics('fmt.seg', d => d.length === 0);
        await s.diagnostics('fix.seg', d => d.length === 0);
        await s.diagnostics('scratch.seg', d => d.length === 0);
        await s.diagnostics('bad-disk.seg', d => d.length === 0);
        const lenses = await s.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: s.uri('b.seg') } }) as CodeLens[];
        expect(lenses.map(l => [l.command?.command, l.command?.arguments?.[0]])).toEqual([['seg.showSql', 'Engaged'], ['seg.showSql', 'Seattle']]);
        const sql = await s.connection.sendRequest('seg/sql', { segment: 'Z' }) as { sql?: string; error?: string };
        expect(sql.error).toBeUndefined();
        expect(sql.sql).toMatch(/email_opened/);
        const missing = await s.connection.sendRequest('seg/sql', { segment: 'Nope' }) as { error?: string };
        expect(missing.error).toContain("no segment named 'Nope'");
        const plan = await s.connection.sendRequest('seg/plan', { segment: 'Z' }) as { plan?: string; error?: string };
        expect(JSON.parse(plan.plan!)).toMatchObject({ version: 1, segments: [{ name: 'Z' }] });
    });

    it('puts each segment test\'s verdict in a code lens, with the report behind it', async () => {
        const tests = `test "seattle" {\n  contact alice { address1_city: "seattle" }\n  contact bob\n  expect Seattle includes alice\n}\n\n`
            + `test "openers" {\n  as of 2026-03-01T12:00:00Z\n  contact carol\n  EmailOpened by carol 1 day ago\n  expect WelcomeOpeners includes carol\n}\n`;
        await s.open('t.test.seg', tests);
        await s.diagnostics('t.test.seg', d => d.length === 0);
        const lenses = await s.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: s.uri('t.test.seg') } }) as CodeLens[];
        expect(lenses.map(l => [l.range.start.line, l.command?.title])).toEqual([
            [0, '✓ 1 expectation passes'],
            [6, '✗ expect WelcomeOpeners includes carol fails'],
        ]);
        const result = lenses[1].command!.arguments![0] as { test: string; lines: string[] };
        expect(result.test).toBe('openers');
        expect(result.lines).toEqual([
            'test "openers" (as of 2026-03-01T12:00:00.000Z)',
            '  ✗ expect WelcomeOpeners includes carol',
            '      WelcomeOpeners: carol is not in',
            '        carol has 0 matching EmailOpened of 1; count 0 does not satisfy count >= 3',
            '          EmailOpened at 2026-02-28T12:00:00Z: fails: customerJourneyId = "5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a" is unknown (customerJourneyId is null)',
        ]);
        // A client without its own handler gets the report back from the server.
        expect(await s.connection.sendRequest('workspace/executeCommand', { command: 'seg.showTestResult', arguments: [result] })).toEqual(result);
        // After an edit the verdict is computed again (lenses are cached until the workspace changes).
        await s.change('t.test.seg', tests.replace('expect WelcomeOpeners includes carol', 'expect WelcomeOpeners excludes carol'), 2);
        await s.diagnostics('t.test.seg', d => d.length === 0);
        const again = await s.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: s.uri('t.test.seg') } }) as CodeLens[];
        expect(again.map(l => l.command?.title)).toEqual(['✓ 1 expectation passes', '✓ 1 expectation passes']);
        await s.change('t.test.seg', '', 3);
    });
    it('answers a request it cannot serve with an LSP error, never with the error object as its result', async () => {
        // Langium's handlers return a ResponseError for vscode-languageserver to send as an
        // error. Both must use one vscode-jsonrpc, or its `instanceof ResponseError` fails and
        // the error goes out as a *result* ({ code, message }), which a client then reads as
        // folding ranges or a hover (the playground's Monaco threw "n.map is not a function").
        const nowhere = { textDocument: { uri: s.uri('never-opened/nowhere.seg') } };
        for (const [method, params] of [['textDocument/foldingRange', {}], ['textDocument/hover', { position: { line: 0, character: 0 } }]] as const) {
            const outcome = await s.connection.sendRequest(method, { ...nowhere, ...params }).then(result => ({ result }), (error: { code?: number; message?: string }) => error);
            expect(outcome, method).toMatchObject({ code: LSPErrorCodes.ServerCancelled, message: expect.stringMatching(/No document found/) });
            expect(outcome, method).not.toHaveProperty('result');
        }
    });
    it('answers requests about a document sent right after it was opened (they wait for its build)', async () => {
        // Monaco asks for folding ranges and code actions the moment it opens a model.
        const names = Array.from({ length: 5 }, (_, i) => `opened-${i}.seg`);
        const answers = await Promise.all(names.map(async name => {
            await s.open(name, 'segment Y = interaction EmailOpened within 3 days\n');
            const textDocument = { textDocument: { uri: s.uri(name) } };
            const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } };
            return Promise.all([
                s.connection.sendRequest('textDocument/foldingRange', textDocument),
                s.connection.sendRequest('textDocument/codeAction', { ...textDocument, range, context: { diagnostics: [] } }),
                s.connection.sendRequest('textDocument/hover', { ...textDocument, position: { line: 0, character: 26 } }),
            ]);
        }));
        for (const [folding, actions, hover] of answers) {
            expect(Array.isArray(folding)).toBe(true);
            expect(Array.isArray(actions)).toBe(true);
            expect((hover as Hover).contents).toBeDefined();
        }
    });
});
