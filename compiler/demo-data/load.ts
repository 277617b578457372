// `seg db seed`: loads the demo data into a database (the database I/O; the
// rows come from population.ts, journeys.ts and generic/). Each table is one
// streamed COPY (generation in Node overlaps the server's ingestion), so
// memory stays flat for millions of rows.
import { DatabaseError, type SegDatabase } from '../db/database.js';
import { quoteIdent } from '../db/sql-text.js';
import type { Row } from './cells.js';
import { GenericData } from './generic/generic-data.js';
import type { SeedProject } from './generic/inputs.js';
import { DemoData } from './population.js';
import { INTERACTIONS, SEED_TABLES } from './tables.js';

/**
 * The most contacts seed makes. Their facts are held in memory (≈ 35 bytes a
 * contact) while the tables are written, and ten million contacts (with ≈ 100
 * million interactions) already take hours to load; far larger counts would
 * exhaust memory or run for days without a word.
 */
export const MAX_CONTACTS = 10_000_000;
/** Seeds are 32-bit: larger or negative numbers would repeat the data of one in this range. */
export const MAX_SEED = 0xffff_ffff;

export interface SeedOptions {
    /** 0 to MAX_CONTACTS. */
    contacts: number;
    /** 0 to MAX_SEED. */
    seed: number;
    /** Interactions fall in the 400 days up to this instant; creation dates before it. */
    asOf: Date;
    /** Called now and then with work units done and in total, and the table being filled. */
    onProgress?: (done: number, total: number, phase: string) => void;
    /** Called when a table is filled, with its row count. */
    onTable?: (table: string, rows: number) => void;
    /**
     * The project: its own entities and interaction types (and catalog types
     * its segments read) that have no generator here get generic rows, with
     * values its segments' conditions test for. Without it only the built-in
     * tables below are filled.
     */
    project?: SeedProject;
    /** Replace the rows of tables that already hold some (`--force`); else seed refuses them. */
    replace?: boolean;
}

/** Rows written, by kind (interactions: all interaction tables together). */
export interface SeedCounts {
    contacts: number;
    accounts: number;
    leads: number;
    interactions: number;
    /** Rows of the other entity tables (a project's own entities). */
    records: number;
}


/**
 * Fills the demo tables with the demo data (contacts, accounts, leads and the
 * common interaction types, and a project's own tables), then ANALYZEs them,
 * all in one transaction: a failure leaves every table as it was. Tables that
 * already hold rows are refused unless `options.replace`, so a database's own
 * data is never lost silently. The entity tables must exist ('seg db init');
 * interaction tables this database lacks are skipped, and columns it lacks
 * are left out.
 */
export async function seed(db: SegDatabase, options: SeedOptions): Promise<SeedCounts> {
    const demo = demoSources(options);
    return db.transaction(async tx => {
        const existing = await existingColumns(tx, demo.tables.map(t => t.name));
        for (const entity of ['account', 'contact', 'lead']) {
            // Let the database say it (with its own 'seg db init' hint).
            if (!existing.has(entity)) await tx.query(`SELECT 1 FROM ${quoteIdent(entity)} LIMIT 0`);
        }
        const tables = demo.tables.filter(t => existing.has(t.name));
        if (!options.replace) await refuseNonEmpty(tx, tables.map(t => t.name));
        const rows = await demo.load(tables, existing, async (table, columns, source) => tx.kind === 'postgres'
            ? reload(tx, table, columns, source)
            : replace(tx, table, columns, source));
        await tx.exec(`ANALYZE ${tables.map(t => quoteIdent(t.name)).join(', ')}`);
        return demo.counts(rows);
    });
}

/**
 * The demo tables (built-in and a project's own) and their rows, for any
 * database: `load` fills the given tables (only the columns each has) through
 * `write`, reporting progress, and returns the rows written per table.
 */
export function demoSources(options: SeedOptions) {
    if (!Number.isInteger(options.contacts) || options.contacts < 0 || options.contacts > MAX_CONTACTS) {
        throw new RangeError(`contacts must be a whole number from 0 to ${MAX_CONTACTS}`);
    }
    if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > MAX_SEED) {
        throw new RangeError(`seed must be a whole number from 0 to ${MAX_SEED}`);
    }
    if (Number.isNaN(options.asOf.getTime())) throw new RangeError('asOf must be a valid date');

    const data = new DemoData(options);
    const generic = options.project
        ? new GenericData(data, options.project, { seed: options.seed, skip: new Set(SEED_TABLES.map(t => t.name)) })
        : undefined;
    const tables: ReadonlyArray<{ name: string; columns: readonly string[] }> = [...SEED_TABLES, ...(generic?.tables ?? [])];
    const units = (table: string) => table === 'account' ? data.accountCount : table === 'contact' ? data.contactCount
        : table === 'lead' ? data.leadSlots : INTERACTIONS.some(i => i.name === table) ? data.contactCount : generic!.units(table);
    const source = (table: string) => table === 'account' ? data.accountRows()
        : table === 'contact' ? data.contactRows()
        : table === 'lead' ? data.leadRows()
        : INTERACTIONS.some(i => i.name === table) ? data.interactionRows(table)
        : generic!.rows(table);

    async function load(
        chosen: ReadonlyArray<{ name: string; columns: readonly string[] }>, existing: Map<string, Set<string>>,
        write: (table: string, columns: string[], rows: Iterable<Row>) => Promise<number>,
    ): Promise<Record<string, number>> {
        const total = chosen.reduce((n, t) => n + units(t.name), 0);
        let done = 0;
        let phase = 'account';
        data.tick = units => {
            done += units;
            options.onProgress?.(done, total, phase);
        };
        if (generic) generic.tick = data.tick;
        options.onProgress?.(0, total, phase);
        const rows: Record<string, number> = {};
        for (const table of chosen) {
            phase = table.name;
            const rowsOf = source(table.name);
            const have = existing.get(table.name)!;
            const keep = table.columns.map((c, i) => (have.has(c) ? i : -1)).filter(i => i >= 0);
            const columns = keep.map(i => table.columns[i]);
            const projected = keep.length === table.columns.length ? rowsOf : project(rowsOf, keep);
            rows[table.name] = await write(table.name, columns, projected);
            options.onTable?.(table.name, rows[table.name]);
        }
        options.onProgress?.(total, total, 'analyze');
        return rows;
    }

    function counts(rows: Record<string, number>): SeedCounts {
        const sum = (names: string[]) => names.reduce((n, t) => n + (rows[t] ?? 0), 0);
        const entities = (generic?.tables ?? []).filter(t => t.kind === 'entity').map(t => t.name);
        const interactions = [...INTERACTIONS.map(t => t.name), ...(generic?.tables ?? []).filter(t => t.kind === 'interaction').map(t => t.name)];
        return { contacts: rows.contact ?? 0, accounts: rows.account ?? 0, leads: rows.lead ?? 0, interactions: sum(interactions), records: sum(entities) };
    }

    return { tables, load, counts };
}

/** Throws a DatabaseError naming the tables that hold rows, if any do. */
async function refuseNonEmpty(db: SegDatabase, tables: string[]): Promise<void> {
    if (!tables.length) return;
    // Table names come from the catalog and the project's checked declarations, and are quoted; the labels are parameters.
    const probe = tables.map((t, i) => `SELECT $${i + 1}::text AS "table" WHERE EXISTS (SELECT 1 FROM ${quoteIdent(t)})`).join('\nUNION ALL ');
    const full = (await db.query(probe, tables)).rows.map(r => String(r.table));
    if (!full.length) return;
    const one = full.length === 1;
    throw new DatabaseError(
        `not seeding: ${one ? 'table' : 'tables'} ${full.join(', ')} already ${one ? 'holds' : 'hold'} rows. ` +
        `Run 'seg db seed' again with --force to replace ${one ? 'its' : 'their'} contents.`, 'not-empty');
}

/** Empties the table and loads the rows. */
async function replace(db: SegDatabase, table: string, columns: string[], rows: Iterable<Row>): Promise<number> {
    await db.exec(`TRUNCATE ${quoteIdent(table)}`);
    return db.copyRows(table, columns, rows);
}

/**
 * On a server (inside seed's transaction): empty the table, drop its indexes
 * (and primary key), load, and build them again, sorted (several times faster
 * than maintaining them row by row, for millions of random uuids). Any failure
 * rolls all of it back. Indexes that foreign keys rely on are kept.
 */
async function reload(db: SegDatabase, table: string, columns: string[], rows: Iterable<Row>): Promise<number> {
    const name = quoteIdent(table);
    await db.exec(`TRUNCATE ${name}; SET LOCAL maintenance_work_mem = '256MB'`);
    const indexes = (await db.query(
        `SELECT i.indexrelid::regclass::text AS "index", pg_get_indexdef(i.indexrelid) AS "definition",
                con.conname AS "constraint", pg_get_constraintdef(con.oid) AS "constraintDefinition"
           FROM pg_catalog.pg_index i
           LEFT JOIN pg_catalog.pg_constraint con
             ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
          WHERE i.indrelid = to_regclass($1)
            AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)`,
        [name])).rows as Array<{ index: string; definition: string; constraint: string | null; constraintDefinition: string | null }>;
    const drops = indexes.map(ix => ix.constraint
        ? `ALTER TABLE ${name} DROP CONSTRAINT ${quoteIdent(ix.constraint)}`
        : `DROP INDEX ${ix.index}`);
    const creates = indexes.map(ix => ix.constraint
        ? `ALTER TABLE ${name} ADD CONSTRAINT ${quoteIdent(ix.constraint)} ${ix.constraintDefinition}`
        : ix.definition);
    if (drops.length) await db.exec(drops.join(';\n'));
    const count = await db.copyRows(table, columns, rows);
    if (creates.length) await db.exec(creates.join(';\n'));
    return count;
}

function* project(rows: Iterable<Row>, keep: number[]): Generator<Row> {
    for (const row of rows) yield keep.map(i => row[i]);
}

/** The columns of each named table that exists (on the search path). */
async function existingColumns(db: SegDatabase, tables: string[]): Promise<Map<string, Set<string>>> {
    const result = await db.query(
        `SELECT c.relname AS "table", a.attname AS "column"
           FROM pg_catalog.pg_class c
           JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          WHERE c.oid IN (SELECT to_regclass(quote_ident(n))::oid FROM unnest($1::text[]) AS n)`,
        [tables]);
    const map = new Map<string, Set<string>>();
    for (const row of result.rows) {
        const table = String(row.table);
        if (!map.has(table)) map.set(table, new Set());
        map.get(table)!.add(String(row.column));
    }
    return map;
}
