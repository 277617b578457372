// One plan node → its members, as a membership array over the audience
// table's rows (1 = in). Only rows that carry an audience key (the first row
// of each non-null key) are ever marked.
import type { Having, InteractionNode, PlanNode, ProfileNode, SetOpNode } from '../plan/plan.js';
import { compareNumbers, compileCond, TRUE } from './conditions.js';
import type { ExecContext } from './context.js';
import { ExecError } from '../calendar/time-zone.js';
import { windowBounds } from '../calendar/windows.js';
import { sequenceMembers } from './sequence.js';
import { pgLower } from './text.js';

export type Members = Uint8Array;

export function evaluateNode(node: PlanNode, ctx: ExecContext, done: ReadonlyArray<Members | undefined>): Members {
    switch (node.kind) {
        case 'profile': return profile(node, ctx);
        case 'interaction': return interaction(node, ctx);
        case 'sequence': return sequenceMembers(node, ctx);
        default: return setOp(node, done);
    }
}

function profile(node: ProfileNode, ctx: ExecContext): Members {
    const { audience } = ctx;
    const members = new Uint8Array(audience.rowCount);
    const keys = ctx.column(node.table, node.key);
    const n = ctx.table(node.table).rowCount;
    const where = node.where ? compileCond(node.where, node.table, ctx) : undefined;
    const sameTable = node.table === audience.table && node.key === audience.key;
    for (let row = 0; row < n; row++) {
        if (sameTable && audience.keys[row] !== null) {
            if (!where || where(row) === TRUE) members[row] = 1;
            continue;
        }
        const v = keys[row];
        if (v === null || v === undefined) continue;
        const a = audience.rowOf.get(v);
        if (a === undefined || members[a]) continue;
        if (!where || where(row) === TRUE) members[a] = 1;
    }
    return members;
}

function interaction(node: InteractionNode, ctx: ExecContext): Members {
    const { audience } = ctx;
    const size = audience.rowCount;
    const n = ctx.table(node.table).rowCount;
    const ts = ctx.column(node.table, 'timestamp');
    const { low, lowInclusive, high, highInclusive } = windowBounds(node.window, ctx.asOf, ctx.zone);
    const where = node.where ? compileCond(node.where, node.table, ctx) : undefined;
    const reach = ctx.reach(node.table, node.relation);
    const { agg } = node.having;

    // Per audience row: matching rows, and over the non-null values of the column their count, sum, min, max.
    const counts = new Int32Array(size);
    const column = agg === 'count' ? undefined : ctx.column(node.table, node.having.column ?? missingColumn(node));
    // count(distinct …): the different values seen per audience row.
    const seen = agg === 'distinct' ? new Map<number, Set<unknown>>() : undefined;
    const distinctOf = distinctKey(node.having);
    const values = agg === 'distinct' ? undefined : column;
    const nonNull = values ? new Int32Array(size) : undefined;
    const acc = values ? new Float64Array(size) : undefined;

    for (let row = 0; row < n; row++) {
        const t = ts[row];
        if (typeof t !== 'number') continue;
        if (lowInclusive ? t < low : t <= low) continue;
        if (highInclusive ? t > high : t >= high) continue;
        if (where !== undefined && where(row) !== TRUE) continue;
        const a = reach(row);
        if (a < 0) continue;
        counts[a]++;
        if (seen) {
            const v = column![row];
            if (v === null || v === undefined) continue;
            let set = seen.get(a);
            if (!set) seen.set(a, set = new Set());
            set.add(distinctOf(v));
            continue;
        }
        if (values === undefined) continue;
        const v = values[row];
        if (typeof v !== 'number') continue;
        const k = nonNull![a]++;
        if (agg === 'sum' || agg === 'avg') acc![a] += v;
        else if (k === 0 || (agg === 'min' ? compareNumbers(v, acc![a]) < 0 : compareNumbers(v, acc![a]) > 0)) acc![a] = v;
    }

    const members = new Uint8Array(size);
    const satisfies = havingTest(node.having);
    for (let a = 0; a < size; a++) {
        if (audience.keys[a] === null) continue;
        if (counts[a] === 0) {
            if (node.admitsZero) members[a] = 1;
            continue;
        }
        let value: number;
        switch (agg) {
            case 'count': value = counts[a]; break;
            case 'distinct': value = seen!.get(a)?.size ?? 0; break;
            case 'sum': value = acc![a]; break;
            default:
                if (nonNull![a] === 0) continue; // avg, min, max of nothing: null, never satisfied
                value = agg === 'avg' ? acc![a] / nonNull![a] : acc![a];
        }
        if (satisfies(value)) members[a] = 1;
    }
    return members;
}

/** What `count(distinct …)` tells apart (as SQL's `count(DISTINCT …)` does): strings lowered as `=` compares them; dates and times by instant. */
export function distinctKey(having: Having): (v: unknown) => unknown {
    if (having.type === 'string') return v => pgLower(String(v));
    return v => (v instanceof Date ? v.getTime() : v);
}

function missingColumn(node: InteractionNode): never {
    throw new ExecError(`The ${node.having.agg} of interaction ${node.type} names no column.`);
}

/** The having comparison on a (double) aggregate, in PostgreSQL's float order. */
export function havingTest(having: Having): (value: number) => boolean {
    if (having.low !== undefined && having.high !== undefined) {
        const { low, high } = having;
        return v => compareNumbers(v, low) >= 0 && compareNumbers(v, high) <= 0;
    }
    const target = having.value;
    if (target === undefined || having.op === undefined) throw new ExecError(`A having ${having.agg} has neither a comparison nor a range.`);
    switch (having.op) {
        case '=': return v => compareNumbers(v, target) === 0;
        case '!=': return v => compareNumbers(v, target) !== 0;
        case '<': return v => compareNumbers(v, target) < 0;
        case '<=': return v => compareNumbers(v, target) <= 0;
        case '>': return v => compareNumbers(v, target) > 0;
        case '>=': return v => compareNumbers(v, target) >= 0;
    }
}

function setOp(node: SetOpNode, done: ReadonlyArray<Members | undefined>): Members {
    const left = done[node.left], right = done[node.right];
    if (!left || !right) throw new ExecError(`Plan node ${node.id} refers to a node not computed before it.`);
    const out = new Uint8Array(left.length);
    switch (node.kind) {
        case 'union': for (let i = 0; i < out.length; i++) out[i] = left[i] | right[i]; break;
        case 'intersect': for (let i = 0; i < out.length; i++) out[i] = left[i] & right[i]; break;
        case 'except': for (let i = 0; i < out.length; i++) out[i] = left[i] & (right[i] ^ 1); break;
    }
    return out;
}
