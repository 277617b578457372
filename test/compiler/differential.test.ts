// One semantics, every engine: for generated catalog-valid segments and
// generated data (nulls, dangling lookups, boundary timestamps, month ends,
// daylight-saving changes, non-UTC zones), the in-memory executor, PGlite,
// a real PostgreSQL server (CI's, via SEG_TEST_DATABASE_URL) and a two-shard
// ClickHouse cluster (CI's, via SEG_TEST_CLICKHOUSE_URL) return exactly the
// same members for every segment.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../compiler/exec/execute.js';
import type { Plan } from '../../compiler/plan/plan.js';
import { planOf } from '../helpers.js';
import { dataSetFor, durationsOf, insertStatements, TABLES, toTables, type DataSet } from '../support/arbitrary-data.js';
import { segProgram, sequenceProgram, type GeneratedProgram } from '../support/arbitrary-seg.js';
import { membersViaSql, SERVER_URL, useEngines, type Engine } from '../support/engines.js';
import { CLICKHOUSE_CLUSTER, CLICKHOUSE_SKIP, CLICKHOUSE_URL, openClickHouse, type ClickHouseEngine } from '../support/clickhouse-engine.js';
import { replay } from '../support/replay.js';

const RUNS = Number(process.env.SEG_DIFFERENTIAL_RUNS ?? 60);

const engines = useEngines();
let clickhouse: ClickHouseEngine | undefined;
beforeAll(async () => { if (CLICKHOUSE_URL) clickhouse = await openClickHouse(CLICKHOUSE_URL, CLICKHOUSE_CLUSTER); }, 60_000);
afterAll(async () => { await clickhouse?.close(); }, 60_000);

async function load(engine: Engine, data: DataSet): Promise<void> {
    await engine.exec(Object.keys(TABLES).map(t => `TRUNCATE "${t}";`).join('\n'));
    for (const { text, params } of insertStatements(data)) await engine.query(text, params);
}

function viaExecutor(plan: Plan, data: DataSet): Record<string, string[]> {
    const result = execute(plan, toTables(data), { asOf: data.asOf });
    return Object.fromEntries(plan.segments.map(s => [s.name, [...(result.get(s.name) ?? [])].sort()]));
}

describe('executor = PGlite = PostgreSQL server = ClickHouse cluster', () => {
    agree('generated programs', segProgram, RUNS);
    // Sequences on their own too: each side's window and where, `on`, `then not`, gaps of every unit,
    // month ends and daylight-saving changes (ClickHouse computes the gap's end itself, clickhouse-calendar.ts).
    agree('generated sequence programs', sequenceProgram, Math.max(10, Math.round(RUNS / 2)));
});

function agree(what: string, programs: fc.Arbitrary<GeneratedProgram>, runs: number): void {
    it(`agree on ${runs} ${what} and data sets${SERVER_URL ? ' (with the server)' : ' (no server: SEG_TEST_DATABASE_URL unset)'}${CLICKHOUSE_SKIP ? ` (ClickHouse ${CLICKHOUSE_SKIP})` : ' (with ClickHouse)'}`, async () => {
        let nonEmpty = 0;
        let chRefusals = 0, chSegments = 0;
        const programAndData = programs.chain(p => fc.tuple(fc.constant(p), dataSetFor(durationsOf(p.text))));
        await fc.assert(fc.asyncProperty(programAndData, async ([program, data]) => {
            const plan = await planOf(program.text, { timeZone: data.timeZone });
            const expected = viaExecutor(plan, data);
            for (const engine of engines) {
                await load(engine, data);
                const got = await membersViaSql(engine, plan, data.asOf);
                expect(got, `${engine.name} vs executor\n${program.text}\nas of ${data.asOf.toISOString()} in ${data.timeZone}`).toEqual(expected);
            }
            if (clickhouse) {
                await clickhouse.load(data);
                const got = await clickhouse.members(plan, data.asOf);
                // A refusal (a documented construct or character ClickHouse cannot evaluate exactly) is allowed; a different answer is not.
                const refused = Object.keys(got).filter(name => got[name] === 'refused');
                chRefusals += refused.length;
                chSegments += plan.segments.length;
                for (const name of refused) got[name] = expected[name]!;
                expect(got, `${clickhouse.name} vs executor\n${program.text}\nas of ${data.asOf.toISOString()} in ${data.timeZone}`).toEqual(expected);
            }
            if (Object.values(expected).some(m => m.length > 0)) nonEmpty++;
        }), { numRuns: runs, endOnFailure: true, ...replay });
        // The property is only meaningful if generated segments actually select someone.
        expect(nonEmpty).toBeGreaterThan(runs / 4);
        // ... and ClickHouse only if it answers most of them.
        if (clickhouse) expect(chRefusals, `ClickHouse refused ${chRefusals} of ${chSegments} segments`).toBeLessThan(chSegments / 4);
    }, 600_000);
}
