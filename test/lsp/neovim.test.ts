// End to end with a real editor: headless Neovim (Debian's neovim, installed by
// .ci/run) starts `seg lsp --stdio`, receives the diagnostic for an unknown
// interaction type, and gets EmailOpened among the completions.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(__dirname, '..', '..');
const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

describe.runIf(hasNvim)('Neovim as an LSP client', () => {
    it('shows the unknown-type diagnostic and completes EmailOpened', () => {
        const root = mkdtempSync(join(tmpdir(), 'seg-nvim-'));
        writeFileSync(join(root, 'seg.json'), '{}');
        writeFileSync(join(root, 'a.seg'), 'segment A = interaction EmailOpend within 3 days\nsegment B = interaction Email\n');
        const r = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${join(repo, 'test', 'lsp', 'neovim.lua')}`], {
            encoding: 'utf8', timeout: 60_000,
            env: { ...process.env, SEG_NODE: process.execPath, SEG_BIN: join(repo, 'bin', 'seg.js'), SEG_ROOT: root, SEG_FILE: 'a.seg' },
        });
        const lines = `${r.stdout}`.split('\n');
        expect(lines.filter(l => l.startsWith('FAIL')), r.stderr).toEqual([]);
        expect(lines).toContain("DIAG SEG103 0:24-0:34 Unknown interaction type 'EmailOpend'. Did you mean 'EmailOpened'?");
        expect(lines).toContain('COMPLETION EmailOpened');
    }, 90_000);
});
