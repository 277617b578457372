// bench/clickhouse-bench.js without its servers: one line saying what to set, exit 0,
// before loading the build (so it needs none) and without touching any database.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = join(__dirname, '..', '..', 'bench', 'clickhouse-bench.js');

function run(env: Record<string, string>) {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SEG_BENCH_')));
    return spawnSync(process.execPath, [script], { encoding: 'utf8', env: { ...clean, ...env }, timeout: 30_000 });
}

describe('bench/clickhouse-bench.js', () => {
    it('skips with one line naming both variables when neither is set', () => {
        const r = run({});
        expect(r.status).toBe(0);
        expect(r.stderr).toBe('');
        expect(r.stdout.trim().split('\n')).toHaveLength(1);
        expect(r.stdout).toMatch(/^bench:clickhouse: skipped: set SEG_BENCH_DATABASE_URL .* and SEG_BENCH_CLICKHOUSE_URL /);
    });

    it('names only the missing variable', () => {
        const r = run({ SEG_BENCH_DATABASE_URL: 'postgresql://nowhere.invalid/x' });
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(/^bench:clickhouse: skipped: set SEG_BENCH_CLICKHOUSE_URL /);
        expect(r.stdout).not.toContain('SEG_BENCH_DATABASE_URL');
    });
});
