// Each plan node as a timeline CTE: (contact_id, member, change, exact) for
// the keys whose membership or next change is not the node's default (every
// other key: member = the default, never changes). The rules are those of
// compiler/exec/timelines.ts (docs/language.md §10, "Next change time"):
//   - interaction: the rows up to as-of decide by the window (a `within`
//     window exactly, from the timestamps where `having` changes and the
//     bound's crossings; an `ago` window at the first row to enter or leave;
//     fixed windows never); rows dated after as-of and a `where` that reads
//     the clock bring the change no later than them, as a lower bound;
//   - profile: the condition's first flip, exact where its value differs then;
//   - union, intersect, except: combined per key; where a side's default
//     settles the operation, over that side's keys only (an inner or
//     one-sided join, else a full one).
import type { Having, InteractionNode, PlanNode, ProfileNode, SequenceNode, SequenceStep, SetOpNode, Window } from '../plan/plan.js';
import { countSettlesFrom, onlyNewestRowDecides } from '../../language/model/having.js';
import { isExact } from '../calendar/bound.js';
import type { BoundSql } from './bound-sql.js';
import { timeAtoms, type FlipEnv, type TimeAtoms } from './cond-flip-sql.js';
import { condSql, Scope } from './cond-sql.js';
import { audienceKeys, distinctValue, havingTest, interactionRows, KEY, timestampOf } from './node-sql.js';
import { asOf, timeZone, type SqlContext } from './params.js';
import {
    alias, and, arithmetic, call, callStar, caseWhen, column, compare, constant, countDistinct, exists, ident, inQuery, is, not, nullOf, or, over, select, setOp,
    type Join, type SelectItem, type SqlExpr, type SqlName, type SqlQuery,
} from './sql-ast.js';
import { SqlError } from './sql-error.js';
import { Stages, type Ref } from './stages.js';
import { fixedEndsSql } from './time-sql.js';

export interface TimelineEnv extends FlipEnv {
    /** Adds a CTE (read more than once: materialized) and returns its name. */
    addCte(suffix: string, query: SqlQuery, options?: { comment?: string; materialized?: boolean; inlined?: boolean }): SqlName;
    /** An earlier node's timeline CTE and the membership of the keys it leaves out. */
    nodeCte(id: number): NodeTimeline;
}

export interface NodeTimeline {
    name: SqlName;
    member: boolean;
}

const [MEMBER, CHANGE, EXACT] = ['member', 'change', 'exact'].map(alias);
const col = (from: SqlName | undefined, name: string) => column(from, alias(name));

export function timelineSql(ctx: SqlContext, node: PlanNode, env: TimelineEnv): NodeTimeline {
    switch (node.kind) {
        case 'profile': return profileTimeline(ctx, node, env);
        case 'interaction': return interactionTimeline(ctx, node, env);
        case 'sequence': return sequenceTimeline(ctx, node, env);
        default: return setOpTimeline(node, env);
    }
}

/**
 * Sequences, as compiler/exec/timelines.ts: each first-step row's activation
 * (its first answer, or for `then not` the end of its gap if none answers);
 * the rows active at as-of decide as `having count >= 1` in the first step's
 * window, and later activations and `where` changes are the horizon. Rows at
 * or below the lowest the window's lower end gets are left out (they never
 * count again), so only the window's rows are joined, through the timestamp.
 */
function sequenceTimeline(ctx: SqlContext, node: SequenceNode, env: TimelineEnv): NodeTimeline {
    const lower = lowerEnd(node.first.window, env);
    const { joins, rowOf } = oneRowJoins(lower ? [lower] : []);
    const above = (t: SqlExpr) => (lower ? lower.above(t, rowOf) : []);
    const value = (column: string | undefined) => column === undefined ? undefined
        : (row: SqlName) => { const v = col(row, column); return node.on!.type === 'string' ? ctx.dialect.lower(v) : v; };
    const stepRows = (step: SequenceStep, on: string | undefined, suffix: string) =>
        rowsCte(ctx, step, env, { value: value(on), joins, where: above, suffix, what: `${step.type} in the sequence` });
    const first = stepRows(node.first, node.on?.first, 'first');
    const then = stepRows(node.then, node.on?.then, 'then');
    const [a, b, p, r] = [alias('a'), alias('b'), alias('p'), alias('r')];
    const gapEnd = ctx.dialect.instantPlus(col(a, 't'), timeZone(), node.gap.amount, node.gap.unit);
    const holds = (rows: { flip?: string }, row: SqlName) => (rows.flip ? [col(row, 'q')] : []);
    const pairs = and(
        compare('=', col(b, 'contact_id'), col(a, 'contact_id')), compare('>', col(b, 't'), col(a, 't')), compare('<=', col(b, 't'), gapEnd),
        ...(node.on ? [compare('=', col(b, 'v'), col(a, 'v'))] : []), ...holds(then, b),
    );
    const activations = node.negated
        ? select({
            columns: [{ expr: col(a, 'contact_id'), alias: KEY }, { expr: col(a, 't'), alias: alias('t') }, { expr: gapEnd, alias: alias('act') }],
            from: { table: first.name, alias: a },
            where: and(...holds(first, a), not(exists(select({ columns: [{ expr: constant(1) }], from: { table: then.name, alias: b }, where: pairs })))),
        })
        : select({
            columns: [{ expr: col(a, 'contact_id'), alias: KEY }, { expr: col(a, 't'), alias: alias('t') }, { expr: call('min', col(b, 't')), alias: alias('act') }],
            from: { table: first.name, alias: a },
            joins: [{ type: 'INNER', item: { table: then.name, alias: b }, on: pairs }],
            where: and(...holds(first, a)),
            groupBy: [col(a, 'contact_id'), col(a, 't')],
        });
    const act = env.addCte('act', activations, { comment: `interaction ${node.first.type} then ${node.negated ? 'not ' : ''}${node.then.type}: when each first-step row starts to count` });
    const decider = { type: node.first.type, window: node.first.window, having: AT_LEAST_ONE, admitsZero: false };
    const ts = env.addCte('ts', countedTs(act, p, [], compare('<=', col(p, 'act'), asOf()), newestDecides(decider)),
        { comment: 'the rows counting at as-of, per key and timestamp' });
    const changes: SqlQuery[] = [
        select({ columns: [{ expr: col(p, 'contact_id'), alias: KEY }, { expr: col(p, 'act'), alias: alias('hz') }], from: { table: act, alias: p }, where: compare('>', col(p, 'act'), asOf()) }),
        ...[first, then].filter(rows => rows.flip).map(rows => select({
            columns: [{ expr: col(r, 'contact_id'), alias: KEY }, { expr: col(r, rows.flip!), alias: alias('hz') }],
            from: { table: rows.name, alias: r }, where: is(col(r, rows.flip!), 'NOT NULL'),
        })),
    ];
    const h = alias('h');
    const hz = env.addCte('hz', select({
        columns: [{ expr: col(h, 'contact_id'), alias: KEY }, { expr: call('min', col(h, 'hz')), alias: alias('hz') }],
        from: { query: changes.slice(1).reduce((x, y) => setOp('UNION', x, y), changes[0]!), alias: h },
        groupBy: [col(h, 'contact_id')],
    }), { comment: 'the first activation after as-of, or change of `where`, per key' });
    return { name: env.addCte('sequence', decidedTimeline(ctx, decider, ts, hz, env), { comment: `interaction ${node.first.type} then ${node.negated ? 'not ' : ''}${node.then.type}` }), member: false };
}

/**
 * The counted rows of `from` (read as `p`) per key and timestamp, with their number;
 * only each key's newest when that alone decides (see newestDecides).
 */
function countedTs(from: SqlName, p: SqlName, joins: Join[], counted: SqlExpr, newest: boolean): SqlQuery {
    return newest
        ? select({
            columns: [{ expr: col(p, 'contact_id'), alias: KEY }, { expr: call('max', col(p, 't')), alias: alias('t') }, { expr: constant(1), alias: alias('n') }],
            from: { table: from, alias: p }, joins, where: counted,
            groupBy: [col(p, 'contact_id')],
        })
        : select({
            columns: [{ expr: col(p, 'contact_id'), alias: KEY }, { expr: col(p, 't'), alias: alias('t') }, { expr: callStar('count'), alias: alias('n') }],
            from: { table: from, alias: p }, joins, where: counted,
            groupBy: [col(p, 'contact_id'), col(p, 't')],
        });
}

/**
 * The counted rows of `from` (read as `p`) one by one, shaped like a timeline's `ts`
 * (n = 1 and the value's aggregates of one row): a window that is not rolling
 * only aggregates them per key, so grouping them per timestamp first (a sort or
 * hash of every row) would buy nothing.
 */
function rowByRow(from: SqlName, p: SqlName, joins: Join[], counted: SqlExpr, valued: boolean): SqlQuery {
    const v = col(p, 'v');
    return select({
        columns: [
            { expr: col(p, 'contact_id'), alias: KEY }, { expr: col(p, 't'), alias: alias('t') }, { expr: constant(1), alias: alias('n') },
            ...(valued ? [
                { expr: caseWhen([{ when: is(v, 'NOT NULL'), then: constant(1) }], constant(0)), alias: alias(AGG_COLUMN.count) },
                { expr: v, alias: alias(AGG_COLUMN.sum) }, { expr: v, alias: alias(AGG_COLUMN.min) }, { expr: v, alias: alias(AGG_COLUMN.max) },
            ] : []),
        ],
        from: { table: from, alias: p }, joins, where: counted,
    });
}

/**
 * A count test that only asks whether there is a row, in a `within` or fixed
 * window: the newest counted row decides alone (language/model/having.ts) —
 * one row per key instead of one per timestamp, and no sort of every row.
 */
function newestDecides(node: Decider): boolean {
    return onlyNewestRowDecides(node.having, node.window.kind);
}

/** `having count >= 1`: a sequence's first-step rows that count, in its window. */
const AT_LEAST_ONE: Having = { agg: 'count', op: '>=', value: 1 };

/** What decides a timeline from its counted rows: the window, `having`, and whether no rows satisfy it. */
type Decider = Pick<InteractionNode, 'type' | 'window' | 'having' | 'admitsZero'>;

/** A timeline row: contact_id, member, change, exact. */
function timelineColumns(key: SqlExpr, member: SqlExpr, change: SqlExpr, exact: SqlExpr): SelectItem[] {
    return [{ expr: key, alias: KEY }, { expr: member, alias: MEMBER }, { expr: change, alias: CHANGE }, { expr: exact, alias: EXACT }];
}

// ---------------------------------------------------------------- profiles

function profileTimeline(ctx: SqlContext, node: ProfileNode, env: TimelineEnv): NodeTimeline {
    const sameTable = node.table === ctx.audience.table && node.key === ctx.audience.key;
    const row = alias(sameTable ? 'c' : 'p');
    const scope = new Scope(node.table, row, 't');
    const key = column(row, ident(node.key));
    const now = node.where ? condSql(ctx, node.where, scope) : undefined;
    const atoms = node.where ? timeAtoms(ctx, node.where, scope, env, 'p') : undefined;
    const inAudience = sameTable ? [] : [inQuery(key, audienceKeys(ctx))];
    if (!atoms) {
        // Never changes: the records that satisfy the condition now.
        const query = select({
            columns: timelineColumns(key, constant(true), nullOf('timestamptz'), constant(true)),
            from: { table: ident(node.table), alias: row }, joins: scope.joins,
            where: and(...inAudience, ...(now ? [now] : [])),
            ...(sameTable ? {} : { groupBy: [key] }),
        });
        return { name: env.addCte('profile', query), member: false };
    }
    const early = prefilter(atoms, now!);
    const base = select({
        columns: [{ expr: key, alias: KEY }, { expr: is(now!, 'TRUE'), alias: MEMBER }, ...atoms.columns],
        from: { table: ident(node.table), alias: row }, joins: [...scope.joins, ...early.joins],
        where: and(...inAudience, ...early.where),
    });
    const stages = new Stages(base, ['contact_id', 'member', ...atoms.columns.map(c => c.alias!.text)], 's');
    const flip = atoms.stage(stages, 1).column;
    const flips = stages.build({ where: ref => or(ref('member'), is(ref(flip), 'NOT NULL')), keep: ['contact_id', 'member', flip] });
    const flipsName = env.addCte('flips', flips, { comment: 'the first instant each record\'s condition could change' });
    const p = alias('f');
    if (!sameTable) {
        // Another table's records: a key is in while any is; exact only when none changes.
        const query = select({
            columns: timelineColumns(col(p, 'contact_id'), call('bool_or', col(p, 'member')), call('min', col(p, flip)), is(call('min', col(p, flip)), 'NULL')),
            from: { table: flipsName, alias: p },
            groupBy: [col(p, 'contact_id')],
        });
        return { name: env.addCte('profile', query), member: false };
    }
    // Exact where the condition, evaluated at that instant, differs: looked up per flip by the key
    // (a join would be planned for every record: the planner cannot tell how few rows flips keeps).
    const again = new Scope(node.table, alias('c'), 't');
    const then = condSql({ ...ctx, now: col(p, flip) }, node.where!, again);
    const differs = exists(select({
        columns: [{ expr: constant(1) }],
        from: { table: ident(node.table), alias: again.row }, joins: again.joins,
        where: and(compare('=', column(again.row, ident(node.key)), col(p, 'contact_id')), compare('<>', is(then, 'TRUE'), col(p, 'member'))),
    }));
    const query = select({
        columns: timelineColumns(col(p, 'contact_id'), col(p, 'member'), col(p, flip), or(is(col(p, flip), 'NULL'), differs)),
        from: { table: flipsName, alias: p },
    });
    return { name: env.addCte('profile', query), member: false };
}

/**
 * Rows whose condition is false now and surely never flips are left out of a
 * timeline's base query (the fence after the flip levels would drop them), so
 * the costly levels see only the rows near a window's edge, and not those
 * whose clock-free parts settle the condition.
 */
function prefilter(atoms: TimeAtoms, now: SqlExpr): { joins: Join[]; where: SqlExpr[] } {
    const settled = atoms.settled ? [or(is(now, 'TRUE'), not(atoms.settled))] : [];
    if (!atoms.mayFlip) return { joins: [], where: settled };
    const { joins, rowOf } = oneRowJoins(atoms.mayFlip.bounds, 'pb');
    return { joins, where: [or(is(now, 'TRUE'), atoms.mayFlip.test(rowOf)), ...settled] };
}

// ---------------------------------------------------------------- interactions

function interactionTimeline(ctx: SqlContext, node: InteractionNode, env: TimelineEnv): NodeTimeline {
    const valued = node.having.agg !== 'count' && node.having.agg !== 'distinct';
    const rows = rowsCte(ctx, node, env, node.having.agg === 'count' ? {} : { value: row => distinctValue(ctx, node.having, column(row, ident(node.having.column!))) });
    const r = alias('r');
    const qualifies = rows.flip ? [col(r, 'q')] : [];
    // Rows up to as-of that count now, per key and timestamp; of a moving window, only those above
    // the lowest its lower end gets (an older row can never count again, nor change `having` of the
    // newer ones: bound-sql.ts).
    const lower = lowerEnd(node.window, env);
    const { joins, rowOf } = oneRowJoins(lower ? [lower] : []);
    const above = lower ? lower.above(col(r, 't'), rowOf) : [];
    const counted = and(compare('<=', col(r, 't'), asOf()), ...qualifies, ...above);
    const ts = env.addCte('ts', node.having.agg === 'distinct'
        ? (node.window.kind === 'ago' ? valuedRows(rows.name, joins, counted) : distinctTs(rows.name, joins, counted))
        : newestDecides(node) ? countedTs(rows.name, r, joins, counted, true)
        : node.window.kind !== 'rolling' ? rowByRow(rows.name, r, joins, counted, valued) : select({
            columns: [
                { expr: col(r, 'contact_id'), alias: KEY }, { expr: col(r, 't'), alias: alias('t') },
                { expr: callStar('count'), alias: alias('n') },
                ...(valued ? (['count', 'sum', 'min', 'max'] as const).map(fn => ({ expr: call(fn, col(r, 'v')), alias: alias(AGG_COLUMN[fn]) })) : []),
            ],
            from: { table: rows.name, alias: r }, joins,
            where: counted,
            groupBy: [col(r, 'contact_id'), col(r, 't')],
        }), { comment: `interaction ${node.type}: rows up to as-of, per key and timestamp` });
    // The horizon: rows dated after as-of, and `where` changes.
    const flip = rows.flip ? col(r, rows.flip) : undefined;
    const future = and(compare('>', col(r, 't'), asOf()), ...(flip ? [or(col(r, 'q'), is(flip, 'NOT NULL'))] : []));
    const firstFuture = call('min', caseWhen([{ when: future, then: col(r, 't') }]));
    const horizon = flip ? call('least', firstFuture, call('min', flip)) : firstFuture;
    const hz = env.addCte('hz', select({
        columns: [{ expr: col(r, 'contact_id'), alias: KEY }, { expr: horizon, alias: alias('hz') }],
        from: { table: rows.name, alias: r },
        where: flip ? or(compare('>', col(r, 't'), asOf()), is(flip, 'NOT NULL')) : compare('>', col(r, 't'), asOf()),
        groupBy: [col(r, 'contact_id')],
        having: is(horizon, 'NOT NULL'),
    }), { comment: 'the first row dated after as-of, or change of `where`, per key' });
    return { name: env.addCte('interaction', decidedTimeline(ctx, node, ts, hz, env), { comment: `interaction ${node.type}` }), member: node.admitsZero };
}

/**
 * Each key's counted rows (`ts`: contact_id, t, n and aggregates) decide by the window; a horizon
 * (`hz`: contact_id, hz) before the window's change, or with none, is the change instead, a lower bound.
 */
function decidedTimeline(ctx: SqlContext, node: Decider, ts: SqlName, hz: SqlName, env: TimelineEnv): SqlQuery {
    const decided = windowTimeline(ctx, node, ts, env);
    const t = alias('t'), h = alias('h');
    const later = and(is(col(h, 'hz'), 'NOT NULL'), or(is(col(t, 'c0'), 'NULL'), compare('<=', col(h, 'hz'), col(t, 'c0'))));
    return select({
        columns: timelineColumns(
            call('coalesce', col(t, 'contact_id'), col(h, 'contact_id')),
            call('coalesce', col(t, 'member'), constant(node.admitsZero)),
            caseWhen([{ when: later, then: col(h, 'hz') }], col(t, 'c0')),
            caseWhen([{ when: later, then: constant(false) }], call('coalesce', col(t, 'e0'), constant(true))),
        ),
        from: { table: decided, alias: t },
        joins: [{ type: 'FULL', item: { table: hz, alias: h }, on: compare('=', col(h, 'contact_id'), col(t, 'contact_id')) }],
    });
}

/** The bound a moving window's lower end follows (`within`, `between … ago`), if it has one. */
function lowerEnd(window: Window, env: TimelineEnv): BoundSql | undefined {
    if (window.kind === 'rolling') return env.bound({ kind: 'window', amount: window.amount, unit: window.unit });
    if (window.kind === 'ago' && window.to !== undefined) return env.bound({ kind: 'window', amount: window.to, unit: window.unit });
    return undefined;
}

const AGG_COLUMN = { count: 'nn', sum: 'sm', min: 'mn', max: 'mx' } as const;

/**
 * The rows that can ever count, with the key they reach (in the audience)
 * and the fixed ends of the window applied: t, v (the aggregated column), and
 * when `where` reads the clock, q (it holds now) and the first instant it may change.
 */
function rowsCte(ctx: SqlContext, node: RowsSource, env: TimelineEnv, options: RowsOptions = {}): { name: SqlName; flip?: string } {
    const { row, key, relationJoins, scope } = interactionRows(node);
    const ts = timestampOf(row);
    const now = node.where ? condSql(ctx, node.where, scope) : undefined;
    const atoms = node.where ? timeAtoms(ctx, node.where, scope, env, 'w') : undefined;
    const columns: SelectItem[] = [
        { expr: key, alias: KEY }, { expr: ts, alias: alias('t') },
        ...(options.value ? [{ expr: options.value(row), alias: alias('v') }] : []),
    ];
    const kept = [inQuery(key, audienceKeys(ctx)), is(ts, 'NOT NULL'), ...fixedEndsSql(ctx, node.window, ts), ...(options.where?.(ts) ?? [])];
    const joins = [...relationJoins, ...(options.joins ?? []), ...scope.joins];
    const comment = `interaction ${options.what ?? node.type}: the rows that can count, and the key each reaches`;
    const suffix = options.suffix ?? 'rows';
    if (!atoms) {
        const query = select({ columns, from: { table: ident(node.table), alias: row }, joins, where: and(...kept, ...(now ? [now] : [])) });
        return { name: env.addCte(suffix, query, { comment, materialized: false, inlined: true }) };
    }
    const early = prefilter(atoms, now!);
    const base = select({
        columns: [...columns, { expr: is(now!, 'TRUE'), alias: alias('q') }, ...atoms.columns],
        from: { table: ident(node.table), alias: row }, joins: [...joins, ...early.joins], where: and(...kept, ...early.where),
    });
    const names = [...columns.map(c => c.alias!.text), 'q'];
    const stages = new Stages(base, [...names, ...atoms.columns.map(c => c.alias!.text)], 's');
    const flip = atoms.stage(stages, 1).column;
    const query = stages.build({ where: ref => or(ref('q'), is(ref(flip), 'NOT NULL')), keep: [...names, flip] });
    return { name: env.addCte(suffix, query, { comment, materialized: false, inlined: true }), flip };
}

/** The interaction rows a timeline reads: an interaction node, or one step of a sequence. */
type RowsSource = Pick<InteractionNode, 'type' | 'table' | 'relation' | 'window' | 'where'>;

interface RowsOptions {
    /** The value column `v` of a row (aggregated, or correlated by `on`). */
    value?: (row: SqlName) => SqlExpr;
    /** More joins (one-row bound CTEs) and conditions on the row's timestamp. */
    joins?: Join[];
    where?: (ts: SqlExpr) => SqlExpr[];
    /** The CTE's name suffix and what its comment calls the rows. */
    suffix?: string;
    what?: string;
}

/**
 * `count(distinct …)` in a `within` or fixed window, as a count: each key's
 * different non-null values once, at their newest timestamp that counts —
 * inside the window at T exactly when some row with that value is (rows only
 * leave, through the lower end) — then per key and timestamp, as for count.
 */
function distinctTs(rows: SqlName, joins: Join[], counted: SqlExpr): SqlQuery {
    const [r, d] = [alias('r'), alias('d')];
    const newest = select({
        columns: [{ expr: col(r, 'contact_id'), alias: KEY }, { expr: call('max', col(r, 't')), alias: alias('t') }],
        from: { table: rows, alias: r }, joins,
        where: and(counted, is(col(r, 'v'), 'NOT NULL')),
        groupBy: [col(r, 'contact_id'), col(r, 'v')],
    });
    return select({
        columns: [{ expr: col(d, 'contact_id'), alias: KEY }, { expr: col(d, 't'), alias: alias('t') }, { expr: callStar('count'), alias: alias('n') }],
        from: { query: newest, alias: d },
        groupBy: [col(d, 'contact_id'), col(d, 't')],
    });
}

/**
 * `count(distinct …)` in a window in the past: rows enter through its upper end
 * too, so a value is inside while any of its rows is. Every counted row with a
 * value (v), one by one; agoTimeline counts the different values inside.
 */
function valuedRows(rows: SqlName, joins: Join[], counted: SqlExpr): SqlQuery {
    const r = alias('r');
    return select({
        columns: [{ expr: col(r, 'contact_id'), alias: KEY }, { expr: col(r, 't'), alias: alias('t') }, { expr: col(r, 'v'), alias: alias('v') }, { expr: constant(1), alias: alias('n') }],
        from: { table: rows, alias: r }, joins,
        where: and(counted, is(col(r, 'v'), 'NOT NULL')),
    });
}

/** Aggregates of a set of the per-timestamp rows, as expressions. */
interface Aggregates {
    count: SqlExpr;
    nonNull: SqlExpr;
    sum: SqlExpr;
    min: SqlExpr;
    max: SqlExpr;
}

/** `having` on aggregates, false when null (avg, min, max of nothing). */
function havingOver(test: (value: SqlExpr) => SqlExpr, having: Having, a: Aggregates): SqlExpr {
    const value = (() => {
        switch (having.agg) {
            case 'count': case 'distinct': return call('coalesce', a.count, constant(0));
            case 'sum': return call('coalesce', a.sum, constant(0));
            case 'avg': return arithmetic('/', a.sum, call('nullif', a.nonNull, constant(0)));
            case 'min': return a.min;
            case 'max': return a.max;
        }
    })();
    return call('coalesce', test(value), constant(false));
}

/** The aggregates of `agg(column)` over the rows `when` selects (all when undefined), as aggregate or window calls. */
function aggregates(from: SqlName, when: SqlExpr | undefined, wrap: (call: SqlExpr) => SqlExpr): Aggregates {
    const of = (name: string) => (when ? caseWhen([{ when, then: col(from, name) }]) : col(from, name));
    return {
        count: wrap(call('sum', of('n'))),
        nonNull: wrap(call('sum', of('nn'))),
        sum: wrap(call('sum', of('sm'))),
        min: wrap(call('min', of('mn'))),
        max: wrap(call('max', of('mx'))),
    };
}

/** The same over one row (`when` selects it, or not: then every aggregate is null, as over no rows). */
function rowAggregates(from: SqlName, when: SqlExpr | undefined): Aggregates {
    const of = (name: string) => (when ? caseWhen([{ when, then: col(from, name) }]) : col(from, name));
    return { count: of('n'), nonNull: of('nn'), sum: of('sm'), min: of('mn'), max: of('mx') };
}

/**
 * Per key with rows up to as-of: member, and c0/e0, the next change the
 * window alone brings (null: never) and whether it is exact.
 */
function windowTimeline(ctx: SqlContext, node: Decider, ts: SqlName, env: TimelineEnv): SqlName {
    const test = havingTest(ctx, node.having, node.type);
    const x = alias('x');
    const window = node.window;
    if (window.kind === 'rolling') return rollingTimeline(ctx, node, ts, env, test, env.bound({ kind: 'window', amount: window.amount, unit: window.unit }));
    if (window.kind === 'ago') {
        return agoTimeline(ctx, node, ts, env, test,
            window.to === undefined ? undefined : env.bound({ kind: 'window', amount: window.to, unit: window.unit }),
            env.bound({ kind: 'window', amount: window.from, unit: window.unit }));
    }
    const query = select({
        columns: [
            { expr: col(x, 'contact_id'), alias: KEY },
            { expr: havingOver(test, node.having, aggregates(x, undefined, c => c)), alias: MEMBER },
            { expr: nullOf('timestamptz'), alias: alias('c0') }, { expr: constant(true), alias: alias('e0') },
        ],
        from: { table: ts, alias: x },
        groupBy: [col(x, 'contact_id')],
    });
    return env.addCte('window', query, { comment: 'a fixed window: the rows up to as-of decide for good' });
}

/** Joins one-row CTEs (bounds) into a plain select: their alias per CTE. */
function oneRowJoins(bounds: BoundSql[], prefix = 'b'): { joins: Join[]; rowOf: (cte: SqlName) => SqlName } {
    const rows = new Map<string, SqlName>();
    const joins: Join[] = [];
    for (const b of bounds) {
        if (!b.cte || rows.has(b.cte.text)) continue;
        const row = alias(`${prefix}${rows.size + 1}`);
        rows.set(b.cte.text, row);
        joins.push({ type: 'INNER', item: { table: b.cte, alias: row }, on: constant(true) });
    }
    return { joins, rowOf: cte => rows.get(cte.text)! };
}

/**
 * `within`: per timestamp, `having` of the rows at or after it (phi) and of
 * those after it (the previous phi); `st` is `having` of the rows newer than
 * F(as-of). U, the oldest inside timestamp whose leaving changes `having`,
 * and L, the newest outside one whose return does, give the next change:
 * the bound reaching U or falling below L.
 */
function rollingTimeline(ctx: SqlContext, node: Decider, ts: SqlName, env: TimelineEnv, test: (v: SqlExpr) => SqlExpr, bound: BoundSql): SqlName {
    const { joins, rowOf } = oneRowJoins([bound]);
    const fa = bound.atAsOf(rowOf);
    const newest = newestDecides(node);
    const thresholds = newest ? newestThresholds(node, ts, test, fa, joins) : everyTimestampThresholds(node, ts, env, test, fa, joins);
    // A bound that jumps (a clamped month end, a daylight-saving change) can take the timestamp after U
    // out with it, or bring the one before L back: `having` may then answer as before, so the change is
    // only a lower bound. Not when the newest row decides alone, nor for a bound that never jumps.
    const jumps = !newest && !isExact(bound.bound);
    const stages = new Stages(thresholds, ['contact_id', 'member', 'u', 'l', ...(jumps ? ['un', 'ln'] : [])], 's');
    bound.leave(stages, 1, 'u', 'lv');
    bound.reenter(stages, 1, 'l', 're');
    const last = 1 + bound.leaveLevels;
    const leaveExact = (ref: Ref) => jumps ? and(ref('lv_exact'), or(is(ref('un'), 'NULL'), compare('>', ref('un'), bound.at(ref('lv_at'))))) : ref('lv_exact');
    const backExact = (ref: Ref) => jumps ? and(ref('re_exact'), or(is(ref('ln'), 'NULL'), compare('<=', ref('ln'), bound.at(ref('re_at'))))) : ref('re_exact');
    stages.add(last, 'c0', ref => call('least', ref('lv_at'), ref('re_at')));
    stages.add(last, 'e0', ref => caseWhen([
        { when: and(is(ref('lv_at'), 'NOT NULL'), or(is(ref('re_at'), 'NULL'), compare('<=', ref('lv_at'), ref('re_at')))), then: leaveExact(ref) },
        { when: is(ref('re_at'), 'NOT NULL'), then: backExact(ref) },
    ], constant(true)));
    return env.addCte('window', stages.build({ keep: ['contact_id', 'member', 'c0', 'e0'] }), {
        comment: 'a rolling window: the bound reaching U, or falling below L, changes `having`',
    });
}

/** Per key: member, U and L (see rollingTimeline) from every counted timestamp, with window functions. */
function everyTimestampThresholds(node: Decider, ts: SqlName, env: TimelineEnv, test: (v: SqlExpr) => SqlExpr, fa: SqlExpr, joins: Join[]): SqlQuery {
    const x = alias('x');
    const key = col(x, 'contact_id'), t = col(x, 't');
    const running = aggregates(x, undefined, c => over(c, { partitionBy: [key], orderBy: [{ expr: t, desc: true }], rows: true }));
    const active = aggregates(x, compare('>', t, fa), c => over(c, { partitionBy: [key] }));
    const run = env.addCte('run', select({
        columns: [
            { expr: key, alias: KEY }, { expr: t, alias: alias('t') },
            { expr: havingOver(test, node.having, running), alias: alias('phi') },
            { expr: havingOver(test, node.having, active), alias: alias('st') },
        ],
        from: { table: ts, alias: x }, joins,
    }), { comment: '`having` of the rows at or after each timestamp (phi), and of those inside the window now (st)' });
    const newestFirst = { partitionBy: [key], orderBy: [{ expr: t, desc: true }] };
    const previous = call('coalesce', over(call('lag', col(x, 'phi')), newestFirst), constant(node.admitsZero));
    const flips = env.addCte('steps', select({
        columns: [
            { expr: key, alias: KEY }, { expr: t, alias: alias('t') }, { expr: col(x, 'phi'), alias: alias('phi') }, { expr: col(x, 'st'), alias: alias('st') }, { expr: previous, alias: alias('newer') },
            // The timestamps next to it: the newer one, the older one.
            { expr: over(call('lag', t), newestFirst), alias: alias('tn') }, { expr: over(call('lead', t), newestFirst), alias: alias('tp') },
        ],
        from: { table: run, alias: x },
    }));
    const leaves = and(compare('>', t, fa), compare('<>', col(x, 'newer'), col(x, 'st')));
    const returns = and(compare('<=', t, fa), compare('<>', col(x, 'phi'), col(x, 'st')));
    return select({
        columns: [
            { expr: key, alias: KEY }, { expr: call('bool_or', col(x, 'st')), alias: MEMBER },
            { expr: call('min', caseWhen([{ when: leaves, then: t }])), alias: alias('u') },
            { expr: call('max', caseWhen([{ when: returns, then: t }])), alias: alias('l') },
            // The timestamp after U and the one before L (each grows with the timestamp: the least and the greatest are U's and L's).
            { expr: call('min', caseWhen([{ when: leaves, then: col(x, 'tn') }])), alias: alias('un') },
            { expr: call('max', caseWhen([{ when: returns, then: col(x, 'tp') }])), alias: alias('ln') },
        ],
        from: { table: flips, alias: x }, joins,
        groupBy: [key],
    });
}

/**
 * The same when each key's newest counted row decides alone (`ts` has one
 * row per key: newestDecides), without window functions: inside the window
 * now, that row changes `having` when it leaves (U) unless no row answers the
 * same; below it, when it comes back (L).
 */
function newestThresholds(node: Decider, ts: SqlName, test: (v: SqlExpr) => SqlExpr, fa: SqlExpr, joins: Join[]): SqlQuery {
    // `ts` has one row per key (countedTs, newest): nothing to group.
    const x = alias('x');
    const key = col(x, 'contact_id'), t = col(x, 't');
    const st = havingOver(test, node.having, rowAggregates(x, compare('>', t, fa)));
    const phi = havingOver(test, node.having, rowAggregates(x, undefined));
    return select({
        columns: [
            { expr: key, alias: KEY }, { expr: st, alias: MEMBER },
            { expr: caseWhen([{ when: and(compare('<>', st, constant(node.admitsZero)), compare('>', t, fa)), then: t }]), alias: alias('u') },
            { expr: caseWhen([{ when: and(compare('<>', phi, st), compare('<=', t, fa)), then: t }]), alias: alias('l') },
        ],
        from: { table: ts, alias: x }, joins,
    });
}

/**
 * `between a and b unit ago`: the rows inside change when the oldest inside
 * leaves, the newest below comes back, the oldest pending enters or the
 * newest inside drops back out: the first is a lower bound of the change.
 */
function agoTimeline(ctx: SqlContext, node: Decider, ts: SqlName, env: TimelineEnv, test: (v: SqlExpr) => SqlExpr, to: BoundSql | undefined, from: BoundSql): SqlName {
    const x = alias('x');
    const key = col(x, 'contact_id'), t = col(x, 't');
    const { joins, rowOf } = oneRowJoins(to ? [to, from] : [from]);
    // `before N unit ago` has no lower end: nothing leaves through it.
    const lo = to ? to.atAsOf(rowOf) : undefined, hi = from.atAsOf(rowOf);
    const inside = lo ? and(compare('>', t, lo), compare('<=', t, hi)) : compare('<=', t, hi);
    const when = (c: SqlExpr, fn: 'min' | 'max') => call(fn, caseWhen([{ when: c, then: t }]));
    // count(distinct …): the different values of the rows inside (valuedRows).
    const insideAggregates = node.having.agg === 'distinct'
        ? { ...aggregates(x, inside, c => c), count: countDistinct(caseWhen([{ when: inside, then: col(x, 'v') }])) }
        : aggregates(x, inside, c => c);
    // Without a lower end, rows only come in while the bound does not fall back (the newest inside
    // dropping out is a crossing of its own): a count from which the test answers alike is settled,
    // and the oldest pending row's entry is no change.
    const settlesFrom = to ? undefined : countSettlesFrom(node.having);
    const pending = when(lo ? and(compare('>', t, lo), compare('>', t, hi)) : compare('>', t, hi), 'min');
    const unsettled = settlesFrom === undefined ? undefined
        : compare('<', call('coalesce', insideAggregates.count, constant(0)), ctx.params.add(Number.isSafeInteger(settlesFrom) ? 'bigint' : 'double precision', settlesFrom, 'the count that settles `having`'));
    const thresholds = select({
        columns: [
            { expr: key, alias: KEY },
            { expr: havingOver(test, node.having, insideAggregates), alias: MEMBER },
            { expr: when(inside, 'min'), alias: alias('oi') },
            { expr: when(inside, 'max'), alias: alias('ni') },
            { expr: lo ? when(compare('<=', t, lo), 'max') : nullOf('timestamptz'), alias: alias('nb') },
            { expr: unsettled ? caseWhen([{ when: unsettled, then: pending }]) : pending, alias: alias('op') },
        ],
        from: { table: ts, alias: x }, joins,
        groupBy: [key],
    });
    const stages = new Stages(thresholds, ['contact_id', 'member', 'oi', 'ni', 'nb', 'op'], 's');
    const crossings = to ? ['a_at', 'b_at', 'c_at', 'd_at'] : ['c_at', 'd_at'];
    if (to) {
        to.leave(stages, 1, 'oi', 'a');
        to.reenter(stages, 1, 'nb', 'b');
    }
    from.leave(stages, 1, 'op', 'c');
    from.reenter(stages, 1, 'ni', 'd');
    const last = 1 + Math.max(to ? to.leaveLevels : 0, from.leaveLevels);
    stages.add(last, 'c0', ref => call('least', ...crossings.map(ref)));
    stages.add(last, 'e0', ref => is(call('least', ...crossings.map(ref)), 'NULL'));
    return env.addCte('window', stages.build({ keep: ['contact_id', 'member', 'c0', 'e0'] }), {
        comment: 'a window in the past: the first row to enter or leave it',
    });
}

// ---------------------------------------------------------------- set operations

/**
 * Per key of either side (the other side's default for keys it leaves out; only the keys that can
 * differ from the result's default):
 * a union of complements, as compiler/exec/timelines.ts's unionOf.
 */
function setOpTimeline(node: SetOpNode, env: TimelineEnv): NodeTimeline {
    const left = env.nodeCte(node.left), right = env.nodeCte(node.right);
    const [a, b] = [alias('a'), alias('b')];
    const side = (from: SqlName, t: NodeTimeline, negate: boolean): Side => {
        const member = call('coalesce', col(from, 'member'), constant(t.member));
        return { member: negate ? not(member) : member, change: col(from, 'change'), exact: call('coalesce', col(from, 'exact'), constant(true)) };
    };
    const negLeft = node.kind !== 'union', negRight = node.kind === 'intersect', negOut = node.kind !== 'union';
    const u = unionSql(side(a, left, negLeft), side(b, right, negRight));
    // A key a side leaves out takes that side's default. Where that default settles the operation for
    // good (out, in an intersect or on an except's left; in, in a union or on an except's right), the
    // key's row is the result's default with no change: the same as no row. Only that side's keys need
    // rows, so the join is inner or one-sided, not full (an intersect of a few thousand keys with half a
    // million stays a few thousand rows).
    const decides = (t: NodeTimeline, negate: boolean) => t.member !== negate;
    const onKey = compare('=', col(a, 'contact_id'), col(b, 'contact_id'));
    const [keepLeft, keepRight] = [decides(left, negLeft), decides(right, negRight)];
    const [from, joined] = keepRight && !keepLeft ? [{ t: right, as: b }, { t: left, as: a }] : [{ t: left, as: a }, { t: right, as: b }];
    const query = select({
        columns: timelineColumns(call('coalesce', col(a, 'contact_id'), col(b, 'contact_id')), negOut ? not(u.member) : u.member, u.change, u.exact),
        from: { table: from.t.name, alias: from.as },
        joins: [{ type: keepLeft && keepRight ? 'INNER' : keepLeft || keepRight ? 'LEFT' : 'FULL', item: { table: joined.t.name, alias: joined.as }, on: onKey }],
    });
    const member = (l: boolean, r: boolean) => (node.kind === 'union' ? l || r : node.kind === 'intersect' ? l && r : l && !r);
    if (node.kind !== 'union' && node.kind !== 'intersect' && node.kind !== 'except') throw new SqlError(`Unknown plan node kind '${String(node.kind)}'.`);
    return { name: env.addCte(node.kind, query, { comment: node.kind }), member: member(left.member, right.member) };
}

interface Side {
    member: SqlExpr;
    change: SqlExpr;
    exact: SqlExpr;
}

function unionSql(a: Side, b: Side): Side {
    const never = (x: SqlExpr) => is(x, 'NULL');
    const both = and(a.member, b.member);
    const inOne = (inside: Side, other: Side) => or(never(inside.change), and(inside.exact, or(never(other.change), compare('>', other.change, inside.change))));
    return {
        member: or(a.member, b.member),
        change: caseWhen([
            { when: both, then: caseWhen([{ when: or(never(a.change), never(b.change)), then: nullOf('timestamptz') }], call('greatest', a.change, b.change)) },
            { when: a.member, then: a.change },
            { when: b.member, then: b.change },
        ], call('least', a.change, b.change)),
        exact: caseWhen([
            { when: both, then: or(never(a.change), never(b.change), and(compare('=', a.change, b.change), a.exact, b.exact)) },
            { when: a.member, then: inOne(a, b) },
            { when: b.member, then: inOne(b, a) },
        ], caseWhen([
            { when: and(never(a.change), never(b.change)), then: constant(true) },
            { when: or(never(b.change), compare('<', a.change, b.change)), then: a.exact },
            { when: or(never(a.change), compare('<', b.change, a.change)), then: b.exact },
        ], or(a.exact, b.exact))),
    };
}
