// An `in` list is one array parameter however long it is: PostgreSQL's limit
// of 65,535 parameters per query used to make a 65,600-value list fail at run
// time ("bind message has 67 parameter formats but 0 parameters"). A
// 70,000-value list gives the executor's members on PGlite and the server,
// bound and inlined, for `in` (numbers) and `not in` (strings, lowered; nulls
// are never members).
import { beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../../compiler/exec/execute.js';
import type { Plan } from '../../../compiler/plan/plan.js';
import { sqlFileHeader } from '../../../compiler/sql/sql-header.js';
import { bindParams, toInlineSql, toSql } from '../../../compiler/sql/to-sql.js';
import { planOf } from '../../helpers.js';
import { insertStatements, toTables, type DataSet, type Row } from '../../support/arbitrary-data.js';
import { useEngines } from '../../support/engines.js';

const N = 70_000;
const numbers = Array.from({ length: N }, (_, i) => i * 3);
const names = Array.from({ length: N }, (_, i) => `"Name${i * 3}"`);
const SOURCE = `
segment Numbers = profile contact where numberofchildren in [${numbers.join(', ')}]
segment NotNames = profile contact where firstname not in [${names.join(', ')}]
`;

/** Contacts whose values fall in the lists, between their values, and null. */
function data(): DataSet {
    const contact: Row[] = [];
    const values = [0, 1, 3, 209_997, 209_998, 210_000, null];
    values.forEach((v, i) => contact.push({
        contactid: `00000001-0000-4000-8000-${String(i).padStart(12, '0')}`,
        numberofchildren: v,
        firstname: v === null ? null : `NAME${v}`,
    }));
    return { asOf: new Date('2026-03-01T00:00:00Z'), timeZone: 'UTC', rows: { contact } };
}

const engines = useEngines();
let plan: Plan;

beforeAll(async () => {
    plan = await planOf(SOURCE);
}, 60_000);

describe('a date-time list: exact instants and wall-clock times, as two arrays', () => {
    const SOURCE_DT = `
segment At = profile contact where createdon in [2026-01-01T00:00:00Z, 2026-03-29T02:30:00, 2026-10-25T02:30:00, 2026-02-01T09:00:00+01:00]
segment NotAt = profile contact where createdon not in [2026-01-01T00:00:00Z, 2026-03-29T02:30:00, 2026-10-25T02:30:00]
`;
    it('agrees with the executor on every engine, bound and inlined, across daylight-saving changes', async () => {
        const zone = 'Europe/Amsterdam';
        const dtPlan = await planOf(SOURCE_DT, { timeZone: zone });
        const instants = ['2026-01-01T00:00:00Z', '2026-03-29T01:30:00Z', '2026-03-29T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-25T00:30:00Z', '2026-02-01T08:00:00Z', '2026-02-01T09:00:00Z'];
        const contact: Row[] = [...instants, null].map((t, i) => ({ contactid: `00000001-0000-4000-8000-${String(100 + i).padStart(12, '0')}`, createdon: t === null ? null : Date.parse(t) }));
        const d: DataSet = { asOf: new Date('2026-12-01T00:00:00Z'), timeZone: zone, rows: { contact } };
        const result = execute(dtPlan, toTables(d), { asOf: d.asOf });
        const expected = Object.fromEntries(dtPlan.segments.map(s => [s.name, [...(result.get(s.name) ?? [])].sort()]));
        expect(expected.At!.length).toBeGreaterThan(1);
        expect(expected.NotAt!.length).toBeGreaterThan(1);
        for (const engine of engines) {
            await engine.exec('TRUNCATE "contact"');
            for (const { text, params } of insertStatements(d)) await engine.query(text, params);
            for (const s of dtPlan.segments) {
                const query = toSql(dtPlan, s.name);
                const bound = (await engine.query(query.text, bindParams(query, { asOf: d.asOf }))).map(r => String(r.contact_id)).sort();
                expect(bound, `${engine.name}: ${s.name}`).toEqual(expected[s.name]);
                const inline = (await engine.query(toInlineSql(query, { asOf: d.asOf }))).map(r => String(r.contact_id)).sort();
                expect(inline, `${engine.name}: ${s.name} inlined`).toEqual(expected[s.name]);
            }
        }
    }, 60_000);
});

describe(`an in list of ${N.toLocaleString('en-US')} values`, () => {
    it('is one parameter, and every engine agrees with the executor, bound and inlined', async () => {
        const d = data();
        for (const engine of engines) {
            await engine.exec('TRUNCATE "contact"');
            for (const { text, params } of insertStatements(d)) await engine.query(text, params);
        }
        const result = execute(plan, toTables(d), { asOf: d.asOf });
        const expected = Object.fromEntries(plan.segments.map(s => [s.name, [...(result.get(s.name) ?? [])].sort()]));
        // 0, 3 and 209,997 are in both lists; 1, 209,998 and 210,000 in neither; null in no segment.
        expect(Object.values(expected).map(m => m.length)).toEqual([3, 3]);
        for (const s of plan.segments) {
            const query = toSql(plan, s.name);
            expect(query.params).toHaveLength(3);
            // The header shows the first values only.
            expect(sqlFileHeader(plan, s.name, query)).toMatch(/\$3 \w+ \((bigint|text)\[\]\) = ARRAY\[[^\]]*, …\] \(70000 values, cut\)$/m);
            for (const engine of engines) {
                const bound = (await engine.query(query.text, bindParams(query, { asOf: d.asOf }))).map(r => String(r.contact_id)).sort();
                expect(bound, `${engine.name}: ${s.name}`).toEqual(expected[s.name]);
                const inline = (await engine.query(toInlineSql(query, { asOf: d.asOf }))).map(r => String(r.contact_id)).sort();
                expect(inline, `${engine.name}: ${s.name} inlined`).toEqual(expected[s.name]);
            }
        }
    }, 120_000);
});
