// A NAIVE SQL formulation of a segment, for comparison with the generated
// SQL in run-bench.js: what one would write by hand without thinking about
// the planner.
//
// - An interaction node is a correlated scalar subquery per audience record:
//     SELECT c.contactid FROM contact c
//      WHERE (SELECT count(*) FROM email_opened i
//              WHERE i.contact_id = c.contactid AND <window> AND <where>) >= 3
//   (sum as coalesce(sum(x), 0), count(distinct x) as count(DISTINCT x), avg/min/max as they are; the aggregate of no
//   rows is what the plan's `admitsZero` says, so the audience records
//   without rows come out right without special handling).
// - A lookup in a condition (`parentcustomerid.industrycode`) is a correlated
//   scalar subquery per row instead of a LEFT JOIN; `exists` stays the
//   correlated EXISTS it already is. A profile without lookups is the same
//   query as the generated one.
// - Set operations are the same UNION / INTERSECT / EXCEPT, but nothing is
//   shared: a sub-plan read twice is computed twice.
//
// The conditions, windows and literals are the compiler's own (condSql,
// windowSql, Params from out/), so only the query shape differs; run-bench
// asserts that both return the same contacts.
const { condSql, Scope } = await import('../out/compiler/sql/cond-sql.js');
const { windowSql } = await import('../out/compiler/sql/time-sql.js');
const { distinctValue } = await import('../out/compiler/sql/node-sql.js');
const { sequenceSql } = await import('../out/compiler/sql/sequence-sql.js');
const { Params } = await import('../out/compiler/sql/params.js');
const A = await import('../out/compiler/sql/sql-ast.js');
const { printSql } = await import('../out/compiler/sql/print-sql.js');
const { postgresDialect } = await import('../out/compiler/sql/postgres-dialect.js');

const CMP = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const KEY = A.alias('contact_id');
const TIMESTAMP = 'timestamp';

/** { text, params, form }: params as toSql's (bind them with bindParams), form a short description. */
export function naiveSql(plan, segmentName) {
    const segment = plan.segments.find(s => s.name === segmentName);
    if (!segment) throw new Error(`no segment '${segmentName}'`);
    const dialect = postgresDialect;
    const ctx = { dialect, params: new Params(plan.timeZone), audience: plan.audience };
    const q = name => dialect.quoteIdentifier(name);
    // SQL text the tree cannot express (scalar subqueries), spliced in after printing
    // in place of a quoted placeholder column.
    const inserts = new Map();
    const placeholder = text => {
        const name = `naive_splice_${inserts.size}`;
        inserts.set(name, text);
        return A.column(undefined, A.ident(name));
    };
    let aliases = 0;
    const stats = { aggregates: 0, lookups: 0 };

    class NaiveScope extends Scope {
        /** A looked-up column as nested scalar subqueries, one per step. */
        column(ref) {
            if (ref.path.length === 0) return super.column(ref);
            stats.lookups++;
            let value = `${this.row.text}.${q(ref.path[0].column)}`;
            ref.path.forEach((step, k) => {
                const read = k + 1 < ref.path.length ? ref.path[k + 1].column : ref.column;
                const a = `n${++aliases}`;
                value = `(SELECT ${a}.${q(read)} FROM ${q(step.table)} AS ${a} WHERE ${a}.${q(step.key)} = ${value})`;
            });
            return placeholder(value);
        }

        get joins() {
            return [];
        }

        nested(table) {
            const depth = this.depth + 1;
            return new NaiveScope(table, A.alias(`e${depth}`), `e${depth}_t`, depth);
        }
    }

    const c = A.alias('c');
    const audienceKey = A.column(c, A.ident(plan.audience.key));
    const audienceSelect = where => A.select({
        columns: [{ expr: audienceKey, alias: KEY }],
        from: { table: A.ident(plan.audience.table), alias: c },
        where,
    });

    const number = (having, v) => ctx.params.add((having.agg === 'count' || having.agg === 'distinct') && Number.isSafeInteger(v) ? 'bigint' : 'double precision', v, 'having');

    const interaction = node => {
        stats.aggregates++;
        const row = A.alias('i');
        const joins = [];
        let key = A.column(row, A.ident(node.relation.column));
        node.relation.steps.forEach((step, k) => {
            const target = A.alias(`r${k + 1}`);
            joins.push({ type: 'INNER', item: { table: A.ident(step.table), alias: target }, on: A.compare('=', A.column(target, A.ident(step.key)), key) });
            key = A.column(target, A.ident(step.column));
        });
        const conds = [A.compare('=', key, audienceKey), windowSql(ctx, node.window, A.column(row, A.ident(TIMESTAMP)))];
        if (node.where) conds.push(condSql(ctx, node.where, new NaiveScope(node.table, row, 'u')));
        const { having } = node;
        const agg = having.agg === 'count' ? A.callStar('count')
            : having.agg === 'distinct' ? A.countDistinct(distinctValue(ctx, having, A.column(row, A.ident(having.column))))
            : having.agg === 'sum' ? A.call('coalesce', A.call('sum', A.column(row, A.ident(having.column))), A.constant(0))
            : A.call(having.agg, A.column(row, A.ident(having.column)));
        const sub = A.select({ columns: [{ expr: agg }], from: { table: A.ident(node.table), alias: row }, joins, where: A.and(...conds) });
        const value = placeholder(`(\n${printSql(A.statement([], sub, []), dialect)}\n)`);
        const test = having.low !== undefined && having.high !== undefined
            ? A.between(value, number(having, having.low), number(having, having.high))
            : A.compare(CMP[having.op], value, number(having, having.value));
        return audienceSelect(test);
    };

    const profile = node => {
        if (node.table === plan.audience.table && node.key === plan.audience.key) {
            return audienceSelect(node.where ? condSql(ctx, node.where, new NaiveScope(node.table, c, 't')) : undefined);
        }
        const p = A.alias('p');
        const link = A.compare('=', A.column(p, A.ident(node.key)), audienceKey);
        const where = node.where ? A.and(link, condSql(ctx, node.where, new NaiveScope(node.table, p, 't'))) : link;
        return audienceSelect(A.exists(A.select({ columns: [{ expr: A.constant(1) }], from: { table: A.ident(node.table), alias: p }, where })));
    };

    const query = id => {
        const node = plan.nodes[id];
        switch (node.kind) {
            case 'interaction': return interaction(node);
            case 'profile': return profile(node);
            // A sequence has no simpler hand-written form than its self-join: the generated one.
            case 'sequence': return sequenceSql(ctx, node);
            case 'union': case 'intersect': case 'except':
                return A.setOp(node.kind.toUpperCase(), query(node.left), query(node.right));
            default: throw new Error(`unknown plan node kind ${node.kind}`);
        }
    };

    const body = query(segment.node);
    // $1 and $2 typed once, as the generated SQL does (a query may not read them).
    const paramsCte = {
        name: A.alias('params'),
        query: A.select({ columns: [{ expr: A.param(1, 'timestamptz'), alias: A.alias('as_of') }, { expr: A.param(2, 'text'), alias: A.alias('time_zone') }] }),
        materialized: false,
    };
    let text = printSql(A.statement([paramsCte], body, [A.column(undefined, KEY)]), dialect);
    for (let pass = 0; text.includes('"naive_splice_'); pass++) {
        if (pass > 50) throw new Error('naive SQL: unresolved splice');
        text = text.replace(/"naive_splice_(\d+)"/g, (_, n) => inserts.get(`naive_splice_${n}`));
    }
    const form = [
        stats.aggregates ? `${stats.aggregates} correlated aggregate${stats.aggregates > 1 ? 's' : ''}` : '',
        stats.lookups ? `${stats.lookups} lookup subquer${stats.lookups > 1 ? 'ies' : 'y'}` : '',
    ].filter(Boolean).join(', ') || 'same as generated';
    return { text, params: ctx.params.all, form };
}
