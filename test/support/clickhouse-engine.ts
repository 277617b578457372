// The ClickHouse cluster tests run on: SEG_TEST_CLICKHOUSE_URL (every node,
// clickhouse://h1:p1,h2:p2/default, as scripts/clickhouse-cluster.sh prints it)
// and SEG_TEST_CLICKHOUSE_CLUSTER (its name). Each opened engine has a fresh
// database with the generated tables of arbitrary-data.ts, created by
// `seg db init`'s own code (local tables per shard and Distributed ones),
// dropped on every node when closed.
import { ClickHouseDatabase, parseClickHouseUrl, type ClickHouseCell } from '../../compiler/db/clickhouse-database.js';
import { shardDatabase } from '../../compiler/db/clickhouse-schema.js';
import { initClickHouse } from '../../compiler/db/clickhouse-setup.js';
import type { TableSpec } from '../../compiler/db/schema.js';
import type { Plan } from '../../compiler/plan/plan.js';
import { DatabaseError } from '../../compiler/db/database.js';
import { CASE_REFUSAL, clickhouseDialect as ch } from '../../compiler/sql/clickhouse-dialect.js';
import { SqlError } from '../../compiler/sql/sql-error.js';
import { toClickHouseSql } from '../../compiler/sql/clickhouse-sql.js';
import { TABLES, type DataSet } from './arbitrary-data.js';

export const CLICKHOUSE_URL = process.env.SEG_TEST_CLICKHOUSE_URL;
export const CLICKHOUSE_CLUSTER = process.env.SEG_TEST_CLICKHOUSE_CLUSTER;

/** Why ClickHouse tests are skipped, for their titles (undefined when they run). */
export const CLICKHOUSE_SKIP = CLICKHOUSE_URL ? undefined : 'skipped: SEG_TEST_CLICKHOUSE_URL unset (.ci/run starts a two-shard cluster)';
if (CLICKHOUSE_SKIP) console.warn(`ClickHouse tests ${CLICKHOUSE_SKIP}`);

/** Whether a plan node is, or reads, a sequence. */
export function usesSequence(plan: Plan, id: number): boolean {
    const node = plan.nodes[id];
    if (node.kind === 'sequence') return true;
    return node.kind === 'union' || node.kind === 'intersect' || node.kind === 'except' ? usesSequence(plan, node.left) || usesSequence(plan, node.right) : false;
}

export interface ClickHouseEngine {
    readonly name: string;
    readonly db: ClickHouseDatabase;
    /** Replaces every generated table's rows with the data set's. */
    load(data: DataSet): Promise<void>;
    /** Every segment's members (sorted) as of `asOf`; 'refused' where ClickHouse refuses (CASE_REFUSAL, SqlError). */
    members(plan: Plan, asOf: Date): Promise<Record<string, string[] | 'refused'>>;
    close(): Promise<void>;
}

/** The generated tables as `seg db init` specs: entities keyed by their first column, interactions by theirs. */
export function generatedSpecs(): TableSpec[] {
    return Object.entries(TABLES).map(([name, columns]) => {
        const interaction = 'timestamp' in columns;
        return {
            name, kind: interaction ? 'interaction' : 'entity', indexes: [],
            columns: Object.entries(columns).map(([c, type], i) => ({ name: c, type, ...(i === 0 ? { primaryKey: true } : {}), ...(c === 'timestamp' ? { notNull: true } : {}) })),
        };
    });
}

/**
 * A new, empty database on every node of `url`: its URL (every node), and
 * `run` to run a statement on each node, `drop` to drop it (and its shards' database).
 */
export async function freshClickHouseDatabase(url: string) {
    const database = `seg_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const nodes = parseClickHouseUrl(url).nodes;
    const onEachNode = async (sql: string) => {
        for (const node of nodes) {
            const db = await ClickHouseDatabase.connect(node);
            try { await db.exec(sql); } finally { await db.close(); }
        }
    };
    await onEachNode(`CREATE DATABASE ${ch.quoteIdentifier(database)}`);
    return {
        database,
        url: `${url.replace(/\/[^/]*$/, '')}/${database}`,
        onEachNode,
        async drop() {
            await onEachNode(`DROP DATABASE IF EXISTS ${ch.quoteIdentifier(database)}`);
            await onEachNode(`DROP DATABASE IF EXISTS ${ch.quoteIdentifier(shardDatabase(database))}`);
        },
    };
}

export async function openClickHouse(url: string, cluster: string | undefined): Promise<ClickHouseEngine> {
    const fresh = await freshClickHouseDatabase(url);
    const { database, onEachNode } = fresh;
    const nodes = parseClickHouseUrl(url).nodes;
    const db = await ClickHouseDatabase.connect(fresh.url);
    const specs = generatedSpecs();
    await initClickHouse(db, specs, cluster);
    const locals = cluster ? shardDatabase(database) : database;
    const kinds = (spec: TableSpec): ClickHouseCell[] => spec.columns.map(c => c.type === 'timestamptz' ? 'timestamptz' : c.type === 'date' ? 'date' : c.type === 'boolean' ? 'boolean' : 'value');
    return {
        name: `ClickHouse ${cluster ? `cluster ${cluster} (${nodes.length} nodes)` : 'server'}`,
        db,
        async load(data) {
            for (const spec of specs) await onEachNode(`TRUNCATE TABLE ${ch.quoteIdentifier(locals)}.${ch.quoteIdentifier(spec.name)}`);
            for (const spec of specs) {
                const rows = data.rows[spec.name] ?? [];
                if (!rows.length) continue;
                const columns = spec.columns.map(c => c.name);
                const cells = rows.map(r => spec.columns.map(c => {
                    const v = r[c.name] ?? null;
                    if (v === null) return null;
                    if (c.type === 'timestamptz') return new Date(v as number).toISOString();
                    if (c.type === 'boolean') return v ? 't' : 'f';
                    return String(v);
                }));
                await db.copyRows(spec.name, columns, cells, kinds(spec));
            }
        },
        async members(plan, asOf) {
            const out: Record<string, string[] | 'refused'> = {};
            for (const s of plan.segments) {
                try {
                    const { rows } = await db.query(toClickHouseSql(plan, s.name, asOf));
                    out[s.name] = rows.map(r => String(r.contact_id)).sort();
                } catch (e) {
                    if (!(e instanceof SqlError || (e instanceof DatabaseError && e.message === CASE_REFUSAL))) throw e;
                    if (process.env.SEG_DEBUG_REFUSALS) console.log(`REFUSED ${s.name}: ${(e as Error).message.slice(0, 300)}`);
                    out[s.name] = 'refused';
                }
            }
            return out;
        },
        async close() {
            await db.close();
            await fresh.drop();
        },
    };
}
