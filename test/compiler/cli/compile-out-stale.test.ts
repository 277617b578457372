// seg compile --out removes the files of segments renamed or removed since, and
// only files Seg wrote (by their content): a user's own files stay (#9.8).
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';

const SEGMENTS = `
segment A = interaction EmailOpened having count >= 2 within 7 days
segment B = profile contact where address1_city = "seattle"
`;

function project(): string {
    const dir = mkdtempSync(join(tmpdir(), 'seg-stale-'));
    writeFileSync(join(dir, 'segments.seg'), SEGMENTS);
    return dir;
}

const USER_FILES: Record<string, string> = {
    'notes.sql': 'SELECT 1;\n',
    // Looks like Seg's at a glance, but is not: no header, another plan's shape.
    'Old.sql': '-- my own query\nSELECT 2;\n',
    'Mine.plan.json': '{ "version": 1, "timeZone": "UTC", "nodes": [], "segments": [{ "name": "Someone else" }] }\n',
    'broken.plan.json': '{ not json',
    'readme.txt': 'hello\n',
};

describe('seg compile --out: stale files', () => {
    it('a renamed segment\'s old files are removed, the user\'s own files stay, and --check passes again', async () => {
        const dir = project(), out = join(dir, 'compiled');
        expect((await runCli('compile', dir, '--out', out)).code).toBe(0);
        for (const [name, text] of Object.entries(USER_FILES)) writeFileSync(join(out, name), text);
        mkdirSync(join(out, 'Folder.sql'));

        writeFileSync(join(dir, 'segments.seg'), SEGMENTS.replace('segment B =', 'segment Seattle ='));
        const check = await runCli('compile', dir, '--out', out, '--check');
        expect(check.code).toBe(1);
        expect(check.out.split('\n')).toEqual(['missing: Seattle.plan.json', 'missing: Seattle.sql', 'extra: B.plan.json', 'extra: B.sql']);

        const r = await runCli('compile', dir, '--out', out);
        expect(r.code).toBe(0);
        expect(r.err).toContain('removed 2 stale files (B.plan.json, B.sql)');
        expect(readdirSync(out).sort()).toEqual(['A.plan.json', 'A.sql', 'Folder.sql', 'Seattle.plan.json', 'Seattle.sql', ...Object.keys(USER_FILES)].sort());
        expect((await runCli('compile', dir, '--out', out, '--check')).code).toBe(0);
    });

    it('with --segment, the other segments\' files are not stale', async () => {
        const dir = project(), out = join(dir, 'compiled');
        await runCli('compile', dir, '--out', out);
        expect((await runCli('compile', dir, '--out', out, '--segment', 'A')).code).toBe(0);
        expect(readdirSync(out).sort()).toEqual(['A.plan.json', 'A.sql', 'B.plan.json', 'B.sql']);
    });
});
