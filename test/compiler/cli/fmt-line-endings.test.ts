// seg fmt keeps a file's line endings and byte order mark (issue 9, item 19).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from './run-main.js';

const UNFORMATTED = ['segment  A = interaction EmailOpened within 3 days', 'segment B =   A'];
const FORMATTED = ['segment A = interaction EmailOpened within 3 days', '', 'segment B = A', ''];

function file(text: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'seg-fmt-eol-'));
    writeFileSync(join(dir, 'a.seg'), text);
    return dir;
}

describe('seg fmt line endings', () => {
    it('a CRLF file stays CRLF', async () => {
        const dir = file(UNFORMATTED.join('\r\n') + '\r\n');
        expect((await runMain('fmt', dir)).code).toBe(0);
        expect(readFileSync(join(dir, 'a.seg'), 'utf8')).toBe(FORMATTED.join('\r\n'));
    });

    it('a BOM is kept, with LF or CRLF', async () => {
        for (const eol of ['\n', '\r\n']) {
            const dir = file('\uFEFF' + UNFORMATTED.join(eol) + eol);
            expect((await runMain('fmt', dir)).code).toBe(0);
            expect(readFileSync(join(dir, 'a.seg'), 'utf8')).toBe('\uFEFF' + FORMATTED.join(eol));
        }
    });

    it('an LF file stays LF', async () => {
        const dir = file(UNFORMATTED.join('\n') + '\n');
        await runMain('fmt', dir);
        expect(readFileSync(join(dir, 'a.seg'), 'utf8')).toBe(FORMATTED.join('\n'));
    });

    it('a formatted CRLF file with a BOM is not reported by --check', async () => {
        const dir = file('\uFEFF' + FORMATTED.join('\r\n'));
        const r = await runMain('fmt', '--check', dir);
        expect(r.code).toBe(0);
        expect(r.out).toBe('');
    });
});
