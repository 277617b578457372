// Diagnostics SEG6xx: the project's seg.json, reported by the command line
// (it is read before any .seg file), with the file, line and column.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { main } from '../../../compiler/cli/main.js';

async function check(config: string): Promise<{ code: number; err: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'seg-config-'));
    try {
        writeFileSync(join(dir, 'seg.json'), config);
        writeFileSync(join(dir, 'a.seg'), 'segment A = profile contact\n');
        const err: string[] = [];
        const code = await main(['check', dir, '--no-color'], { out: () => undefined, err: t => err.push(t) });
        return { code, err: err.join('\n') };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

describe('SEG601 invalid configuration', () => {
    test('an unknown time zone, at its key', async () => {
        const r = await check('{\n  "timezone": "Mars/Olympus"\n}\n');
        expect(r.code).toBe(2);
        expect(r.err).toMatch(/seg\.json:2:3 - error SEG601: "timezone" must be an IANA time zone name/);
    });

    test('an include that does not exist', async () => {
        const r = await check('{ "include": ["nowhere/"] }');
        expect(r.err).toMatch(/error SEG601: "include" names "nowhere\/", which does not exist/);
    });
});
