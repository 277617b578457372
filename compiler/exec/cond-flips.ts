// When a condition's value can next change by time alone, per row: a lower
// bound of the first instant after as-of at which it might (NaN: never).
// Only `within` tests read the clock; a condition changes no earlier than the
// first of its `within` tests does, whatever the and/or/not around them —
// except that an `and` whose parts that read no clock are false now (an `or`:
// true) keeps its value whatever time does, so the tests under it do not
// count. An `exists` whose rows' condition reads the clock may change when
// any of the rows it looks at does (those whose `via` is the tested row's
// key). Mirrors compiler/sql/cond-flip-sql.ts; docs/language.md §10, "Next
// change time".
import type { Cond } from '../plan/plan.js';
import type { Bound, BoundTimes } from '../calendar/bound-times.js';
import { firstWallReaching } from '../calendar/inverse.js';
import { ExecError, MS_PER_DAY, parseWall } from '../calendar/time-zone.js';
import { readsClock } from '../plan/reads-clock.js';
import { columnGetter, compileCond, FALSE, TRUE } from './conditions.js';
import type { Cell } from './tables.js';
import type { ExecContext } from './context.js';

/** A row's next-change lower bound (NaN: its value never changes). */
export type FlipTest = (row: number) => number;

/** The bound crossings at the context's as-of instant, one object per bound. */
export type BoundTimesOf = (bound: Bound) => BoundTimes;

/** The earlier of two instants, NaN meaning never. */
export function earlier(a: number, b: number): number {
    return Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.min(a, b);
}

/** The condition's flip test, or undefined when it never reads the clock. */
export function compileFlip(cond: Cond, table: string, ctx: ExecContext, times: BoundTimesOf): FlipTest | undefined {
    switch (cond.op) {
        case 'and': case 'or': {
            const timed = cond.args.filter(readsClock), fixed = cond.args.filter(a => !readsClock(a));
            const tests = timed.map(a => compileFlip(a, table, ctx, times)).filter((t): t is FlipTest => t !== undefined);
            if (tests.length === 0) return undefined;
            const first: FlipTest = tests.length === 1 ? tests[0] : row => tests.reduce((at, t) => earlier(at, t(row)), NaN);
            if (fixed.length === 0) return first;
            // The parts time cannot change settle it: false for an `and`, true for an `or`.
            const settles = compileCond({ op: cond.op, args: fixed }, table, ctx), settled = cond.op === 'and' ? FALSE : TRUE;
            return row => settles(row) === settled ? NaN : first(row);
        }
        case 'not': return compileFlip(cond.arg, table, ctx, times);
        case 'within': return cond.amount === 0 ? undefined : withinFlip(cond, table, ctx, times);
        case 'exists': {
            if (!cond.where) return undefined;
            const inner = compileFlip(cond.where, cond.table, ctx, times);
            if (!inner) return undefined;
            // Per key the rows point to: the first instant any of them could change.
            const via = ctx.column(cond.table, cond.via);
            const first = new Map<Cell, number>();
            const n = ctx.table(cond.table).rowCount;
            for (let row = 0; row < n; row++) {
                const k = via[row];
                if (k === null || k === undefined) continue;
                const at = inner(row);
                if (!Number.isNaN(at)) first.set(k, earlier(first.get(k) ?? NaN, at));
            }
            if (first.size === 0) return undefined;
            const outer = ctx.column(table, cond.outerKey);
            return row => {
                const k = outer[row];
                return k === null || k === undefined ? NaN : first.get(k) ?? NaN;
            };
        }
        default: return undefined;
    }
}

/**
 * `value within N unit`. A datetime is inside while F(T) < value <= T, F the
 * window bound: a future value enters at itself, an inside one leaves when
 * F reaches it, an older one can only come back when F falls back. A date
 * is inside while the wall clock is in [value's midnight, the midnight of the
 * first day whose date − N is not before value).
 */
function withinFlip(cond: Extract<Cond, { op: 'within' }>, table: string, ctx: ExecContext, times: BoundTimesOf): FlipTest {
    const get = columnGetter(cond.column, table, ctx);
    const asOf = ctx.asOf;
    if (cond.column.type === 'datetime') {
        const bound = times({ kind: 'window', amount: cond.amount, unit: cond.unit });
        return row => {
            const v = get(row);
            if (typeof v !== 'number') return NaN;
            if (v > asOf) return v;
            if (v > bound.atAsOf) return bound.leave(v).at;
            return bound.reenter(v)?.at ?? NaN;
        };
    }
    if (cond.column.type === 'date') {
        const wall = times({ kind: 'wall' });
        return row => {
            const v = get(row);
            if (typeof v !== 'string') return NaN;
            const start = parseWall(v);
            const end = dateEnd(start, cond.amount, cond.unit);
            if (start > wall.atAsOf) return wall.leave(start).at;
            if (wall.atAsOf < end) return earlier(wall.leave(end).at, wall.reenter(start)?.at ?? NaN);
            return wall.reenter(end)?.at ?? NaN;
        };
    }
    throw new ExecError(`'within' needs a date or datetime column; '${cond.column.column}' is ${cond.column.type}.`);
}

/** The midnight from which a date (as its midnight) is no longer `within amount unit`. */
export function dateEnd(midnight: number, amount: number, unit: Extract<Cond, { op: 'within' }>['unit']): number {
    const x = firstWallReaching(midnight, amount, unit);
    return x % MS_PER_DAY === 0 ? x : (Math.floor(x / MS_PER_DAY) + 1) * MS_PER_DAY;
}
