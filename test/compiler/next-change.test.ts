// "Next change time" on hand-checked examples, the same on the executor,
// PGlite and the PostgreSQL server: when each member leaves if only time
// passes, and the segment's next change due (docs/language.md §10).
import { beforeAll, describe, expect, it } from 'vitest';
import { execute } from '../../compiler/exec/execute.js';
import { segmentChanges } from '../../compiler/exec/next-change.js';
import type { Plan } from '../../compiler/plan/plan.js';
import { leaveTimesSql, nextChangeSql } from '../../compiler/sql/next-change-sql.js';
import { bindParams } from '../../compiler/sql/to-sql.js';
import { planOf } from '../helpers.js';
import { insertStatements, TABLES, toTables, type DataSet, type Row } from '../support/arbitrary-data.js';
import { useEngines } from '../support/engines.js';

const engines = useEngines();

const contact = (n: number) => `00000001-0000-4000-8000-${String(n).padStart(12, '0')}`;
let rowId = 0;
const opened = (n: number, at: string): Row => ({ internal_marketing_interaction_id: `00000005-0000-4000-8000-${String(++rowId).padStart(12, '0')}`, timestamp: Date.parse(at), contact_id: contact(n) });
const clicked = (n: number, at: string): Row => ({ internal_marketing_interaction_id: `00000006-0000-4000-8000-${String(++rowId).padStart(12, '0')}`, timestamp: Date.parse(at), contact_id: contact(n) });

interface Expected {
    /** Member number → leaves_at ISO (null: never), and `~` before it when only a lower bound. */
    members: Record<number, string | null>;
    next: string | null;
}

/** leaves_at as '2026-…Z', or '~2026-…Z' when not exact. */
const show = (at: Date | string | null, exact: boolean) => (at === null ? null : `${exact ? '' : '~'}${new Date(at).toISOString()}`);

async function check(source: string, zone: string, asOf: string, rows: Record<string, Row[]>, expected: Record<string, Expected>): Promise<Plan> {
    const data = dataOf(asOf, zone, rows);
    const plan = await planOf(source, { timeZone: zone });
    const tables = toTables(data);
    for (const [name, want] of Object.entries(expected)) {
        const members = Object.fromEntries(Object.entries(want.members).map(([n, at]) => [contact(Number(n)), at]));
        const got = segmentChanges(plan, name, tables, { asOf: data.asOf });
        expect(Object.fromEntries([...got.members].map(([k, t]) => [k, show(t.leavesAt, t.exact)])), `${name}, executor`).toEqual(members);
        expect(show(got.next.at, got.next.exact), `${name} next, executor`).toBe(want.next);
        for (const engine of engines) {
            await engine.exec(Object.keys(TABLES).map(t => `TRUNCATE "${t}";`).join('\n'));
            for (const { text, params } of insertStatements(data)) await engine.query(text, params);
            const leaves = leaveTimesSql(plan, name), next = nextChangeSql(plan, name);
            const rowsGot = await engine.query(leaves.text, bindParams(leaves, { asOf: data.asOf }));
            expect(Object.fromEntries(rowsGot.map(r => [String(r.contact_id), show(r.leaves_at as Date | null, r.exact as boolean)])), `${name}, ${engine.name}`).toEqual(members);
            const [n] = await engine.query(next.text, bindParams(next, { asOf: data.asOf }));
            expect(show(n.next_change_at as Date | null, n.exact as boolean), `${name} next, ${engine.name}`).toBe(want.next);
        }
    }
    return plan;
}

/** Five contacts (unless given) and the rows. */
function dataOf(asOf: string, zone: string, rows: Record<string, Row[]>): DataSet {
    return { asOf: new Date(asOf), timeZone: zone, rows: { contact: Array.from({ length: 5 }, (_, i) => ({ contactid: contact(i + 1) })), ...rows } };
}

function membersAt(plan: Plan, name: string, rows: Record<string, Row[]>, at: string): string[] {
    const data = dataOf(at, plan.timeZone, rows);
    return execute(plan, toTables(data), { asOf: data.asOf }).get(name)!;
}

describe('next change time, by hand', () => {
    beforeAll(() => { rowId = 0; });

    it('count >= 3 within 14 days: the third-newest open + 14 days', async () => {
        const rows = { email_opened: [
            opened(1, '2026-03-01T09:00:00Z'), opened(1, '2026-03-05T10:00:00Z'), opened(1, '2026-03-08T11:00:00Z'), opened(1, '2026-03-09T08:00:00Z'),
            opened(2, '2026-03-07T00:00:00Z'), opened(2, '2026-03-09T00:00:00Z'),
        ] };
        await check('segment Engaged = interaction EmailOpened having count >= 3 within 14 days', 'UTC', '2026-03-10T12:00:00Z', rows, {
            // The open of 1 March leaves on the 15th, but three remain until the one of 5 March leaves.
            Engaged: { members: { 1: '2026-03-19T10:00:00.000Z' }, next: '2026-03-19T10:00:00.000Z' },
        });
    });

    it('a month after 31 January is 1 March: 28 February − 1 month is still 28 January', async () => {
        await check('segment Recent = interaction EmailOpened within 1 month', 'UTC', '2026-02-15T00:00:00Z', { email_opened: [opened(1, '2026-01-31T12:00:00Z')] }, {
            Recent: { members: { 1: '2026-03-01T00:00:00.000Z' }, next: '2026-03-01T00:00:00.000Z' },
        });
    });

    it('a bound that jumps past two rows at once: `having` may answer as before, so only a lower bound', async () => {
        // 1 March 00:00 − 1 month is 1 February: the bound jumps from 28 January (24:00) past both opens of
        // 1 at once. One open inside would make 1 a member of `count = 1`, but both leave together: it stays out.
        // 2 has one open: a member, which surely leaves when that one does.
        const rows = { email_opened: [opened(1, '2027-01-29T12:00:00Z'), opened(1, '2027-01-30T12:00:00Z'), opened(2, '2027-01-30T12:00:00Z')] };
        const plan = await check('segment Single = interaction EmailOpened having count = 1 within 1 month', 'UTC', '2027-02-27T12:00:00Z', rows, {
            Single: { members: { 2: '2027-03-01T00:00:00.000Z' }, next: '2027-03-01T00:00:00.000Z' },
        });
        expect(membersAt(plan, 'Single', rows, '2027-03-01T00:00:00Z')).toEqual([]);
        // Without 2, the change due is only a lower bound: nobody enters then.
        await check('segment Single = interaction EmailOpened having count = 1 within 1 month', 'UTC', '2027-02-27T12:00:00Z', { email_opened: rows.email_opened.slice(0, 2) }, {
            Single: { members: {}, next: '~2027-03-01T00:00:00.000Z' },
        });
    });

    it('a day across the spring-forward change is 23 hours', async () => {
        // 13:30 CET on 28 March leaves `within 1 day` at 13:30 CEST on 29 March: 11:30Z.
        await check('segment Today = interaction EmailOpened within 1 day', 'Europe/Amsterdam', '2026-03-28T20:00:00Z', { email_opened: [opened(1, '2026-03-28T12:30:00Z')] }, {
            Today: { members: { 1: '2026-03-29T11:30:00.000Z' }, next: '2026-03-29T11:30:00.000Z' },
        });
    });

    it('a row comes back into `within 1 month` at a clamped month end, so someone enters', async () => {
        // As of 28 March 18:00 CET the window starts at 28 February 18:00; at 29 March 00:00 it starts at
        // 28 February 00:00 (29 March − 1 month is 28 February): the open of 28 February 12:00 counts again.
        const rows = { email_opened: [opened(1, '2026-02-28T11:00:00Z')] };
        const plan = await check('segment Recent = interaction EmailOpened within 1 month', 'Europe/Amsterdam', '2026-03-28T17:00:00Z', rows, {
            Recent: { members: {}, next: '2026-03-28T23:00:00.000Z' },
        });
        expect(membersAt(plan, 'Recent', rows, '2026-03-28T22:59:59.999Z')).toEqual([]);
        expect(membersAt(plan, 'Recent', rows, '2026-03-28T23:00:00.000Z')).toEqual([contact(1)]);
    });

    it('count <= 1 within 7 days: members never leave by time, and someone enters when an open leaves', async () => {
        const rows = { email_opened: [opened(1, '2026-05-09T06:00:00Z'), opened(2, '2026-05-04T06:00:00Z'), opened(2, '2026-05-08T06:00:00Z')] };
        await check('segment Quiet = interaction EmailOpened having count <= 1 within 7 days', 'UTC', '2026-05-10T00:00:00Z', rows, {
            Quiet: { members: { 1: null, 3: null, 4: null, 5: null }, next: '2026-05-11T06:00:00.000Z' },
        });
    });

    it('`since` never lets anyone go', async () => {
        await check('segment Since = interaction EmailOpened since 2026-01-01', 'UTC', '2026-05-10T00:00:00Z', { email_opened: [opened(1, '2026-02-01T00:00:00Z')] }, {
            Since: { members: { 1: null }, next: null },
        });
    });

    it('a profile `within`: leaves 30 days after it was created; a record created later enters then', async () => {
        const rows = { contact: [
            { contactid: contact(1), createdon: Date.parse('2026-04-20T08:00:00Z') },
            { contactid: contact(2), createdon: Date.parse('2026-05-03T00:00:00Z') },
            { contactid: contact(3), createdon: Date.parse('2025-01-01T00:00:00Z') },
        ] };
        await check('segment New = profile contact where createdon within 30 days', 'UTC', '2026-05-01T00:00:00Z', rows, {
            New: { members: { 1: '2026-05-20T08:00:00.000Z' }, next: '2026-05-03T00:00:00.000Z' },
        });
    });

    it('an `exists` whose records read the clock: exact where the condition then differs', async () => {
        const lead = (n: number, parent: number, created: string): Row => ({ leadid: `00000003-0000-4000-8000-${String(n).padStart(12, '0')}`, parentcontactid: contact(parent), createdon: Date.parse(created) });
        const rows = { lead: [lead(1, 1, '2026-05-08T00:00:00Z'), lead(2, 2, '2026-05-12T00:00:00Z'), lead(3, 3, '2026-05-01T00:00:00Z')] };
        await check('segment FreshLead = profile contact where exists lead via parentcontactid where createdon within 7 days', 'UTC', '2026-05-10T00:00:00Z', rows, {
            // Each contact's own leads decide: 1 leaves when its lead is 7 days old, not when 2's lead
            // arrives (the 12th: 2 enters then, the segment's next change); 3's lead is too old to matter.
            FreshLead: { members: { 1: '2026-05-15T00:00:00.000Z' }, next: '2026-05-12T00:00:00.000Z' },
        });
    });

    it('an `and` whose clock-free part is false (an `or`: true) keeps its value: its `within` tests are no change', async () => {
        const day = (d: string) => Date.parse(`2026-${d}T00:00:00Z`);
        const rows: Record<string, Row[]> = { contact: [
            { contactid: contact(1), createdon: day('04-20'), address1_city: 'Seattle', donotemail: false },
            // Created after as-of, but not in Seattle: never in SeattleNew, whatever time does.
            { contactid: contact(2), createdon: day('05-03'), address1_city: 'Portland', donotemail: false },
            // No city: `null = "Seattle"` is unknown, not false, so its `within` still counts (a lower bound).
            { contactid: contact(4), createdon: day('04-05') },
            // Opted out: in NewOrOptedOut for good.
            { contactid: contact(5), createdon: day('04-10'), donotemail: true },
        ] };
        const lead = (n: number, parent: number, created: string, source: number): Row =>
            ({ leadid: `00000003-0000-4000-8000-${String(n).padStart(12, '0')}`, parentcontactid: contact(parent), createdon: day(created), leadsourcecode: source });
        await check(`segment SeattleNew = profile contact where createdon within 30 days and address1_city = "Seattle"
segment NewOrOptedOut = profile contact where createdon within 30 days or donotemail
segment SourcedLead = profile contact where exists lead via parentcontactid where createdon within 7 days and leadsourcecode = 1`,
        'UTC', '2026-05-01T00:00:00Z', { ...rows, lead: [lead(1, 1, '04-28', 1), lead(2, 2, '05-02', 2)] }, {
            SeattleNew: { members: { 1: '2026-05-20T00:00:00.000Z' }, next: '~2026-05-05T00:00:00.000Z' },
            NewOrOptedOut: { members: { 1: '2026-05-20T00:00:00.000Z', 4: '2026-05-05T00:00:00.000Z', 5: null }, next: '2026-05-03T00:00:00.000Z' },
            // Contact 2's lead, dated 2 May, is from another source: it never counts.
            SourcedLead: { members: { 1: '2026-05-05T00:00:00.000Z' }, next: '2026-05-05T00:00:00.000Z' },
        });
    });

    it('a union member in both sides leaves no earlier than the later side; except waits for the right side', async () => {
        const rows: Record<string, Row[]> = {
            contact: [{ contactid: contact(1), createdon: Date.parse('2026-04-20T08:00:00Z') }, { contactid: contact(2) }],
            email_opened: [opened(1, '2026-05-04T06:00:00Z'), opened(2, '2026-05-09T00:00:00Z')],
        };
        const source = `segment Opened = interaction EmailOpened within 7 days
segment New = profile contact where createdon within 30 days
segment Either = Opened union New
segment OpenedNotNew = Opened except New`;
        await check(source, 'UTC', '2026-05-10T00:00:00Z', rows, {
            Opened: { members: { 1: '2026-05-11T06:00:00.000Z', 2: '2026-05-16T00:00:00.000Z' }, next: '2026-05-11T06:00:00.000Z' },
            // 1 is in both: not before 20 May (a lower bound: the open might have come back).
            Either: { members: { 1: '~2026-05-20T08:00:00.000Z', 2: '2026-05-16T00:00:00.000Z' }, next: '2026-05-16T00:00:00.000Z' },
            // 1 enters when it stops being new, unless its open has left by then (it has: only a lower bound).
            OpenedNotNew: { members: { 2: '2026-05-16T00:00:00.000Z' }, next: '2026-05-16T00:00:00.000Z' },
        });
    });

    it('a sequence leaves when its newest answered open leaves the window; `then not` enters when the gap is over', async () => {
        const rows = {
            email_opened: [
                opened(1, '2026-05-01T10:00:00Z'), opened(1, '2026-05-03T10:00:00Z'), // both clicked: in until 3 May + 14 days
                opened(2, '2026-05-09T10:00:00Z'), // clicked after as-of: a possible change (a lower bound) then
                opened(3, '2026-05-09T20:00:00Z'), // not clicked: in `then not` when its day is over
                opened(4, '2026-04-28T10:00:00Z'), // clicked two days later: in `then not` until 28 April + 14 days
            ],
            email_clicked: [
                clicked(1, '2026-05-01T12:00:00Z'), clicked(1, '2026-05-03T11:00:00Z'),
                clicked(2, '2026-05-10T09:00:00Z'),
                clicked(4, '2026-04-30T10:00:00Z'),
            ],
        };
        const source = `segment Clicked = interaction EmailOpened within 14 days then EmailClicked within 1 day
segment NotClicked = interaction EmailOpened within 14 days then not EmailClicked within 1 day`;
        const plan = await check(source, 'Europe/Amsterdam', '2026-05-10T00:00:00Z', rows, {
            Clicked: { members: { 1: '2026-05-17T10:00:00.000Z' }, next: '~2026-05-10T09:00:00.000Z' },
            // 3's day ends on 10 May at 20:00: it enters then, unless data changes (a lower bound).
            NotClicked: { members: { 4: '2026-05-12T10:00:00.000Z' }, next: '~2026-05-10T20:00:00.000Z' },
        });
        expect(membersAt(plan, 'Clicked', rows, '2026-05-10T09:00:00Z')).toEqual([contact(1), contact(2)]);
        expect(membersAt(plan, 'Clicked', rows, '2026-05-17T10:00:00Z')).toEqual([contact(2)]);
        expect(membersAt(plan, 'NotClicked', rows, '2026-05-10T19:59:59.999Z')).toEqual([contact(4)]);
        expect(membersAt(plan, 'NotClicked', rows, '2026-05-10T20:00:00Z')).toEqual([contact(3), contact(4)]);
        expect(membersAt(plan, 'NotClicked', rows, '2026-05-12T10:00:00Z')).toEqual([contact(3)]);
    });

    it('a row dated after as-of is a possible change (a lower bound)', async () => {
        const rows = { email_opened: [opened(1, '2026-05-09T00:00:00Z'), opened(1, '2026-05-12T00:00:00Z')] };
        await check('segment Once = interaction EmailOpened having count = 1 within 7 days', 'UTC', '2026-05-10T00:00:00Z', rows, {
            Once: { members: { 1: '~2026-05-12T00:00:00.000Z' }, next: '~2026-05-12T00:00:00.000Z' },
        });
    });
    it('count(distinct …) before N days ago: a value is in once any of its rows is, not only its newest', async () => {
        // As of 20 March, `before 10 days ago` holds the rows up to 10 March; newer ones enter as time passes.
        const city = (n: number, at: string, name: string | null): Row => ({ ...opened(n, at), city: name });
        const rows = { email_opened: [
            city(1, '2026-03-01T00:00:00Z', 'Oslo'), city(1, '2026-03-15T00:00:00Z', 'Oslo'), city(1, '2026-03-05T00:00:00Z', 'Rome'),
            city(2, '2026-03-01T00:00:00Z', 'Oslo'), city(2, '2026-03-02T00:00:00Z', 'OSLO'), city(2, '2026-03-12T00:00:00Z', 'Rome'),
            city(3, '2026-03-01T00:00:00Z', null), city(3, '2026-03-15T00:00:00Z', 'Paris'), city(3, '2026-03-16T00:00:00Z', 'Paris'),
            city(4, '2026-03-12T00:00:00Z', 'Oslo'), city(4, '2026-03-15T00:00:00Z', 'Oslo'),
        ] };
        const plan = await check(`segment Cities = interaction EmailOpened having count(distinct city) >= 2 before 10 days ago
segment NoCity = interaction EmailOpened having count(distinct city) < 1 before 10 days ago`, 'UTC', '2026-03-20T00:00:00Z', rows, {
            // 1 has Oslo (1 March; its open of 15 March is still to come) and Rome in: two cities, and rows only
            // come in, so it never leaves. 2's Oslo and OSLO are one city: its first pending open may change it
            // (a lower bound).
            Cities: { members: { 1: null }, next: '~2026-03-22T00:00:00.000Z' },
            // 3's open of 1 March has no city; 4's first Oslo enters on the 22nd; 5 has no opens and never leaves.
            NoCity: { members: { 3: '~2026-03-25T00:00:00.000Z', 4: '~2026-03-22T00:00:00.000Z', 5: null }, next: '~2026-03-22T00:00:00.000Z' },
        });
        expect(membersAt(plan, 'NoCity', rows, '2026-03-22T00:00:00Z')).toEqual([contact(3), contact(5)]);
        expect(membersAt(plan, 'Cities', rows, '2026-03-22T00:00:00Z')).toEqual([contact(1), contact(2)]);
    });
    it('before N days ago, counts only grow: a test answering alike for every larger count is settled (a member of `last … before` waits for no lower bound)', async () => {
        // As of 20 March, `before 10 days ago` holds the opens up to 10 March.
        const rows = { email_opened: [
            opened(1, '2026-03-01T00:00:00Z'), opened(1, '2026-03-15T00:00:00Z'),
            opened(2, '2026-03-15T00:00:00Z'),
            opened(3, '2026-03-01T00:00:00Z'),
            opened(4, '2026-03-01T00:00:00Z'), opened(4, '2026-03-02T00:00:00Z'), opened(4, '2026-03-12T00:00:00Z'),
        ] };
        const plan = await check(`segment Ever = interaction EmailOpened before 10 days ago
segment Stopped = last interaction EmailOpened before 10 days ago
segment Few = interaction EmailOpened having count <= 2 before 10 days ago`, 'UTC', '2026-03-20T00:00:00Z', rows, {
            // 1, 3 and 4 have an open in: more can only come, so they never leave. 2 enters when its open comes in.
            Ever: { members: { 1: null, 3: null, 4: null }, next: '~2026-03-25T00:00:00.000Z' },
            // 4's open of 12 March leaves the last 10 days on the 22nd (1's on the 25th): then 4 stopped opening,
            // surely (the opens of 1 and 4 before 10 days ago are not lower bounds of anything).
            Stopped: { members: { 3: null }, next: '2026-03-22T00:00:00.000Z' },
            // 4's third open comes in on the 22nd (a lower bound: it may come with others); 1 and 2 stay at two or
            // fewer until the 25th; 3 and 5 (no opens) have nothing pending.
            Few: { members: { 1: '~2026-03-25T00:00:00.000Z', 2: '~2026-03-25T00:00:00.000Z', 3: null, 4: '~2026-03-22T00:00:00.000Z', 5: null }, next: '~2026-03-22T00:00:00.000Z' },
        });
        expect(membersAt(plan, 'Stopped', rows, '2026-03-22T00:00:00Z')).toEqual([contact(3), contact(4)]);
        expect(membersAt(plan, 'Stopped', rows, '2026-03-25T00:00:00Z')).toEqual([contact(1), contact(2), contact(3), contact(4)]);
        expect(membersAt(plan, 'Few', rows, '2026-03-22T00:00:00Z')).toEqual([contact(1), contact(2), contact(3), contact(5)]);
    });
});
