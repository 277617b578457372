// A query computed in levels: each level is a SELECT over the previous one
// that carries every column on and adds a few, computed from the previous
// level's columns (by name) and from CTEs joined in (one-row CTEs, or keyed
// ones joined on a column of the level below). So a value is
// written once and read by name, instead of repeating its expression in every
// expression that uses it (bound-sql.ts computes a leave time from a
// threshold in six such steps). Each level is a subquery behind an
// optimization fence (`OFFSET 0`, streamed, not stored): as a plain subquery,
// PostgreSQL would pull it up into the next and substitute the expressions
// back, multiplying them again. (Materializing each level as a CTE instead
// wrote every row eight times: an `exists`' flips over 74,000 records took
// 0.95 s, fenced 0.3 s.) A level hands on only the columns read after it:
// a leave time's dozen intermediate columns are not copied through every level.
import { alias, column, compare, constant, select, type Join, type SqlExpr, type SqlName, type SqlQuery } from './sql-ast.js';

/** A column of the level below, by name. */
export type Ref = (name: string) => SqlExpr;

/**
 * The alias, in this level, of a CTE joined in on first use: a one-row CTE, or
 * with `key`, a CTE with at most one row per value of its column `key.column`,
 * left-joined on it equalling the level below's column `key.equals` (a row
 * without a match reads nulls).
 */
export type RowOf = (cte: SqlName, key?: { column: string; equals: string }) => SqlName;

type ColumnExpr = (ref: Ref, rowOf: RowOf) => SqlExpr;

export class Stages {
    private readonly levels: Array<Array<{ name: string; expr: ColumnExpr }>> = [];
    private readonly names: Set<string>;

    /** `base` must name each of its columns, `columns` in order. */
    constructor(private readonly base: SqlQuery, private readonly baseColumns: string[], private readonly prefix: string) {
        this.names = new Set(baseColumns);
    }

    /** Adds a column at `level` (1: computed from the base's columns). */
    add(level: number, name: string, expr: ColumnExpr): void {
        if (level < 1) throw new Error('Internal error: stage levels start at 1.');
        if (this.names.has(name)) throw new Error(`Internal error: stage column '${name}' is defined twice.`);
        this.names.add(name);
        while (this.levels.length < level) this.levels.push([]);
        this.levels[level - 1].push({ name, expr });
    }

    /**
     * The query: every column (or those to `keep`), the last level's rows kept
     * by `where` if given. A level carries on only the columns a later level,
     * `where` or `keep` reads, and computes only those it adds that are read.
     */
    build(options: { where?: (ref: Ref) => SqlExpr; keep?: string[] } = {}): SqlQuery {
        const { where, keep } = options;
        const levels = this.levels.filter(l => l.length > 0);
        const kept = keep ?? [...this.baseColumns, ...levels.flat().map(c => c.name)];
        // Backwards from the end: the columns each level must hand on.
        const handOn: Array<Set<string>> = [];
        let live = new Set([...kept, ...(where ? readsOf(ref => where(ref)) : [])]);
        for (let k = levels.length - 1; k >= 0; k--) {
            handOn[k] = live;
            const before = new Set([...live].filter(n => !levels[k].some(c => c.name === n)));
            for (const c of levels[k]) if (live.has(c.name)) for (const n of readsOf(c.expr)) before.add(n);
            live = before;
        }
        let query: SqlQuery = this.base;
        let columns = this.baseColumns.filter(n => live.has(n));
        levels.forEach((level, k) => {
            const from = alias(`${this.prefix}${k + 1}`);
            const item = { query: fenced(query), alias: from };
            const ref = refTo(from, columns);
            const joins: Join[] = [];
            const rows = new Map<string, SqlName>();
            const rowOf: RowOf = (cte, key) => {
                const id = key ? `${cte.text}\u0000${key.column}\u0000${key.equals}` : cte.text;
                let row = rows.get(id);
                if (!row) {
                    row = alias(`${from.text}_${rows.size + 1}`);
                    rows.set(id, row);
                    joins.push(key
                        ? { type: 'LEFT', item: { table: cte, alias: row }, on: compare('=', column(row, alias(key.column)), ref(key.equals)) }
                        : { type: 'INNER', item: { table: cte, alias: row }, on: constant(true) });
                }
                return row;
            };
            const carried = columns.filter(n => handOn[k].has(n));
            const added = level.filter(c => handOn[k].has(c.name));
            query = select({
                columns: [...carried.map(c => ({ expr: ref(c), alias: alias(c) })), ...added.map(c => ({ expr: c.expr(ref, rowOf), alias: alias(c.name) }))],
                from: item,
                joins,
            });
            columns = [...carried, ...added.map(c => c.name)];
        });
        if (where || keep) {
            const from = alias(`${this.prefix}${levels.length + 1}`);
            const ref = refTo(from, columns);
            query = select({ columns: kept.map(c => ({ expr: ref(c), alias: alias(c) })), from: { query, alias: from }, ...(where ? { where: where(ref) } : {}) });
        }
        return query;
    }
}

/** The stage columns an expression reads (it is built once, with placeholder names, to see). */
function readsOf(expr: ColumnExpr): Set<string> {
    const names = new Set<string>();
    const scratch = alias('z');
    expr(name => { names.add(name); return column(scratch, alias('z')); }, (_cte, key) => {
        if (key) names.add(key.equals);
        return scratch;
    });
    return names;
}

function fenced(query: SqlQuery): SqlQuery {
    if (query.kind !== 'select') throw new Error('Internal error: only a SELECT level can be fenced.');
    return { ...query, fence: true };
}

function refTo(from: SqlName, columns: string[]): Ref {
    const known = new Set(columns);
    return name => {
        if (!known.has(name)) throw new Error(`Internal error: no stage column '${name}' yet.`);
        return column(from, alias(name));
    };
}
