// Conditions: SQL three-valued logic and every operator, as PostgreSQL
// evaluates them (case-insensitive strings, code point order, NaN, lookups).
import { describe, expect, it } from 'vitest';
import { compileCond, FALSE, TRUE, UNKNOWN, type Truth } from '../../../compiler/exec/conditions.js';
import { ExecContext } from '../../../compiler/exec/context.js';
import type { Cell } from '../../../compiler/exec/tables.js';
import type { CmpOp, Cond, Literal } from '../../../compiler/plan/plan.js';
import { ExecError } from '../../../compiler/calendar/time-zone.js';
import { col, table, uid, type Tables } from './support.js';

const T = TRUE, F = FALSE, U = UNKNOWN;
const AS_OF = Date.parse('2026-06-15T12:00:00Z');

/** The truth of `cond` for each row of a one-table audience `contact` with these cells. */
function truths(cond: Cond, rows: Array<Record<string, Cell>>, more: Tables = {}, timeZone = 'UTC'): Truth[] {
    const tables: Tables = { contact: table(rows.map((r, i) => ({ contactid: uid(i + 1), ...r }))), ...more };
    const ctx = new ExecContext(tables, { table: 'contact', key: 'contactid' }, { asOf: AS_OF, timeZone });
    const test = compileCond(cond, 'contact', ctx);
    return rows.map((_, i) => test(i));
}

/** The truth of `column op value` for each cell (`type` is the column's and literal's type). */
function cmp(op: CmpOp, value: Literal, cells: Cell[]): Truth[] {
    const type = value.type === 'datetime' ? 'datetime' : value.type;
    return truths({ op: 'cmp', cmp: op, column: col('x', type), value }, cells.map(x => ({ x })));
}

const str = (value: string): Literal => ({ type: 'string', value });
const int = (value: number): Literal => ({ type: 'integer', value });
const num = (value: number): Literal => ({ type: 'number', value });
const isTrue = (column: string): Cond => ({ op: 'true', column: col(column, 'boolean') });

describe('three-valued logic', () => {
    const values = [true, false, null];
    const rows = values.flatMap(a => values.map(b => ({ a, b })));
    const truth = (v: boolean | null): Truth => (v === null ? U : v ? T : F);

    it('and, or and not follow Kleene logic', () => {
        const and = truths({ op: 'and', args: [isTrue('a'), isTrue('b')] }, rows);
        const or = truths({ op: 'or', args: [isTrue('a'), isTrue('b')] }, rows);
        const not = truths({ op: 'not', arg: isTrue('a') }, rows);
        //                  a:  T T T  F F F  U U U     b: T F U each
        expect(and).toEqual([T, F, U, F, F, F, U, F, U]);
        expect(or).toEqual([T, T, T, T, F, U, T, U, U]);
        expect(not).toEqual(rows.map(r => truth(r.a === null ? null : !r.a)));
    });

    it('and/or of several arguments, and of none', () => {
        const three = (op: 'and' | 'or') => truths({ op, args: [isTrue('a'), isTrue('b'), isTrue('c')] },
            [{ a: true, b: null, c: true }, { a: true, b: null, c: false }, { a: false, b: null, c: false }, { a: true, b: true, c: true }]);
        expect(three('and')).toEqual([U, F, F, T]);
        expect(three('or')).toEqual([T, T, U, T]);
        expect(truths({ op: 'and', args: [] }, [{}])).toEqual([T]);
        expect(truths({ op: 'or', args: [] }, [{}])).toEqual([F]);
    });

    it('not unknown is unknown, so `not (x != 1)` drops nulls too', () => {
        const ne: Cond = { op: 'cmp', cmp: '!=', column: col('x', 'integer'), value: int(1) };
        expect(truths(ne, [{ x: 1 }, { x: 2 }, { x: null }])).toEqual([F, T, U]);
        expect(truths({ op: 'not', arg: ne }, [{ x: 1 }, { x: 2 }, { x: null }])).toEqual([T, F, U]);
    });
});

describe('comparisons', () => {
    it('numbers, with null unknown', () => {
        const cells = [1, 2, 3, null];
        expect(cmp('=', int(2), cells)).toEqual([F, T, F, U]);
        expect(cmp('!=', int(2), cells)).toEqual([T, F, T, U]);
        expect(cmp('<', int(2), cells)).toEqual([T, F, F, U]);
        expect(cmp('<=', int(2), cells)).toEqual([T, T, F, U]);
        expect(cmp('>', int(2), cells)).toEqual([F, F, T, U]);
        expect(cmp('>=', int(2), cells)).toEqual([F, T, T, U]);
        expect(cmp('>', num(2.5), [2, 3, -0])).toEqual([F, T, F]);
        expect(cmp('=', num(0), [-0])).toEqual([T]);
    });

    it('NaN like PostgreSQL float8: equal to itself, above everything', () => {
        const cells = [NaN, Infinity];
        expect(cmp('>', num(1e308), cells)).toEqual([T, T]);
        expect(cmp('<', num(1), cells)).toEqual([F, F]);
        expect(cmp('=', num(1), cells)).toEqual([F, F]);
        expect(cmp('!=', num(1), cells)).toEqual([T, T]);
        expect(truths({ op: 'between', column: col('x', 'number'), low: num(0), high: num(Number.MAX_VALUE) }, [{ x: NaN }])).toEqual([F]);
    });

    it('strings are case-insensitive (PostgreSQL lower(), simple case mapping)', () => {
        expect(cmp('=', str('seattle'), ['Seattle', 'SEATTLE', 'Seattle ', null])).toEqual([T, T, F, U]);
        expect(cmp('!=', str('SEATTLE'), ['seattle', 'Tacoma', null])).toEqual([F, T, U]);
        // 'İ' lowers to plain 'i'; 'Σ' to 'σ' everywhere, never the final 'ς'.
        expect(cmp('=', str('istanbul'), ['İSTANBUL', 'ISTANBUL'])).toEqual([T, T]);
        expect(cmp('=', str('ΟΔΟΣ'), ['οδοσ', 'οδος', 'ΟΔΟΣ'])).toEqual([T, F, T]);
        expect(cmp('=', str('straße'), ['STRASSE', 'STRAßE'])).toEqual([F, T]);
    });

    it('orders lowered strings by code point', () => {
        expect(cmp('<', str('B'), ['a', 'C', 'b', 'Ä'])).toEqual([T, F, F, F]);
        // U+1F600 (a surrogate pair in UTF-16) is above U+FFFD by code point.
        expect(cmp('>', str('\uFFFD'), ['\u{1F600}', '\uE000', 'z'])).toEqual([T, F, F]);
        expect(cmp('<=', str('abc'), ['ab', 'abc', 'abcd', 'ABC'])).toEqual([T, T, F, T]);
    });

    it('uuids, dates, booleans and datetimes', () => {
        expect(cmp('=', { type: 'uuid', value: uid(1) }, [uid(1), uid(2), null])).toEqual([T, F, U]);
        expect(cmp('<', { type: 'date', value: '2026-01-10' }, ['2025-12-31', '2026-01-10', '2026-02-01'])).toEqual([T, F, F]);
        expect(cmp('<', { type: 'boolean', value: true }, [false, true, null])).toEqual([T, F, U]);
        expect(cmp('=', { type: 'boolean', value: false }, [false, true])).toEqual([T, F]);
        const at = Date.parse('2026-01-01T00:00:00Z');
        expect(cmp('>=', { type: 'datetime', value: { kind: 'utc', value: '2026-01-01T00:00:00.000Z' } }, [at - 1, at, at + 1, null])).toEqual([F, T, T, U]);
    });

    it('reads local datetime literals in the time zone', () => {
        const cond: Cond = { op: 'cmp', cmp: '>=', column: col('x', 'datetime'), value: { type: 'datetime', value: { kind: 'local', value: '2026-01-01T00:00:00' } } };
        const midnightAms = Date.parse('2025-12-31T23:00:00Z');
        expect(truths(cond, [{ x: midnightAms - 1 }, { x: midnightAms }], {}, 'Europe/Amsterdam')).toEqual([F, T]);
        expect(truths(cond, [{ x: midnightAms }], {}, 'UTC')).toEqual([F]);
    });

    it('refuses a literal of another type than the column', () => {
        expect(() => truths({ op: 'cmp', cmp: '=', column: col('x', 'date'), value: str('2026-01-01') }, [{ x: null }])).toThrow(ExecError);
    });
});

describe('in, text tests, null tests, between, bare booleans', () => {
    const inCond = (negated: boolean, values: Literal[], type: 'string' | 'integer' = 'string'): Cond =>
        ({ op: 'in', negated, column: col('x', type), values });

    it('in: equal to some value (case-insensitive for strings), null unknown; not in is its negation', () => {
        const rows = [{ x: 'Email' }, { x: 'PHONE' }, { x: 'fax' }, { x: null }];
        expect(truths(inCond(false, [str('email'), str('Phone')]), rows)).toEqual([T, T, F, U]);
        expect(truths(inCond(true, [str('email'), str('Phone')]), rows)).toEqual([F, F, T, U]);
        expect(truths(inCond(false, [int(1), int(3)], 'integer'), [{ x: 1 }, { x: 2 }, { x: null }])).toEqual([T, F, U]);
    });

    it('in []: false even for null (PostgreSQL `x = ANY(\'{}\')`); not in []: true', () => {
        expect(truths(inCond(false, []), [{ x: 'a' }, { x: null }])).toEqual([F, F]);
        expect(truths(inCond(true, []), [{ x: 'a' }, { x: null }])).toEqual([T, T]);
    });

    const text = (mode: 'contains' | 'starts' | 'ends', value: string, negated = false): Cond =>
        ({ op: 'text', mode, negated, column: col('x', 'string'), value });

    it('contains, starts with, ends with: substrings of the lowered text, null unknown', () => {
        const rows = [{ x: 'Marketing Director' }, { x: 'DIRECTOR of sales' }, { x: 'Engineer' }, { x: null }];
        expect(truths(text('contains', 'director'), rows)).toEqual([T, T, F, U]);
        expect(truths(text('starts', 'Director'), rows)).toEqual([F, T, F, U]);
        expect(truths(text('ends', 'DIRECTOR'), rows)).toEqual([T, F, F, U]);
        expect(truths(text('contains', 'director', true), rows)).toEqual([F, F, T, U]);
        expect(truths(text('contains', ''), rows)).toEqual([T, T, T, U]);
    });

    it('pattern characters are literal', () => {
        const rows = [{ x: '100% sure' }, { x: '100 sure' }, { x: 'a_b' }, { x: 'axb' }, { x: 'C:\\dir' }];
        expect(truths(text('contains', '%'), rows)).toEqual([T, F, F, F, F]);
        expect(truths(text('contains', 'a_b'), rows)).toEqual([F, F, T, F, F]);
        expect(truths(text('ends', '\\DIR'), rows)).toEqual([F, F, F, F, T]);
    });

    it('is null and is not null are never unknown', () => {
        const rows = [{ x: 0 }, { x: '' }, { x: false }, { x: null }];
        expect(truths({ op: 'null', negated: false, column: col('x', 'string') }, rows)).toEqual([F, F, F, T]);
        expect(truths({ op: 'null', negated: true, column: col('x', 'string') }, rows)).toEqual([T, T, T, F]);
    });

    it('between is inclusive at both ends; a reversed range is empty', () => {
        const between = (low: number, high: number): Cond => ({ op: 'between', column: col('x', 'integer'), low: int(low), high: int(high) });
        const rows = [{ x: 1 }, { x: 2 }, { x: 5 }, { x: 6 }, { x: null }];
        expect(truths(between(2, 5), rows)).toEqual([F, T, T, F, U]);
        expect(truths(between(5, 2), rows)).toEqual([F, F, F, F, U]);
        const strings: Cond = { op: 'between', column: col('x', 'string'), low: str('B'), high: str('d') };
        expect(truths(strings, [{ x: 'a' }, { x: 'b' }, { x: 'Cz' }, { x: 'D' }, { x: 'da' }])).toEqual([F, T, T, T, F]);
        const dates: Cond = { op: 'between', column: col('x', 'date'), low: { type: 'date', value: '2026-01-01' }, high: { type: 'date', value: '2026-01-31' } };
        expect(truths(dates, [{ x: '2025-12-31' }, { x: '2026-01-01' }, { x: '2026-01-31' }, { x: '2026-02-01' }])).toEqual([F, T, T, F]);
    });

    it('a boolean column alone means = true', () => {
        expect(truths(isTrue('x'), [{ x: true }, { x: false }, { x: null }])).toEqual([T, F, U]);
    });
});

describe('within', () => {
    const within = (type: 'date' | 'datetime', amount: number, unit: 'minute' | 'hour' | 'day' | 'month'): Cond =>
        ({ op: 'within', column: col('x', type), amount, unit });

    it('a datetime in (asOf − N unit, asOf]', () => {
        const low = Date.parse('2026-06-08T12:00:00Z');
        expect(truths(within('datetime', 7, 'day'), [low, low + 1, AS_OF, AS_OF + 1, null].map(x => ({ x }))))
            .toEqual([F, T, T, F, U]);
        const lowMonth = Date.parse('2026-05-15T12:00:00Z');
        expect(truths(within('datetime', 1, 'month'), [lowMonth, lowMonth + 1].map(x => ({ x })))).toEqual([F, T]);
    });

    it('calendar units in the zone, hours exact', () => {
        // As of 2026-03-30 12:00Z (14:00 CEST): 2 days back is 2026-03-28 14:00 CET = 13:00Z.
        const asOf = Date.parse('2026-03-30T12:00:00Z');
        const tables = { contact: table([{ contactid: uid(1), x: Date.parse('2026-03-28T13:00:00Z') }, { contactid: uid(2), x: Date.parse('2026-03-28T13:00:00.001Z') }]) };
        const run = (cond: Cond) => {
            const ctx = new ExecContext(tables, { table: 'contact', key: 'contactid' }, { asOf, timeZone: 'Europe/Amsterdam' });
            const test = compileCond(cond, 'contact', ctx);
            return [test(0), test(1)];
        };
        expect(run(within('datetime', 2, 'day'))).toEqual([F, T]);
        expect(run(within('datetime', 47, 'hour'))).toEqual([F, T]);
    });

    it('a date against the as-of date in the zone', () => {
        // As of 2026-06-15 12:00Z: the date is 2026-06-15 in UTC; within 2 days keeps 06-14 and 06-15.
        const rows = ['2026-06-13', '2026-06-14', '2026-06-15', '2026-06-16', null].map(x => ({ x }));
        expect(truths(within('date', 2, 'day'), rows)).toEqual([F, T, T, F, U]);
        // Hours count back from the as-of date's midnight: within 24 hours is that day only, 25 hours the day before too.
        expect(truths(within('date', 24, 'hour'), rows)).toEqual([F, F, T, F, U]);
        expect(truths(within('date', 25, 'hour'), rows)).toEqual([F, T, T, F, U]);
        expect(truths(within('date', 1, 'minute'), rows)).toEqual([F, F, T, F, U]);
        // In Pacific/Kiritimati (UTC+14) it is already 2026-06-16.
        expect(truths(within('date', 1, 'day'), rows, {}, 'Pacific/Kiritimati')).toEqual([F, F, F, T, U]);
    });

    it('a date within months clamps like PostgreSQL date − interval', () => {
        const asOf = Date.parse('2026-03-31T10:00:00Z');
        const tables = { contact: table(['2026-02-28', '2026-03-01', '2026-03-31', '2026-04-01'].map((x, i) => ({ contactid: uid(i + 1), x }))) };
        const ctx = new ExecContext(tables, { table: 'contact', key: 'contactid' }, { asOf, timeZone: 'UTC' });
        const test = compileCond(within('date', 1, 'month'), 'contact', ctx);
        // 2026-03-31 − 1 month = 2026-02-28: dates after it, up to the as-of date.
        expect([0, 1, 2, 3].map(test)).toEqual([F, T, T, F]);
    });

    it('refuses other column types', () => {
        expect(() => truths({ op: 'within', column: col('x', 'integer'), amount: 1, unit: 'day' }, [{ x: 1 }])).toThrow(ExecError);
    });
});

describe('lookups and exists', () => {
    const account = (n: number, employees: number | null) => ({ accountid: uid(100 + n), numberofemployees: employees, parentaccountid: null as Cell });
    const accounts = table([account(1, 600), account(2, 10), { ...account(3, null), parentaccountid: uid(101) }]);
    const employees = (path = [{ table: 'account', key: 'accountid', column: 'parentcustomerid' }]): Cond =>
        ({ op: 'cmp', cmp: '>=', column: col('numberofemployees', 'integer', path), value: int(500) });

    it('a null or dangling lookup reads null: the test is unknown, `is null` true', () => {
        const rows = [{ parentcustomerid: uid(101) }, { parentcustomerid: uid(102) }, { parentcustomerid: uid(103) }, { parentcustomerid: null }, { parentcustomerid: uid(999) }];
        expect(truths(employees(), rows, { account: accounts })).toEqual([T, F, U, U, U]);
        const isNull: Cond = { op: 'null', negated: false, column: col('numberofemployees', 'integer', [{ table: 'account', key: 'accountid', column: 'parentcustomerid' }]) };
        expect(truths(isNull, rows, { account: accounts })).toEqual([F, F, T, T, T]);
    });

    it('follows several lookups', () => {
        const path = [{ table: 'account', key: 'accountid', column: 'parentcustomerid' }, { table: 'account', key: 'accountid', column: 'parentaccountid' }];
        const rows = [{ parentcustomerid: uid(103) }, { parentcustomerid: uid(101) }, { parentcustomerid: uid(999) }];
        expect(truths(employees(path), rows, { account: accounts })).toEqual([T, U, U]);
    });

    it('exists: some related row satisfies the condition; never unknown', () => {
        const leads = table([
            { leadid: uid(201), parentcontactid: uid(1), leadqualitycode: 1 },
            { leadid: uid(202), parentcontactid: uid(2), leadqualitycode: 3 },
            { leadid: uid(203), parentcontactid: uid(2), leadqualitycode: null },
            { leadid: uid(204), parentcontactid: null, leadqualitycode: 1 },
            { leadid: uid(205), parentcontactid: uid(999), leadqualitycode: 1 },
        ]);
        const rows = [{}, {}, {}];
        const exists = (where?: Cond): Cond => ({ op: 'exists', table: 'lead', via: 'parentcontactid', outerKey: 'contactid', ...(where ? { where } : {}) });
        const hot: Cond = { op: 'cmp', cmp: '=', column: col('leadqualitycode', 'integer'), value: int(1) };
        expect(truths(exists(), rows, { lead: leads })).toEqual([T, T, F]);
        expect(truths(exists(hot), rows, { lead: leads })).toEqual([T, F, F]);
        expect(truths({ op: 'not', arg: exists(hot) }, rows, { lead: leads })).toEqual([F, T, T]);
        // An unknown inner condition does not count: contact 2's leads are cold or unknown.
        expect(truths(exists({ op: 'not', arg: hot }), rows, { lead: leads })).toEqual([F, T, F]);
        expect(truths(exists({ op: 'null', negated: false, column: col('leadqualitycode', 'integer') }), rows, { lead: leads })).toEqual([F, T, F]);
    });

    it('exists from a row with a null key is false', () => {
        const ctxTables: Tables = {
            contact: table([{ contactid: uid(1) }]),
            account: table([{ accountid: uid(101), primarycontactid: uid(1) }, { accountid: null, primarycontactid: null }]),
            lead: table([{ leadid: uid(201), parentaccountid: uid(101) }]),
        };
        const ctx = new ExecContext(ctxTables, { table: 'contact', key: 'contactid' }, { asOf: AS_OF, timeZone: 'UTC' });
        const test = compileCond({ op: 'exists', table: 'lead', via: 'parentaccountid', outerKey: 'accountid' }, 'account', ctx);
        expect([test(0), test(1)]).toEqual([T, F]);
    });

    it('names a missing table or column', () => {
        expect(() => truths(employees(), [{ parentcustomerid: null }])).toThrow(/No data for table 'account'/);
        expect(() => truths(isTrue('nope'), [{}])).toThrow(/column 'nope' of table 'contact'/);
    });
});
