// Prints an SQL tree as deterministic, readable text: upper-case keywords,
// one clause per line, top-level AND/OR one condition per line, nested
// conditions and subqueries as indented blocks. The layout depends only on
// the tree, so a change to one segment changes only the lines it touches.
import type { Dialect } from './dialect.js';
import type { Cte, FromTable, Join, SqlArg, SqlExpr, SqlName, SqlQuery, SqlSelect, SqlStatement } from './sql-ast.js';

const STEP = '  ';

export function printSql(stmt: SqlStatement, dialect: Dialect): string {
    return new Printer(dialect).statement(stmt).join('\n');
}

/**
 * Text safe inside a `--` comment: control characters (a newline would end
 * the comment), line separators and bidirectional controls escaped as \uXXXX.
 */
export function commentText(text: string): string {
    return text.replace(UNSAFE_IN_COMMENT, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const UNSAFE_IN_COMMENT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

// Binding strength, as PostgreSQL parses (higher binds tighter). Logical
// blocks print with their own parentheses, so they count as primary.
const PRIMARY = 14;
const CAST = 13;

function precedence(e: SqlExpr): number {
    switch (e.kind) {
        case 'not': return 3;
        case 'is': return 4;
        case 'compare': return 5;
        case 'between': case 'inQuery': case 'inArray': return 6;
        case 'arithmetic': return 8;
        case 'atTimeZone': return 10;
        case 'collate': return 11;
        case 'cast': case 'param': return CAST;
        default: return PRIMARY;
    }
}

class Printer {
    constructor(private readonly dialect: Dialect) {}

    statement(stmt: SqlStatement): string[] {
        const lines: string[] = [];
        if (stmt.ctes.length) {
            lines.push('WITH');
            stmt.ctes.forEach((cte, i) => lines.push(...this.cte(cte, i === stmt.ctes.length - 1)));
        }
        lines.push(...this.query(stmt.body, ''));
        if (stmt.orderBy.length) lines.push(`ORDER BY ${stmt.orderBy.map(e => this.expr(e, '')).join(', ')}`);
        return lines;
    }

    private cte(cte: Cte, last: boolean): string[] {
        const materialized = !this.dialect.materializedCtes ? '' : cte.materialized ? 'MATERIALIZED ' : cte.inlined ? 'NOT MATERIALIZED ' : '';
        const head = `${STEP}${this.name(cte.name)} AS ${materialized}(`;
        const tail = `)${last ? '' : ','}`;
        const body = this.query(cte.query, STEP + STEP);
        const comment = cte.comment !== undefined ? [`${STEP}-- ${commentText(cte.comment)}`] : [];
        // A one-line query stays on the CTE's line.
        if (body.length === 1 && !body[0].includes('\n')) return [...comment, `${head}${body[0].trimStart()}${tail}`];
        return [...comment, head, ...body, `${STEP}${tail}`];
    }

    /** A query's lines, each starting with `indent`. */
    private query(q: SqlQuery, indent: string): string[] {
        if (q.kind === 'select') return this.select(q, indent);
        // INTERSECT binds tighter than UNION and EXCEPT; all are left-associative.
        const strength = (op: string) => (op === 'INTERSECT' ? 2 : 1);
        // Parentheses where SQL needs them, and around every mixed nesting for readers who do not know that.
        const leftParens = q.left.kind === 'setOp' && strength(q.left.op) !== strength(q.op);
        const rightParens = q.right.kind === 'setOp';
        return [...this.operand(q.left, indent, leftParens), `${indent}${q.op}`, ...this.operand(q.right, indent, rightParens)];
    }

    private operand(q: SqlQuery, indent: string, parens: boolean): string[] {
        return parens ? [`${indent}(`, ...this.query(q, indent + STEP), `${indent})`] : this.query(q, indent);
    }

    private select(s: SqlSelect, indent: string): string[] {
        const columns = `SELECT ${s.columns.map(c => this.expr(c.expr, indent) + (c.alias ? ` AS ${this.name(c.alias)}` : '')).join(', ')}`;
        if (!s.from) return [`${indent}${columns}`];
        const from = `FROM ${this.fromItem(s.from, indent)}`;
        if (!s.joins.length && !s.where && !s.groupBy.length && !s.having && !s.fence) return [`${indent}${columns} ${from}`];
        const lines = [`${indent}${columns}`, `${indent}${from}`];
        for (const j of s.joins) lines.push(`${indent}${this.join(j, indent)}`);
        if (s.where) lines.push(`${indent}WHERE ${this.condition(s.where, indent)}`);
        if (s.groupBy.length) lines.push(`${indent}GROUP BY ${s.groupBy.map(e => this.expr(e, indent)).join(', ')}`);
        if (s.having) lines.push(`${indent}HAVING ${this.condition(s.having, indent)}`);
        if (s.fence) lines.push(`${indent}OFFSET 0`);
        return lines;
    }

    private fromItem(f: FromTable, indent: string): string {
        const item = f.query ? this.subquery(f.query, indent) : this.name(f.table);
        return item + (f.alias ? ` AS ${this.name(f.alias)}` : '');
    }

    private join(j: Join, indent: string): string {
        const type = j.type === 'LEFT' ? 'LEFT JOIN' : j.type === 'FULL' ? 'FULL JOIN' : 'JOIN';
        return `${type} ${this.fromItem(j.item, indent)} ON ${this.expr(j.on, indent)}`;
    }

    /** A WHERE or HAVING condition: a top-level AND/OR puts each operand on its own line. */
    private condition(e: SqlExpr, indent: string): string {
        if (e.kind !== 'logical') return this.expr(e, indent);
        const inner = indent + STEP;
        const joiner = e.op === 'AND' ? `\n${inner}AND ` : `\n${indent}   OR `;
        return e.args.map(a => this.expr(a, inner)).join(joiner);
    }

    private name(n: SqlName): string {
        return n.quoted ? this.dialect.quoteIdentifier(n.text) : n.text;
    }

    /**
     * An expression starting on a line indented by `indent`; blocks (nested
     * conditions, subqueries) open on that line, indent their body one step
     * and close at `indent`.
     */
    private expr(e: SqlExpr, indent: string): string {
        switch (e.kind) {
            case 'column': return (e.table ? `${this.name(e.table)}.` : '') + this.name(e.column);
            case 'param': return this.dialect.cast(this.dialect.placeholder(e.index), e.type);
            case 'constant': return this.dialect.constant(e.value);
            case 'null': return 'NULL';
            case 'cast': return this.dialect.cast(this.tight(e.expr, indent, CAST), e.type);
            case 'call': return `${e.fn}(${e.star ? '*' : `${e.distinct ? 'DISTINCT ' : ''}${e.args.map(a => this.arg(a, indent)).join(', ')}`})`;
            case 'compare': return `${this.operandOf(e.left, indent)} ${e.op} ${this.operandOf(e.right, indent)}`;
            case 'arithmetic': return `${this.tight(e.left, indent, CAST)} ${e.op} ${this.tight(e.right, indent, CAST)}`;
            case 'logical': {
                const inner = indent + STEP;
                return `(\n${inner}${e.args.map(a => this.expr(a, inner)).join(`\n${inner}${e.op} `)}\n${indent})`;
            }
            case 'not': return `NOT ${this.tight(e.arg, indent, CAST)}`;
            case 'is': return `${this.tight(e.arg, indent, CAST)} IS ${e.test}`;
            case 'between':
                return `${this.operandOf(e.arg, indent, 6)} BETWEEN ${this.operandOf(e.low, indent, 6)} AND ${this.operandOf(e.high, indent, 6)}`;
            case 'inArray':
                return `${this.operandOf(e.arg, indent, 6)} ${e.negated ? '<> ALL' : '= ANY'} (${this.expr(e.array, indent)})`;
            case 'mapArray':
                return `ARRAY(SELECT ${this.expr(e.expr, indent)} FROM unnest(${this.expr(e.array, indent)}) AS ${this.name(e.element)})`;
            case 'inQuery': return `${this.operandOf(e.arg, indent, 6)} ${e.negated ? 'NOT IN' : 'IN'} ${this.subquery(e.query, indent)}`;
            case 'exists': return `EXISTS ${this.subquery(e.query, indent)}`;
            case 'case': {
                const whens = e.whens.map(w => `WHEN ${this.expr(w.when, indent)} THEN ${this.expr(w.then, indent)}`);
                return `CASE ${whens.join(' ')}${e.else ? ` ELSE ${this.expr(e.else, indent)}` : ''} END`;
            }
            case 'atTimeZone': return `${this.tight(e.arg, indent, CAST)} AT TIME ZONE ${this.tight(e.zone, indent, CAST)}`;
            case 'collate': return `${this.tight(e.arg, indent, CAST)} COLLATE ${this.name(e.collation)}`;
            case 'over': {
                const parts = [
                    ...(e.partitionBy.length ? [`PARTITION BY ${e.partitionBy.map(x => this.expr(x, indent)).join(', ')}`] : []),
                    ...(e.orderBy.length ? [`ORDER BY ${e.orderBy.map(k => this.expr(k.expr, indent) + (k.desc ? ' DESC' : '')).join(', ')}`] : []),
                    ...(e.rows ? ['ROWS UNBOUNDED PRECEDING'] : []),
                ];
                return `${this.expr(e.fn, indent)} OVER (${parts.join(' ')})`;
            }
            case 'epoch': return `EXTRACT(EPOCH FROM ${this.expr(e.arg, indent)})`;
            case 'monthStart': return `date_trunc('month', ${this.expr(e.arg, indent)})`;
        }
    }

    private arg(a: SqlArg, indent: string): string {
        return a.kind === 'named' ? `${a.name} => ${this.expr(a.value, indent)}` : this.expr(a, indent);
    }

    private subquery(q: SqlQuery, indent: string): string {
        return `(\n${this.query(q, indent + STEP).join('\n')}\n${indent})`;
    }

    /** An operand in parentheses unless it binds at least as tightly as `min` (for readability, more than SQL needs). */
    private tight(e: SqlExpr, indent: string, min: number): string {
        return precedence(e) >= min ? this.expr(e, indent) : `(${this.expr(e, indent)})`;
    }

    /** An operand of a comparison: arithmetic and AT TIME ZONE in parentheses too, for readability. */
    private operandOf(e: SqlExpr, indent: string, level = 5): string {
        return e.kind === 'arithmetic' || e.kind === 'atTimeZone' ? `(${this.expr(e, indent)})` : this.loose(e, indent, level);
    }

    /** An operand of a comparison-like operator of strength `level`: parenthesized where SQL needs it. */
    private loose(e: SqlExpr, indent: string, level: number): string {
        return precedence(e) > level ? this.expr(e, indent) : `(${this.expr(e, indent)})`;
    }
}
