// The moving bounds of "next change time", shared by both engines
// (bound-times.ts for the executor, compiler/sql/bound-sql.ts for SQL): what
// a bound is, and how far ahead of as-of each samples it.
import type { CalendarUnit } from '../plan/plan.js';

/**
 * A function of the evaluation instant T: a window bound F(T) = T − amount
 * unit (instants), or the wall clock W(T) in the plan's zone (wall times).
 */
export type Bound = { kind: 'window'; amount: number; unit: CalendarUnit } | { kind: 'wall' };

/** How far ahead of as-of a bound is sampled, in whole minutes: past every instant a left row can come back. */
export const PROBE_MINUTES = 72 * 60;

/**
 * The most a bound ever falls below its value at as-of, in days: a clamped
 * month end takes it back less than a day (29 to 31 March − 1 month are all
 * 28 February), a zone change by TRANSITION_PROBE_HOURS at most. A row at or
 * below bound(as-of) − this never counts again: SQL filters on it through an
 * index, where the exact lowest (sampled) is known only as the query runs.
 */
export const FALL_BACK_DAYS = 3;

/** How many jumps in that range are kept; more end the range at the next one (no zone has more). */
export const PIECE_SLOTS = 8;

/** Zone transitions are further apart than this, and no offset changes by more (hours). */
export const TRANSITION_PROBE_HOURS = 3;

/** Minutes and hours are exact: such a window bound is T − a fixed length, and never jumps. */
export function isExact(bound: Bound): bound is { kind: 'window'; amount: number; unit: 'minute' | 'hour' } {
    return bound.kind === 'window' && (bound.unit === 'minute' || bound.unit === 'hour');
}

/** A name for a bound, unique per bound (for caches and CTE comments). */
export function boundId(bound: Bound): string {
    return bound.kind === 'wall' ? 'wall clock' : `${bound.amount} ${bound.unit}${bound.amount === 1 ? '' : 's'}`;
}
