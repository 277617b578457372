// `interaction A … then [not] B [on f] within gap` in the executor: per
// audience row, A's and B's qualifying rows (timestamp and correlated value),
// then the pairing rule of plan.ts's SequenceNode, the same as the SQL's
// self-join (compiler/sql/sequence-sql.ts).
import type { SequenceNode, SequenceStep } from '../plan/plan.js';
import { plusInterval } from '../calendar/time-zone.js';
import { inBounds, windowBounds } from '../calendar/windows.js';
import { compileCond, TRUE } from './conditions.js';
import type { ExecContext } from './context.js';
import { pgLower } from './text.js';

/** One step's qualifying rows per audience row: timestamps, and the correlated value (undefined without `on`). */
export interface StepRows {
    ts: number[];
    values: unknown[];
}

export function sequenceMembers(node: SequenceNode, ctx: ExecContext): Uint8Array {
    const members = new Uint8Array(ctx.audience.rowCount);
    const firsts = stepRows(node.first, node.on?.first, ctx);
    const thens = stepRows(node.then, node.on?.then, ctx);
    for (const [a, first] of firsts) {
        if (ctx.audience.keys[a] === null) continue;
        if (sequenceHolds(node, first, thens.get(a), ctx)) members[a] = 1;
    }
    return members;
}

/** Does some pair (or, negated, some unanswered first step) exist among one key's rows? */
export function sequenceHolds(node: SequenceNode, first: StepRows, then: StepRows | undefined, ctx: ExecContext): boolean {
    return pairing(node, first, then, ctx).some(p => (node.negated ? p.gapEnded && p.answers.length === 0 : p.answers.length > 0));
}

/** For each first-step row: when its gap ends, whether that is by as-of, and the then-rows answering it. */
export function pairing(node: SequenceNode, first: StepRows, then: StepRows | undefined, ctx: ExecContext):
    Array<{ at: number; gapEnd: number; gapEnded: boolean; answers: number[] }> {
    return first.ts.map((t, i) => {
        const gapEnd = plusInterval(t, node.gap.amount, node.gap.unit, ctx.zone);
        const answers: number[] = [];
        if (then) {
            then.ts.forEach((u, j) => {
                if (u > t && u <= gapEnd && (!node.on || sameValue(first.values[i], then.values[j]))) answers.push(u);
            });
        }
        return { at: t, gapEnd, gapEnded: gapEnd <= ctx.asOf, answers };
    });
}

/**
 * When a first-step row at `t` starts to count if no data changes: its first
 * answer (`then`), or the end of its gap if nothing answers it (`then not`);
 * NaN: never. `then` holds the rows of every date, not only those up to as-of.
 */
export function activation(node: SequenceNode, t: number, value: unknown, then: StepRows | undefined, ctx: ExecContext): number {
    const gapEnd = plusInterval(t, node.gap.amount, node.gap.unit, ctx.zone);
    let first = NaN;
    if (then) {
        then.ts.forEach((u, j) => {
            if (u > t && u <= gapEnd && (!node.on || sameValue(value, then.values[j])) && !(first <= u)) first = u;
        });
    }
    return node.negated ? (Number.isNaN(first) ? gapEnd : NaN) : first;
}

/** `on`: equal, strings case-insensitively; null equals nothing. */
function sameValue(a: unknown, b: unknown): boolean {
    if (a === null || a === undefined || b === null || b === undefined) return false;
    return typeof a === 'string' && typeof b === 'string' ? pgLower(a) === pgLower(b) : a === b;
}

/** A step's rows up to as-of, in its window and matching its `where`, per audience row they reach. */
export function stepRows(step: SequenceStep, onColumn: string | undefined, ctx: ExecContext): Map<number, StepRows> {
    const out = new Map<number, StepRows>();
    const n = ctx.table(step.table).rowCount;
    const ts = ctx.column(step.table, 'timestamp');
    const values = onColumn ? ctx.column(step.table, onColumn) : undefined;
    const inWindow = inBounds(windowBounds(step.window, ctx.asOf, ctx.zone));
    const where = step.where ? compileCond(step.where, step.table, ctx) : undefined;
    const reach = ctx.reach(step.table, step.relation);
    for (let row = 0; row < n; row++) {
        const t = ts[row];
        if (typeof t !== 'number' || !inWindow(t)) continue;
        if (where && where(row) !== TRUE) continue;
        const a = reach(row);
        if (a < 0) continue;
        let rows = out.get(a);
        if (!rows) out.set(a, rows = { ts: [], values: [] });
        rows.ts.push(t);
        rows.values.push(values ? values[row] : undefined);
    }
    return out;
}
