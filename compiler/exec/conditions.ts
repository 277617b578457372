// Conditions compiled once per node into closures over column arrays, with
// SQL three-valued logic. Truth values are numbers ordered false < unknown <
// true, so `and` is the minimum, `or` the maximum and `not` is 2 − x.
import type { CmpOp, ColumnRef, Cond, Literal, ValueType } from '../plan/plan.js';
import type { ExecContext } from './context.js';
import type { Cell } from './tables.js';
import { compareCodePoints, pgLower } from './text.js';
import { ExecError, instantMs, minusInterval, parseWall, subtractFromWall, wallDate } from '../calendar/time-zone.js';

export type Truth = 0 | 1 | 2;
export const FALSE: Truth = 0;
export const UNKNOWN: Truth = 1;
export const TRUE: Truth = 2;

/** A compiled condition: the truth of a row (by index) of the table it was compiled for. */
export type RowTest = (row: number) => Truth;

export function compileCond(cond: Cond, table: string, ctx: ExecContext): RowTest {
    switch (cond.op) {
        case 'and': return combine(cond.args.map(a => compileCond(a, table, ctx)), 'and');
        case 'or': return combine(cond.args.map(a => compileCond(a, table, ctx)), 'or');
        case 'not': {
            const arg = compileCond(cond.arg, table, ctx);
            return row => (2 - arg(row)) as Truth;
        }
        case 'cmp': return compileCmp(cond.cmp, comparable(cond.column, table, ctx), literalValue(cond.value, cond.column.type, ctx), cond.column.type);
        case 'in': {
            const get = comparable(cond.column, table, ctx);
            const values = new Set(cond.values.map(v => literalValue(v, cond.column.type, ctx)));
            // `x in []`: no value to equal, false even for a null x (PostgreSQL `x = ANY('{}')`).
            const test: RowTest = values.size === 0 ? () => FALSE : row => {
                const v = get(row);
                return v === null ? UNKNOWN : values.has(v) ? TRUE : FALSE;
            };
            return cond.negated ? negate(test) : test;
        }
        case 'text': {
            if (cond.column.type !== 'string') throw new ExecError(`'${cond.mode}' needs a string column; '${cond.column.column}' is ${cond.column.type}.`);
            const get = comparable(cond.column, table, ctx) as (row: number) => string | null;
            const needle = pgLower(cond.value);
            const test: RowTest =
                cond.mode === 'contains' ? row => { const v = get(row); return v === null ? UNKNOWN : v.includes(needle) ? TRUE : FALSE; }
                : cond.mode === 'starts' ? row => { const v = get(row); return v === null ? UNKNOWN : v.startsWith(needle) ? TRUE : FALSE; }
                : row => { const v = get(row); return v === null ? UNKNOWN : v.endsWith(needle) ? TRUE : FALSE; };
            return cond.negated ? negate(test) : test;
        }
        case 'null': {
            const get = columnGetter(cond.column, table, ctx);
            const [isNull, notNull] = cond.negated ? [FALSE, TRUE] : [TRUE, FALSE];
            return row => (get(row) === null ? isNull : notNull);
        }
        case 'between': {
            const get = comparable(cond.column, table, ctx);
            const order = orderOf(cond.column.type);
            const low = literalValue(cond.low, cond.column.type, ctx), high = literalValue(cond.high, cond.column.type, ctx);
            return row => {
                const v = get(row);
                return v === null ? UNKNOWN : order(low, v) <= 0 && order(v, high) <= 0 ? TRUE : FALSE;
            };
        }
        case 'within': return compileWithin(cond, table, ctx);
        case 'true': {
            const get = columnGetter(cond.column, table, ctx);
            return row => { const v = get(row); return v === null ? UNKNOWN : v === true ? TRUE : FALSE; };
        }
        case 'exists': {
            // Uncorrelated but for the key: the keys some matching row points to, found once.
            const via = ctx.column(cond.table, cond.via);
            const where = cond.where ? compileCond(cond.where, cond.table, ctx) : undefined;
            const keys = new Set<Cell>();
            const n = ctx.table(cond.table).rowCount;
            for (let row = 0; row < n; row++) {
                const v = via[row];
                if (v === null || v === undefined || keys.has(v)) continue;
                if (!where || where(row) === TRUE) keys.add(v);
            }
            const outer = ctx.column(table, cond.outerKey);
            return row => {
                const k = outer[row];
                return k !== null && k !== undefined && keys.has(k) ? TRUE : FALSE;
            };
        }
    }
}

function negate(test: RowTest): RowTest {
    return row => (2 - test(row)) as Truth;
}

function combine(args: RowTest[], op: 'and' | 'or'): RowTest {
    if (args.length === 1) return args[0];
    if (op === 'and') {
        if (args.length === 0) return () => TRUE;
        if (args.length === 2) {
            const [a, b] = args;
            return row => { const x = a(row); if (x === FALSE) return FALSE; const y = b(row); return y < x ? y : x; };
        }
        return row => {
            let result: Truth = TRUE;
            for (const a of args) { const x = a(row); if (x === FALSE) return FALSE; if (x < result) result = x; }
            return result;
        };
    }
    if (args.length === 0) return () => FALSE;
    if (args.length === 2) {
        const [a, b] = args;
        return row => { const x = a(row); if (x === TRUE) return TRUE; const y = b(row); return y > x ? y : x; };
    }
    return row => {
        let result: Truth = FALSE;
        for (const a of args) { const x = a(row); if (x === TRUE) return TRUE; if (x > result) result = x; }
        return result;
    };
}

// ---------------------------------------------------------------- values

/** A column's raw cell for a row, following lookups (null when a step is null or dangling). */
export function columnGetter(ref: ColumnRef, table: string, ctx: ExecContext): (row: number) => Cell {
    if (ref.path.length === 0) {
        const column = ctx.column(table, ref.column);
        return row => { const v = column[row]; return v === undefined ? null : v; };
    }
    const reach = ctx.follow(table, ref.path);
    const column = ctx.column(ref.path[ref.path.length - 1].table, ref.column);
    return row => {
        const r = reach(row);
        if (r < 0) return null;
        const v = column[r];
        return v === undefined ? null : v;
    };
}

/** Like columnGetter, with strings lowered (the only normalization comparisons need). */
function comparable(ref: ColumnRef, table: string, ctx: ExecContext): (row: number) => Cell {
    const get = columnGetter(ref, table, ctx);
    if (ref.type !== 'string') return get;
    return row => { const v = get(row); return typeof v === 'string' ? pgLower(v) : v; };
}

/** A literal as the cells of a column of `type` hold it (strings lowered, datetimes in epoch ms). */
function literalValue(lit: Literal, type: ValueType, ctx: ExecContext): Cell {
    const fits = lit.type === type || (isNumeric(lit.type) && isNumeric(type));
    if (!fits) throw new ExecError(`A ${lit.type} value cannot be compared with a ${type} column.`);
    switch (lit.type) {
        case 'string': return pgLower(lit.value);
        case 'uuid': return lit.value.toLowerCase();
        case 'datetime': return instantMs(lit.value, ctx.zone);
        default: return lit.value;
    }
}

const isNumeric = (t: string) => t === 'integer' || t === 'number';

type Order = (a: Cell, b: Cell) => number;

/** PostgreSQL float8 order: NaN equals NaN and is greater than every other value. */
export function compareNumbers(a: number, b: number): number {
    if (a !== a) return b !== b ? 0 : 1;
    if (b !== b) return -1;
    return a < b ? -1 : a > b ? 1 : 0;
}

function orderOf(type: ValueType): Order {
    switch (type) {
        case 'string': case 'uuid': case 'date': return compareCodePoints as Order;
        case 'boolean': return (a, b) => Number(a) - Number(b);
        default: return compareNumbers as Order;
    }
}

function compileCmp(op: CmpOp, get: (row: number) => Cell, lit: Cell, type: ValueType): RowTest {
    if (op === '=') return row => { const v = get(row); return v === null ? UNKNOWN : v === lit ? TRUE : FALSE; };
    if (op === '!=') return row => { const v = get(row); return v === null ? UNKNOWN : v !== lit ? TRUE : FALSE; };
    const order = orderOf(type);
    const accept = ({
        '<': (c: number) => c < 0, '<=': (c: number) => c <= 0, '>': (c: number) => c > 0, '>=': (c: number) => c >= 0,
    } as Record<string, (c: number) => boolean>)[op];
    return row => { const v = get(row); return v === null ? UNKNOWN : accept(order(v, lit)) ? TRUE : FALSE; };
}

/**
 * `column within N unit`: a datetime in (asOf − N unit, asOf]; a date against
 * the as-of date in the zone: PostgreSQL's `value > asOfDate − interval` (a
 * wall-clock timestamp, no zone) `and value <= asOfDate`. A date is greater
 * than a timestamp exactly when it is after the timestamp's date.
 */
function compileWithin(cond: Extract<Cond, { op: 'within' }>, table: string, ctx: ExecContext): RowTest {
    const get = columnGetter(cond.column, table, ctx);
    if (cond.column.type === 'datetime') {
        const high = ctx.asOf;
        const low = minusInterval(high, cond.amount, cond.unit, ctx.zone);
        return row => {
            const v = get(row);
            return v === null ? UNKNOWN : (v as number) > low && (v as number) <= high ? TRUE : FALSE;
        };
    }
    if (cond.column.type === 'date') {
        const high = wallDate(ctx.zone.toWall(ctx.asOf));
        const low = wallDate(subtractFromWall(parseWall(high), cond.amount, cond.unit));
        return row => {
            const v = get(row);
            return v === null ? UNKNOWN : (v as string) > low && (v as string) <= high ? TRUE : FALSE;
        };
    }
    throw new ExecError(`'within' needs a date or datetime column; '${cond.column.column}' is ${cond.column.type}.`);
}
