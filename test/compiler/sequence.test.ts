// Sequences (`then`, docs/language.md §6), on hand-checked data, the same on the
// executor, PGlite and the PostgreSQL server: strictly later, the gap's end
// included, the as-of cap, `then not` waiting for the gap to pass, `on` with
// strings compared case-insensitively and nulls equal to nothing, and a
// calendar day across a daylight-saving change.
import { describe, expect, it } from 'vitest';
import { execute } from '../../compiler/exec/execute.js';
import { planOf } from '../helpers.js';
import { insertStatements, TABLES, toTables, type DataSet, type Row } from '../support/arbitrary-data.js';
import { membersViaSql, useEngines } from '../support/engines.js';

const engines = useEngines();

const contact = (n: number) => `00000001-0000-4000-8000-${String(n).padStart(12, '0')}`;
let rowId = 0;
const id = () => `00000005-0000-4000-8000-${String(++rowId).padStart(12, '0')}`;
const opened = (n: number, at: string, more: Row = {}): Row => ({ internal_marketing_interaction_id: id(), timestamp: Date.parse(at), contact_id: contact(n), ...more });
const clicked = (n: number, at: string, more: Row = {}): Row => ({ internal_marketing_interaction_id: id(), timestamp: Date.parse(at), contact_id: contact(n), ...more });

async function expectMembers(source: string, zone: string, asOf: string, rows: Record<string, Row[]>, expected: Record<string, number[]>): Promise<void> {
    const data: DataSet = { asOf: new Date(asOf), timeZone: zone, rows: { contact: Array.from({ length: 8 }, (_, i) => ({ contactid: contact(i + 1) })), ...rows } };
    const plan = await planOf(source, { timeZone: zone });
    const want = Object.fromEntries(Object.entries(expected).map(([name, ns]) => [name, ns.map(contact)]));
    const got = execute(plan, toTables(data), { asOf: data.asOf });
    expect(Object.fromEntries(Object.keys(expected).map(n => [n, got.get(n)]))).toEqual(want);
    for (const engine of engines) {
        await engine.exec(Object.keys(TABLES).map(t => `TRUNCATE "${t}";`).join('\n'));
        for (const { text, params } of insertStatements(data)) await engine.query(text, params);
        const sql = await membersViaSql(engine, plan, data.asOf);
        expect(Object.fromEntries(Object.keys(expected).map(n => [n, sql[n]])), engine.name).toEqual(want);
    }
}

describe('sequences', () => {
    it('b strictly after a, up to a + gap included, and up to as-of', async () => {
        await expectMembers(`
segment Then = interaction EmailOpened then EmailClicked within 1 day
segment ThenNot = interaction EmailOpened then not EmailClicked within 1 day`, 'UTC', '2026-03-10T12:00:00Z', {
            email_opened: [
                opened(1, '2026-03-05T10:00:00Z'), // clicked exactly a day later: a pair
                opened(2, '2026-03-05T10:00:00Z'), // clicked at the same instant: not after it
                opened(3, '2026-03-09T12:00:00Z'), // clicked after as-of (and after the gap)
                opened(4, '2026-03-05T10:00:00Z'), // clicked before opening
                opened(5, '2026-03-05T10:00:00Z'), // clicked a millisecond too late
                opened(6, '2026-03-10T00:00:00Z'), // its day is not over at as-of: `then not` waits
            ],
            email_clicked: [
                clicked(1, '2026-03-06T10:00:00Z'), clicked(2, '2026-03-05T10:00:00Z'), clicked(3, '2026-03-10T12:00:01Z'),
                clicked(4, '2026-03-04T10:00:00Z'), clicked(5, '2026-03-06T10:00:00.001Z'),
            ],
        }, { Then: [1], ThenNot: [2, 3, 4, 5] });
    }, 120_000);

    it('on: the same value, strings case-insensitively, null equal to nothing; the same type pairs two rows, never one with itself', async () => {
        await expectMembers(`
segment SameCity = interaction EmailOpened then EmailOpened on city within 2 days
segment Twice = interaction EmailOpened then EmailOpened within 2 days`, 'UTC', '2026-03-10T12:00:00Z', {
            email_opened: [
                opened(1, '2026-03-05T10:00:00Z', { city: 'Zürich' }), opened(1, '2026-03-06T10:00:00Z', { city: 'ZÜRICH' }),
                opened(2, '2026-03-05T10:00:00Z', { city: null }), opened(2, '2026-03-06T10:00:00Z', { city: null }),
                opened(3, '2026-03-05T10:00:00Z', { city: 'Oslo' }), opened(3, '2026-03-06T10:00:00Z', { city: 'Bergen' }),
                opened(4, '2026-03-05T10:00:00Z', { city: 'Oslo' }),
            ],
        }, { SameCity: [1], Twice: [1, 2, 3] });
    }, 120_000);

    it('a day of gap across the spring-forward change is 23 hours; each step has its own where', async () => {
        await expectMembers(`
segment Then = interaction EmailOpened where city = "Amsterdam" then EmailClicked within 1 day where version >= 2`, 'Europe/Amsterdam', '2026-04-02T12:00:00Z', {
            email_opened: [
                opened(1, '2026-03-28T11:00:00Z', { city: 'amsterdam' }), // 12:00 local; a day later is 29 March 12:00 CEST = 10:00Z
                opened(2, '2026-03-28T11:00:00Z', { city: 'Amsterdam' }),
                opened(3, '2026-03-28T11:00:00Z', { city: 'Rotterdam' }),
                opened(4, '2026-03-28T11:00:00Z', { city: 'Amsterdam' }),
            ],
            email_clicked: [
                clicked(1, '2026-03-29T10:00:00Z', { version: 2 }), clicked(2, '2026-03-29T10:00:00.001Z', { version: 2 }),
                clicked(3, '2026-03-29T09:00:00Z', { version: 2 }), clicked(4, '2026-03-29T09:00:00Z', { version: 1 }),
            ],
        }, { Then: [1] });
    }, 120_000);
});
