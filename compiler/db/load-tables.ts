// loadTables: the tables and columns a plan reads, from the database into the
// in-memory executor's columnar format (compiler/exec/tables.ts), with cells
// normalized so both engines compare alike: uuid → lower-case string,
// timestamptz → epoch milliseconds, date → 'YYYY-MM-DD', numbers → number,
// boolean → boolean, text → string, NULL → null.
//
// One streamed `COPY (SELECT …) TO STDOUT` per table (text format, parsed
// here): no per-row objects and flat memory in the driver, so millions of
// interaction rows load in seconds.
import type { Cell, Table, TableNeeds, Tables } from '../exec/tables.js';
import type { Cond, ColumnRef, Lookup, Plan } from '../plan/plan.js';
import { INTERACTION_TIME } from '../plan/physical-names.js';
import type { SegDatabase } from './database.js';
import { canCopyOut } from './copy-out.js';
import { parseCopyCell, quoteIdent } from './sql-text.js';

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

type Kind = 'uuid' | 'time' | 'date' | 'number' | 'boolean' | 'text';

/** Reads what `plan` needs; a missing table or column is a DatabaseError saying to run 'seg db init'. */
export async function loadTables(db: SegDatabase, plan: Plan): Promise<Tables> {
    return loadNeeds(db, planNeeds(plan));
}

export async function loadNeeds(db: SegDatabase, needs: TableNeeds): Promise<Tables> {
    const tables: Tables = {};
    // One string per distinct uuid across all tables (contact ids repeat in every interaction table).
    const uuids = new Map<string, string>();
    for (const [table, set] of Object.entries(needs)) {
        const columns = [...set].sort();
        const types = await columnTypes(db, table);
        const kinds = columns.map(c => kindOf(types.get(c)));
        const select = columns.map((c, i) => `${selectExpr(c, kinds[i])} AS "c${i}"`).join(', ');
        const sql = `SELECT ${select} FROM ${quoteIdent(table)}`;
        tables[table] = canCopyOut(db)
            ? await readByCopy(db, sql, columns, kinds, uuids)
            : await readByQuery(db, sql, columns, kinds, uuids);
    }
    return tables;
}

/** Column → PostgreSQL type name; an empty map makes the SELECT fail with the database's own "does not exist". */
async function columnTypes(db: SegDatabase, table: string): Promise<Map<string, string>> {
    const { rows } = await db.query(
        `SELECT a.attname AS "name", format_type(a.atttypid, NULL) AS "type"
           FROM pg_catalog.pg_attribute a
          WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
        [quoteIdent(table)]);
    return new Map(rows.map(r => [String(r.name), String(r.type)]));
}

function kindOf(type: string | undefined): Kind {
    switch (type) {
        case 'uuid': return 'uuid';
        case 'timestamp with time zone': case 'timestamp without time zone': return 'time';
        case 'date': return 'date';
        case 'bigint': case 'integer': case 'smallint': case 'double precision': case 'real': case 'numeric': return 'number';
        case 'boolean': return 'boolean';
        default: return 'text';
    }
}

/** Each column as text in a form that parses back exactly. */
function selectExpr(column: string, kind: Kind): string {
    const c = quoteIdent(column);
    switch (kind) {
        // Whole epoch microseconds (exact: PostgreSQL keeps microseconds), divided by 1000 here.
        // date_part's float8 is several times faster than extract's numeric.
        case 'time': return `round(date_part('epoch', ${c}) * 1000000)`;
        case 'date': return `to_char(${c}, 'YYYY-MM-DD')`;
        case 'number': return `${c}::float8`;
        // uuid and boolean text forms are canonical already (lower-case; t/f).
        case 'uuid': case 'boolean': return c;
        case 'text': return `${c}::text`;
    }
}

function converter(kind: Kind, uuids: Map<string, string>): (raw: string) => Cell {
    switch (kind) {
        case 'time': return raw => Number(raw) / 1000;
        case 'number': return Number;
        case 'boolean': return raw => raw === 't' || raw === 'true';
        case 'uuid': return raw => {
            let s = uuids.get(raw);
            if (s === undefined) {
                // A flat copy: the raw text may be a slice of a large chunk.
                s = flatten(raw);
                uuids.set(s, s);
            }
            return s;
        };
        case 'date': return raw => raw;
        case 'text': return raw => raw;
    }
}

/** A copy of `s` that does not keep a larger string alive. */
function flatten(s: string): string {
    return (' ' + s).slice(1);
}

function emptyTable(columns: string[]): { table: Table; cols: Cell[][] } {
    const cols = columns.map(() => [] as Cell[]);
    return { table: { rowCount: 0, columns: Object.fromEntries(columns.map((c, i) => [c, cols[i]])) }, cols };
}

async function readByCopy(
    db: SegDatabase & { copyOut(sql: string, onChunk: (text: string) => void): Promise<void> },
    sql: string, columns: string[], kinds: Kind[], uuids: Map<string, string>,
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

async function readByQuery(db: SegDatabase, sql: string, columns: string[], kinds: Kind[], uuids: Map<string, string>): Promise<Table> {
    const { table, cols } = emptyTable(columns);
    const convert = kinds.map(k => converter(k, uuids));
    const { rows } = await db.query(sql);
    for (const row of rows) {
        for (let i = 0; i < columns.length; i++) {
            const v = row[`c${i}`];
            cols[i].push(v === null || v === undefined ? null
                : typeof v === 'boolean' ? v
                : typeof v === 'number' ? (kinds[i] === 'time' ? v / 1000 : v)
                : kinds[i] === 'uuid' ? convert[i](String(v).toLowerCase())
                : convert[i](String(v)));
        }
        table.rowCount++;
    }
    return table;
}
