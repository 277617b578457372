// .ci/run's install and start-up logic (issue 9, item 26), run from .ci/lib.sh with a fake
// apt-get and pg_ctl: a failed install fails CI where apt-get exists, a missing package list
// is fetched, and PostgreSQL gets a free port (another one if the first is taken).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const lib = join(__dirname, '..', '.ci', 'lib.sh');

/** Runs `script` in bash after sourcing .ci/lib.sh, with `tools` (name → bash body) first on PATH. */
function run(script: string, tools: Record<string, string>, options: { onlyTools?: boolean } = {}) {
    const bin = mkdtempSync(join(tmpdir(), 'seg-ci-bin-'));
    for (const [name, body] of Object.entries(tools)) {
        writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
        chmodSync(join(bin, name), 0o755);
    }
    // onlyTools: nothing but the fakes and node (so the real apt-get is out of sight).
    const path = options.onlyTools ? `${bin}:${dirname(process.execPath)}` : `${bin}:${process.env.PATH}`;
    return spawnSync('/bin/bash', ['-c', `set -euo pipefail; . ${JSON.stringify(lib)}; as_pg() { "$@"; }; ${script}`], {
        encoding: 'utf8', env: { ...process.env, PATH: path, STATE: bin },
    });
}

/** An apt-get whose installs fail until `apt-get update` has run; logs its calls to $STATE/log. */
const APT_NEEDS_UPDATE = `echo "$1" >> "$STATE/log"
if [ "$1" = update ]; then touch "$STATE/lists"; exit 0; fi
if [ -e "$STATE/lists" ]; then printf '#!/bin/bash\\n' > "$STATE/tool"; chmod +x "$STATE/tool"; exit 0; fi
echo "E: Unable to locate package $4" >&2; exit 100`;

describe('.ci/lib.sh', () => {
    it('apt_install runs apt-get update and retries when the install fails', () => {
        const r = run('apt_install tool && cat "$STATE/log"', { 'apt-get': APT_NEEDS_UPDATE });
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout).toContain('running apt-get update and retrying');
        expect(r.stdout.trim().split('\n').slice(-3)).toEqual(['install', 'update', 'install']);
    });

    it('a package that cannot be installed fails CI (exit 1), not a silent skip', () => {
        const r = run('ensure_installed neovim neovim command -v nvim-missing; echo "not reached"', { 'apt-get': 'exit 100' });
        expect(r.status).toBe(1);
        expect(r.stdout).not.toContain('not reached');
        expect(r.stderr).toMatch(/cannot install neovim|apt-get update failed|needs root/);
    });

    it('a tool apt-get installs (after an update) passes', () => {
        if (process.getuid?.() !== 0) return; // ensure_installed installs as root only
        const r = run('ensure_installed tool tool test -x "$STATE/tool" && echo installed', { 'apt-get': APT_NEEDS_UPDATE });
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout).toContain('installed');
    });

    it('without apt-get a missing tool is skipped with a message (return 1, no exit)', () => {
        const r = run('ensure_installed neovim neovim command -v nvim-missing || echo "skipped: $?"', {}, { onlyTools: true });
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout).toContain('no neovim and no apt-get');
        expect(r.stdout).toContain('skipped: 1');
    });

    it('an installed tool needs no apt-get', () => {
        const r = run('ensure_installed bash bash command -v bash && echo ok', { 'apt-get': 'echo called >&2; exit 1' });
        expect(r.status).toBe(0);
        expect(r.stderr).not.toContain('called');
    });

    it('free_port names a port nothing listens on', async () => {
        const r = run('free_port', {});
        const port = Number(r.stdout.trim());
        expect(port).toBeGreaterThan(0);
        await new Promise<void>((resolve, reject) => {
            const s = createServer().once('error', reject).listen(port, '127.0.0.1', () => s.close(() => resolve()));
        });
    });

    it('start_pg tries another free port when PostgreSQL cannot start on the first', () => {
        const dir = mkdtempSync(join(tmpdir(), 'seg-ci-pg-'));
        // A pg_ctl that fails on its first start (the port was taken meanwhile) and succeeds on the second.
        const pgCtl = `echo "$@" >> "$STATE/starts"
if [ "$(wc -l < "$STATE/starts")" -lt 2 ]; then echo "could not bind" >> "${dir}/server.log"; exit 1; fi`;
        const r = run(`start_pg "$STATE" ${JSON.stringify(dir)}; cat "$STATE/starts"`, { pg_ctl: pgCtl });
        expect(r.status, r.stderr).toBe(0);
        const [port, first, second] = r.stdout.trim().split('\n');
        expect(r.stderr).toContain('attempt 1');
        expect(second).toContain(`-p ${port} `);
        expect(first).toMatch(/-p \d+ /);
        expect(Number(port)).toBeGreaterThan(0);
    });

    it('.ci/run sources the library and keeps no fixed port or ignored install failure', () => {
        const text = require('node:fs').readFileSync(join(__dirname, '..', '.ci', 'run'), 'utf8') as string;
        expect(text).toContain('. .ci/lib.sh');
        expect(text).not.toMatch(/55439|apt-get install[^\n]*\|\| (true|echo)/);
        expect(spawnSync('bash', ['-n', join(__dirname, '..', '.ci', 'run')]).status).toBe(0);
    });
});
