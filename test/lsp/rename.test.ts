// Rename refuses catalog names, keywords, invalid names and names already taken, with a message.
import { describe, expect, it } from 'vitest';
import { parseHelper } from 'langium/test';
import type { WorkspaceEdit } from 'vscode-languageserver';
import type { Model } from '../../language/generated/ast.js';
import { inProcessServer } from './in-process.js';
import { cursor } from './lsp-client.js';

const server = inProcessServer();
const parse = parseHelper<Model>(server.Seg);
const provider = () => server.Seg.lsp.RenameProvider!;

async function at(marked: string) {
    const { text, position } = cursor(marked);
    const document = await parse(text, { documentUri: `file:///project/rename-${Math.random().toString(36).slice(2)}.seg`, validation: true });
    return { document, params: { textDocument: { uri: document.textDocument.uri }, position } };
}
const refusal = async (p: Promise<unknown>) => {
    try { await p; } catch (e) { return (e as Error).message; }
    return undefined;
};

describe('rename', () => {
    it('refuses a name of the built-in catalog, at its use', async () => {
        const { document, params } = await at('segment A = interaction Email<|>Opened within 3 days\n');
        expect(await refusal(Promise.resolve(provider().prepareRename(document, params))))
            .toBe("'EmailOpened' is declared in the built-in catalog (dynamics365-interactions.seg), which every project shares; it cannot be renamed.");
        expect(await refusal(Promise.resolve(provider().rename(document, { ...params, newName: 'Opened' })))).toContain('built-in catalog');
    });

    it('refuses a keyword under the cursor and as the new name', async () => {
        const { document, params } = await at('seg<|>ment A = profile contact\n');
        expect(await refusal(Promise.resolve(provider().prepareRename(document, params)))).toBe("'segment' is a keyword of Seg; put the cursor on a name to rename it.");
        const named = await at('segment <|>A = profile contact\n');
        expect(await refusal(Promise.resolve(provider().rename(named.document, { ...named.params, newName: 'union' })))).toBe("'union' is a keyword of Seg and cannot be a name.");
    });

    it('refuses a new name that is not an identifier', async () => {
        const { document, params } = await at('segment <|>A = profile contact\n');
        for (const bad of ['1st', 'two words', 'a-b', '', 'x"']) {
            expect(await refusal(Promise.resolve(provider().rename(document, { ...params, newName: bad })))).toMatch(/is not a valid name/);
        }
    });

    it('refuses a name already taken: a segment, a catalog entity, a field of the same entity', async () => {
        const { document, params } = await at('segment <|>A = profile contact\nsegment B = A union A\n');
        expect(await refusal(Promise.resolve(provider().rename(document, { ...params, newName: 'B' })))).toMatch(/^'B' is already the name of a segment \(rename-.*\.seg:2\); names are shared/);
        expect(await refusal(Promise.resolve(provider().rename(document, { ...params, newName: 'contact' })))).toMatch(/^'contact' is already the name of an entity \(dynamics365-entities\.seg:\d+\)/);
        const field = await at('entity thing key thingid { <|>size: integer\n  colour: string }\n');
        expect(await refusal(Promise.resolve(provider().rename(field.document, { ...field.params, newName: 'colour' })))).toBe("'colour' is already a field of 'thing'.");
    });

    it('still renames to a free, valid name across references', async () => {
        const { document, params } = await at('segment <|>A = profile contact\nsegment B = A union A\n');
        expect(await Promise.resolve(provider().prepareRename(document, params))).toEqual({ start: { line: 0, character: 8 }, end: { line: 0, character: 9 } });
        const edit = await provider().rename(document, { ...params, newName: 'Renamed' }) as WorkspaceEdit;
        expect(Object.values(edit.changes!).flat().map(e => e.newText)).toEqual(['Renamed', 'Renamed', 'Renamed']);
    });
});

describe('rename over the protocol', () => {
    it('answers prepareRename and rename with an error response carrying the message', async () => {
        const { startSession } = await import('./lsp-client.js');
        const s = await startSession({ 'a.seg': 'segment A = interaction EmailOpened within 3 days\nsegment B = A union A\n' });
        try {
            await s.diagnostics('a.seg', d => d.length === 0);
            const at = { textDocument: { uri: s.uri('a.seg') }, position: { line: 0, character: 26 } };
            await expect(s.connection.sendRequest('textDocument/prepareRename', at)).rejects.toThrow(/built-in catalog/);
            const onA = { textDocument: { uri: s.uri('a.seg') }, position: { line: 0, character: 8 } };
            await expect(s.connection.sendRequest('textDocument/rename', { ...onA, newName: 'B' })).rejects.toThrow(/'B' is already the name of a segment/);
            expect(await s.connection.sendRequest('textDocument/prepareRename', onA)).toEqual({ start: { line: 0, character: 8 }, end: { line: 0, character: 9 } });
        } finally {
            await s.close();
        }
    }, 20000);
});
