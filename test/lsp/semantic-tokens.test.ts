// Semantic tokens over the protocol: textDocument/semanticTokens/full, decoded with the server's legend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession, type LspSession } from './lsp-client.js';

const TEXT = `entity shop key shopid { name: string, size: choice { "Small" = 1, "Large" = 2 } }

interaction Visit {
  shop: -> shop,
  amount: number,
  relation visitor = shop
}

segment Big = profile shop where size = "Large" and name = "Large"
segment Busy = interaction Visit via visitor having sum(amount) > 10 where shop.size in ["Small"]
segment Both = Big union Busy
segment Near = profile shop where exists shop via shopid
`;

interface Token { line: number; char: number; text: string; type: string; modifiers: string[] }

describe('semantic tokens', () => {
    let s: LspSession;
    let tokens: Token[] = [];
    beforeAll(async () => {
        s = await startSession({ 'shops.seg': TEXT, 'seg.json': '{ "timezone": "UTC", "builtinCatalog": false }' });
        await s.open('shops.seg', TEXT);
        await s.diagnostics('shops.seg');
        const legend = s.initialize.capabilities.semanticTokensProvider.legend as { tokenTypes: string[]; tokenModifiers: string[] };
        const result = await s.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri: s.uri('shops.seg') } }) as { data: number[] };
        const lines = TEXT.split('\n');
        let line = 0, char = 0;
        for (let i = 0; i < result.data.length; i += 5) {
            const [dLine, dChar, length, type, mods] = result.data.slice(i, i + 5);
            line += dLine;
            char = dLine === 0 ? char + dChar : dChar;
            tokens.push({
                line, char, text: lines[line].slice(char, char + length), type: legend.tokenTypes[type],
                modifiers: legend.tokenModifiers.filter((_, bit) => mods & (1 << bit)),
            });
        }
    }, 20000);
    afterAll(async () => { await s?.close(); });

    const typeOf = (line: number, text: string, nth = 0) => {
        const found = tokens.filter(t => t.line === line && t.text === text);
        return found[nth] ? `${found[nth].type}${found[nth].modifiers.length ? '.' + found[nth].modifiers.join('.') : ''}` : undefined;
    };

    it('marks segments as classes, interaction types as types and entities as structs', () => {
        expect(typeOf(8, 'Big')).toBe('class.declaration');
        expect(typeOf(10, 'Big')).toBe('class');
        expect(typeOf(10, 'Busy')).toBe('class');
        expect(typeOf(2, 'Visit')).toBe('type.declaration');
        expect(typeOf(9, 'Visit')).toBe('type');
        expect(typeOf(0, 'shop')).toBe('struct.declaration');
        expect(typeOf(8, 'shop')).toBe('struct');
        expect(typeOf(3, 'shop', 1)).toBe('struct');
    });

    it('marks fields as properties: declarations, path steps, aggregates and exists via', () => {
        expect(typeOf(0, 'name')).toBe('property.declaration');
        expect(typeOf(0, 'shopid')).toBe('property.declaration');
        expect(typeOf(8, 'size')).toBe('property');
        expect(typeOf(9, 'amount')).toBe('property');
        expect(typeOf(9, 'shop')).toBe('property');
        expect(typeOf(9, 'size')).toBe('property');
        expect(typeOf(11, 'shopid')).toBe('property');
    });

    it('marks relations and choice labels compared to a choice field as enum members', () => {
        expect(typeOf(5, 'visitor')).toBe('enumMember.declaration');
        expect(typeOf(9, 'visitor')).toBe('enumMember');
        expect(typeOf(8, '"Large"')).toBe('enumMember');
        expect(typeOf(9, '"Small"')).toBe('enumMember');
        // A string compared to a string field is no label.
        expect(tokens.filter(t => t.line === 8 && t.text === '"Large"')).toHaveLength(1);
    });
});
