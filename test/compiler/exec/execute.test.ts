// Executing plans: windows at their exact boundaries, aggregates over nulls,
// zero-admitting conditions, relations that reach no one, set algebra, and
// shared sub-plans computed once.
import { describe, expect, it } from 'vitest';
import { execute, executeNode, ExecError } from '../../../compiler/exec/execute.js';
import type { Cell } from '../../../compiler/exec/tables.js';
import type { Having, PlanNode, Window } from '../../../compiler/plan/plan.js';
import { planOf } from '../../helpers.js';
import { col, contacts, plan, profileNode, table, uid, type Tables } from './support.js';

const AS_OF = Date.parse('2026-06-15T12:00:00Z');
const at = (iso: string) => Date.parse(iso);

/** An interaction node on `opened` (contact_id relation). */
function opened(window: Window, having: Having = { agg: 'count', op: '>=', value: 1 }, admitsZero = false, extra: Record<string, unknown> = {}) {
    return { kind: 'interaction', type: 'Opened', table: 'opened', relation: { name: 'contact', column: 'contact_id', steps: [] }, window, having, admitsZero, ...extra };
}

/** Members (as contact numbers) of one node over these opened rows and n contacts. */
function run(node: Record<string, unknown>, rows: Array<Record<string, Cell>>, options: { n?: number; timeZone?: string; asOf?: number; more?: Tables } = {}): number[] {
    const tables: Tables = { contact: contacts(options.n ?? 5), opened: table(rows, ['timestamp', 'contact_id', 'score']), ...options.more };
    const result = execute({ ...plan([node], { S: 0 }), timeZone: options.timeZone ?? 'UTC' }, tables, { asOf: options.asOf ?? AS_OF });
    return result.get('S')!.map(k => Number(k.slice(-12)));
}

/** One opened row per timestamp, for contacts 1, 2, 3, …; returns the contacts selected. */
function inWindow(window: Window, timestamps: number[], timeZone = 'UTC'): number[] {
    return run(opened(window), timestamps.map((timestamp, i) => ({ timestamp, contact_id: uid(i + 1) })), { n: timestamps.length, timeZone });
}

describe('windows at their exact boundaries', () => {
    it('all: anything up to and including asOf', () => {
        expect(inWindow({ kind: 'all' }, [0, AS_OF - 1, AS_OF, AS_OF + 1, -8.64e15])).toEqual([1, 2, 3, 5]);
    });

    it('rolling: asOf − N unit < t <= asOf', () => {
        const low = at('2026-06-01T12:00:00Z');
        expect(inWindow({ kind: 'rolling', amount: 14, unit: 'day' }, [low, low + 1, AS_OF, AS_OF + 1])).toEqual([2, 3]);
        const lowH = AS_OF - 3 * 3_600_000;
        expect(inWindow({ kind: 'rolling', amount: 3, unit: 'hour' }, [lowH, lowH + 1])).toEqual([2]);
        const lowM = at('2026-03-15T12:00:00Z');
        expect(inWindow({ kind: 'rolling', amount: 3, unit: 'month' }, [lowM, lowM + 1])).toEqual([2]);
        const lowW = at('2026-06-01T12:00:00Z');
        expect(inWindow({ kind: 'rolling', amount: 2, unit: 'week' }, [lowW, lowW + 1])).toEqual([2]);
        const lowY = at('2025-06-15T12:00:00Z');
        expect(inWindow({ kind: 'rolling', amount: 1, unit: 'year' }, [lowY, lowY + 1])).toEqual([2]);
        const lowMin = AS_OF - 90 * 60_000;
        expect(inWindow({ kind: 'rolling', amount: 90, unit: 'minute' }, [lowMin, lowMin + 1])).toEqual([2]);
    });

    it('rolling days are calendar days in the zone', () => {
        // As of 2026-03-30 12:00Z in Amsterdam (14:00 CEST), 7 days back is 2026-03-23 14:00 CET = 13:00Z.
        const asOf = at('2026-03-30T12:00:00Z');
        const low = at('2026-03-23T13:00:00Z');
        const rows = [low, low + 1].map((timestamp, i) => ({ timestamp, contact_id: uid(i + 1) }));
        expect(run(opened({ kind: 'rolling', amount: 7, unit: 'day' }), rows, { asOf, timeZone: 'Europe/Amsterdam' })).toEqual([2]);
        expect(run(opened({ kind: 'rolling', amount: 7, unit: 'day' }), rows, { asOf })).toEqual([1, 2]);
    });

    it('ago: asOf − to unit < t <= asOf − from unit', () => {
        const low = at('2026-05-16T12:00:00Z'), high = at('2026-06-05T12:00:00Z');
        expect(inWindow({ kind: 'ago', from: 10, to: 30, unit: 'day' }, [low, low + 1, high, high + 1])).toEqual([2, 3]);
        expect(inWindow({ kind: 'ago', from: 0, to: 1, unit: 'day' }, [AS_OF - 86_400_000, AS_OF, AS_OF + 1])).toEqual([2]);
    });

    it('since: start <= t <= asOf', () => {
        const start = at('2026-06-01T00:00:00Z');
        expect(inWindow({ kind: 'since', start: { kind: 'utc', value: '2026-06-01T00:00:00.000Z' } }, [start - 1, start, AS_OF, AS_OF + 1])).toEqual([2, 3]);
        // A local start is midnight in the zone: 2026-05-31T22:00Z in Amsterdam.
        const local = at('2026-05-31T22:00:00Z');
        expect(inWindow({ kind: 'since', start: { kind: 'local', value: '2026-06-01T00:00:00' } }, [local - 1, local], 'Europe/Amsterdam')).toEqual([2]);
    });

    it('before: t < end, and t <= asOf', () => {
        const end = at('2026-06-01T00:00:00Z');
        expect(inWindow({ kind: 'before', end: { kind: 'utc', value: '2026-06-01T00:00:00.000Z' } }, [end - 1, end, 0])).toEqual([1, 3]);
        // An end after asOf still stops at asOf.
        expect(inWindow({ kind: 'before', end: { kind: 'utc', value: '2027-01-01T00:00:00.000Z' } }, [AS_OF, AS_OF + 1])).toEqual([1]);
    });

    it('range: start <= t < end (a date end is already the next midnight), and t <= asOf', () => {
        const w: Window = { kind: 'range', start: { kind: 'local', value: '2026-06-01T00:00:00' }, end: { kind: 'local', value: '2026-06-11T00:00:00' } };
        const start = at('2026-06-01T00:00:00Z'), end = at('2026-06-11T00:00:00Z');
        expect(inWindow(w, [start - 1, start, end - 1, end])).toEqual([2, 3]);
        const toFuture: Window = { kind: 'range', start: { kind: 'utc', value: '2026-06-15T00:00:00.000Z' }, end: { kind: 'utc', value: '2026-07-01T00:00:00.000Z' } };
        expect(inWindow(toFuture, [AS_OF, AS_OF + 1])).toEqual([1]);
    });

    it('a range starting in a DST gap starts at PostgreSQL\'s reading of it', () => {
        const w: Window = { kind: 'range', start: { kind: 'local', value: '2026-03-29T02:30:00' }, end: { kind: 'local', value: '2026-03-30T00:00:00' } };
        const start = at('2026-03-29T01:30:00Z');
        expect(inWindow(w, [start - 1, start], 'Europe/Amsterdam')).toEqual([2]);
    });

    it('rows with a null timestamp never count', () => {
        expect(run(opened({ kind: 'all' }), [{ timestamp: null, contact_id: uid(1) }])).toEqual([]);
    });
});

describe('aggregates', () => {
    const rows = [
        { timestamp: 1, contact_id: uid(1), score: 2 }, { timestamp: 2, contact_id: uid(1), score: null }, { timestamp: 3, contact_id: uid(1), score: 4 },
        { timestamp: 1, contact_id: uid(2), score: null }, { timestamp: 2, contact_id: uid(2), score: null },
        { timestamp: 1, contact_id: uid(3), score: -1 },
        { timestamp: 1, contact_id: uid(4), score: 10 }, { timestamp: 2, contact_id: uid(4), score: 0.5 },
    ];
    // Contact 5 has no rows.
    const having = (agg: Having['agg'], op: Having['op'], value: number): Having => ({ agg, ...(agg === 'count' ? {} : { column: 'score' }), op, value });
    const runAgg = (h: Having, admitsZero = false) => run(opened({ kind: 'all' }, h, admitsZero), rows);

    it('count counts rows, nulls included', () => {
        expect(runAgg(having('count', '>=', 2))).toEqual([1, 2, 4]);
        expect(runAgg(having('count', '=', 3))).toEqual([1]);
        expect(runAgg({ agg: 'count', low: 1, high: 2 })).toEqual([2, 3, 4]);
    });

    it('sum skips nulls; a sum of only nulls is 0', () => {
        expect(runAgg(having('sum', '=', 6))).toEqual([1]);
        expect(runAgg(having('sum', '=', 0))).toEqual([2]);
        expect(runAgg(having('sum', '<', 1))).toEqual([2, 3]);
        expect(runAgg(having('sum', '=', 10.5))).toEqual([4]);
    });

    it('avg, min and max skip nulls; of nothing they are null and never satisfy', () => {
        expect(runAgg(having('avg', '=', 3))).toEqual([1]);
        expect(runAgg(having('avg', '<=', 100))).toEqual([1, 3, 4]);
        expect(runAgg(having('avg', '=', 5.25))).toEqual([4]);
        expect(runAgg(having('min', '<', 1))).toEqual([3, 4]);
        expect(runAgg(having('max', '>=', 4))).toEqual([1, 4]);
        expect(runAgg(having('max', '!=', 999))).toEqual([1, 3, 4]);
        expect(runAgg({ agg: 'min', column: 'score', low: -1, high: 2 })).toEqual([1, 3, 4]);
    });

    it('an aggregate of NaN follows PostgreSQL float8 order (NaN above everything)', () => {
        const nan = [{ timestamp: 1, contact_id: uid(1), score: NaN }, { timestamp: 1, contact_id: uid(1), score: 5 }, { timestamp: 1, contact_id: uid(2), score: 5 }];
        const h = (agg: Having['agg']) => run(opened({ kind: 'all' }, { agg, column: 'score', op: '>', value: 1e300 }), nan);
        expect(h('max')).toEqual([1]);
        expect(h('min')).toEqual([]);
        expect(h('sum')).toEqual([1]);
        expect(h('avg')).toEqual([1]);
    });
});

describe('conditions that admit zero', () => {
    it('count = 0 keeps contacts without matching rows, wherever their rows are', () => {
        const rows = [
            { timestamp: AS_OF - 1000, contact_id: uid(1) },
            { timestamp: AS_OF - 400 * 86_400_000, contact_id: uid(2) }, // outside the window
            { timestamp: AS_OF + 1000, contact_id: uid(3) }, // after asOf
            { timestamp: AS_OF - 1000, contact_id: uid(42) }, // not a contact
        ];
        const w: Window = { kind: 'rolling', amount: 90, unit: 'day' };
        expect(run(opened(w, { agg: 'count', op: '=', value: 0 }, true), rows)).toEqual([2, 3, 4, 5]);
        expect(run(opened(w, { agg: 'count', op: '<', value: 2 }, true), rows)).toEqual([1, 2, 3, 4, 5]);
        expect(run(opened(w, { agg: 'count', op: '!=', value: 1 }, true), rows)).toEqual([2, 3, 4, 5]);
    });

    it('rows failing `where` do not match', () => {
        const rows = [{ timestamp: 1, contact_id: uid(1), score: 1 }, { timestamp: 1, contact_id: uid(2), score: 7 }];
        const where = { op: 'cmp', cmp: '>', column: col('score', 'integer'), value: { type: 'integer', value: 5 } };
        expect(run(opened({ kind: 'all' }, { agg: 'count', op: '=', value: 0 }, true, { where }), rows, { n: 3 })).toEqual([1, 3]);
    });

    it('sum <= N keeps contacts without rows, and those with only nulls', () => {
        const rows = [{ timestamp: 1, contact_id: uid(1), score: 9 }, { timestamp: 1, contact_id: uid(2), score: null }, { timestamp: 1, contact_id: uid(3), score: 3 }];
        expect(run(opened({ kind: 'all' }, { agg: 'sum', column: 'score', op: '<=', value: 5 }, true), rows, { n: 4 })).toEqual([2, 3, 4]);
    });
});

describe('relations', () => {
    const leads = table([
        { leadid: uid(201), parentcontactid: uid(1) },
        { leadid: uid(202), parentcontactid: null },
        { leadid: uid(203), parentcontactid: uid(999) },
        { leadid: uid(204), parentcontactid: uid(2) },
    ]);
    const viaLead = (having: Having = { agg: 'count', op: '>=', value: 1 }, admitsZero = false) => ({
        ...opened({ kind: 'all' }, having, admitsZero),
        relation: { name: 'lead', column: 'lead_id', steps: [{ table: 'lead', key: 'leadid', column: 'parentcontactid' }] },
    });
    const rows = [
        { timestamp: 1, lead_id: uid(201) }, { timestamp: 1, lead_id: uid(201) },
        { timestamp: 1, lead_id: uid(202) }, // lead without contact
        { timestamp: 1, lead_id: uid(203) }, // lead's contact does not exist
        { timestamp: 1, lead_id: uid(299) }, // no such lead
        { timestamp: 1, lead_id: null },
        { timestamp: 1, lead_id: uid(204) },
    ];

    it('follows lookups to the audience; null and dangling steps reach no one', () => {
        expect(run(viaLead(), rows, { n: 3, more: { lead: leads } })).toEqual([1, 2]);
        expect(run(viaLead({ agg: 'count', op: '>=', value: 2 }), rows, { n: 3, more: { lead: leads } })).toEqual([1]);
        expect(run(viaLead({ agg: 'count', op: '=', value: 0 }, true), rows, { n: 3, more: { lead: leads } })).toEqual([3]);
    });

    it('a contact_id that is no contact selects no one', () => {
        const direct = [{ timestamp: 1, contact_id: uid(7) }, { timestamp: 1, contact_id: null }, { timestamp: 1, contact_id: uid(2) }];
        expect(run(opened({ kind: 'all' }), direct, { n: 3 })).toEqual([2]);
    });

    it('two nodes on the same relation share the row → contact mapping and still agree', () => {
        const p = plan([viaLead(), viaLead({ agg: 'count', op: '=', value: 0 }, true), { kind: 'union', left: 0, right: 1 }], { A: 0, Z: 1, U: 2 });
        const r = execute(p, { contact: contacts(3), opened: table(rows), lead: leads }, { asOf: AS_OF });
        expect(r.get('A')).toEqual([uid(1), uid(2)]);
        expect(r.get('Z')).toEqual([uid(3)]);
        expect(r.get('U')).toEqual([uid(1), uid(2), uid(3)]);
    });
});

describe('the audience', () => {
    it('has each non-null key once, sorted by code point', () => {
        const keys = ['b', 'a', null, '\u{1F600}', '\uFFFD', 'a'];
        const tables: Tables = { contact: table(keys.map(contactid => ({ contactid }))) };
        const r = execute(plan([profileNode()], { All: 0 }), tables, { asOf: AS_OF });
        expect(r.get('All')).toEqual(['a', 'b', '\uFFFD', '\u{1F600}']);
    });

    it('a repeated key is in when any of its rows satisfies a profile condition', () => {
        const tables: Tables = { contact: table([{ contactid: uid(1), x: 1 }, { contactid: uid(1), x: 2 }, { contactid: uid(2), x: 1 }]) };
        const where = { op: 'cmp' as const, cmp: '=' as const, column: col('x', 'integer'), value: { type: 'integer' as const, value: 2 } };
        expect(execute(plan([profileNode(where)], { S: 0 }), tables, { asOf: AS_OF }).get('S')).toEqual([uid(1)]);
    });
});

describe('set algebra and shared nodes', () => {
    const tables = (): Tables => ({
        contact: contacts(6, i => ({ donotemail: i % 2 === 0, address1_city: i <= 3 ? 'Seattle' : 'Tacoma' })),
        email_opened: table([
            { timestamp: AS_OF - 1000, contact_id: uid(1) }, { timestamp: AS_OF - 1000, contact_id: uid(2) },
            { timestamp: AS_OF - 1000, contact_id: uid(4) }, { timestamp: AS_OF - 100 * 86_400_000, contact_id: uid(5) },
        ], ['timestamp', 'contact_id']),
    });

    it('union, intersect and except; shared segments computed once', async () => {
        const p = await planOf(`
            segment Opened = interaction EmailOpened within 30 days
            segment NoEmail = profile contact where donotemail
            segment Seattle = profile contact where address1_city = "seattle"
            segment Either = Opened union NoEmail
            segment Both = Opened intersect NoEmail
            segment OpenedNotSeattle = Opened except Seattle
            segment Nested = (Opened union Seattle) except (NoEmail intersect Seattle)
            segment Silent = interaction EmailOpened having count = 0 within 30 days
        `);
        const evaluations = new Map<number, number>();
        const r = execute(p, tables(), { asOf: AS_OF, onNode: node => evaluations.set(node.id, (evaluations.get(node.id) ?? 0) + 1) });
        const ids = (name: string) => r.get(name)!.map(k => Number(k.slice(-12)));
        expect(ids('Opened')).toEqual([1, 2, 4]);
        expect(ids('NoEmail')).toEqual([2, 4, 6]);
        expect(ids('Seattle')).toEqual([1, 2, 3]);
        expect(ids('Either')).toEqual([1, 2, 4, 6]);
        expect(ids('Both')).toEqual([2, 4]);
        expect(ids('OpenedNotSeattle')).toEqual([4]);
        expect(ids('Nested')).toEqual([1, 3, 4]);
        expect(ids('Silent')).toEqual([3, 5, 6]);
        // Every node once, though Opened is used by four segments.
        expect([...evaluations.keys()].sort((a, b) => a - b)).toEqual(p.nodes.map(n => n.id));
        expect([...evaluations.values()].every(n => n === 1)).toBe(true);
        const opened = p.segments.find(s => s.name === 'Opened')!.node;
        expect(p.nodes[opened].refCount).toBeGreaterThan(1);
    });

    it('evaluates only what the requested segments need', async () => {
        const p = await planOf(`
            segment Opened = interaction EmailOpened within 30 days
            segment NoEmail = profile contact where donotemail
            segment Both = Opened intersect NoEmail
        `);
        const seen: PlanNode[] = [];
        const r = execute(p, tables(), { asOf: new Date(AS_OF), segments: ['Opened'], onNode: n => seen.push(n) });
        expect([...r.keys()]).toEqual(['Opened']);
        expect(seen.map(n => n.kind)).toEqual(['interaction']);
        const both = p.segments.find(s => s.name === 'Both')!.node;
        expect(executeNode(p, both, tables(), { asOf: AS_OF })).toEqual(new Set([uid(2), uid(4)]));
        expect(() => execute(p, tables(), { asOf: AS_OF, segments: ['Nope'] })).toThrow(ExecError);
    });

    it('refuses a plan whose nodes are out of order', () => {
        const p = plan([{ kind: 'union', left: 1, right: 1 }, profileNode()], { S: 0 });
        expect(() => execute(p, tables(), { asOf: AS_OF })).toThrow(/topologically/);
    });
});

describe('plans from source', () => {
    it('runs the contract\'s examples', async () => {
        const journey = '5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a';
        const p = await planOf(`
            segment WelcomeOpeners =
              interaction EmailOpened having count >= 3 within 14 days
                where customerJourneyId = "${journey.toUpperCase()}"
            segment SeattleDecisionMakers =
              profile contact
                where address1_city = "Seattle" and jobtitle contains "director" and parentcustomerid.numberofemployees >= 500
            segment NoRecentOpens = interaction EmailOpened having count = 0 within 90 days
            segment Target = SeattleDecisionMakers intersect WelcomeOpeners
        `, { timeZone: 'Europe/Amsterdam' });
        const day = 86_400_000;
        const opens = (contact: number, n: number, age: number, cj = journey) =>
            Array.from({ length: n }, (_, i) => ({ timestamp: AS_OF - age - i * 1000, contact_id: uid(contact), customer_journey_id: cj }));
        const tables: Tables = {
            contact: contacts(5, i => ({
                address1_city: i <= 3 ? 'SEATTLE' : 'Paris', jobtitle: ['Director of Sales', 'Sales Director', 'Engineer', 'Director', 'Director'][i - 1],
                parentcustomerid: i === 2 ? uid(102) : uid(101),
            })),
            account: table([{ accountid: uid(101), numberofemployees: 1000 }, { accountid: uid(102), numberofemployees: 20 }]),
            email_opened: table([
                ...opens(1, 3, day), ...opens(2, 3, 13 * day), ...opens(3, 2, day), ...opens(3, 5, 20 * day),
                ...opens(4, 3, day, uid(7)), ...opens(5, 1, 100 * day),
            ]),
        };
        const r = execute(p, tables, { asOf: AS_OF });
        const ids = (name: string) => r.get(name)!.map(k => Number(k.slice(-12)));
        expect(ids('WelcomeOpeners')).toEqual([1, 2]);
        expect(ids('SeattleDecisionMakers')).toEqual([1]);
        expect(ids('NoRecentOpens')).toEqual([5]);
        expect(ids('Target')).toEqual([1]);
    });

    it('names missing data', async () => {
        const p = await planOf('segment S = interaction EmailOpened within 3 days');
        expect(() => execute(p, { contact: contacts(1) }, { asOf: AS_OF })).toThrow(/No data for table 'email_opened'/);
        expect(() => execute(p, { contact: contacts(1) }, { asOf: NaN })).toThrow(ExecError);
        expect(() => execute({ ...p, timeZone: 'Nowhere/Land' }, { contact: contacts(1) }, { asOf: AS_OF })).toThrow(/Unknown time zone/);
    });
});
