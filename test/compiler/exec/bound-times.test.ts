// The crossings of a moving window bound, against a brute-force walk of the
// bound minute by minute: exact where they say so, and never later than the
// truth otherwise. Thresholds sit around daylight-saving changes (both sides
// of the window: the bound's own instant and the wall time it subtracts
// from), in a zone with a 30-minute change, and around clamped month ends.
import { describe, expect, it } from 'vitest';
import { BoundTimes, type Bound } from '../../../compiler/calendar/bound-times.js';
import { earliestInstantAtWall, earliestWallAtInstant, firstWallReaching } from '../../../compiler/calendar/inverse.js';
import { minusInterval, timeZone } from '../../../compiler/calendar/time-zone.js';

const MIN = 60_000, HOUR = 60 * MIN, DAY = 24 * HOUR;
const iso = (t: number) => new Date(t).toISOString();

/** The first T > asOf with F(T) >= u, walking whole minutes (the bound jumps only there). */
function bruteLeave(f: (t: number) => number, asOf: number, u: number, limit: number): number {
    let prev = asOf, fPrev = f(asOf);
    for (let p = asOf + MIN; p <= asOf + limit; p += MIN) {
        const fp = f(p);
        if (fPrev + (p - prev) > u) return prev + (u - fPrev);
        if (fp >= u) return p;
        prev = p; fPrev = fp;
    }
    throw new Error(`no crossing of ${iso(u)} within ${limit / DAY} days of ${iso(asOf)}`);
}

/** The first T > asOf with F(T) < l within `limit` (only at a jump), or null. */
function bruteReenter(f: (t: number) => number, asOf: number, l: number, limit: number): number | null {
    for (let p = asOf + MIN; p <= asOf + limit; p += MIN) if (f(p) < l) return p;
    return null;
}

const CASES: Array<{ zone: string; around: string[] }> = [
    { zone: 'Europe/Amsterdam', around: ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-02-28T23:00:00Z', '2026-03-31T12:00:00Z'] },
    { zone: 'America/New_York', around: ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z'] },
    { zone: 'Australia/Lord_Howe', around: ['2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z'] },
    { zone: 'UTC', around: ['2026-02-28T12:00:00Z', '2028-02-29T00:00:00Z'] },
];
const BOUNDS: Bound[] = [{ kind: 'window', amount: 1, unit: 'day' }, { kind: 'window', amount: 1, unit: 'month' }, { kind: 'window', amount: 1, unit: 'year' }];

describe('window bound crossings = a minute-by-minute walk', () => {
    for (const { zone, around } of CASES) {
        it(`in ${zone}`, () => {
            const tz = timeZone(zone);
            let exact = 0, total = 0;
            for (const bound of BOUNDS) {
                if (bound.kind !== 'window') continue;
                const memo = new Map<number, number>();
                const f = (t: number) => {
                    let v = memo.get(t);
                    if (v === undefined) memo.set(t, v = minusInterval(t, bound.amount, bound.unit, tz));
                    return v;
                };
                for (const at of around.map(Date.parse)) {
                    // Thresholds around the special instant; as-of 3 and 30 hours before they leave (in the sampled range) and 4 days (beyond it).
                    for (let k = -5; k <= 5; k++) {
                        for (const nudge of [0, 1, -1]) {
                            const u = at + k * 15 * MIN + nudge;
                            const about = earliestInstantAtWall(firstWallReaching(earliestWallAtInstant(u, tz), bound.amount, bound.unit), tz);
                            for (const before of [3 * HOUR, 30 * HOUR, 4 * DAY]) {
                                const asOf = Math.floor((about - before) / MIN) * MIN;
                                if (f(asOf) >= u) continue;
                                const times = new BoundTimes(bound, asOf, tz);
                                const truth = bruteLeave(f, asOf, u, before + 4 * DAY);
                                const got = times.leave(u);
                                const what = `${bound.amount} ${bound.unit}: leave(${iso(u)}) as of ${iso(asOf)}: ${iso(got.at)} ${got.exact ? 'exact' : 'bound'}, truth ${iso(truth)}`;
                                expect(got.at, what).toBeLessThanOrEqual(truth);
                                if (got.exact) expect(got.at, what).toBe(truth);
                                total++;
                                if (got.exact) exact++;
                                // Coming back: thresholds just below the bound at as-of.
                                for (const below of [1, 30 * MIN, 23 * HOUR]) {
                                    const l = f(asOf) - below + 1;
                                    const back = times.reenter(l);
                                    const want = bruteReenter(f, asOf, l, 4 * DAY);
                                    expect(back?.at ?? null, `${bound.amount} ${bound.unit}: reenter(${iso(l)}) as of ${iso(asOf)}`).toBe(want);
                                }
                            }
                        }
                    }
                }
            }
            // Lower bounds only within an hour of a daylight-saving change.
            expect(total).toBeGreaterThan(200);
            expect(exact / total).toBeGreaterThan(0.8);
        }, 120_000);
    }

    it('knows a rolling month comes back at the clamped month ends', () => {
        // As of 28 March 18:00 (Amsterdam), `within 1 month` starts at 28 February 18:00; at 29 March
        // 00:00 it starts at 28 February 00:00 again: a row from 28 February 12:00 is back.
        const tz = timeZone('Europe/Amsterdam');
        const times = new BoundTimes({ kind: 'window', amount: 1, unit: 'month' }, Date.parse('2026-03-28T17:00:00Z'), tz);
        expect(iso(times.atAsOf)).toBe('2026-02-28T17:00:00.000Z');
        expect(iso(times.reenter(Date.parse('2026-02-28T11:00:00Z'))!.at)).toBe('2026-03-28T23:00:00.000Z');
        // As of 29 March 06:00 (summer time now) it is inside, and leaves again at 12:00 that day.
        const later = new BoundTimes({ kind: 'window', amount: 1, unit: 'month' }, Date.parse('2026-03-29T04:00:00Z'), tz);
        expect(later.leave(Date.parse('2026-02-28T11:00:00Z'))).toEqual({ at: Date.parse('2026-03-29T10:00:00Z'), exact: true });
    });
});
