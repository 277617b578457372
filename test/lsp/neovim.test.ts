// End to end with a real editor: headless Neovim (Debian's neovim, installed by
// .ci/run) starts `seg lsp --stdio` and gets, on real files: every diagnostic of a
// file (two codes, three places), completions, hover text, go-to-definition and
// whole-document formatting.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(__dirname, '..', '..');
const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

describe.runIf(hasNvim)('Neovim as an LSP client', () => {
    it('shows diagnostics, completes, hovers, goes to a definition and formats', () => {
        const root = mkdtempSync(join(tmpdir(), 'seg-nvim-'));
        writeFileSync(join(root, 'seg.json'), '{}');
        writeFileSync(join(root, 'a.seg'), [
            'segment A = interaction EmailOpend within 3 days',
            'segment B = interaction Email',
            'segment D = profile contact where address1_city = 3',
            '',
        ].join('\n'));
        writeFileSync(join(root, 'b.seg'), [
            '/// Opened an email recently.',
            'segment  Openers = interaction EmailOpened within 30 days',
            'segment Again = Openers union Openers',
            '',
        ].join('\n'));
        const r = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${join(repo, 'test', 'lsp', 'neovim.lua')}`], {
            encoding: 'utf8', timeout: 60_000,
            env: { ...process.env, SEG_NODE: process.execPath, SEG_BIN: join(repo, 'bin', 'seg.js'), SEG_ROOT: root, SEG_FILE: 'a.seg', SEG_FILE2: 'b.seg' },
        });
        const lines = `${r.stdout}`.split('\n');
        expect(lines.filter(l => l.startsWith('FAIL')), r.stderr).toEqual([]);
        expect(lines.filter(l => l.startsWith('DIAG'))).toEqual([
            "DIAG SEG103 0:24-0:34 Unknown interaction type 'EmailOpend'. Did you mean 'EmailOpened'?",
            expect.stringMatching(/^DIAG SEG103 1:24-1:29 Unknown interaction type 'Email'\. Did you mean /),
            "DIAG SEG301 2:50-2:51 'address1_city' is a string field: expected a string, found the number 3.",
        ]);
        expect(lines).toContain('COMPLETION EmailOpened');
        expect(lines).toContain('COMPLETION EmailClicked');
        const hover = lines.find(l => l.startsWith('HOVER ')) ?? '';
        expect(hover).toContain('segment Openers');
        expect(hover).toContain('Opened an email recently.');
        expect(lines).toContain('DEFINITION b.seg 1:9');
        expect(lines).toContain('FORMATTED /// Opened an email recently.\\nsegment Openers = interaction EmailOpened within 30 days\\n\\nsegment Again = Openers union Openers');
    }, 90_000);
});
