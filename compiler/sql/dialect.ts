// What differs between SQL engines, in one object: how names, parameters,
// casts and inline values are spelled, and the expressions whose spelling (or
// semantics) is engine-specific: case mapping, code point order, substring
// tests, and calendar arithmetic in a time zone. A second engine is a new file
// implementing this interface; to-sql.ts and print-sql.ts stay as they are.
import type { CalendarUnit } from '../plan/plan.js';
import type { SqlExpr, SqlType } from './sql-ast.js';

/** A parameter's value as passed to the driver (null: supplied at run time). */
export type ParamValue = string | number | boolean | null | ReadonlyArray<string | number | boolean>;

export interface Dialect {
    readonly name: string;

    // ------------------------------------------------------------ spelling
    /** An identifier, always quoted (throws on names the engine cannot hold). */
    quoteIdentifier(name: string): string;
    /** The n-th (1-based) parameter placeholder. */
    placeholder(index: number): string;
    /** A cast of an already parenthesized operand. */
    cast(operand: string, type: SqlType): string;
    /** A constant the compiler generated (a non-negative integer or a boolean). */
    constant(value: number | boolean): string;
    /**
     * A parameter's value as an inline literal, for `--inline` output. The
     * placeholder it replaces is always followed by its cast, so the literal
     * needs none; it must be safe to paste into the engine's shell.
     */
    inlineLiteral(value: ParamValue, type: SqlType): string;
    /** Replaces each placeholder in printed SQL text (never inside quoted names or comments). */
    replacePlaceholders(text: string, replace: (index: number) => string): string;
    /** Whether `WITH x AS MATERIALIZED (…)` forces a CTE to be computed once. */
    readonly materializedCtes: boolean;

    // ------------------------------------------------------------ semantics
    /** Lower-case a string (Unicode simple case mapping). */
    lower(expr: SqlExpr): SqlExpr;
    /** Lower-case every string of a text array, as `lower` does one. */
    lowerEach(array: SqlExpr): SqlExpr;
    /** A string expression that orders by code point. */
    codePointOrder(expr: SqlExpr): SqlExpr;
    /** A plain substring test (no pattern characters) of two already lowered strings. */
    textTest(mode: 'contains' | 'starts' | 'ends', haystack: SqlExpr, needle: SqlExpr): SqlExpr;
    /**
     * `instant − amount unit`: exact for minutes and hours; for days, weeks,
     * months and years calendar arithmetic on the wall clock in `zone`.
     */
    instantMinus(instant: SqlExpr, zone: SqlExpr, amount: number, unit: CalendarUnit): SqlExpr;
    /** `instant + ms` milliseconds, exactly. */
    instantPlusMillis(instant: SqlExpr, ms: number): SqlExpr;
    /** `instant + amount unit`, in the same arithmetic (a sequence's gap end). */
    instantPlus(instant: SqlExpr, zone: SqlExpr, amount: number, unit: CalendarUnit): SqlExpr;
    /** The instant of a wall-clock timestamp in `zone`. */
    wallToInstant(wall: SqlExpr, zone: SqlExpr): SqlExpr;
    /** The date of an instant on the wall clock in `zone`. */
    localDate(instant: SqlExpr, zone: SqlExpr): SqlExpr;
    /** `date − amount unit` as a wall-clock timestamp (the date's midnight minus the interval). */
    dateMinus(date: SqlExpr, amount: number, unit: CalendarUnit): SqlExpr;

    // ------------------------------------------------------------ next change time (bound-sql.ts)
    /** The wall-clock time of an instant in `zone`. */
    toWall(instant: SqlExpr, zone: SqlExpr): SqlExpr;
    /** A wall-clock time minus, or plus, `amount unit`: months clamp the day of month. */
    wallMinus(wall: SqlExpr, amount: number, unit: CalendarUnit): SqlExpr;
    wallPlus(wall: SqlExpr, amount: number, unit: CalendarUnit): SqlExpr;
    /** Midnight at the start of a wall-clock time's month. */
    monthStart(wall: SqlExpr): SqlExpr;
    /** A fixed interval of `amount unit`. */
    interval(amount: number, unit: CalendarUnit): SqlExpr;
    /** An interval of a (non-negative integer) number of minutes. */
    minutes(count: SqlExpr): SqlExpr;
    /** The whole minute at or before an instant. */
    floorMinute(instant: SqlExpr): SqlExpr;
    /** An instant plus the elapsed time of an interval (under a few days), exactly, whatever the session's time zone. */
    plusElapsed(instant: SqlExpr, interval: SqlExpr): SqlExpr;
}
