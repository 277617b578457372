// Seg's own repository holds the built-in catalog under language/catalog, so a
// command run in its root (no path: the current folder) finds the catalog files
// twice: once as built-in, once by the folder search. They must load once.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../compiler/cli/main.js';

const repo = join(__dirname, '..', '..', '..');

describe('commands in the repository root', () => {
    const commands = [['check'], ['compile'], ['run'], ['test'], ['explain', 'Engaged'], ['db', 'init', '--print']];
    for (const args of commands) {
        it(`seg ${args.join(' ')} reports the project's diagnostics, not an internal error`, () => {
            const r = spawnSync(process.execPath, [join(repo, 'bin', 'seg.js'), ...args], {
                cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' },
            });
            const output = r.stdout + r.stderr;
            expect(output).not.toContain('internal error');
            expect(output).not.toContain('is already present');
            // The root mixes unrelated example and fixture files, so names clash: exit 1 with diagnostics.
            expect(r.status).toBe(1);
            expect(output).toContain('SEG107');
        }, 60_000);
    }

    it('treats the catalog folder named on the command line as the built-in catalog', async () => {
        const out: string[] = [];
        const code = await main(['check', join(repo, 'language', 'catalog'), join(repo, 'examples'), '--no-color'], {
            out: t => out.push(t), err: t => out.push(t),
        });
        expect(code).toBe(0);
        // Only the examples count as checked files; the catalog stays built-in.
        const direct = spawnSync(process.execPath, [join(repo, 'bin', 'seg.js'), 'check', join(repo, 'examples')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
        expect(out.join('\n')).toBe(direct.stdout.trim());
    }, 60_000);
});
