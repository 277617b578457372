// `seg db init` and `seg db seed` on ClickHouse: the schema on every node of
// the URL, and the demo data written through the (Distributed) tables.
import { demoSources, type SeedCounts, type SeedOptions } from '../demo-data/load.js';
import { clickhouseDialect as ch } from '../sql/clickhouse-dialect.js';
import { ClickHouseDatabase } from './clickhouse-database.js';
import { clickhouseSchemaStatements } from './clickhouse-schema.js';
import { DatabaseError } from './database.js';
import type { TableSpec } from './schema.js';

/**
 * Creates the tables (idempotent). With a cluster, every node listed in the
 * URL gets the local and the Distributed tables, and the URL must list every
 * node of the cluster (one replica per shard): Seg runs no ON CLUSTER DDL,
 * which would need ZooKeeper. Returns the number of statements run per node.
 */
export async function initClickHouse(db: ClickHouseDatabase, tables: TableSpec[], cluster?: string): Promise<number> {
    const statements = clickhouseSchemaStatements(tables, { database: db.database, cluster });
    if (!cluster) {
        for (const s of statements) await db.exec(s);
        return statements.length;
    }
    const { rows } = await db.query(`SELECT count() AS nodes FROM system.clusters WHERE cluster = ${ch.quoteString(cluster)}`);
    const nodes = Number(rows[0]?.nodes ?? 0);
    if (nodes === 0) throw new DatabaseError(`${db.description} knows no cluster named '${cluster}' (see system.clusters)`);
    if (nodes !== db.nodes.length) {
        throw new DatabaseError(`cluster '${cluster}' has ${nodes} nodes but the URL lists ${db.nodes.length}: list every node, clickhouse://host1:port,host2:port/${db.database}`);
    }
    for (const url of db.nodes) {
        const node = await ClickHouseDatabase.connect(url);
        try {
            for (const s of statements) await node.exec(s);
        } finally {
            await node.close();
        }
    }
    return statements.length;
}

/**
 * Writes the demo data (no transaction: ClickHouse has none). Tables that
 * hold rows are refused; `replace` is not offered (a Distributed table cannot
 * be truncated): drop the tables and run `seg db init` again.
 */
export async function seedClickHouse(db: ClickHouseDatabase, options: SeedOptions): Promise<SeedCounts> {
    if (options.replace) throw new DatabaseError(`--force is not supported on ClickHouse: drop the tables of ${db.description} and run 'seg db init' again`, 'not-empty');
    const demo = demoSources(options);
    const existing = await existingColumns(db, demo.tables.map(t => t.name));
    for (const entity of ['account', 'contact', 'lead']) {
        if (!existing.has(entity)) throw new DatabaseError(`table ${entity} does not exist in ${db.description}: run 'seg db init --db ${db.description}'`, 'missing-table');
    }
    const tables = demo.tables.filter(t => existing.has(t.name));
    const full: string[] = [];
    for (const t of tables) {
        const { rows } = await db.query(`SELECT count() AS n FROM ${ch.quoteIdentifier(db.database)}.${ch.quoteIdentifier(t.name)}`);
        if (Number(rows[0]?.n) > 0) full.push(t.name);
    }
    if (full.length) throw new DatabaseError(`not seeding: ${full.length === 1 ? 'table' : 'tables'} ${full.join(', ')} already ${full.length === 1 ? 'holds' : 'hold'} rows`, 'not-empty');
    const written = await demo.load(tables, existing, (table, columns, rows) => db.copyRows(table, columns, rows));
    return demo.counts(written);
}

/** The columns of each named table that exists in the URL's database. */
async function existingColumns(db: ClickHouseDatabase, tables: string[]): Promise<Map<string, Set<string>>> {
    const { rows } = await db.query(
        `SELECT table, name FROM system.columns WHERE database = ${ch.quoteString(db.database)} AND table IN (${tables.map(t => ch.quoteString(t)).join(', ')})`);
    const map = new Map<string, Set<string>>();
    for (const row of rows) {
        const table = String(row.table);
        if (!map.has(table)) map.set(table, new Set());
        map.get(table)!.add(String(row.name));
    }
    return map;
}
