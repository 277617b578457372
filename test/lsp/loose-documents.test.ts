// An untitled document or a file outside the workspace folders is checked on its own, against the
// catalog: it neither sees the project's names nor lends its own to the project.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startSession, type LspSession } from './lsp-client.js';

const codes = (d: Array<{ code?: unknown }>) => d.map(x => x.code);

describe('documents outside the project', () => {
    let s: LspSession | undefined;
    const dirs: string[] = [];
    afterEach(async () => {
        await s?.close(); s = undefined;
        for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
    });

    const project = {
        'a.seg': 'segment A = profile contact\n',
        'b.seg': 'segment B = A union Scratch\n',
    };
    // Declares A again (a duplicate inside a project), B's missing Scratch, and uses the project's A and the catalog.
    const loose = 'segment A = profile contact\nsegment Scratch = interaction EmailOpened within 3 days\nsegment C = A union Scratch\nsegment D = B\n';

    for (const [what, uriOf] of [
        ['an untitled document', () => 'untitled:Untitled-1'],
        ['a file outside the workspace folders', () => {
            const outside = mkdtempSync(join(tmpdir(), 'seg-outside-'));
            dirs.push(outside);
            return pathToFileURL(join(outside, 'loose.seg')).toString();
        }],
    ] as Array<[string, () => string]>) {
        it(`checks ${what} on its own, against the catalog`, async () => {
            s = await startSession(project);
            const b = await s.diagnostics('b.seg', d => d.length > 0);
            expect(codes(b)).toEqual(['SEG101']);
            const uri = uriOf();
            await s.open(uri, loose);
            // Its own names and the catalog resolve; the project's do not (B is unknown there); no duplicate of A.
            const own = await s.diagnostics(uri, d => d.length > 0);
            expect(own.map(d => [d.code, d.range.start.line])).toEqual([['SEG101', 3]]);
            // The project is unchanged by it: b.seg still misses Scratch, a.seg has no duplicate.
            await s.open('a.seg', project['a.seg']);
            await s.change('a.seg', project['a.seg'] + '// edited\n', 2);
            expect(await s.diagnostics('a.seg', d => d.length === 0)).toEqual([]);
            expect(codes(await s.diagnostics('b.seg'))).toEqual(['SEG101']);
        }, 20000);
    }
});
