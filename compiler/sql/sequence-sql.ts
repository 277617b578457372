// `interaction A … then [not] B [on f] within gap` as SQL (plan.ts's
// SequenceNode): each step's qualifying rows (key, t, correlated value), then
// a self-join on (key, timestamp) — a.t < b.t <= a.t + gap — for a sequence,
// an anti-join for `then not`. Indexes on (contact, timestamp) serve both.
// The second step's rows are bounded below by the first step's window start
// too (b.t > a.t >= start, so no pair is lost): without it every B row up to
// as-of is read and hashed, with it only the window's, through the timestamp
// index.
import type { SequenceNode, SequenceStep } from '../plan/plan.js';
import { condSql } from './cond-sql.js';
import { AUDIENCE_ROW, audienceSelect, interactionRows, KEY, timestampOf } from './node-sql.js';
import { nowOf, timeZone, type SqlContext } from './params.js';
import { alias, and, column, compare, constant, exists, ident, inQuery, not, select, type SqlExpr, type SqlName, type SqlQuery } from './sql-ast.js';
import { windowSql, windowStartSql } from './time-sql.js';

const T = alias('t'), V = alias('v');

export function sequenceSql(ctx: SqlContext, node: SequenceNode): SqlQuery {
    const [a, b] = [alias('a'), alias('b')];
    const first = stepSql(ctx, node.first, node.on?.first);
    const then = stepSql(ctx, node.then, node.on?.then, windowStartSql(ctx, node.first.window));
    const gapEnd = ctx.dialect.instantPlus(column(a, T), timeZone(), node.gap.amount, node.gap.unit);
    const pairs = and(
        compare('=', column(b, KEY), column(a, KEY)),
        compare('>', column(b, T), column(a, T)),
        compare('<=', column(b, T), gapEnd),
        ...(node.on ? [compare('=', correlated(ctx, node, b), correlated(ctx, node, a))] : []),
    );
    const keys = node.negated
        ? select({
            columns: [{ expr: column(a, KEY) }],
            from: { query: first, alias: a },
            where: and(
                compare('<=', gapEnd, nowOf(ctx)),
                not(exists(select({ columns: [{ expr: constant(1) }], from: { query: then, alias: b }, where: pairs }))),
            ),
        })
        : select({
            columns: [{ expr: column(a, KEY) }],
            from: { query: first, alias: a },
            joins: [{ type: 'INNER', item: { query: then, alias: b }, on: pairs }],
        });
    return audienceSelect(ctx, inQuery(column(AUDIENCE_ROW, ident(ctx.audience.key)), keys));
}

/** The correlated value of a step's row: a string lowered, as `=` compares strings. */
function correlated(ctx: SqlContext, node: SequenceNode, row: SqlName): SqlExpr {
    const v = column(row, V);
    return node.on!.type === 'string' ? ctx.dialect.lower(v) : v;
}

/** A step's rows up to as-of, in its window, after `after` if given, and matching its `where`: (contact_id, t, v). */
function stepSql(ctx: SqlContext, step: SequenceStep, onColumn: string | undefined, after?: SqlExpr): SqlQuery {
    const { row, key, relationJoins, scope } = interactionRows(step);
    const ts = timestampOf(row);
    const window = after ? and(compare('>', ts, after), windowSql(ctx, step.window, ts)) : windowSql(ctx, step.window, ts);
    // Before the joins are read: conditions add the lookups they follow to the scope.
    const where = step.where ? and(window, condSql(ctx, step.where, scope)) : window;
    return select({
        columns: [
            { expr: key, alias: KEY }, { expr: ts, alias: T },
            ...(onColumn ? [{ expr: column(row, ident(onColumn)), alias: V }] : []),
        ],
        from: { table: ident(step.table), alias: row },
        joins: [...relationJoins, ...scope.joins],
        where,
    });
}
