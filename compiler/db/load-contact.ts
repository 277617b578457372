// loadContact: the rows one segment reads for ONE audience key (seg why), as
// executor tables holding nothing else. Enough for the key's true membership:
// every node's verdict for a key depends only on rows that reach that key —
//   - profile: the key's own record, and the rows its lookup paths and `exists` reach from it;
//   - interaction: the rows whose relation leads to the key (through lookup rows, e.g.
//     lead_id → lead.parentcontactid), and what their `where` reaches; with none, `admitsZero` decides;
//   - union, intersect, except (segment references included): the operands' verdicts for the key.
// The walk follows the plan from the key outwards: each step is one indexed query
// `WHERE column = ANY($1)` (seg db init indexes every lookup column, each entity
// key, and each interaction table's relation column), values always bound.
// All of it reads one snapshot, so the final read of each table returns exactly
// the rows the walk met (a table reached by several routes is read once, no duplicates).
import type { Cell, Table, TableNeeds, Tables } from '../exec/tables.js';
import { INTERACTION_ID, INTERACTION_TIME } from '../plan/physical-names.js';
import type { Cond, Plan, PlanNode, Relation } from '../plan/plan.js';
import { segmentPlan } from '../plan/segment-plan.js';
import { emptyTable, rowsToTable, tableSelect, type TableSelect } from './cells.js';
import type { SegDatabase } from './database.js';
import { planNeeds } from './load-tables.js';
import { quoteIdent } from './sql-text.js';

export interface LoadContactOptions {
    /** Statement timeout. */
    timeoutMs: number;
    /** Called with each query's text and parameters (for tests and logs). */
    onQuery?: (sql: string, params: unknown[]) => void;
}

/**
 * The rows `segment` reads for the audience key `key` (lower-case, as stored), in one read-only,
 * repeatable-read transaction; undefined when the audience table has no record with that key.
 * Interaction rows come newest first, with their interaction id when the table has one.
 */
export async function loadContact(db: SegDatabase, plan: Plan, segment: string, key: string, options: LoadContactOptions): Promise<Tables | undefined> {
    const own = segmentPlan(plan, segment);
    return db.readOnly(options.timeoutMs, async tx => {
        await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        const reader = new ContactReader(tx, own, options.onQuery);
        const record = await reader.rows(own.audience.table, own.audience.key, [key]);
        if (record.rowCount === 0) return undefined;
        for (const node of own.nodes) await reader.node(node, key, record);
        return reader.tables();
    });
}

class ContactReader {
    /** Per table, per column, the values whose rows the walk needs. */
    private readonly wanted = new Map<string, Map<string, Set<string>>>();
    private readonly selects = new Map<string, Promise<TableSelect>>();
    private readonly read = new Map<string, Promise<Table>>();
    private readonly uuids = new Map<string, string>();
    private readonly interactions: Set<string>;
    private readonly needs: TableNeeds;

    constructor(private readonly db: SegDatabase, private readonly plan: Plan, private readonly onQuery: LoadContactOptions['onQuery']) {
        this.needs = planNeeds(plan);
        this.interactions = new Set(plan.nodes.flatMap(n => (n.kind === 'interaction' ? [n.table] : n.kind === 'sequence' ? [n.first.table, n.then.table] : [])));
    }

    /** Visits the rows `node` reads for the key. */
    async node(node: PlanNode, key: string, record: Table): Promise<void> {
        switch (node.kind) {
            case 'profile': {
                const { audience } = this.plan;
                const own = node.table === audience.table && node.key === audience.key ? record : await this.rows(node.table, node.key, [key]);
                if (node.where) await this.cond(node.table, own, node.where);
                return;
            }
            case 'interaction': return this.steps([node], key);
            case 'sequence': return this.steps([node.first, node.then], key);
            default: return; // set operations read their operands' rows, visited as nodes of their own
        }
    }

    /** Backwards along each relation: the lookup rows that lead to the key, then the interactions pointing at them. */
    private async steps(steps: Array<{ table: string; relation: Relation; where?: Cond }>, key: string): Promise<void> {
        for (const node of steps) {
            let values: Cell[] = [key];
            for (const step of [...node.relation.steps].reverse()) {
                values = column(await this.rows(step.table, step.column, values), step.key);
            }
            const rows = await this.rows(node.table, node.relation.column, values);
            if (node.where) await this.cond(node.table, rows, node.where);
        }
    }

    /** The rows a condition on `rows` of `table` reaches: lookup targets of its paths, `exists` rows, recursively. */
    private async cond(table: string, rows: Table, c: Cond): Promise<void> {
        switch (c.op) {
            case 'and': case 'or': for (const a of c.args) await this.cond(table, rows, a); return;
            case 'not': return this.cond(table, rows, c.arg);
            case 'exists': {
                const inner = await this.rows(c.table, c.via, column(rows, c.outerKey));
                if (c.where) await this.cond(c.table, inner, c.where);
                return;
            }
            default: {
                let current = rows;
                for (const step of c.column.path) current = await this.rows(step.table, step.key, column(current, step.column));
            }
        }
    }

    /** Rows of `table` whose `col` is one of `values`; remembered for the final tables. */
    async rows(table: string, col: string, values: Cell[]): Promise<Table> {
        const distinct = [...new Set(values.filter(v => v !== null).map(String))].sort();
        let wanted = this.wanted.get(table);
        if (!wanted) this.wanted.set(table, wanted = new Map());
        let set = wanted.get(col);
        if (!set) wanted.set(col, set = new Set());
        for (const v of distinct) set.add(v);
        return this.query(table, [[col, distinct]]);
    }

    /** Each needed table with just the rows the walk met (empty for a table it never reached). */
    async tables(): Promise<Tables> {
        const tables: Tables = {};
        for (const table of Object.keys(this.needs)) {
            const wanted = [...(this.wanted.get(table) ?? new Map<string, Set<string>>())]
                .filter(([, v]) => v.size > 0).map(([c, v]) => [c, [...v].sort()] as [string, string[]]);
            tables[table] = await this.query(table, wanted);
        }
        return tables;
    }

    /** The rows of `table` matching any of `where`, each distinct read made once. */
    private query(table: string, where: Array<[string, string[]]>): Promise<Table> {
        const id = JSON.stringify([table, where]);
        let read = this.read.get(id);
        if (!read) this.read.set(id, read = this.select(table).then(select => this.readRows(select, where)));
        return read;
    }

    /** `SELECT … WHERE c1 = ANY($1) OR c2 = ANY($2) …` (newest first for interactions); no values, no query. */
    private async readRows(select: TableSelect, where: Array<[string, string[]]>): Promise<Table> {
        const { table } = select;
        const tests = where.filter(([, values]) => values.length > 0);
        if (!tests.length) return emptyTable(select.columns).table;
        const params = tests.map(([, values]) => values);
        const conditions = tests.map(([c], i) => `${quoteIdent(c)} = ANY($${i + 1})`).join(' OR ');
        const order = this.interactions.has(table) ? ` ORDER BY ${quoteIdent(INTERACTION_TIME)} DESC` : '';
        const sql = `${select.sql} WHERE ${conditions}${order}`;
        this.onQuery?.(sql, params);
        return rowsToTable((await this.db.query(sql, params)).rows, select, this.uuids);
    }

    private select(table: string): Promise<TableSelect> {
        let select = this.selects.get(table);
        if (!select) {
            const columns = [...(this.needs[table] ?? [])].sort();
            // The interaction id names the row in explanations, when the table has one.
            this.selects.set(table, select = tableSelect(this.db, table, columns, this.interactions.has(table) ? [INTERACTION_ID] : []));
        }
        return select;
    }
}

/** A column's values (an empty list for a table that lacks it: nothing to follow). */
function column(table: Table, name: string): Cell[] {
    return table.columns[name] ?? [];
}
