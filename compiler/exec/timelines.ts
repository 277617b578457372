// Each plan node as a timeline over the audience: who is in it at as-of, and
// for everyone the first instant after as-of at which that could change by
// time alone (NaN: never), exactly or as a lower bound. The rules are
// docs/language.md §10, "Next change time"; compiler/sql/timeline-sql.ts is
// the same in SQL.
import type { Having, InteractionNode, PlanNode, ProfileNode, SequenceNode, SequenceStep, SetOpNode, Window } from '../plan/plan.js';
import { activation, type StepRows } from './sequence.js';
import { compareNumbers, compileCond, TRUE, type RowTest } from './conditions.js';
import { compileFlip, earlier, type BoundTimesOf } from './cond-flips.js';
import type { ExecContext } from './context.js';
import { distinctKey, havingTest } from './nodes.js';
import { ExecError } from '../calendar/time-zone.js';
import { countSettlesFrom, onlyNewestRowDecides } from '../../language/model/having.js';
import { inBounds, windowBounds } from '../calendar/windows.js';

/** Per audience row: in at as-of, the next change (NaN: never), and whether that instant is exact. */
export interface Timeline {
    member: Uint8Array;
    change: Float64Array;
    exact: Uint8Array;
}

export function evaluateTimeline(node: PlanNode, ctx: ExecContext, times: BoundTimesOf, done: ReadonlyArray<Timeline | undefined>): Timeline {
    switch (node.kind) {
        case 'profile': return profileTimeline(node, ctx, times);
        case 'interaction': return interactionTimeline(node, ctx, times);
        case 'sequence': return sequenceTimeline(node, ctx, times);
        default: return setOpTimeline(node, done);
    }
}

/**
 * Sequences: a first-step row counts from its activation (sequence.ts) on, while
 * the first step's window holds it, so the rows active at as-of decide as an
 * interaction `having count >= 1` in that window does (exactly, for `within`);
 * a later activation (an answer or a gap end after as-of), and a `where` of
 * either step that reads the clock, bring a change no later than they could.
 */
function sequenceTimeline(node: SequenceNode, ctx: ExecContext, times: BoundTimesOf): Timeline {
    const horizon = new Float64Array(ctx.audience.rowCount).fill(NaN);
    // A first-step row at or below the lowest the window's lower end gets never counts again, nor
    // does a second-step row there answer one that could (as the SQL, which reads only the others).
    const lower = lowerEnd(node.first.window, times);
    const lowest = lower?.lowest;
    const above = lowest === undefined ? () => true : (t: number) => t > lowest;
    const firsts = timedStepRows(node.first, node.on?.first, ctx, times, horizon, above);
    const thens = timedStepRows(node.then, node.on?.then, ctx, times, horizon, above);
    const rowsOf = new Map<number, Rows>();
    for (const [a, first] of firsts) {
        const then = thens.get(a);
        first.ts.forEach((t, i) => {
            const at = activation(node, t, first.values[i], then, ctx);
            if (Number.isNaN(at)) return;
            if (at > ctx.asOf) { horizon[a] = earlier(horizon[a], at); return; }
            let rows = rowsOf.get(a);
            if (!rows) rowsOf.set(a, rows = { ts: [], values: [] });
            rows.ts.push(t);
            rows.values.push(null);
        });
    }
    return decideTimeline(ctx, rowsOf, horizon, windowRule(node.first.window, times, a => a.count >= 1, { newestDecides: true, settlesFrom: 1 }), false);
}

/** What reading an interaction table's rows for a timeline needs: timestamps, `where` now and its flips, the key, the fixed window ends. */
function rowReader(source: Pick<InteractionNode, 'table' | 'relation' | 'window' | 'where'>, ctx: ExecContext, times: BoundTimesOf) {
    return {
        n: ctx.table(source.table).rowCount,
        ts: ctx.column(source.table, 'timestamp'),
        where: source.where ? compileCond(source.where, source.table, ctx) : undefined,
        flip: source.where ? compileFlip(source.where, source.table, ctx, times) : undefined,
        reach: ctx.reach(source.table, source.relation),
        fixed: fixedBounds(source.window, ctx),
    };
}

/**
 * A step's rows that can ever count, of every date (fixed window ends applied), per audience row:
 * those whose `where` holds at as-of; a `where` that can change marks the key's horizon.
 */
function timedStepRows(step: SequenceStep, onColumn: string | undefined, ctx: ExecContext, times: BoundTimesOf, horizon: Float64Array, above: (t: number) => boolean): Map<number, StepRows> {
    const out = new Map<number, StepRows>();
    const values = onColumn ? ctx.column(step.table, onColumn) : undefined;
    const { n, ts, where, flip, reach, fixed } = rowReader(step, ctx, times);
    for (let row = 0; row < n; row++) {
        const t = ts[row];
        if (typeof t !== 'number' || !fixed(t) || !above(t)) continue;
        const a = reach(row);
        if (a < 0 || ctx.audience.keys[a] === null) continue;
        if (flip) horizon[a] = earlier(horizon[a], flip(row));
        if (where && where(row) !== TRUE) continue;
        let rows = out.get(a);
        if (!rows) out.set(a, rows = { ts: [], values: [] });
        rows.ts.push(t);
        rows.values.push(values ? values[row] : undefined);
    }
    return out;
}

function emptyTimeline(size: number, member: boolean): Timeline {
    return { member: new Uint8Array(size).fill(member ? 1 : 0), change: new Float64Array(size).fill(NaN), exact: new Uint8Array(size).fill(1) };
}

// ---------------------------------------------------------------- profiles

/**
 * A record's condition next changes no earlier than its first `within` test
 * does; the instant is exact when the condition's value there differs.
 */
function profileTimeline(node: ProfileNode, ctx: ExecContext, times: BoundTimesOf): Timeline {
    const { audience } = ctx;
    const out = emptyTimeline(audience.rowCount, false);
    const where = node.where ? compileCond(node.where, node.table, ctx) : undefined;
    const flip = node.where ? compileFlip(node.where, node.table, ctx, times) : undefined;
    const n = ctx.table(node.table).rowCount;
    if (node.table === audience.table && node.key === audience.key) {
        const later = new Map<number, RowTest>();
        for (let row = 0; row < n; row++) {
            if (audience.keys[row] === null) continue;
            const member = !where || where(row) === TRUE;
            out.member[row] = member ? 1 : 0;
            const at = flip ? flip(row) : NaN;
            if (Number.isNaN(at)) continue;
            out.change[row] = at;
            let test = later.get(at);
            if (!test) later.set(at, test = compileCond(node.where!, node.table, ctx.withAsOf(at)));
            out.exact[row] = (test(row) === TRUE) !== member ? 1 : 0;
        }
        return out;
    }
    // Another table's records: a key is in while any of its records is; exact only when none changes.
    const keys = ctx.column(node.table, node.key);
    for (let row = 0; row < n; row++) {
        const v = keys[row];
        const a = v === null || v === undefined ? undefined : audience.rowOf.get(v);
        if (a === undefined) continue;
        if (!where || where(row) === TRUE) out.member[a] = 1;
        const at = flip ? flip(row) : NaN;
        if (!Number.isNaN(at)) {
            out.change[a] = earlier(out.change[a], at);
            out.exact[a] = 0;
        }
    }
    return out;
}

// ---------------------------------------------------------------- interactions

/** Count, non-null count, sum, min and max of a set of rows' values. */
class Aggregate {
    count = 0;
    nonNull = 0;
    sum = 0;
    min = 0;
    max = 0;

    add(other: { count: number; nonNull: number; sum: number; min: number; max: number }): void {
        if (other.nonNull > 0) {
            if (this.nonNull === 0 || compareNumbers(other.min, this.min) < 0) this.min = other.min;
            if (this.nonNull === 0 || compareNumbers(other.max, this.max) > 0) this.max = other.max;
            this.sum += other.sum;
            this.nonNull += other.nonNull;
        }
        this.count += other.count;
    }

    addValue(v: unknown): void {
        this.add(typeof v === 'number' ? { count: 1, nonNull: 1, sum: v, min: v, max: v } : { count: 1, nonNull: 0, sum: 0, min: 0, max: 0 });
    }
}

/** `having` on an aggregate; a null aggregate (avg, min, max of nothing) never satisfies it. */
function havingOf(having: Having): (a: Aggregate) => boolean {
    const test = havingTest(having);
    switch (having.agg) {
        case 'count': case 'distinct': return a => test(a.count);
        case 'sum': return a => test(a.sum);
        case 'avg': return a => a.nonNull > 0 && test(a.sum / a.nonNull);
        case 'min': return a => a.nonNull > 0 && test(a.min);
        case 'max': return a => a.nonNull > 0 && test(a.max);
    }
}

/** Rows of one key that count at as-of: timestamps and values. */
interface Rows {
    ts: number[];
    values: unknown[];
}

/**
 * Rows dated after as-of (that match `where`) come into the window as time
 * passes, and a `where` that reads the clock changes which rows count: each
 * is a possible change, the key's "horizon". Before it, the rows up to as-of
 * are all there is, and the window decides.
 */
function interactionTimeline(node: InteractionNode, ctx: ExecContext, times: BoundTimesOf): Timeline {
    const having = havingOf(node.having);
    const horizon = new Float64Array(ctx.audience.rowCount).fill(NaN);
    const rowsOf = new Map<number, Rows>();
    const values = node.having.agg === 'count' ? undefined : ctx.column(node.table, node.having.column ?? missingColumn(node));
    const distinctOf = node.having.agg === 'distinct' ? distinctKey(node.having) : undefined;
    const { n, ts, where, flip, reach, fixed } = rowReader(node, ctx, times);
    for (let row = 0; row < n; row++) {
        const t = ts[row];
        if (typeof t !== 'number' || !fixed(t)) continue;
        const a = reach(row);
        if (a < 0) continue;
        const counts = !where || where(row) === TRUE;
        const flips = flip ? flip(row) : NaN;
        horizon[a] = earlier(horizon[a], flips);
        if (t > ctx.asOf) {
            if (counts || !Number.isNaN(flips)) horizon[a] = earlier(horizon[a], t);
            continue;
        }
        if (!counts) continue;
        let rows = rowsOf.get(a);
        if (!rows) rowsOf.set(a, rows = { ts: [], values: [] });
        rows.ts.push(t);
        rows.values.push(values ? values[row] : null);
    }
    return decideTimeline(ctx, rowsOf, horizon, windowRule(node.window, times, having, {
        newestDecides: onlyNewestRowDecides(node.having, node.window.kind), distinctOf, settlesFrom: countSettlesFrom(node.having),
    }), having(new Aggregate()));
}

/**
 * Each key's rows up to as-of decide by the window; a horizon before the
 * window's change (or with none) is the change instead, a lower bound.
 * Keys without rows hold `empty` (the `having` of no rows).
 */
function decideTimeline(ctx: ExecContext, rowsOf: Map<number, Rows>, horizon: Float64Array, decide: (rows: Rows) => Decision, empty: boolean): Timeline {
    const { audience } = ctx;
    const out = emptyTimeline(audience.rowCount, empty);
    for (const [a, rows] of rowsOf) {
        const { member, change, exact } = decide(rows);
        out.member[a] = member ? 1 : 0;
        out.change[a] = change;
        out.exact[a] = exact ? 1 : 0;
    }
    for (let a = 0; a < audience.rowCount; a++) {
        const h = horizon[a];
        if (Number.isNaN(h) || audience.keys[a] === null) continue;
        if (Number.isNaN(out.change[a]) || h <= out.change[a]) {
            out.change[a] = h;
            out.exact[a] = 0;
        }
    }
    return out;
}

/**
 * `count(distinct …)` in a `within` window, as a count: each different value
 * (of `distinctRows`) once, at its newest timestamp up to as-of — inside the
 * window at T exactly when some row with that value is (rows only leave
 * through its lower end).
 */
function newestPerValue(rows: Rows): Rows {
    const newest = new Map<unknown, number>();
    rows.ts.forEach((t, i) => {
        const at = newest.get(rows.values[i]);
        if (at === undefined || t > at) newest.set(rows.values[i], t);
    });
    const ts = [...newest.values()];
    return { ts, values: ts.map(() => null) };
}

/** The rows whose value `count(distinct …)` counts (not null), their values as it tells them apart. */
function distinctRows(rows: Rows, distinctOf: (v: unknown) => unknown): Rows {
    const out: Rows = { ts: [], values: [] };
    rows.ts.forEach((t, i) => {
        const v = rows.values[i];
        if (v === null || v === undefined) return;
        out.ts.push(t);
        out.values.push(distinctOf(v));
    });
    return out;
}

/** The aggregate of some rows' values; of `count(distinct …)`, a count of the different values. */
function aggregateOf(values: unknown[], distinct: boolean): Aggregate {
    const all = new Aggregate();
    for (const v of distinct ? new Set(values) : values) all.addValue(distinct ? null : v);
    return all;
}

function missingColumn(node: InteractionNode): never {
    throw new ExecError(`The ${node.having.agg} of interaction ${node.type} names no column.`);
}

/** The fixed ends of `since`, `before` and `between` dates (rows outside never count): the window as of the end of time. */
function fixedBounds(window: Window, ctx: ExecContext): (t: number) => boolean {
    if (window.kind !== 'since' && window.kind !== 'before' && window.kind !== 'range') return () => true;
    return inBounds(windowBounds(window, Infinity, ctx.zone));
}

type Decision = { member: boolean; change: number; exact: boolean };

/** The bound a moving window's lower end follows (`within`, `between … ago`), if it has one. */
function lowerEnd(window: Window, times: BoundTimesOf): ReturnType<BoundTimesOf> | undefined {
    if (window.kind === 'rolling') return times({ kind: 'window', amount: window.amount, unit: window.unit });
    if (window.kind === 'ago' && window.to !== undefined) return times({ kind: 'window', amount: window.to, unit: window.unit });
    return undefined;
}

/** How `having` reads the rows: only whether there is one (the newest decides alone), and count(distinct f)'s notion of sameness. */
interface HavingShape {
    newestDecides: boolean;
    distinctOf?: (v: unknown) => unknown;
    /** A count test: the count from which it answers the same for every larger one (countSettlesFrom). */
    settlesFrom?: number;
}

function windowRule(window: Window, times: BoundTimesOf, having: (a: Aggregate) => boolean, shape: HavingShape): (rows: Rows) => Decision {
    const { distinctOf } = shape;
    const distinct = distinctOf !== undefined;
    const counted = distinctOf ? (rows: Rows) => distinctRows(rows, distinctOf) : (rows: Rows) => rows;
    switch (window.kind) {
        case 'rolling': {
            const rule = rollingRule(times({ kind: 'window', amount: window.amount, unit: window.unit }), having, shape.newestDecides);
            return distinctOf ? rows => rule(newestPerValue(counted(rows))) : rule;
        }
        case 'ago': {
            // A value is inside while any of its rows is: its newest row alone does not tell (rows enter through the upper end).
            const rule = agoRule(
                window.to === undefined ? undefined : times({ kind: 'window', amount: window.to, unit: window.unit }),
                times({ kind: 'window', amount: window.from, unit: window.unit }),
                having, distinct, shape.settlesFrom,
            );
            return rows => rule(counted(rows));
        }
        default: return rows => ({ member: having(aggregateOf(counted(rows).values, distinct)), change: NaN, exact: true });
    }
}

/**
 * `within`: the rows inside at T are those newer than F(T), so membership is
 * a function of the single number F(T): constant while F(T) stays in [L, U),
 * L and U the nearest row timestamps below and above F(A) across which the
 * `having` value changes. The next change is the first T at which F reaches
 * U or falls below L: exact, whatever the calendar does, unless F jumps there
 * past the next timestamp too (then a lower bound).
 */
function rollingRule(bound: ReturnType<BoundTimesOf>, having: (a: Aggregate) => boolean, newestDecides: boolean): (rows: Rows) => Decision {
    return rows => {
        const byTime = new Map<number, Aggregate>();
        rows.ts.forEach((t, i) => {
            let a = byTime.get(t);
            if (!a) byTime.set(t, a = new Aggregate());
            a.addValue(rows.values[i]);
        });
        const distinct = [...byTime.keys()].sort((x, y) => y - x);
        // prefix[j]: `having` of the rows at or after distinct[j]; newer[j]: of those after it.
        const prefix: boolean[] = [], newer: boolean[] = [];
        const running = new Aggregate();
        for (const d of distinct) {
            newer.push(having(running));
            running.add(byTime.get(d)!);
            prefix.push(having(running));
        }
        const fa = bound.atAsOf;
        const active = distinct.filter(d => d > fa).length;
        const member = active === 0 ? having(new Aggregate()) : prefix[active - 1];
        // U and L, and the timestamps next to them: the one after U, the one before L.
        let upper: number | undefined, lower: number | undefined, afterUpper: number | undefined, beforeLower: number | undefined;
        for (let j = active - 1; j >= 0 && upper === undefined; j--) if (newer[j] !== member) [upper, afterUpper] = [distinct[j], distinct[j - 1]];
        for (let j = active; j < distinct.length && lower === undefined; j++) if (prefix[j] !== member) [lower, beforeLower] = [distinct[j], distinct[j + 1]];
        const leave = upper === undefined ? null : bound.leave(upper);
        const back = lower === undefined ? null : bound.reenter(lower);
        // A bound that jumps (a clamped month end, a daylight-saving change) can take the next row out with U,
        // or bring the one before L back with it; `having` may then answer as before: only a lower bound
        // (unless the newest row decides alone, whatever else moves with it).
        if (newestDecides) return firstOf(member, leave, back);
        return firstOf(member,
            leave && { at: leave.at, exact: leave.exact && (afterUpper === undefined || afterUpper > bound.at(leave.at)) },
            back && { at: back.at, exact: back.exact && (beforeLower === undefined || beforeLower <= bound.at(back.at)) });
    };
}

/**
 * `between a and b unit ago`: the rows inside change when the oldest inside
 * leaves, the newest below comes back, the oldest pending (newer than the
 * upper end) enters, or the newest inside drops back above it. The first of
 * these is a lower bound; the `having` value may not change there.
 */
function agoRule(to: ReturnType<BoundTimesOf> | undefined, from: ReturnType<BoundTimesOf>, having: (a: Aggregate) => boolean, distinct: boolean,
    settlesFrom: number | undefined): (rows: Rows) => Decision {
    return rows => {
        // `before N unit ago` has no lower end: nothing leaves through it.
        const lo = to ? to.atAsOf : -Infinity, hi = from.atAsOf;
        const inside: unknown[] = [];
        let oldestIn = NaN, newestIn = NaN, newestBelow = NaN, oldestPending = NaN;
        rows.ts.forEach((t, i) => {
            if (t <= lo) newestBelow = Number.isNaN(newestBelow) ? t : Math.max(newestBelow, t);
            else if (t > hi) oldestPending = earlier(oldestPending, t);
            else {
                inside.push(rows.values[i]);
                oldestIn = earlier(oldestIn, t);
                newestIn = Number.isNaN(newestIn) ? t : Math.max(newestIn, t);
            }
        });
        const aggregate = aggregateOf(inside, distinct);
        // Without a lower end, rows only come in while the bound does not fall back (the newest inside
        // dropping out is a crossing of its own): a count from which the test answers alike is settled.
        const settled = !to && settlesFrom !== undefined && aggregate.count >= settlesFrom;
        const crossings = [
            Number.isNaN(oldestIn) || !to ? null : to.leave(oldestIn),
            Number.isNaN(newestBelow) || !to ? null : to.reenter(newestBelow),
            Number.isNaN(oldestPending) || settled ? null : from.leave(oldestPending),
            Number.isNaN(newestIn) ? null : from.reenter(newestIn),
        ];
        const change = crossings.reduce((at, c) => earlier(at, c ? c.at : NaN), NaN);
        return { member: having(aggregate), change, exact: Number.isNaN(change) };
    };
}

function firstOf(member: boolean, a: { at: number; exact: boolean } | null, b: { at: number; exact: boolean } | null): Decision {
    const first = !a ? b : !b ? a : b.at < a.at ? b : a;
    return first ? { member, change: first.at, exact: first.exact } : { member, change: NaN, exact: true };
}

// ---------------------------------------------------------------- set operations

/**
 * A union changes only when one side does. In both: not before both have
 * changed (the later, exact only if both change at that instant). In one:
 * when that one leaves, exact unless the other could gain the key first. In
 * neither: when the first gains it. Intersect and except are unions of
 * complements (a complement changes when its operand does).
 */
function setOpTimeline(node: SetOpNode, done: ReadonlyArray<Timeline | undefined>): Timeline {
    const left = done[node.left], right = done[node.right];
    if (!left || !right) throw new ExecError(`Plan node ${node.id} refers to a node not computed before it.`);
    const size = left.member.length;
    const out = emptyTimeline(size, false);
    // union: a ∪ b; intersect: ¬(¬a ∪ ¬b); except: ¬(¬a ∪ b).
    const negLeft = node.kind !== 'union', negRight = node.kind === 'intersect', negOut = node.kind !== 'union';
    for (let i = 0; i < size; i++) {
        const a = { member: (left.member[i] === 1) !== negLeft, change: left.change[i], exact: left.exact[i] === 1 };
        const b = { member: (right.member[i] === 1) !== negRight, change: right.change[i], exact: right.exact[i] === 1 };
        const u = unionOf(a, b);
        out.member[i] = u.member !== negOut ? 1 : 0;
        out.change[i] = u.change;
        out.exact[i] = u.exact ? 1 : 0;
    }
    return out;
}

type Side = { member: boolean; change: number; exact: boolean };

export function unionOf(a: Side, b: Side): Side {
    const never = (x: number) => Number.isNaN(x);
    if (a.member && b.member) {
        if (never(a.change) || never(b.change)) return { member: true, change: NaN, exact: true };
        const change = Math.max(a.change, b.change);
        return { member: true, change, exact: a.change === b.change && a.exact && b.exact };
    }
    if (a.member || b.member) {
        const [inside, other] = a.member ? [a, b] : [b, a];
        if (never(inside.change)) return { member: true, change: NaN, exact: true };
        return { member: true, change: inside.change, exact: inside.exact && (never(other.change) || other.change > inside.change) };
    }
    if (never(a.change) && never(b.change)) return { member: false, change: NaN, exact: true };
    if (never(b.change) || a.change < b.change) return { member: false, change: a.change, exact: a.exact };
    if (never(a.change) || b.change < a.change) return { member: false, change: b.change, exact: b.exact };
    return { member: false, change: a.change, exact: a.exact || b.exact };
}
