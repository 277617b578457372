// Whether the tables already in a database fit the schema of the declarations
// in scope. `seg db init` creates what is missing and adds missing columns,
// but leaves existing columns alone (CREATE TABLE IF NOT EXISTS): a column of
// another type (`contactid text`) or a table without its primary key would
// make every later query subtly wrong or slow, so it is reported instead.
import type { SegDatabase } from './database.js';
import type { TableSpec } from './schema.js';

/** One way an existing table differs from its declaration. */
export interface SchemaMismatch {
    table: string;
    column: string;
    expected: string;
    found: string;
}

/** information_schema's names for the types schema.ts writes (the others read the same). */
const SPELLED: Record<string, string> = { timestamptz: 'timestamp with time zone' };

/**
 * Other types a column may have and still mean the same to Seg's SQL and to
 * loadTables (an export's varchar names, smallint codes, numeric amounts).
 * uuid, boolean, date and timestamptz columns must be exactly that: text ids
 * or a timestamp without a zone would compare or shift silently.
 */
const ALSO_FITS: Record<string, readonly string[]> = {
    text: ['character varying'],
    integer: ['smallint', 'bigint'],
    bigint: ['smallint', 'integer'],
    'double precision': ['real', 'numeric'],
};

/**
 * The mismatches of the tables that exist (in the schema new tables go to):
 * columns of another type, a missing key column, a missing primary key. Missing
 * tables and other missing columns are not mismatches: init adds them.
 */
export async function schemaMismatches(db: SegDatabase, tables: TableSpec[]): Promise<SchemaMismatch[]> {
    if (!tables.length) return [];
    const { rows: columns } = await db.query(
        `SELECT table_name AS "table", column_name AS "column",
                CASE WHEN data_type = 'USER-DEFINED' THEN udt_name ELSE data_type END AS "type"
           FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = ANY($1::text[])`,
        [tables.map(t => t.name)]);
    const { rows: keys } = await db.query(
        `SELECT tc.table_name AS "table", string_agg(k.column_name, ', ' ORDER BY k.ordinal_position) AS "columns"
           FROM information_schema.table_constraints tc
           JOIN information_schema.key_column_usage k
             ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name
          WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema() AND tc.table_name = ANY($1::text[])
          GROUP BY tc.table_name`,
        [tables.map(t => t.name)]);
    const found = new Map<string, Map<string, string>>();
    for (const r of columns) {
        const table = String(r.table);
        if (!found.has(table)) found.set(table, new Map());
        found.get(table)!.set(String(r.column), String(r.type));
    }
    const primaryKeys = new Map(keys.map(r => [String(r.table), String(r.columns)]));
    const mismatches: SchemaMismatch[] = [];
    for (const spec of tables) {
        const have = found.get(spec.name);
        if (!have) continue;
        for (const column of spec.columns) {
            const expected = SPELLED[column.type] ?? column.type;
            const type = have.get(column.name);
            if (type === undefined) {
                if (column.primaryKey) mismatches.push({ table: spec.name, column: column.name, expected: `${expected} primary key`, found: 'no such column' });
            } else if (type !== expected && !ALSO_FITS[expected]?.includes(type)) {
                mismatches.push({ table: spec.name, column: column.name, expected, found: type });
            } else if (column.primaryKey && primaryKeys.get(spec.name) !== column.name) {
                const other = primaryKeys.get(spec.name);
                mismatches.push({ table: spec.name, column: column.name, expected: 'the primary key', found: other ? `a primary key on (${other})` : 'no primary key' });
            }
        }
    }
    return mismatches;
}

/** `contact.contactid: expected uuid, found text`. */
export function describeMismatch(m: SchemaMismatch): string {
    return `${m.table}.${m.column}: expected ${m.expected}, found ${m.found}`;
}
