// Comparisons of aggregate values, shared by the checker (zero-admitting
// hints) and the compiler (which audience records with no rows qualify).

export type NumericOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export function compareNumbers(op: NumericOp, a: number, b: number): boolean {
    switch (op) {
        case '=': return a === b;
        case '!=': return a !== b;
        case '<': return a < b;
        case '<=': return a <= b;
        case '>': return a > b;
        case '>=': return a >= b;
    }
}

/** Whether an aggregate of value 0 satisfies `op value` or `between low and high`. */
export function admitsZero(h: { op?: NumericOp; value?: number; low?: number; high?: number }): boolean {
    if (h.low !== undefined && h.high !== undefined) return h.low <= 0 && 0 <= h.high;
    return h.op !== undefined && h.value !== undefined && compareNumbers(h.op, 0, h.value);
}

/**
 * A count test that only asks whether there is a row (`>= 1`, `> 0`, `= 0`,
 * `< 1`, …: the same answer for every count from 1 up). In a `within` or fixed
 * window its answer changes exactly when a key's newest counted row enters or
 * leaves, so that row decides alone (however many other rows leave or come
 * back with it).
 */
export function onlyNewestRowDecides(h: { agg: string; op?: NumericOp; value?: number }, windowKind: string): boolean {
    if (h.agg !== 'count' || h.op === undefined || h.value === undefined || windowKind === 'ago') return false;
    const v = h.value;
    switch (h.op) {
        case '>=': case '<': return v <= 1;
        case '>': case '<=': case '=': case '!=': return v <= 0;
        default: return false;
    }
}

/**
 * For a count test (`count`, `count(distinct …)`) over counts that can only
 * grow (a `before … ago` window: rows enter it as time passes, none leaves
 * through a lower end): the least count from which the test answers the same
 * for every larger count (`>= 3`: true from 3 on; `< 3`: false from 3 on;
 * `= 3`, `between 1 and 3`: false from 4 on). Undefined for other aggregates.
 */
export function countSettlesFrom(h: { agg: string; op?: NumericOp; value?: number; low?: number; high?: number }): number | undefined {
    if (h.agg !== 'count' && h.agg !== 'distinct') return undefined;
    if (h.low !== undefined && h.high !== undefined) return Math.floor(h.high) + 1;
    if (h.op === undefined || h.value === undefined) return undefined;
    switch (h.op) {
        case '>=': case '<': return Math.ceil(h.value);
        case '>': case '<=': case '=': case '!=': return Math.floor(h.value) + 1;
    }
}
