// Where a segment test's segments are evaluated: the in-memory executor
// (default), or SQL on the embedded database or a PostgreSQL server. On a
// database each test runs in its own transaction, in a schema of its own that
// is rolled back afterwards: nothing is left behind, existing tables are never
// read or written.
import type { SegDatabase } from '../db/database.js';
import { tableStatements, type TableSpec } from '../db/schema.js';
import { quoteIdent } from '../db/sql-text.js';
import { execute } from '../exec/execute.js';
import type { Cell } from '../exec/tables.js';
import type { Plan } from '../plan/plan.js';
import { segmentPlan } from '../plan/segment-plan.js';
import { planNeeds } from '../db/load-tables.js';
import { postgresDialect } from '../sql/postgres-dialect.js';
import { bindParams, toSql } from '../sql/to-sql.js';
import type { FixtureData } from './fixture-tables.js';

export interface TestEngine {
    /** For the report: "in-memory executor", "embedded database (in memory)", "postgresql://…". */
    readonly description: string;
    /** Each named segment's members (audience keys) over the test's rows. */
    members(plan: Plan, segments: string[], data: FixtureData, specs: TableSpec[]): Promise<Map<string, Set<string>>>;
    close(): Promise<void>;
}

export const memoryEngine: TestEngine = {
    description: 'in-memory executor',
    async members(plan, segments, data) {
        const result = execute(plan, data.tables, { asOf: data.asOf, segments });
        return new Map([...result].map(([name, keys]) => [name, new Set(keys)]));
    },
    async close() {},
};

/** Rows per INSERT statement (PostgreSQL allows 65,535 parameters a statement). */
const ROWS_PER_INSERT = 200;

export function databaseEngine(db: SegDatabase): TestEngine {
    let counter = 0;
    // Per segment, compiled once for every test: its SQL and the tables it reads.
    const compiled = new Map<string, { query: ReturnType<typeof toSql>; tables: string[] }>();
    const compile = (plan: Plan, name: string) => {
        let c = compiled.get(name);
        if (!c) compiled.set(name, c = { query: toSql(plan, name, postgresDialect), tables: Object.keys(planNeeds(segmentPlan(plan, name))) });
        return c;
    };
    return {
        description: db.description,
        async members(plan, segments, data, specs) {
            const schema = `seg_test_${process.pid}_${++counter}`;
            await db.exec('BEGIN');
            try {
                await db.exec(`CREATE SCHEMA ${quoteIdent(schema)}; SET LOCAL search_path TO ${quoteIdent(schema)}`);
                const read = new Set([plan.audience.table, ...segments.flatMap(name => compile(plan, name).tables)]);
                for (const spec of specs.filter(t => read.has(t.name))) {
                    // Only the tables the segments read: a test's other records cannot change its members.
                    // Indexes are not needed for a handful of rows.
                    const [create] = tableStatements({ ...spec, indexes: [] });
                    await db.exec(create);
                    await insertRows(db, spec, data.rows.get(spec.name) ?? []);
                }
                const out = new Map<string, Set<string>>();
                for (const name of segments) {
                    const { query } = compile(plan, name);
                    const { rows } = await db.query(query.text, bindParams(query, { asOf: new Date(data.asOf) }));
                    out.set(name, new Set(rows.map(r => String(r.contact_id))));
                }
                return out;
            } finally {
                await db.exec('ROLLBACK').catch(() => undefined);
            }
        },
        close: () => db.close(),
    };
}

async function insertRows(db: SegDatabase, spec: TableSpec, rows: Array<Record<string, Cell>>): Promise<void> {
    if (!rows.length) return;
    const columns = spec.columns.filter(c => rows.some(r => r[c.name] !== undefined));
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
        const chunk = rows.slice(start, start + ROWS_PER_INSERT);
        const params: unknown[] = [];
        const values = chunk.map(row => `(${columns.map(c => {
            params.push(param(row[c.name] ?? null, c.type));
            return `$${params.length}::${c.type}`;
        }).join(', ')})`);
        await db.query(`INSERT INTO ${quoteIdent(spec.name)} (${columns.map(c => quoteIdent(c.name)).join(', ')}) VALUES ${values.join(', ')}`, params);
    }
}

/** A cell as a query parameter: timestamps as ISO text, everything else as is. */
function param(cell: Cell, sqlType: string): unknown {
    if (cell === null) return null;
    if (sqlType === 'timestamptz' && typeof cell === 'number') return new Date(cell).toISOString();
    return cell;
}
