// When a moving bound crosses a value, after an as-of instant A: the two
// questions every "next change" answer is built from (docs/language.md §10,
// "Next change time"). A bound is a function of the evaluation instant T:
//   - a window bound F(T) = T − amount unit (a `within` window's lower end,
//     an `ago` window's two ends, a datetime `within` test), or
//   - the wall clock W(T) (a date `within` test, which reads today's date).
// Both rise one millisecond per millisecond except where they jump: at a
// daylight-saving change (of T, or of F(T)), and for months at the days a
// month subtraction clamps (29–31 March − 1 month are all 28 February, so F
// falls back a day at each of those midnights). So a row that left a window
// can come back, and F(T) >= u first holds neither at u + amount nor only once.
//
//   leave(u):   the first T > A with bound(T) >= u   (given bound(A) < u)
//   reenter(l): the first T > A with bound(T) <  l   (given bound(A) >= l)
//
// Near A the bound is sampled at every whole minute of the next 72 hours
// (zone changes and midnights fall on whole minutes), which gives its exact
// pieces there; a bound is never below bound(A) again after that, so reenter
// looks no further. Beyond, leave uses the calendar inverse (inverse.ts), a
// lower bound that is exact unless it lands within an hour of a zone change,
// and says so: `exact` is whether the bound is known to have crossed there.
// compiler/sql/bound-sql.ts computes the same in SQL.
import type { CalendarUnit } from '../plan/plan.js';
import { isExact, PIECE_SLOTS, PROBE_MINUTES, type Bound } from './bound.js';
import { earliestInstantAtWall, earliestWallAtInstant, firstWallReaching } from './inverse.js';
import { minusInterval, type TimeZone } from './time-zone.js';

export type { Bound } from './bound.js';

/** An instant a bound crosses, and whether it is exactly the first (else a lower bound of it). */
export interface Crossing {
    at: number;
    exact: boolean;
}

const MS_PER_MINUTE = 60_000;

function exactUnitMs(unit: CalendarUnit): number {
    return unit === 'minute' ? MS_PER_MINUTE : 60 * MS_PER_MINUTE;
}

/** The bound at T. */
export function boundAt(bound: Bound, t: number, zone: TimeZone): number {
    return bound.kind === 'wall' ? zone.toWall(t) : minusInterval(t, bound.amount, bound.unit, zone);
}

/**
 * The bound from A to the end of the sampled range: it is `atAsOf` + (T − A)
 * until the first jump, then values[i] + (T − starts[i]) from starts[i] to the
 * next jump (or `end`).
 */
export interface Pieces {
    atAsOf: number;
    starts: number[];
    values: number[];
    end: number;
    /** More jumps than PIECE_SLOTS: `end` is the next one, beyond which nothing is known. */
    overflow: boolean;
}

export function piecesOf(bound: Bound, asOf: number, zone: TimeZone): Pieces {
    const m0 = Math.floor(asOf / MS_PER_MINUTE) * MS_PER_MINUTE;
    const starts: number[] = [], values: number[] = [];
    let end = m0 + PROBE_MINUTES * MS_PER_MINUTE, overflow = false;
    let prev = boundAt(bound, m0, zone);
    for (let k = 1; k <= PROBE_MINUTES; k++) {
        const p = m0 + k * MS_PER_MINUTE;
        const f = boundAt(bound, p, zone);
        if (f !== prev + MS_PER_MINUTE) {
            if (starts.length === PIECE_SLOTS) { end = p; overflow = true; break; }
            starts.push(p);
            values.push(f);
        }
        prev = f;
    }
    return { atAsOf: boundAt(bound, asOf, zone), starts, values, end, overflow };
}

/** The crossings of one bound after one as-of instant. */
export class BoundTimes {
    readonly atAsOf: number;
    private readonly pieces?: Pieces;
    private readonly exactMs?: number;

    constructor(readonly bound: Bound, readonly asOf: number, private readonly zone: TimeZone) {
        if (isExact(bound)) {
            this.exactMs = bound.amount * exactUnitMs(bound.unit);
            this.atAsOf = asOf - this.exactMs;
        } else {
            this.pieces = piecesOf(bound, asOf, zone);
            this.atAsOf = this.pieces.atAsOf;
        }
    }

    at(t: number): number {
        return boundAt(this.bound, t, this.zone);
    }

    /**
     * The lowest the bound gets after as-of (undefined: not known, the sampled
     * range had more jumps than it keeps), as bound-sql.ts's `lo`: a row at or
     * below it never counts again.
     */
    get lowest(): number | undefined {
        if (this.exactMs !== undefined) return this.atAsOf;
        const p = this.pieces!;
        return p.overflow ? undefined : Math.min(p.atAsOf, ...p.values);
    }

    /** The first T > A with bound(T) >= u; u must be above bound(A). */
    leave(u: number): Crossing {
        if (this.exactMs !== undefined) return { at: u + this.exactMs, exact: true };
        const p = this.pieces!;
        const near = leaveNear(p, this.asOf, u);
        if (near !== undefined) return { at: near, exact: true };
        const far = Math.max(this.lowerBound(u), p.end);
        return { at: far, exact: this.at(far) >= u };
    }

    /** The first T > A with bound(T) < l, or null when there is none; l must be at most bound(A). */
    reenter(l: number): Crossing | null {
        if (this.exactMs !== undefined) return null;
        const p = this.pieces!;
        const i = p.values.findIndex(v => v < l);
        if (i >= 0) return { at: p.starts[i], exact: true };
        return p.overflow ? { at: p.end, exact: false } : null;
    }

    /** A lower bound of every T (before A or after) with bound(T) >= u. */
    private lowerBound(u: number): number {
        if (this.bound.kind === 'wall') return earliestInstantAtWall(u, this.zone);
        const a = earliestWallAtInstant(u, this.zone);
        return earliestInstantAtWall(firstWallReaching(a, this.bound.amount, this.bound.unit), this.zone);
    }
}

/** The first T in (A, end) where the sampled pieces reach u, if any. */
function leaveNear(p: Pieces, asOf: number, u: number): number | undefined {
    let start = asOf, value = p.atAsOf;
    for (let i = 0; i <= p.starts.length; i++) {
        const pieceEnd = i < p.starts.length ? p.starts[i] : p.end;
        if (i > 0 && value >= u) return start;
        if (pieceEnd - start > u - value) return start + (u - value);
        if (i < p.starts.length) { start = p.starts[i]; value = p.values[i]; }
    }
    return undefined;
}
