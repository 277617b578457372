// The outline (issue 9 item 16): segments, entities, interactions, fixtures and
// tests with kinds and details; declarations hold their fields as Field children;
// type names (`string`, `guid`) are never symbols.
import { describe, expect, it } from 'vitest';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { inProcessServer } from './in-process.js';

const { Seg, validate } = inProcessServer();

async function outline(text: string): Promise<DocumentSymbol[]> {
    const { document, dispose } = await validate(text);
    const symbols = await Seg.lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument: { uri: document.uri.toString() } });
    await dispose();
    return symbols as DocumentSymbol[];
}

const names = (symbols: DocumentSymbol[] | undefined): string[] => (symbols ?? []).flatMap(s => [s.name, ...names(s.children)]);

describe('document symbols', () => {
    it('gives segments a kind and a detail saying what they select', async () => {
        const symbols = await outline('segment A = interaction EmailOpened within 3 days\ndraft segment B = profile contact\nsegment C = A union B\n');
        expect(symbols.map(s => [s.name, s.kind, s.detail])).toEqual([
            ['A', SymbolKind.Module, 'segment: interaction EmailOpened'],
            ['B', SymbolKind.Module, 'draft segment: profile contact'],
            ['C', SymbolKind.Module, 'segment: union'],
        ]);
        expect(symbols.every(s => !s.children?.length)).toBe(true);
    });

    it('lists the fields of an entity and an interaction as Field children, without type names', async () => {
        const symbols = await outline(
            'entity shop key shopid {\n  name: string\n  owner: -> contact\n  kind: choice { "Big" = 1 }\n}\n' +
            'interaction Visit {\n  shopId: guid\n  at: datetime\n  relation visitor = shopId\n}\n');
        const [shop, visit] = symbols;
        expect([shop.name, shop.kind, shop.detail]).toEqual(['shop', SymbolKind.Class, 'entity']);
        expect(shop.children?.map(c => [c.name, c.kind, c.detail])).toEqual([
            ['shopid', SymbolKind.Key, 'guid (key)'], ['name', SymbolKind.Field, 'string'], ['owner', SymbolKind.Field, '-> contact'], ['kind', SymbolKind.Field, 'choice'],
        ]);
        expect([visit.name, visit.kind]).toEqual(['Visit', SymbolKind.Event]);
        expect(visit.children?.map(c => [c.name, c.kind, c.detail])).toEqual([
            ['shopId', SymbolKind.Field, 'guid'], ['at', SymbolKind.Field, 'datetime'], ['visitor', SymbolKind.Interface, 'relation'],
        ]);
        for (const type of ['string', 'guid', 'datetime', 'choice']) expect(names(symbols)).not.toContain(type);
    });

    it('shows fixtures and tests with their records', async () => {
        const symbols = await outline('fixture people {\n  contact alice { firstname: "Alice" }\n}\ntest "t" using people {\n  contact bob\n  expect A includes bob\n}\nsegment A = profile contact\n');
        expect(symbols.map(s => [s.name, s.kind])).toEqual([['people', SymbolKind.Namespace], ['test "t"', SymbolKind.Method], ['A', SymbolKind.Module]]);
        expect(symbols[0].children?.map(c => [c.name, c.kind, c.detail])).toEqual([['alice', SymbolKind.Variable, 'contact']]);
        expect(symbols[1].children?.map(c => [c.name, c.kind, c.detail])).toEqual([['bob', SymbolKind.Variable, 'contact']]);
    });
});
