// Instants and windows as SQL conditions. Every bound is built from $1 (as-of)
// and $2 (time zone) with the dialect's calendar arithmetic, so the same query
// text serves every as-of instant and zone.
import type { CalendarUnit, Instant, Window } from '../plan/plan.js';
import { and, compare, type SqlExpr } from './sql-ast.js';
import { SqlError } from './sql-error.js';
import { nowOf, timeZone, type SqlContext } from './params.js';

/** An instant from the plan: a UTC instant as is; a wall-clock time in the execution's time zone. */
export function instantSql(ctx: SqlContext, instant: Instant, name: string): SqlExpr {
    switch (instant.kind) {
        case 'utc': return ctx.params.add('timestamptz', text(instant.value, name), name);
        case 'local': return ctx.dialect.wallToInstant(ctx.params.add('timestamp', text(instant.value, name), name), timeZone());
        default: throw new SqlError(`Unknown kind of instant '${String((instant as Instant).kind)}' in ${name}.`);
    }
}

function text(value: unknown, name: string): string {
    if (typeof value !== 'string') throw new SqlError(`The ${name} instant is not a string.`);
    return value;
}

/** asOf − amount unit. */
export function asOfMinus(ctx: SqlContext, amount: number, unit: CalendarUnit): SqlExpr {
    return ctx.dialect.instantMinus(nowOf(ctx), timeZone(), amount, unit);
}

/**
 * The window on a timestamp column, always with `ts <= asOf` (the plan's
 * "every window also keeps only timestamp <= asOf"; for `ago` and `before`
 * the upper bound alone does not imply it in every case).
 */
export function windowSql(ctx: SqlContext, window: Window, ts: SqlExpr): SqlExpr {
    const notAfterAsOf = compare('<=', ts, nowOf(ctx));
    switch (window.kind) {
        case 'all': return notAfterAsOf;
        case 'rolling': return and(compare('>', ts, asOfMinus(ctx, window.amount, window.unit)), notAfterAsOf);
        case 'ago':
            return and(
                ...(window.to === undefined ? [] : [compare('>', ts, asOfMinus(ctx, window.to, window.unit))]),
                compare('<=', ts, asOfMinus(ctx, window.from, window.unit)),
                notAfterAsOf,
            );
        case 'since': case 'before': case 'range': return and(...fixedEndsSql(ctx, window, ts), notAfterAsOf);
        default: throw new SqlError(`Unknown window kind '${String((window as Window).kind)}'.`);
    }
}

/**
 * The instant a window starts at, when it has one: every timestamp in the
 * window is after it (`rolling`, `ago … to`) or at it (`since`, `between`).
 * Sequences bound their second step with it (b.t > a.t >= start).
 */
export function windowStartSql(ctx: SqlContext, window: Window): SqlExpr | undefined {
    switch (window.kind) {
        case 'rolling': return asOfMinus(ctx, window.amount, window.unit);
        case 'ago': return window.to === undefined ? undefined : asOfMinus(ctx, window.to, window.unit);
        case 'since': return instantSql(ctx, window.start, 'since');
        case 'range': return instantSql(ctx, window.start, 'from');
        case 'all': case 'before': return undefined;
        default: throw new SqlError(`Unknown window kind '${String((window as Window).kind)}'.`);
    }
}

/** The ends of a window that do not move with as-of: `since`, `before` and `between` dates (none for the others). */
export function fixedEndsSql(ctx: SqlContext, window: Window, ts: SqlExpr): SqlExpr[] {
    switch (window.kind) {
        case 'since': return [compare('>=', ts, instantSql(ctx, window.start, 'since'))];
        case 'before': return [compare('<', ts, instantSql(ctx, window.end, 'before'))];
        case 'range': return [compare('>=', ts, instantSql(ctx, window.start, 'from')), compare('<', ts, instantSql(ctx, window.end, 'until'))];
        default: return [];
    }
}

/**
 * `value within amount unit`: a datetime in (asOf − amount unit, asOf]; a date
 * in (asOfDate − amount unit, asOfDate], asOfDate being the as-of instant's
 * date in the time zone (a date compares with the timestamp `asOfDate −
 * interval` as its midnight).
 */
export function withinSql(ctx: SqlContext, value: SqlExpr, type: string, amount: number, unit: CalendarUnit, column: string): SqlExpr {
    if (type === 'datetime') return and(compare('>', value, asOfMinus(ctx, amount, unit)), compare('<=', value, nowOf(ctx)));
    if (type === 'date') {
        const today = ctx.dialect.localDate(nowOf(ctx), timeZone());
        return and(compare('>', value, ctx.dialect.dateMinus(today, amount, unit)), compare('<=', value, today));
    }
    throw new SqlError(`'within' needs a date or datetime column; '${column}' is ${type}.`);
}
