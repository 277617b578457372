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
