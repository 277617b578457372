// "Next change time" in the in-memory executor: for a segment's members at
// as-of, the instant each would leave if no data changed and only time
// passed; and the segment's next change due, the first instant after as-of at
// which anyone could enter or leave. The rules are docs/language.md §10,
// "Next change time"; compiler/sql/next-change-sql.ts returns the same rows.
import type { Plan } from '../plan/plan.js';
import { BoundTimes, type Bound } from '../calendar/bound-times.js';
import { ExecError } from '../calendar/time-zone.js';
import type { BoundTimesOf } from './cond-flips.js';
import type { ExecContext } from './context.js';
import { contextOf, neededNodes } from './execute.js';
import { sortKeys } from './sort-keys.js';
import type { Tables } from './tables.js';
import { evaluateTimeline, type Timeline } from './timelines.js';

/** When a member leaves: null when time alone never takes it out; `exact` false when `leavesAt` is only a lower bound. */
export interface LeaveTime {
    leavesAt: Date | null;
    exact: boolean;
}

/** The first instant after as-of at which membership could change (null: never), and whether it surely does then. */
export interface NextChange {
    at: Date | null;
    exact: boolean;
}

export interface SegmentChanges {
    /** Per member key, in code point order. */
    members: Map<string, LeaveTime>;
    next: NextChange;
}

export function segmentChanges(plan: Plan, segmentName: string, tables: Tables, options: { asOf: Date | number }): SegmentChanges {
    const segment = plan.segments.find(s => s.name === segmentName);
    if (!segment) throw new ExecError(`The plan has no segment '${segmentName}'.`);
    const ctx = contextOf(plan, tables, options);
    const root = timelineOf(plan, segment.node, ctx);
    const { keys } = ctx.audience;
    const members = new Map<string, LeaveTime>();
    let next = NaN, nextExact = true;
    for (const key of sortKeys(keys.filter((k): k is string => k !== null))) {
        const row = ctx.audience.rowOf.get(key)!;
        const change = root.change[row];
        if (root.member[row]) members.set(key, { leavesAt: Number.isNaN(change) ? null : new Date(change), exact: root.exact[row] === 1 });
        if (Number.isNaN(change)) continue;
        if (Number.isNaN(next) || change < next) { next = change; nextExact = root.exact[row] === 1; }
        else if (change === next) nextExact ||= root.exact[row] === 1;
    }
    return { members, next: Number.isNaN(next) ? { at: null, exact: true } : { at: new Date(next), exact: nextExact } };
}

/** Each member's leave time (null: never by time alone); see segmentChanges for exactness. */
export function leaveTimes(plan: Plan, segmentName: string, tables: Tables, options: { asOf: Date | number }): Map<string, Date | null> {
    const { members } = segmentChanges(plan, segmentName, tables, options);
    return new Map([...members].map(([key, t]) => [key, t.leavesAt]));
}

/** The segment's next change due. */
export function nextChange(plan: Plan, segmentName: string, tables: Tables, options: { asOf: Date | number }): NextChange {
    return segmentChanges(plan, segmentName, tables, options).next;
}

/** The timeline of one node, its sub-plans computed once each. */
function timelineOf(plan: Plan, root: number, ctx: ExecContext): Timeline {
    const needed = neededNodes(plan, [root]);
    const boundTimes = new Map<string, BoundTimes>();
    const times: BoundTimesOf = (bound: Bound) => {
        const id = JSON.stringify(bound);
        let t = boundTimes.get(id);
        if (!t) boundTimes.set(id, t = new BoundTimes(bound, ctx.asOf, ctx.zone));
        return t;
    };
    const done: Array<Timeline | undefined> = new Array(plan.nodes.length);
    for (const node of plan.nodes) if (needed[node.id]) done[node.id] = evaluateTimeline(node, ctx, times, done);
    return done[root]!;
}
