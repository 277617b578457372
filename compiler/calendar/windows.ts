// An interaction window as bounds on epoch milliseconds, computed once per node.
import type { Window } from '../plan/plan.js';
import { instantMs, minusInterval, type TimeZone } from './time-zone.js';

/** `low < t` (or `<=` when lowInclusive) and `t <= high` (or `<` unless highInclusive). */
export interface Bounds {
    low: number;
    lowInclusive: boolean;
    high: number;
    highInclusive: boolean;
}

/** Whether a timestamp is inside the bounds. */
export function inBounds(b: Bounds): (t: number) => boolean {
    return t => (b.lowInclusive ? t >= b.low : t > b.low) && (b.highInclusive ? t <= b.high : t < b.high);
}

/** The window's bounds, with the `timestamp <= asOf` every window has folded in. */
export function windowBounds(window: Window, asOf: number, zone: TimeZone): Bounds {
    const upTo = (end: number, inclusive: boolean) =>
        end < asOf || (end === asOf && !inclusive) ? { high: end, highInclusive: inclusive } : { high: asOf, highInclusive: true };
    switch (window.kind) {
        case 'all':
            return { low: -Infinity, lowInclusive: true, high: asOf, highInclusive: true };
        case 'rolling':
            return { low: minusInterval(asOf, window.amount, window.unit, zone), lowInclusive: false, high: asOf, highInclusive: true };
        case 'ago':
            return {
                low: window.to === undefined ? -Infinity : minusInterval(asOf, window.to, window.unit, zone), lowInclusive: window.to === undefined,
                ...upTo(minusInterval(asOf, window.from, window.unit, zone), true),
            };
        case 'since':
            return { low: instantMs(window.start, zone), lowInclusive: true, high: asOf, highInclusive: true };
        case 'before':
            return { low: -Infinity, lowInclusive: true, ...upTo(instantMs(window.end, zone), false) };
        case 'range':
            return { low: instantMs(window.start, zone), lowInclusive: true, ...upTo(instantMs(window.end, zone), false) };
    }
}
