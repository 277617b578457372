// seg.json decides what is in the workspace: the built-in catalog (unless
// "builtinCatalog": false) and the "include" declaration folders.
import { afterEach, describe, expect, it } from 'vitest';
import { startSession, type LspSession } from './lsp-client.js';

describe('workspace from seg.json', () => {
    let s: LspSession | undefined;
    afterEach(async () => { await s?.close(); s = undefined; });

    it('leaves the built-in catalog out when builtinCatalog is false, and loads include folders', async () => {
        s = await startSession({
            'seg.json': '{ "builtinCatalog": false, "include": ["decl"] }',
            'decl/meta.seg': 'entity contact key contactid { city: string }\ninteraction Ping { contactId: -> contact\n relation contact = contactId }\n',
        });
        await s.open('main.seg', 'segment P = interaction Ping within 3 days\nsegment Q = interaction EmailOpened\n');
        const diags = await s.diagnostics('main.seg', d => d.length > 0);
        expect(diags.map(d => [d.code, d.range.start.line])).toEqual([['SEG103', 1]]);
    }, 20000);
});
