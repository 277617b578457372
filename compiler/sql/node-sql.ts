// Profile and interaction nodes as queries of one column, `contact_id`, of
// keys that exist in the audience table, each at most once.
import type { Having, InteractionNode, ProfileNode, Relation } from '../plan/plan.js';
import {
    alias, and, between, call, callStar, countDistinct, column, compare, constant, exists, ident, inQuery, is, not, select,
    type CompareOp, type Join, type SqlExpr, type SqlName, type SqlQuery, type SqlSelect,
} from './sql-ast.js';
import { condSql, Scope } from './cond-sql.js';
import { SqlError } from './sql-error.js';
import { windowSql } from './time-sql.js';
import type { SqlContext } from './params.js';

/** The one output column of every node's query. */
export const KEY = alias('contact_id');

/** Every interaction table's time column (docs/language.md §11, "Physical schema"). */
const TIMESTAMP = 'timestamp';

export const AUDIENCE_ROW = alias('c');

/** `SELECT c.<key> AS contact_id FROM <audience> AS c [WHERE …]`. */
export function audienceSelect(ctx: SqlContext, where?: SqlExpr, joins: Join[] = []): SqlSelect {
    return select({
        columns: [{ expr: column(AUDIENCE_ROW, ident(ctx.audience.key)), alias: KEY }],
        from: { table: ident(ctx.audience.table), alias: AUDIENCE_ROW },
        joins,
        where,
    });
}

/** Audience records whose fields (and looked-up fields) satisfy `where`. */
export function profileSql(ctx: SqlContext, node: ProfileNode): SqlQuery {
    if (node.table === ctx.audience.table && node.key === ctx.audience.key) {
        const scope = new Scope(node.table, AUDIENCE_ROW, 't');
        const where = node.where ? condSql(ctx, node.where, scope) : undefined;
        return audienceSelect(ctx, where, scope.joins);
    }
    // A profile of another table: its rows' `key` values that are audience keys (as the executor reads it).
    const row = alias('p');
    const scope = new Scope(node.table, row, 't');
    const where = node.where ? condSql(ctx, node.where, scope) : undefined;
    const keys = select({ columns: [{ expr: column(row, ident(node.key)) }], from: { table: ident(node.table), alias: row }, joins: scope.joins, where });
    return audienceSelect(ctx, inQuery(column(AUDIENCE_ROW, ident(ctx.audience.key)), keys));
}

/**
 * The table aggregated once: rows in the window that satisfy `where`,
 * grouped by the audience key their relation reaches (inner joins: a null or
 * dangling step reaches no one), kept by `having`. Keys that are not in the
 * audience table are dropped by the semi-join. When no rows satisfy `having`
 * (count or sum 0), the node is every audience key except those whose
 * aggregate fails it (an anti-join with the failing groups).
 */
export function interactionSql(ctx: SqlContext, node: InteractionNode): SqlQuery {
    const { row, key, relationJoins, scope } = interactionRows(node);
    const window = windowSql(ctx, node.window, timestampOf(row));
    const where = node.where ? and(window, condSql(ctx, node.where, scope)) : window;
    const test = havingSql(ctx, node.having, row, node.type);
    const grouped = select({
        // The anti-join reads the key by name; IN needs none.
        columns: [node.admitsZero ? { expr: key, alias: KEY } : { expr: key }],
        from: { table: ident(node.table), alias: row },
        joins: [...relationJoins, ...scope.joins],
        where,
        groupBy: [key],
        // Fails = not true: for count and sum (never null) the same as NOT, and exact for any aggregate.
        having: node.admitsZero ? is(test, 'NOT TRUE') : test,
    });
    if (node.admitsZero) {
        // Every audience key but the failing ones, as an anti-join: the failing groups are hashed (spilling
        // to disk when large), not the whole audience as EXCEPT would.
        const failing = alias('f');
        const matches = select({
            columns: [{ expr: constant(1) }],
            from: { query: grouped, alias: failing },
            where: compare('=', column(failing, KEY), column(AUDIENCE_ROW, ident(ctx.audience.key))),
        });
        return audienceSelect(ctx, not(exists(matches)));
    }
    return audienceSelect(ctx, inQuery(column(AUDIENCE_ROW, ident(ctx.audience.key)), grouped));
}

/**
 * An interaction table's rows (`i`) and the audience key each reaches: inner
 * joins along the relation (a null or dangling step reaches no one), and a
 * scope for the lookups of its conditions.
 */
export function interactionRows(node: { table: string; relation: Relation }): { row: SqlName; key: SqlExpr; relationJoins: Join[]; scope: Scope } {
    const row = alias('i');
    const relationJoins: Join[] = [];
    let key = column(row, ident(node.relation.column));
    node.relation.steps.forEach((step, k) => {
        const target = alias(`r${k + 1}`);
        relationJoins.push({ type: 'INNER', item: { table: ident(step.table), alias: target }, on: compare('=', column(target, ident(step.key)), key) });
        key = column(target, ident(step.column));
    });
    return { row, key, relationJoins, scope: new Scope(node.table, row, 't') };
}

/** The time column of an interaction row. */
export const timestampOf = (row: SqlName): SqlExpr => column(row, ident(TIMESTAMP));

/** `SELECT c.<key> FROM <audience> AS c`: the audience keys, for a semi-join. */
export function audienceKeys(ctx: SqlContext): SqlQuery {
    return select({ columns: [{ expr: column(AUDIENCE_ROW, ident(ctx.audience.key)) }], from: { table: ident(ctx.audience.table), alias: AUDIENCE_ROW } });
}

const CMP: Record<string, CompareOp> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** The having comparison: count(*), or an aggregate of a column (sum of nothing is 0). */
function havingSql(ctx: SqlContext, having: Having, row: SqlName, type: string): SqlExpr {
    const test = havingTest(ctx, having, type);
    if (having.agg === 'count') return test(callStar('count'));
    if (having.agg === 'distinct') return test(countDistinct(distinctValue(ctx, having, column(row, ident(having.column!)))));
    const of = call(having.agg, column(row, ident(having.column!)));
    return test(having.agg === 'sum' ? call('coalesce', of, constant(0)) : of);
}

/** What `count(distinct …)` tells apart: a string lowered (as `=` compares strings), other values as they are. */
export function distinctValue(ctx: SqlContext, having: Having, value: SqlExpr): SqlExpr {
    return having.type === 'string' ? ctx.dialect.lower(value) : value;
}

/**
 * The having comparison of an aggregate value, its numbers made parameters
 * once (so the test can be applied to several values). Checks the aggregate
 * and its column.
 */
export function havingTest(ctx: SqlContext, having: Having, type: string): (value: SqlExpr) => SqlExpr {
    const { agg } = having;
    if (agg !== 'count') {
        if (!having.column) throw new SqlError(`The ${agg} of interaction ${type} names no column.`);
        if (agg !== 'distinct' && agg !== 'sum' && agg !== 'avg' && agg !== 'min' && agg !== 'max') throw new SqlError(`Unknown aggregate '${String(agg)}' of interaction ${type}.`);
    }
    const name = agg === 'count' ? 'count' : agg === 'distinct' ? `count(distinct ${having.column})` : `${agg}(${having.column})`;
    const number = (v: unknown) => {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new SqlError(`The having ${name} of interaction ${type} compares with ${String(v)}, not a finite number.`);
        return ctx.params.add((agg === 'count' || agg === 'distinct') && Number.isSafeInteger(v) ? 'bigint' : 'double precision', v, name);
    };
    if (having.low !== undefined && having.high !== undefined) {
        const low = number(having.low), high = number(having.high);
        return value => between(value, low, high);
    }
    const op = having.op === undefined ? undefined : CMP[having.op];
    if (!op || having.value === undefined) throw new SqlError(`The having ${name} of interaction ${type} has neither a comparison nor a range.`);
    const target = number(having.value);
    return value => compare(op, value, target);
}
