// loadTables: the tables and columns a plan reads, from the database into the
// in-memory executor's columnar format (compiler/exec/tables.ts), with cells
// normalized so both engines compare alike (compiler/db/cells.ts).
//
// One streamed `COPY (SELECT …) TO STDOUT` per table (text format, parsed
// here): no per-row objects and flat memory in the driver, so millions of
// interaction rows load in seconds.
import type { Table, TableNeeds, Tables } from '../exec/tables.js';
import type { Cond, ColumnRef, Lookup, Plan } from '../plan/plan.js';
import { INTERACTION_TIME } from '../plan/physical-names.js';
import type { SegDatabase } from './database.js';
import { canCopyOut } from './copy-out.js';
import { parseCopyCell } from './sql-text.js';
import { converter, emptyTable, flatten, rowsToTable, tableSelect, type TableSelect } from './cells.js';

/** Every table the plan reads, with the columns it reads of each. */
export function planNeeds(plan: Plan): TableNeeds {
    const needs: TableNeeds = {};
    const need = (table: string, column: string) => (needs[table] ??= new Set()).add(column);
    /** A lookup chain from `table`: each step's column is read on the current table, the next table is reached by its key. */
    const follow = (table: string, path: Lookup[]): string => {
        let current = table;
        for (const step of path) {
            need(current, step.column);
            need(step.table, step.key);
            current = step.table;
        }
        return current;
    };
    const columnRef = (table: string, ref: ColumnRef) => need(follow(table, ref.path), ref.column);
    const cond = (table: string, c: Cond): void => {
        switch (c.op) {
            case 'and': case 'or': c.args.forEach(a => cond(table, a)); break;
            case 'not': cond(table, c.arg); break;
            case 'exists':
                need(table, c.outerKey);
                need(c.table, c.via);
                if (c.where) cond(c.table, c.where);
                break;
            default: columnRef(table, c.column);
        }
    };
    need(plan.audience.table, plan.audience.key);
    for (const node of plan.nodes) {
        switch (node.kind) {
            case 'profile':
                need(node.table, node.key);
                if (node.where) cond(node.table, node.where);
                break;
            case 'sequence':
                for (const [step, on] of [[node.first, node.on?.first], [node.then, node.on?.then]] as const) {
                    need(step.table, INTERACTION_TIME);
                    need(step.table, step.relation.column);
                    for (const s of step.relation.steps) {
                        need(s.table, s.key);
                        need(s.table, s.column);
                    }
                    if (on) need(step.table, on);
                    if (step.where) cond(step.table, step.where);
                }
                break;
            case 'interaction': {
                need(node.table, INTERACTION_TIME);
                need(node.table, node.relation.column);
                // A relation step reads `column` of the row the current value is the key of.
                for (const step of node.relation.steps) {
                    need(step.table, step.key);
                    need(step.table, step.column);
                }
                if (node.having.column) need(node.table, node.having.column);
                if (node.where) cond(node.table, node.where);
                break;
            }
        }
    }
    return needs;
}

/** Reads what `plan` needs; a missing table or column is a DatabaseError saying to run 'seg db init'. */
export async function loadTables(db: SegDatabase, plan: Plan): Promise<Tables> {
    return loadNeeds(db, planNeeds(plan));
}

export async function loadNeeds(db: SegDatabase, needs: TableNeeds): Promise<Tables> {
    const tables: Tables = {};
    // One string per distinct uuid across all tables (contact ids repeat in every interaction table).
    const uuids = new Map<string, string>();
    for (const [table, set] of Object.entries(needs)) {
        const select = await tableSelect(db, table, [...set].sort());
        tables[table] = canCopyOut(db)
            ? await readByCopy(db, select, uuids)
            : rowsToTable((await db.query(select.sql)).rows, select, uuids);
    }
    return tables;
}

async function readByCopy(
    db: SegDatabase & { copyOut(sql: string, onChunk: (text: string) => void): Promise<void> },
    { sql, columns, kinds }: TableSelect, uuids: Map<string, string>,
): Promise<Table> {
    const { table, cols } = emptyTable(columns);
    const convert = kinds.map(k => converter(k, uuids));
    const last = columns.length - 1;
    let rest = '';
    // Fields are found with indexOf on the chunk: no per-row arrays.
    const parse = (text: string, final: boolean) => {
        let start = 0;
        for (;;) {
            const nl = text.indexOf('\n', start);
            if (nl === -1 && !(final && start < text.length)) break;
            const end = nl === -1 ? text.length : nl;
            let a = start;
            for (let i = 0; i <= last; i++) {
                let b = i === last ? end : text.indexOf('\t', a);
                if (b === -1 || b > end) b = end;
                const raw = text.slice(a, b);
                if (raw === '\\N') cols[i].push(null);
                else if (kinds[i] === 'text') cols[i].push(flatten(raw.includes('\\') ? parseCopyCell(raw)! : raw));
                else cols[i].push(convert[i](raw));
                a = b + 1;
            }
            table.rowCount++;
            start = end + 1;
        }
        return start >= text.length ? '' : text.slice(start);
    };
    await db.copyOut(sql, chunk => { rest = parse(rest + chunk, false); });
    if (rest) parse(rest, true);
    return table;
}
