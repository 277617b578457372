// Plan → one SQL query per segment: its audience keys, one column
// `contact_id`, each once, in order. $1 is the as-of instant, $2 the time
// zone, and every literal of the plan is a further parameter.
//
// Shape: a segment that is one profile or interaction query is that query.
// A segment built with union/intersect/except is a WITH list (one CTE per
// profile or interaction query, and one per shared sub-plan, in dependency
// order, named q1, q2… by position) followed by the set algebra over them.
// A sub-plan read twice in the query is MATERIALIZED, so it is computed once.
import type { Plan, PlanNode, SetOpNode } from '../plan/plan.js';
import { freshName, paramsCte, tablesOf } from './ctes.js';
import { PLAN_VERSION } from '../plan/plan.js';
import type { Dialect } from './dialect.js';
import { interactionSql, KEY, profileSql } from './node-sql.js';
import { sequenceSql } from './sequence-sql.js';
import { checkParams, Params, type SqlContext, type SqlParam } from './params.js';
import { postgresDialect } from './postgres-dialect.js';
import { printSql } from './print-sql.js';
import { alias, column, select, setOp, statement, type Cte, type SqlName, type SqlQuery } from './sql-ast.js';
import { SqlError } from './sql-error.js';

export type { SqlParam } from './params.js';
export { SqlError } from './sql-error.js';
export { toInlineSql, bindParams } from './inline-sql.js';
export { sqlFileHeader } from './sql-header.js';

export interface SegmentSql {
    text: string;
    params: SqlParam[];
}

export interface ToSqlOptions {
    /**
     * Segments already computed into tables (segment name → table): a segment
     * this one uses reads its members from there instead of computing them
     * again (`seg refresh` evaluates each segment once per run). Table names
     * are generated aliases (lower-case letters, digits, `_`) that name no table
     * of the plan.
     */
    reuse?: ReadonlyMap<string, string>;
}

export function toSql(plan: Plan, segmentName: string, dialect: Dialect = postgresDialect, options: ToSqlOptions = {}): SegmentSql {
    if (plan.version !== PLAN_VERSION) throw new SqlError(`This compiler reads plan version ${PLAN_VERSION}, not ${String(plan.version)}.`);
    const segment = plan.segments.find(s => s.name === segmentName);
    if (!segment) throw new SqlError(`The plan has no segment named '${segmentName}'.`);
    const ctx: SqlContext = { dialect, params: new Params(plan.timeZone), audience: plan.audience };
    const reuse = new Map<number, SqlName>();
    for (const [name, table] of options.reuse ?? []) {
        const used = plan.segments.find(s => s.name === name);
        if (!used) throw new SqlError(`The plan has no segment named '${name}'.`);
        if (tablesOf(plan).has(table)) throw new Error(`Internal error: '${table}' names a table of the plan.`);
        if (name !== segmentName) reuse.set(used.node, alias(table));
    }
    const stmt = new SegmentCompiler(plan, ctx, reuse).compile(segment.node);
    const text = printSql(stmt, dialect);
    const params = ctx.params.all;
    checkParams(text, params.length, dialect);
    return { text, params };
}

class SegmentCompiler {
    private readonly ctes: Cte[] = [];
    private readonly cteOf = new Map<number, SqlName>();
    /** CTE names shadow tables of the same name, so they avoid every table the plan names. */
    private readonly names: { params: string; prefix: string };

    /** Nodes read from tables (reused segments), like CTEs: never computed here. */
    private readonly reused: ReadonlySet<number>;

    constructor(private readonly plan: Plan, private readonly ctx: SqlContext, reuse: ReadonlyMap<number, SqlName> = new Map()) {
        for (const [id, table] of reuse) this.cteOf.set(id, table);
        this.reused = new Set(reuse.keys());
        const tables = tablesOf(plan);
        this.names = { params: freshName('params', n => tables.has(n)), prefix: freshName('q', p => [...tables].some(t => new RegExp(`^${p}\\d+$`).test(t))) };
    }

    compile(root: number): ReturnType<typeof statement> {
        this.ctes.push(paramsCte(this.names.params));
        const uses = this.countUses(root);
        this.addCtes(root, root, uses, new Set());
        return statement(this.ctes, this.query(root), [column(undefined, KEY)]);
    }

    private node(id: number): PlanNode {
        const node = this.plan.nodes[id];
        if (!node || node.id !== id) throw new SqlError(`The plan has no node ${id} (or its nodes are out of order).`);
        return node;
    }

    /** How often each node is read in this segment's query (a shared sub-plan counts once per reader). */
    private countUses(root: number): Map<number, number> {
        const uses = new Map<number, number>();
        const visit = (id: number) => {
            const seen = uses.has(id);
            uses.set(id, (uses.get(id) ?? 0) + 1);
            const node = this.node(id);
            if (seen || !isSetOp(node) || this.reused.has(id)) return;
            if (!(node.left < id && node.right < id)) throw new SqlError(`Plan node ${id} refers to a later node; nodes must be topologically ordered.`);
            visit(node.left);
            visit(node.right);
        };
        visit(root);
        return uses;
    }

    /**
     * Post-order, left before right: a CTE for every profile and interaction
     * node under a set operation, and for every shared node (read twice
     * here, or by other segments); never for the root itself.
     */
    private addCtes(id: number, root: number, uses: Map<number, number>, done: Set<number>): void {
        if (done.has(id) || this.reused.has(id)) return;
        done.add(id);
        const node = this.node(id);
        if (isSetOp(node)) {
            this.addCtes(node.left, root, uses, done);
            this.addCtes(node.right, root, uses, done);
        }
        if (id === root) return;
        const shared = (uses.get(id) ?? 0) > 1 || node.refCount > 1;
        if (!shared && isSetOp(node)) return;
        const name = alias(`${this.names.prefix}${this.cteOf.size - this.reused.size + 1}`);
        const query = this.query(id);
        this.cteOf.set(id, name);
        this.ctes.push({ name, query, materialized: (uses.get(id) ?? 0) > 1, comment: this.describe(node) });
    }

    private query(id: number): SqlQuery {
        const cte = this.cteOf.get(id);
        if (cte) return select({ columns: [{ expr: column(undefined, KEY) }], from: { table: cte } });
        const node = this.node(id);
        switch (node.kind) {
            case 'profile': return profileSql(this.ctx, node);
            case 'interaction': return interactionSql(this.ctx, node);
            case 'sequence': return sequenceSql(this.ctx, node);
            case 'union': case 'intersect': case 'except':
                return setOp(node.kind === 'union' ? 'UNION' : node.kind === 'intersect' ? 'INTERSECT' : 'EXCEPT', this.query(node.left), this.query(node.right));
            default: throw new SqlError(`Unknown plan node kind '${String((node as { kind: unknown }).kind)}'.`);
        }
    }

    /** `segment Name: interaction EmailOpened`: names from checked metadata, for readers of the SQL. */
    private describe(node: PlanNode): string {
        const what = node.kind === 'interaction' ? `interaction ${node.type}` : node.kind === 'profile' ? `profile ${node.table}`
            : node.kind === 'sequence' ? `interaction ${node.first.type} then ${node.negated ? 'not ' : ''}${node.then.type}` : node.kind;
        const segment = this.plan.segments.find(s => s.node === node.id);
        return segment ? `segment ${segment.name}: ${what}` : what;
    }
}

function isSetOp(node: PlanNode): node is SetOpNode {
    return node.kind === 'union' || node.kind === 'intersect' || node.kind === 'except';
}
