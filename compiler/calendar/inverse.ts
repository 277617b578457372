// Inverses of the calendar arithmetic in time-zone.ts, for "when does a row
// leave the window": each answers "the earliest wall time (or instant) from
// which a test can first hold", as a LOWER BOUND that is exact except within
// an hour of a daylight-saving change. Callers check the bound and report it
// as exact only when the test holds there (bound-times.ts). The SQL backend
// computes the same with the dialect (compiler/sql/bound-sql.ts).
import type { CalendarUnit } from '../plan/plan.js';
import { TRANSITION_PROBE_HOURS } from './bound.js';
import { civilFromDays, daysFromCivil, MS_PER_DAY, subtractFromWall, type TimeZone } from './time-zone.js';

const TRANSITION_PROBE_MS = TRANSITION_PROBE_HOURS * 3_600_000;

/** PostgreSQL's `timestamp + interval 'amount unit'` on a wall time (months clamp the day, as subtraction does). */
export function addToWall(wallMs: number, amount: number, unit: CalendarUnit): number {
    return subtractFromWall(wallMs, -amount, unit);
}

/** Midnight at the start of the month of a wall time. */
export function monthStart(wallMs: number): number {
    const { year, month } = civilFromDays(Math.floor(wallMs / MS_PER_DAY));
    return daysFromCivil(year, month, 1) * MS_PER_DAY;
}

/**
 * The first wall time x with `x − amount unit >= a` (subtractFromWall). Days
 * and weeks: a + amount. Months and years clamp the day of month, so x − 1
 * month is not monotone in x (31 March − 1 month = 28 February = 30 March − 1
 * month), but the first such x is a + amount when that does not clamp, and
 * otherwise midnight at the start of the following month.
 */
export function firstWallReaching(a: number, amount: number, unit: CalendarUnit): number {
    const y = addToWall(a, amount, unit);
    if (unit !== 'month' && unit !== 'year') return y;
    return subtractFromWall(y, amount, unit) === a ? y : addToWall(monthStart(y), 1, 'month');
}

/**
 * A lower bound of the earliest instant T with `toWall(T) >= x`. Exact for a
 * wall time that exists (the earlier of two readings in a fall-back overlap);
 * for one in a spring-forward gap (whose first instant is the transition, not
 * known here) an instant just before the transition.
 */
export function earliestInstantAtWall(x: number, zone: TimeZone): number {
    const r = zone.fromWall(x);
    const wall = zone.toWall(r);
    if (wall !== x) return r - (wall - x);
    const d = zone.toWall(r - TRANSITION_PROBE_MS) + TRANSITION_PROBE_MS - wall;
    return d > 0 && zone.toWall(r - d) === x ? r - d : r;
}

/**
 * A lower bound of the least wall time w with `fromWall(w) >= u`: u's own wall
 * time, or the gap wall time that reads as u just after a spring-forward
 * change; for u in the first pass of a fall-back overlap (read back as the
 * second pass) the wall time one offset change earlier.
 */
export function earliestWallAtInstant(u: number, zone: TimeZone): number {
    const v = zone.toWall(u);
    const r = zone.fromWall(v);
    if (r > u) return v - (r - u);
    const d = v - zone.toWall(u - TRANSITION_PROBE_MS) - TRANSITION_PROBE_MS;
    return d > 0 && zone.fromWall(v - d) >= u ? v - d : v;
}
