// One semantics, two engines, for "next change time": for generated segments
// and data (timestamps on window boundaries, month ends, daylight-saving
// changes in non-UTC zones), the executor (compiler/exec/next-change.ts),
// PGlite and a real PostgreSQL server (compiler/sql/next-change-sql.ts)
// return the same leave times, exactness flags and next change due.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segmentChanges } from '../../compiler/exec/next-change.js';
import type { Plan } from '../../compiler/plan/plan.js';
import { leaveTimesSql, nextChangeSql, timelineRowsSql } from '../../compiler/sql/next-change-sql.js';
import { bindParams } from '../../compiler/sql/to-sql.js';
import { planOf } from '../helpers.js';
import { dataSetFor, durationsOf, insertStatements, TABLES, toTables, type DataSet } from '../support/arbitrary-data.js';
import { segProgram, sequenceProgram } from '../support/arbitrary-seg.js';
import { timeProgram } from '../support/arbitrary-time-seg.js';
import { SERVER_URL, useEngines, type Engine } from '../support/engines.js';
import { replay } from '../support/replay.js';

const RUNS = Number(process.env.SEG_DIFFERENTIAL_RUNS ?? 60);

const engines = useEngines();

interface Changes {
    members: Array<[string, string | null, boolean]>;
    next: [string | null, boolean];
}

const iso = (v: unknown) => (v === null ? null : new Date(v as string | Date).toISOString());

function viaExecutor(plan: Plan, name: string, data: DataSet): Changes {
    const got = segmentChanges(plan, name, toTables(data), { asOf: data.asOf });
    return {
        members: [...got.members].map(([key, t]) => [key, t.leavesAt && t.leavesAt.toISOString(), t.exact]),
        next: [got.next.at && got.next.at.toISOString(), got.next.exact],
    };
}

async function viaSql(engine: Engine, plan: Plan, name: string, data: DataSet): Promise<Changes> {
    const leaves = leaveTimesSql(plan, name), next = nextChangeSql(plan, name);
    const rows = await engine.query(leaves.text, bindParams(leaves, { asOf: data.asOf }));
    const [row] = await engine.query(next.text, bindParams(next, { asOf: data.asOf }));
    return {
        members: rows.map(r => [String(r.contact_id), iso(r.leaves_at), r.exact as boolean]),
        next: [iso(row.next_change_at), row.exact as boolean],
    };
}

/** seg refresh's single timeline query says the same: members' leave times, the least change, and "time cannot change it" only when nothing does. */
async function viaTimeline(engine: Engine, plan: Plan, name: string, data: DataSet): Promise<Changes> {
    const q = timelineRowsSql(plan, name);
    const rows = await engine.query(q.text, bindParams(q, { asOf: data.asOf }));
    const byKey = new Map(rows.map(r => [String(r.contact_id), r]));
    const expected = viaExecutor(plan, name, data);
    const members = expected.members.map(([key]): [string, string | null, boolean] => {
        const row = byKey.get(key);
        if (!row) return q.absentAreMembers ? [key, null, true] : [key, 'no timeline row', false];
        return row.member ? [key, iso(row.change), row.exact as boolean] : [key, 'not a member', false];
    });
    const changes = rows.filter(r => r.change !== null).map(r => iso(r.change)!).sort();
    const first = changes[0] ?? null;
    const exact = first === null || rows.some(r => iso(r.change) === first && r.exact);
    if (!q.readsClock) expect(first, 'a segment that does not read the clock has no change').toBeNull();
    expect(rows.filter(r => r.member).length, 'timeline members').toBe(expected.members.length - (q.absentAreMembers ? members.filter(m => !byKey.has(m[0])).length : 0));
    return { members, next: [first, exact] };
}

async function load(engine: Engine, data: DataSet): Promise<void> {
    await engine.exec(Object.keys(TABLES).map(t => `TRUNCATE "${t}";`).join('\n'));
    for (const { text, params } of insertStatements(data)) await engine.query(text, params);
}

describe('next change time: executor = PGlite = PostgreSQL server', () => {
    it(`agree on ${RUNS} generated programs and data sets${SERVER_URL ? ' (with the server)' : ' (no server: SEG_TEST_DATABASE_URL unset)'}`, async () => {
        let leaving = 0;
        const programs = fc.oneof({ weight: 1, arbitrary: segProgram }, { weight: 1, arbitrary: sequenceProgram }, { weight: 3, arbitrary: timeProgram });
        const programAndData = programs.chain(p => fc.tuple(fc.constant(p), dataSetFor(durationsOf(p.text))));
        await fc.assert(fc.asyncProperty(programAndData, async ([program, data]) => {
            const plan = await planOf(program.text, { timeZone: data.timeZone });
            for (const engine of engines) await load(engine, data);
            for (const s of plan.segments) {
                const expected = viaExecutor(plan, s.name, data);
                for (const engine of engines) {
                    const got = await viaSql(engine, plan, s.name, data);
                    const what = `${engine.name} vs executor, ${s.name} of\n${program.text}\nas of ${data.asOf.toISOString()} in ${data.timeZone}`;
                    expect(got, what).toEqual(expected);
                    expect(await viaTimeline(engine, plan, s.name, data), `timeline rows: ${what}`).toEqual(expected);
                }
                leaving += expected.members.filter(m => m[1] !== null).length;
            }
        }), { numRuns: RUNS, endOnFailure: true, ...replay });
        // Meaningful only if members do leave.
        expect(leaving).toBeGreaterThan(RUNS / 4);
    }, 900_000);
});
