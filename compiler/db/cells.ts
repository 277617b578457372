// Database cells → the executor's cells (compiler/exec/tables.ts), one
// conversion for every reader (loadTables' whole tables, loadContact's one
// contact): uuid → lower-case string, timestamptz → epoch milliseconds,
// date → 'YYYY-MM-DD', numbers → number, boolean → boolean, text → string,
// NULL → null. Each column is selected as text in a form that parses back exactly.
import type { Cell, Table } from '../exec/tables.js';
import type { SegDatabase } from './database.js';
import { quoteIdent } from './sql-text.js';

export type CellKind = 'uuid' | 'time' | 'date' | 'number' | 'boolean' | 'text';

/** How to read some columns of one table: its SELECT (columns as "c0", "c1", … ; no WHERE) and each column's kind. */
export interface TableSelect {
    table: string;
    columns: string[];
    kinds: CellKind[];
    /** `SELECT … FROM "table"`, to run as is or with a WHERE / ORDER BY appended. */
    sql: string;
}

/**
 * The SELECT for `columns` of `table` (a missing table or column makes it fail with the
 * database's own "does not exist"); `optional` columns are added only when the table has them.
 */
export async function tableSelect(db: SegDatabase, table: string, columns: string[], optional: string[] = []): Promise<TableSelect> {
    const types = await columnTypes(db, table);
    const all = [...columns, ...optional.filter(c => types.has(c) && !columns.includes(c))];
    const kinds = all.map(c => kindOf(types.get(c)));
    const select = all.map((c, i) => `${selectExpr(c, kinds[i])} AS "c${i}"`).join(', ');
    return { table, columns: all, kinds, sql: `SELECT ${select} FROM ${quoteIdent(table)}` };
}

/** Column → PostgreSQL type name; empty for a missing table. */
async function columnTypes(db: SegDatabase, table: string): Promise<Map<string, string>> {
    const { rows } = await db.query(
        `SELECT a.attname AS "name", format_type(a.atttypid, NULL) AS "type"
           FROM pg_catalog.pg_attribute a
          WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped`,
        [quoteIdent(table)]);
    return new Map(rows.map(r => [String(r.name), String(r.type)]));
}

function kindOf(type: string | undefined): CellKind {
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
function selectExpr(column: string, kind: CellKind): string {
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

/** A cell's text (COPY's, or a driver's string) → the executor's cell; `uuids` keeps one string per distinct uuid. */
export function converter(kind: CellKind, uuids: Map<string, string>): (raw: string) => Cell {
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
export function flatten(s: string): string {
    return (' ' + s).slice(1);
}

export function emptyTable(columns: string[]): { table: Table; cols: Cell[][] } {
    const cols = columns.map(() => [] as Cell[]);
    return { table: { rowCount: 0, columns: Object.fromEntries(columns.map((c, i) => [c, cols[i]])) }, cols };
}

/** The rows of a query of `select` (as a driver returns them: "c0", "c1", …) as a table. */
export function rowsToTable(rows: Array<Record<string, unknown>>, select: TableSelect, uuids: Map<string, string>): Table {
    const { columns, kinds } = select;
    const { table, cols } = emptyTable(columns);
    const convert = kinds.map(k => converter(k, uuids));
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
