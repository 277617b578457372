// Whether a condition's value can change by time alone: it has a `within`
// test (of a positive amount), itself or in an `exists`' condition. Both
// engines' next-change rules classify a condition's parts by this, from the
// plan alone (never from the data).
import type { Cond } from './plan.js';

export function readsClock(cond: Cond): boolean {
    switch (cond.op) {
        case 'and': case 'or': return cond.args.some(readsClock);
        case 'not': return readsClock(cond.arg);
        case 'within': return cond.amount !== 0;
        case 'exists': return cond.where !== undefined && readsClock(cond.where);
        default: return false;
    }
}
