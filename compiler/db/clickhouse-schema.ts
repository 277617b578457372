// The default schema on ClickHouse: the same tables and columns as on
// PostgreSQL (schema.ts), as MergeTree tables sorted for Seg's queries.
//
// - Interaction tables are ORDER BY (contact_id, timestamp): a contact's rows
//   are adjacent and in time order, so a window reads ranges and GROUP BY
//   contact streams. Entity tables are ORDER BY their key (IN lookups).
// - With a cluster, each table is a local MergeTree table on every node (in
//   the database `<db>_shards`) plus a Distributed table of the same name in
//   `<db>` on every node, sharded by a hash of the contact key (interactions:
//   contact_id; entities: their key). A contact's interactions are then on one
//   shard: each shard aggregates its own contacts' rows, and only the groups
//   travel to the node that merges them.
import { clickhouseDialect as ch } from '../sql/clickhouse-dialect.js';
import { SEG_TYPE_COMMENT } from './clickhouse-database.js';
import type { ColumnSpec, TableSpec } from './schema.js';

export interface ClickHouseLayout {
    /** The database queries read (holds the tables, or with a cluster the Distributed tables). */
    database: string;
    /** The cluster's name in the servers' `remote_servers`; unset: plain MergeTree tables. */
    cluster?: string;
}

/** The database of the local (per-shard) tables of a clustered layout. */
export const shardDatabase = (database: string): string => `${database}_shards`;

/** The DDL to run on each node (the same on every node of a cluster); idempotent. */
export function clickhouseSchemaStatements(tables: TableSpec[], layout: ClickHouseLayout): string[] {
    const q = ch.quoteIdentifier;
    if (!layout.cluster) return tables.map(t => createTable(`${q(layout.database)}.${q(t.name)}`, t));
    const shards = shardDatabase(layout.database);
    return [
        `CREATE DATABASE IF NOT EXISTS ${q(shards)}`,
        ...tables.flatMap(t => [
            createTable(`${q(shards)}.${q(t.name)}`, t),
            `CREATE TABLE IF NOT EXISTS ${q(layout.database)}.${q(t.name)} AS ${q(shards)}.${q(t.name)}\n` +
            `ENGINE = Distributed(${q(layout.cluster!)}, ${q(shards)}, ${q(t.name)}, ${shardingKey(t)})`,
        ]),
    ];
}

function createTable(name: string, t: TableSpec): string {
    const columns = t.columns.map(c => `  ${ch.quoteIdentifier(c.name)} ${columnType(c)}${comment(c)}`);
    return `CREATE TABLE IF NOT EXISTS ${name} (\n${columns.join(',\n')}\n)\nENGINE = MergeTree\nORDER BY ${sortKey(t)}`;
}

/** Keys and `timestamp` are never null; every other column is Nullable, so a missing value is NULL, not 0 or ''. */
function columnType(c: ColumnSpec): string {
    const type = ch.storageType(c.type);
    return c.primaryKey || c.notNull ? type : `Nullable(${type})`;
}

function comment(c: ColumnSpec): string {
    const text = SEG_TYPE_COMMENT[c.type];
    return text ? ` COMMENT ${ch.quoteString(text)}` : '';
}

const CONTACT = 'contact_id';
const TIMESTAMP = 'timestamp';

/** ClickHouse sorting keys cannot be Nullable: a null contact_id sorts as the zero UUID. */
function sortKey(t: TableSpec): string {
    if (t.kind === 'interaction') return `(assumeNotNull(${ch.quoteIdentifier(CONTACT)}), ${ch.quoteIdentifier(TIMESTAMP)})`;
    const key = t.columns.find(c => c.primaryKey) ?? t.columns[0]!;
    return `(${ch.quoteIdentifier(key.name)})`;
}

/** cityHash64 of the contact key as text (18.16's cityHash64 takes no UUID). */
function shardingKey(t: TableSpec): string {
    const column = t.kind === 'interaction' ? CONTACT : (t.columns.find(c => c.primaryKey) ?? t.columns[0]!).name;
    return `cityHash64(toString(assumeNotNull(${ch.quoteIdentifier(column)})))`;
}
