// Random edits streamed through didChange: the server must keep answering
// completion and hover (and never crash) whatever the text looks like.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession, type LspSession } from './lsp-client.js';

const SEED = `/// Doc.
segment A =
  interaction EmailOpened
    having count >= 3
    within 14 days
    where customerJourneyId = "5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a"

segment B = profile contact where gendercode in ["Male"] and parentcustomerid.numberofemployees >= 5
draft segment C = A union B except (A intersect B)
`;

const fragment = fc.oneof(
    fc.constantFrom('segment', 'interaction', 'profile', 'where', ' = ', '"', "'", '(', ')', '[', ']', '.', '///', '/*', '*/', '\n', 'within 3 days',
        'having count', 'exists account via', 'EmailOpened', 'contact', '-> ', '{', '}', 'choice {', '2026-01-31', '\u0000', '\uD83D\uDE00', '\t', '\r\n'),
    fc.string({ maxLength: 12 }),
    fc.constant('x'.repeat(20000)),
);

const edit = fc.record({
    kind: fc.constantFrom('insert', 'delete', 'replace'),
    at: fc.nat(), length: fc.nat({ max: 40 }), text: fragment,
});

describe('robustness under random edits', () => {
    let s: LspSession;
    beforeAll(async () => { s = await startSession({ 'seg.json': '{}' }); }, 20000);
    afterAll(async () => { await s?.close(); });

    it('answers completion and hover after every edit', async () => {
        const edits = fc.sample(edit, { numRuns: 50, seed: 4 });
        let text = SEED;
        await s.open('r.seg', text);
        let version = 1;
        for (const e of edits) {
            const at = e.at % (text.length + 1);
            if (e.kind === 'insert') text = text.slice(0, at) + e.text + text.slice(at);
            else if (e.kind === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
            else text = text.slice(0, at) + e.text + text.slice(at + e.length);
            if (text.length > 60000) text = text.slice(0, 60000);
            await s.change('r.seg', text, ++version);
            const lines = text.split('\n');
            const line = at % lines.length;
            const position = { line, character: Math.min(lines[line].length, e.length) };
            const textDocument = { uri: s.uri('r.seg') };
            const completion = await s.connection.sendRequest('textDocument/completion', { textDocument, position });
            expect(completion === null || typeof completion === 'object').toBe(true);
            await s.connection.sendRequest('textDocument/hover', { textDocument, position });
        }
        // Still alive and still checking: a known-good text gets clean diagnostics.
        await s.change('r.seg', 'segment Ok = interaction EmailOpened within 1 day\n', ++version);
        const diags = await s.diagnostics('r.seg', d => d.length === 0, 15000);
        expect(diags).toEqual([]);
        await s.connection.sendRequest('textDocument/formatting', { textDocument: { uri: s.uri('r.seg') }, options: { tabSize: 2, insertSpaces: true } });
        expect(s.process.exitCode).toBeNull();
        expect(s.stderr()).not.toMatch(/internal error/i);
        expect(s.errors().filter(m => m.startsWith('seg lsp:'))).toEqual([]);
    }, 30000);
});
