// `seg db init --cluster`, `seg db seed` and `seg run` on a two-shard ClickHouse
// cluster: every segment in examples/ has exactly the members PostgreSQL gives
// for the same demo data and as-of instant. Also `seg compile --target
// clickhouse`, and a dead server's one-line error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliTargets, runCli, type CliTarget } from '../../support/cli.js';
import { CLICKHOUSE_CLUSTER, CLICKHOUSE_SKIP, CLICKHOUSE_URL, freshClickHouseDatabase, usesSequence } from '../../support/clickhouse-engine.js';
import { SERVER_URL } from '../../support/engines.js';
import { compileProject } from '../../../compiler/pipeline.js';

const EXAMPLES = 'examples';
const AS_OF = '2026-03-01T00:00:00Z';
const SEED = ['--contacts', '1500', '--seed', '7', '--as-of', AS_OF];

describe('seg compile --target clickhouse', () => {
    it('prints each segment as one ClickHouse query with its values and window bounds inline', async () => {
        const r = await runCli('compile', EXAMPLES, '--target', 'clickhouse', '--segment', 'WelcomeOpeners', '--as-of', AS_OF);
        expect(r.code, r.err).toBe(0);
        expect(r.out).toContain('-- ClickHouse, as of 2026-03-01T00:00:00.000Z');
        expect(r.out).toMatch(/SELECT toString\(`contactid`\) AS contact_id\nFROM `contact`\nWHERE/);
        expect(r.out).toContain('GLOBAL IN (');
        expect(r.out).not.toMatch(/\$\d/);
    });
});

describe('seg run --db clickhouse:// on a dead server', () => {
    it('fails with one line naming the server', async () => {
        const r = await runCli('run', EXAMPLES, '--db', 'clickhouse://127.0.0.1:1/default');
        expect(r.code).toBe(1);
        expect(r.err.trim()).toBe('seg run: cannot connect to clickhouse://127.0.0.1:1/default: connection refused');
    });
});

describe.skipIf(!CLICKHOUSE_URL || !SERVER_URL)(`seg run on ClickHouse = seg run on PostgreSQL, every example segment ${CLICKHOUSE_SKIP ?? (SERVER_URL ? '' : '(skipped: SEG_TEST_DATABASE_URL unset)')}`, () => {
    let fresh: Awaited<ReturnType<typeof freshClickHouseDatabase>>;
    let targets: CliTarget[] = [];
    beforeAll(async () => {
        fresh = await freshClickHouseDatabase(CLICKHOUSE_URL!);
        targets = await cliTargets();
    }, 60_000);
    afterAll(async () => {
        await fresh?.drop();
        for (const t of targets) await t.close();
    }, 60_000);

    it('db init --cluster, db seed, and run give PostgreSQL\'s members', async () => {
        const pg = targets.find(t => t.name === 'PostgreSQL server')!;
        const clickhouse = ['--db', fresh.url];
        const cluster = CLICKHOUSE_CLUSTER ? ['--cluster', CLICKHOUSE_CLUSTER] : [];
        for (const [args, extra] of [[pg.args, []], [clickhouse, cluster]] as const) {
            const init = await runCli('db', 'init', EXAMPLES, ...args, ...extra);
            expect(init.code, init.err).toBe(0);
            const seed = await runCli('db', 'seed', EXAMPLES, ...args, ...SEED);
            expect(seed.code, seed.err).toBe(0);
        }
        const run = async (args: readonly string[], code: number) => {
            const r = await runCli('run', EXAMPLES, ...args, '--as-of', AS_OF, '--format', 'json', '--members');
            expect(r.code, r.err).toBe(code);
            return { ...JSON.parse(r.out) as { segments: Array<{ name: string; count: number; members: string[]; error?: string }> }, err: r.err };
        };
        const expected = await run(pg.args, 0);
        // Every segment, sequences (first/last, `then`, `then not`, `on`, day gaps in Europe/Amsterdam) included.
        const plan = (await compileProject([EXAMPLES])).plan!;
        expect(plan.segments.filter(s => usesSequence(plan, s.node)).length).toBeGreaterThan(1);
        const got = await run(clickhouse, 0);
        expect(got.segments).toEqual(expected.segments);
        // Meaningful only if the segments select someone.
        expect(expected.segments.filter(s => s.count > 0).length).toBeGreaterThan(expected.segments.length / 2);
    }, 240_000);
});
