// "Next change time" as SQL: for a segment's members at as-of, the instant
// each would leave if no data changed and only time passed, and the
// segment's next change due. Same parameters as toSql ($1 as-of, $2 the
// plan's time zone, literals after), same answers as compiler/exec/next-change.ts.
//
//   leaveTimesSql → rows (contact_id, leaves_at timestamptz, exact boolean),
//     one per member in key order; leaves_at null: time alone never takes the
//     member out; exact false: leaves_at is a lower bound (it stays in at
//     least until then, and may stay longer).
//   nextChangeSql → one row (next_change_at timestamptz, exact boolean): the
//     first instant after as-of at which anyone could enter or leave (null:
//     never), and whether someone surely does then.
//
// Rules (docs/language.md §10, "Next change time"): a rolling window is exact
// (membership is a function of the window's lower bound, so the next change
// is that bound reaching the timestamp where `having` changes, or falling
// back below one, with calendar arithmetic and its jumps at daylight-saving
// changes and month ends); `since`, `before`, fixed ranges and no window never
// change by time; a window `ago` changes no earlier than the first row enters
// or leaves it; rows dated after as-of, and a `where` or profile condition
// that reads the clock (`within`), bring a change no later than they could;
// union, intersect and except combine their sides' changes (a union's member
// in both sides leaves no earlier than the later of the two).
//
// Shape: one CTE per bound (bound-sql.ts), a few per plan node (timeline-sql.ts),
// all set-based: window functions over each key's timestamps, aggregates,
// joins with one-row CTEs; no correlated subquery but the `exists` that the
// segment's own conditions have.
import type { Cond, Plan, PlanNode } from '../plan/plan.js';
import { PLAN_VERSION } from '../plan/plan.js';
import { boundId, isExact, PROBE_MINUTES, type Bound } from '../calendar/bound.js';
import { BoundSql } from './bound-sql.js';
import { timeAtoms, type FlipEnv } from './cond-flip-sql.js';
import { Scope } from './cond-sql.js';
import { freshName, paramsCte, tablesOf } from './ctes.js';
import type { Dialect } from './dialect.js';
import { KEY } from './node-sql.js';
import { checkParams, Params, type SqlContext, type SqlParam } from './params.js';
import { postgresDialect } from './postgres-dialect.js';
import { printSql } from './print-sql.js';
import {
    alias, and, call, column, compare, constant, ident, is, not, nullOf, select, statement,
    type Cte, type SqlName, type SqlQuery, type SqlStatement,
} from './sql-ast.js';
import { SqlError } from './sql-error.js';
import { Stages } from './stages.js';
import { timelineSql, type NodeTimeline, type TimelineEnv } from './timeline-sql.js';

export interface NextChangeQuery {
    text: string;
    params: SqlParam[];
}

/** Rows (contact_id, leaves_at, exact): each member at as-of and when it would leave by time alone. */
export function leaveTimesSql(plan: Plan, segmentName: string, dialect: Dialect = postgresDialect): NextChangeQuery {
    return finish(new TimelineCompiler(plan, segmentName, dialect).leaveTimes(), dialect);
}

/** One row (next_change_at, exact): the segment's next change due after as-of. */
export function nextChangeSql(plan: Plan, segmentName: string, dialect: Dialect = postgresDialect): NextChangeQuery {
    return finish(new TimelineCompiler(plan, segmentName, dialect).nextChange(), dialect);
}

/**
 * The segment's timeline in one query, for `seg refresh`: rows (contact_id,
 * member, change, exact) — leaveTimesSql's rows are those with `member`, and
 * nextChangeSql is the least `change` — plus what the rows leave implicit:
 * whether an audience key without a row is a member (that never leaves), and
 * whether time can change the segment at all (false: every change is null,
 * and the query need not run).
 */
export function timelineRowsSql(plan: Plan, segmentName: string, dialect: Dialect = postgresDialect, reuse: ReadonlyMap<string, ReusedTimeline> = new Map()):
    NextChangeQuery & { absentAreMembers: boolean; readsClock: boolean } {
    const compiler = new TimelineCompiler(plan, segmentName, dialect, reuse);
    return { ...finish(compiler.rows(), dialect), absentAreMembers: compiler.absentAreMembers, readsClock: compiler.readsClock };
}

function finish({ stmt, ctx }: { stmt: SqlStatement; ctx: SqlContext }, dialect: Dialect): NextChangeQuery {
    const text = printSql(stmt, dialect);
    const params = ctx.params.all;
    checkParams(text, params.length, dialect);
    return { text, params };
}

/**
 * A segment's timeline already in a table (seg refresh evaluates the segments a segment uses
 * first): its rows and whether the keys without one are members; or, for a segment time
 * cannot change, the table of its members.
 */
export type ReusedTimeline = { table: string; absentAreMembers: boolean } | { members: string };

class TimelineCompiler {
    private readonly ctx: SqlContext;
    private readonly ctes: Cte[] = [];
    private readonly prefix: string;
    private readonly bounds = new Map<string, BoundSql>();
    private readonly existsCtes = new Map<string, SqlName | undefined>();
    private readonly nodes = new Map<number, NodeTimeline>();
    private readonly root: NodeTimeline;

    constructor(private readonly plan: Plan, segmentName: string, dialect: Dialect, reuse: ReadonlyMap<string, ReusedTimeline> = new Map()) {
        if (plan.version !== PLAN_VERSION) throw new SqlError(`This compiler reads plan version ${PLAN_VERSION}, not ${String(plan.version)}.`);
        const segment = plan.segments.find(s => s.name === segmentName);
        if (!segment) throw new SqlError(`The plan has no segment named '${segmentName}'.`);
        this.ctx = { dialect, params: new Params(plan.timeZone), audience: plan.audience };
        const tables = tablesOf(plan);
        // Every CTE name starts with the prefix, so none may start a table's name.
        this.prefix = freshName('nc', p => [...tables].some(t => t.startsWith(p)));
        this.ctes.push(paramsCte(freshName('params', n => tables.has(n))));
        this.node(segment.node);
        const reusable = new Map<number, ReusedTimeline>();
        for (const [name, timeline] of reuse) {
            const used = plan.segments.find(s => s.name === name);
            if (used && name !== segmentName && used.node !== segment.node) reusable.set(used.node, timeline);
        }
        const reads = this.countReads(segment.node, reusable);
        for (const node of this.plan.nodes) {
            if (!reads.has(node.id)) continue;
            const timeline = reusable.get(node.id);
            if (timeline) {
                this.nodes.set(node.id, this.reusedTimeline(node.id, timeline));
                continue;
            }
            this.nodes.set(node.id, timelineSql(this.ctx, node, this.envFor(node)));
        }
        this.root = this.nodes.get(segment.node)!;
    }

    leaveTimes(): { stmt: SqlStatement; ctx: SqlContext } {
        const r = alias('r');
        const col = (name: string) => column(r, alias(name));
        let body: SqlQuery;
        if (!this.root.member) {
            body = select({
                columns: [{ expr: col('contact_id'), alias: KEY }, { expr: col('change'), alias: alias('leaves_at') }, { expr: col('exact'), alias: alias('exact') }],
                from: { table: this.root.name, alias: r },
                where: col('member'),
            });
        } else {
            // The root's default is "in": every audience key it leaves out is a member that never leaves.
            const c = alias('c');
            const key = column(c, ident(this.plan.audience.key));
            body = select({
                columns: [{ expr: key, alias: KEY }, { expr: col('change'), alias: alias('leaves_at') }, { expr: call('coalesce', col('exact'), constant(true)), alias: alias('exact') }],
                from: { table: ident(this.plan.audience.table), alias: c },
                joins: [{ type: 'LEFT', item: { table: this.root.name, alias: r }, on: compare('=', col('contact_id'), key) }],
                where: call('coalesce', col('member'), constant(true)),
            });
        }
        return { stmt: statement(this.ctes, body, [column(undefined, KEY)]), ctx: this.ctx };
    }

    get absentAreMembers(): boolean {
        return this.root.member;
    }

    /** Time alone can change membership: a bound is read (a window, `within`), or interaction rows (dated after as-of, they count later). */
    get readsClock(): boolean {
        return this.bounds.size > 0 || [...this.nodes.keys()].some(id => this.plan.nodes[id].kind === 'interaction' || this.plan.nodes[id].kind === 'sequence' || this.reusedReadsClock.has(id));
    }

    /** Reused segments whose timeline is a table (time can change them). */
    private readonly reusedReadsClock = new Set<number>();

    /** A reused segment's timeline: its table, or a CTE over its members, which never change. */
    private reusedTimeline(id: number, timeline: ReusedTimeline): NodeTimeline {
        if ('table' in timeline) {
            this.reusedReadsClock.add(id);
            return { name: alias(timeline.table), member: timeline.absentAreMembers };
        }
        const m = alias('m');
        const name = alias(`${this.prefix}${id}_members`);
        const query = select({
            columns: [
                { expr: column(m, KEY), alias: KEY }, { expr: constant(true), alias: alias('member') },
                { expr: nullOf('timestamptz'), alias: alias('change') }, { expr: constant(true), alias: alias('exact') },
            ],
            from: { table: alias(timeline.members), alias: m },
        });
        this.ctes.push({ name, query, materialized: false, comment: 'a segment evaluated before, which time cannot change: its members' });
        return { name, member: false };
    }

    rows(): { stmt: SqlStatement; ctx: SqlContext } {
        const r = alias('r');
        const body = select({
            columns: ['contact_id', 'member', 'change', 'exact'].map(name => ({ expr: column(r, alias(name)), alias: alias(name) })),
            from: { table: this.root.name, alias: r },
        });
        return { stmt: statement(this.ctes, body, []), ctx: this.ctx };
    }

    nextChange(): { stmt: SqlStatement; ctx: SqlContext } {
        const [n, r, at] = [alias('n'), alias('r'), alias('at')];
        const first = select({ columns: [{ expr: call('min', column(r, alias('change'))), alias: at }], from: { table: this.root.name, alias: r } });
        const body = select({
            columns: [
                { expr: column(n, at), alias: alias('next_change_at') },
                { expr: call('coalesce', call('bool_or', column(r, alias('exact'))), constant(true)), alias: alias('exact') },
            ],
            from: { query: first, alias: n },
            joins: [{ type: 'LEFT', item: { table: this.root.name, alias: r }, on: compare('=', column(r, alias('change')), column(n, at)) }],
            groupBy: [column(n, at)],
        });
        return { stmt: statement(this.ctes, body, []), ctx: this.ctx };
    }

    private node(id: number): PlanNode {
        const node = this.plan.nodes[id];
        if (!node || node.id !== id) throw new SqlError(`The plan has no node ${id} (or its nodes are out of order).`);
        return node;
    }

    /** How often each node the root needs is read (by set operations; the root by the final query); reused nodes are read, not opened. */
    private countReads(root: number, reused: ReadonlyMap<number, unknown>): Map<number, number> {
        const reads = new Map<number, number>([[root, 1]]);
        const visit = (id: number) => {
            const node = this.node(id);
            if (reused.has(id) || (node.kind !== 'union' && node.kind !== 'intersect' && node.kind !== 'except')) return;
            if (!(node.left < id && node.right < id)) throw new SqlError(`Plan node ${id} refers to a later node; nodes must be topologically ordered.`);
            for (const child of [node.left, node.right]) {
                const seen = reads.has(child);
                reads.set(child, (reads.get(child) ?? 0) + 1);
                if (!seen) visit(child);
            }
        };
        visit(root);
        return reads;
    }

    private envFor(node: PlanNode): TimelineEnv {
        const segment = this.plan.segments.find(s => s.node === node.id);
        const flipEnv = this.flipEnv();
        return {
            ...flipEnv,
            addCte: (suffix, query, options = {}) => {
                // The node's own timeline is the CTE named for its kind; the others are its steps.
                const own = ['profile', 'interaction', 'sequence', 'union', 'intersect', 'except'].includes(suffix);
                const name = alias(`${this.prefix}${node.id}_${suffix}`);
                const comment = options.comment && own && segment ? `segment ${segment.name}: ${options.comment}` : options.comment;
                // A node's own timeline is always materialized: inlined into the set operations
                // reading it, a tree of them makes PostgreSQL's planning time grow fast (seconds at six levels).
                this.ctes.push({ name, query, materialized: options.materialized ?? own, inlined: options.inlined ?? false, ...(comment ? { comment } : {}) });
                return name;
            },
            nodeCte: id => {
                const t = this.nodes.get(id);
                if (!t) throw new SqlError(`Plan node ${node.id} refers to a node not compiled before it.`);
                return t;
            },
        };
    }

    private flipEnv(): FlipEnv {
        const env: FlipEnv = {
            bound: (bound: Bound) => this.bound(bound),
            existsFlips: cond => this.existsFlips(cond, env),
        };
        return env;
    }

    private bound(bound: Bound): BoundSql {
        const id = boundId(bound);
        let b = this.bounds.get(id);
        if (!b) {
            const cte = isExact(bound) ? undefined : alias(`${this.prefix}_bound${this.bounds.size + 1}`);
            b = new BoundSql(this.ctx, bound, cte);
            if (cte) {
                const what = bound.kind === 'wall' ? 'the wall clock' : `as-of − ${id}`;
                this.ctes.push({ name: cte, query: b.cteQuery(), materialized: false, comment: `${what}: its value at as-of and its jumps in the next ${PROBE_MINUTES / 60} hours` });
            }
            this.bounds.set(id, b);
        }
        return b;
    }

    /** One row per value `k` of the exists' `via` column: `at`, the first instant a row with that value could change its condition. */
    private existsFlips(cond: Extract<Cond, { op: 'exists' }>, env: FlipEnv): SqlName | undefined {
        const id = JSON.stringify([cond.table, cond.via, cond.where]);
        if (this.existsCtes.has(id)) return this.existsCtes.get(id);
        let name: SqlName | undefined;
        if (cond.where) {
            const scope = new Scope(cond.table, alias('e'), 'et');
            const atoms = timeAtoms(this.ctx, cond.where, scope, env, 'x');
            if (atoms) {
                const via = column(scope.row, ident(cond.via));
                const base = select({
                    columns: [{ expr: via, alias: alias('xkey') }, ...atoms.columns],
                    from: { table: ident(cond.table), alias: scope.row }, joins: scope.joins,
                    // A record whose clock-free parts settle its condition never changes it.
                    where: and(is(via, 'NOT NULL'), ...(atoms.settled ? [not(atoms.settled)] : [])),
                });
                const stages = new Stages(base, ['xkey', ...atoms.columns.map(c => c.alias!.text)], 's');
                const flip = atoms.stage(stages, 1).column;
                const z = alias('z');
                const cte = `${this.prefix}_exists${this.existsCtes.size + 1}`;
                const flipped = stages.build({ keep: ['xkey', flip], where: ref => is(ref(flip), 'NOT NULL') });
                const query = select({
                    columns: [{ expr: column(z, alias('xkey')), alias: alias('k') }, { expr: call('min', column(z, alias(flip))), alias: alias('at') }],
                    from: { query: flipped, alias: z },
                    groupBy: [column(z, alias('xkey'))],
                });
                name = alias(cte);
                this.ctes.push({ name, query, materialized: false, comment: `exists ${cond.table}: per ${cond.via}, the first instant any of its records' condition could change` });
            }
        }
        this.existsCtes.set(id, name);
        return name;
    }
}

