// The longest durations the checker accepts (1,000 years in every unit, SEG409
// beyond) give the same members on PGlite, the PostgreSQL server and the
// in-memory executor, right at the window edge: no int32 overflow in
// make_interval, no "timestamp out of range".
import { describe, expect, it } from 'vitest';
import { execute } from '../../compiler/exec/execute.js';
import { minusInterval, timeZone } from '../../compiler/calendar/time-zone.js';
import type { CalendarUnit, Plan } from '../../compiler/plan/plan.js';
import { MAX_DURATION } from '../../language/model/duration-limits.js';
import { planOf } from '../helpers.js';
import { insertStatements, TABLES, toTables, type DataSet, type Row } from '../support/arbitrary-data.js';
import { membersViaSql, useEngines, type Engine } from '../support/engines.js';

const UNITS = Object.keys(MAX_DURATION) as CalendarUnit[];
const SOURCE = UNITS.flatMap(u => {
    const n = MAX_DURATION[u];
    const U = u[0].toUpperCase() + u.slice(1);
    return [
        `segment Within${U} = interaction EmailOpened within ${n} ${u}s`,
        `segment Ago${U} = interaction EmailOpened between 1 and ${n} ${u}s ago`,
        `segment Created${U} = profile contact where createdon within ${n} ${u}s`,
        `segment Born${U} = profile contact where birthdate within ${n} ${u}s`,
    ];
}).join('\n');

const MINUTE = 60_000, HOUR = 60 * MINUTE, DAY = 24 * HOUR;
const NUDGES = [-2 * DAY, -HOUR, -MINUTE, -1000, -1, 0, 1, 1000, MINUTE, HOUR, 2 * DAY];
const contactId = (n: number) => `00000001-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** One contact per instant next to every unit's edge; each opened an email then, was created then and born that day. */
function dataAtTheEdges(asOf: Date, zone: string): DataSet {
    const tz = timeZone(zone);
    const instants = UNITS.flatMap(u => NUDGES.map(d => minusInterval(asOf.getTime(), MAX_DURATION[u], u, tz) + d));
    const contact: Row[] = [], opened: Row[] = [];
    instants.forEach((ms, i) => {
        contact.push({ contactid: contactId(i), createdon: ms, birthdate: new Date(ms).toISOString().slice(0, 10) });
        opened.push({ internal_marketing_interaction_id: `00000002-0000-4000-8000-${String(i).padStart(12, '0')}`, timestamp: ms, contact_id: contactId(i) });
    });
    return { asOf, timeZone: zone, rows: { contact, email_opened: opened } };
}

const engines = useEngines();

async function viaSql(engine: Engine, plan: Plan, data: DataSet): Promise<Record<string, string[]>> {
    await engine.exec(Object.keys(TABLES).map(t => `TRUNCATE "${t}";`).join('\n'));
    for (const { text, params } of insertStatements(data)) await engine.query(text, params);
    return membersViaSql(engine, plan, data.asOf);
}

describe('durations at the limit', () => {
    // Zones whose history 1,000 years back is the same in Node's, PGlite's and Debian's time-zone
    // databases (Debian links Europe/Amsterdam to Brussels, another local mean time: not a Seg matter).
    for (const [asOf, zone] of [['2026-03-01T00:00:00Z', 'UTC'], ['2024-02-29T13:30:00Z', 'Etc/GMT+5'], ['2026-10-25T01:30:00Z', 'UTC'], ['2026-03-08T07:30:00Z', 'America/New_York']] as const) {
        it(`agree on every engine as of ${asOf} in ${zone}`, async () => {
            const plan = await planOf(SOURCE, { timeZone: zone });
            const data = dataAtTheEdges(new Date(asOf), zone);
            const result = execute(plan, toTables(data), { asOf: data.asOf });
            const expected = Object.fromEntries(plan.segments.map(s => [s.name, [...(result.get(s.name) ?? [])].sort()]));
            // The edge is inside the data: each window holds some contacts and misses others.
            for (const u of ['Year', 'Minute']) {
                expect(expected[`Within${u}`]!.length).toBeGreaterThan(0);
                expect(expected[`Within${u}`]!.length).toBeLessThan(data.rows.contact!.length);
            }
            for (const engine of engines) expect(await viaSql(engine, plan, data), engine.name).toEqual(expected);
        }, 60_000);
    }
});
