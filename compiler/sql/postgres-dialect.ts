// PostgreSQL (12 and later; PGlite): the dialect the contract's semantics are
// written in.
import type { CalendarUnit } from '../plan/plan.js';
import type { Dialect, ParamValue } from './dialect.js';
import {
    alias, arithmetic, atTimeZone, call, cast, collate, compare, constant, epoch, ident, mapArray, monthStart, named, type SqlExpr, type SqlType,
} from './sql-ast.js';
import { SqlError } from './sql-error.js';

/** make_interval's argument for each unit (weeks are 7 days, years 12 months). */
const INTERVAL_ARG: Record<CalendarUnit, string> = {
    minute: 'mins', hour: 'hours', day: 'days', week: 'weeks', month: 'months', year: 'years',
};

/** make_interval takes int4 arguments. */
const MAX_AMOUNT = 2_147_483_647;

export const postgresDialect: Dialect = {
    name: 'postgres',

    quoteIdentifier(name: string): string {
        if (name.length === 0) throw new SqlError('An empty name cannot be an SQL identifier.');
        if (name.includes('\u0000')) throw new SqlError(`The name ${JSON.stringify(name)} contains a NUL character, which PostgreSQL names cannot hold.`);
        return `"${name.replace(/"/g, '""')}"`;
    },

    placeholder: index => `$${index}`,

    cast: (operand, type) => `${operand}::${type}`,

    constant(value: number | boolean): string {
        if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
        if (!Number.isSafeInteger(value) || value < 0) throw new Error(`Internal error: constant ${value} is not a non-negative integer.`);
        return String(value);
    },

    inlineLiteral(value: ParamValue, type: SqlType): string {
        if (value === null) return 'NULL';
        if (typeof value === 'object') {
            // ARRAY[…] of the elements' own literals (the placeholder's cast follows, so '{}' needs no type).
            const element = type.replace(/\[\]$/, '') as SqlType;
            return value.length ? `ARRAY[${value.map(v => postgresDialect.inlineLiteral(v, element)).join(', ')}]` : `'{}'`;
        }
        if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
        if (typeof value === 'number') {
            if (!Number.isFinite(value)) throw new SqlError(`The number ${value} has no SQL literal.`);
            if (type === 'bigint' && !Number.isSafeInteger(value)) throw new SqlError(`The ${type} value ${value} is not an integer.`);
            // Negative numbers in parentheses: `-4::bigint` would cast before negating.
            return value < 0 || Object.is(value, -0) ? `(${String(value)})` : String(value);
        }
        return quoteString(value);
    },

    replacePlaceholders,

    materializedCtes: true,

    lower: expr => call('lower', expr),

    lowerEach: array => mapArray(array, alias('v'), v => call('lower', v)),

    // The "C" collation compares UTF-8 bytes, and UTF-8 byte order is code point order.
    codePointOrder: expr => collate(expr, ident('C')),

    textTest(mode, haystack, needle): SqlExpr {
        switch (mode) {
            case 'contains': return compare('>', call('strpos', haystack, needle), constant(0));
            case 'starts': return call('starts_with', haystack, needle);
            case 'ends': return compare('=', call('right', haystack, call('length', needle)), needle);
        }
    },

    instantMinus(instant, zone, amount, unit): SqlExpr {
        if (unit === 'minute' || unit === 'hour') return arithmetic('-', instant, makeInterval(amount, unit));
        return atTimeZone(postgresDialect.wallMinus(atTimeZone(instant, zone), amount, unit), zone);
    },

    // (An interval of a second divided: constants are whole numbers.)
    instantPlusMillis: (instant, ms) => arithmetic('+', instant, arithmetic('/', arithmetic('*', call('make_interval', named('secs', constant(1))), constant(ms)), constant(1000))),

    instantPlus(instant, zone, amount, unit): SqlExpr {
        if (unit === 'minute' || unit === 'hour') return arithmetic('+', instant, makeInterval(amount, unit));
        return atTimeZone(postgresDialect.wallPlus(atTimeZone(instant, zone), amount, unit), zone);
    },

    toWall: (instant, zone) => atTimeZone(instant, zone),

    wallMinus: (wall, amount, unit) => arithmetic('-', wall, makeInterval(amount, unit)),

    wallPlus: (wall, amount, unit) => arithmetic('+', wall, makeInterval(amount, unit)),

    monthStart: wall => monthStart(wall),

    interval: (amount, unit) => makeInterval(amount, unit),

    minutes: count => call('make_interval', named('mins', count)),

    // EXTRACT(EPOCH FROM timestamptz) is numeric since PostgreSQL 14 (double before): exact whole minutes either way.
    floorMinute: instant => call('to_timestamp', arithmetic('*', call('floor', arithmetic('/', epoch(instant), constant(60))), constant(60))),

    // An interval with a days part would be added as calendar days in the session's time zone: add its seconds instead.
    plusElapsed: (instant, interval) => arithmetic('+', instant, call('make_interval', named('secs', epoch(interval)))),

    wallToInstant: (wall, zone) => atTimeZone(wall, zone),

    localDate: (instant, zone) => cast(atTimeZone(instant, zone), 'date'),

    // date − interval is a timestamp (without time zone): the date's midnight minus the interval.
    dateMinus: (date, amount, unit) => arithmetic('-', date, makeInterval(amount, unit)),
};

function makeInterval(amount: number, unit: CalendarUnit): SqlExpr {
    if (!Number.isSafeInteger(amount) || amount < 0 || amount > MAX_AMOUNT) {
        throw new SqlError(`A duration of ${amount} ${unit}s is out of range: it must be a whole number from 0 to ${MAX_AMOUNT}.`);
    }
    const arg = INTERVAL_ARG[unit];
    if (!arg) throw new SqlError(`Unknown time unit '${String(unit)}'.`);
    return call('make_interval', named(arg, constant(amount)));
}

/**
 * A string literal in the standard-conforming form: quotes doubled,
 * backslashes literal (standard_conforming_strings is on by default since
 * PostgreSQL 9.1). PostgreSQL text cannot hold NUL, so it has no literal.
 */
function quoteString(value: string): string {
    if (value.includes('\u0000')) throw new SqlError('A string containing a NUL character (U+0000) cannot be used in PostgreSQL.');
    return `'${value.replace(/'/g, "''")}'`;
}

/**
 * `$n` outside quoted identifiers, string literals and comments. The printer
 * emits no string literal but date_trunc's 'month', and no dollar quotes;
 * skipping them anyway keeps this correct for any text.
 */
function replacePlaceholders(text: string, replace: (index: number) => string): string {
    let out = '';
    let i = 0;
    while (i < text.length) {
        const ch = text[i];
        if (ch === '"' || ch === "'") {
            let j = i + 1;
            for (;;) {
                const k = text.indexOf(ch, j);
                if (k < 0) { j = text.length; break; }
                if (text[k + 1] === ch) { j = k + 2; continue; }
                j = k + 1;
                break;
            }
            out += text.slice(i, j);
            i = j;
        } else if (ch === '-' && text[i + 1] === '-') {
            const k = text.indexOf('\n', i);
            const j = k < 0 ? text.length : k;
            out += text.slice(i, j);
            i = j;
        } else if (ch === '/' && text[i + 1] === '*') {
            const k = text.indexOf('*/', i + 2);
            const j = k < 0 ? text.length : k + 2;
            out += text.slice(i, j);
            i = j;
        } else if (ch === '$' && /[0-9]/.test(text[i + 1] ?? '')) {
            let j = i + 1;
            while (j < text.length && /[0-9]/.test(text[j])) j++;
            out += replace(Number(text.slice(i + 1, j)));
            i = j;
        } else {
            out += ch;
            i++;
        }
    }
    return out;
}
