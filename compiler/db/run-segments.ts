// Evaluating segments in a database, one query per segment, as `seg run` and
// the playground do: each segment's members and time, or why it failed (the
// other segments still run). Runs in Node and in the browser.
import { DatabaseError, type SegDatabase } from './database.js';
import { loadTables } from './load-tables.js';
import { execute } from '../exec/execute.js';
import { ExecError } from '../calendar/time-zone.js';
import type { Plan, PlanSegment } from '../plan/plan.js';
import { toClickHouseSql } from '../sql/clickhouse-sql.js';
import { postgresDialect } from '../sql/postgres-dialect.js';
import { bindParams, SqlError, toSql } from '../sql/to-sql.js';

/** One segment's outcome: its members, or why it could not be computed (the other segments still run). */
export interface SegmentResult { name: string; members: string[]; ms: number; error?: string }

/**
 * Every segment in one read-only transaction (one snapshot). Each query runs
 * under a savepoint, so a failing one (a missing table, a timeout) is rolled
 * back alone and reported for its segment while the others still run; a lost
 * connection stops the run.
 */
export async function runSql(db: SegDatabase, plan: Plan, names: string[], asOf: Date, timeoutSeconds: number): Promise<SegmentResult[]> {
    return db.readOnly(timeoutSeconds * 1000, async tx => {
        const results: SegmentResult[] = [];
        for (const [i, name] of names.entries()) {
            const t0 = performance.now();
            try {
                await tx.exec('SAVEPOINT seg_run_segment');
                const query = toSql(plan, name, postgresDialect);
                const { rows } = await tx.query(query.text, bindParams(query, { asOf }));
                await tx.exec('RELEASE SAVEPOINT seg_run_segment');
                results.push({ name, members: rows.map(r => String(r.contact_id)), ms: performance.now() - t0 });
            } catch (e) {
                if (!(e instanceof DatabaseError || e instanceof SqlError) || (e instanceof DatabaseError && e.kind === 'connect')) throw e;
                results.push(failed(plan, name, e.message, performance.now() - t0));
                try {
                    await tx.exec('ROLLBACK TO SAVEPOINT seg_run_segment');
                } catch (r) {
                    // The transaction is unusable (PGlite's deadline for the whole run has passed): the rest cannot run.
                    if (!(r instanceof DatabaseError) || r.kind === 'connect') throw r;
                    for (const rest of names.slice(i + 1)) results.push(failed(plan, rest, `not run: ${r.message}`, 0));
                    break;
                }
            }
        }
        return results;
    });
}

/** ClickHouse: one query per segment, values inline; a failing segment is reported, the others still run. */
export async function runClickHouse(db: SegDatabase, plan: Plan, names: string[], asOf: Date, timeoutSeconds: number): Promise<SegmentResult[]> {
    return db.readOnly(timeoutSeconds * 1000, async tx => {
        const results: SegmentResult[] = [];
        for (const name of names) {
            const t0 = performance.now();
            try {
                const { rows } = await tx.query(toClickHouseSql(plan, name, asOf));
                results.push({ name, members: rows.map(r => String(r.contact_id)), ms: performance.now() - t0 });
            } catch (e) {
                if (!(e instanceof DatabaseError || e instanceof SqlError) || (e instanceof DatabaseError && e.kind === 'connect')) throw e;
                results.push(failed(plan, name, e.message, performance.now() - t0));
            }
        }
        return results;
    });
}

function failed(plan: Plan, name: string, why: string, ms: number): SegmentResult {
    return { name, members: [], ms, error: `segment '${name}'${at(plan.segments.find(s => s.name === name))} failed: ${why}` };
}

function at(segment: PlanSegment | undefined): string {
    return segment ? ` (${segment.source.file}:${segment.source.line}:${segment.source.column})` : '';
}

/** Loads the tables once, then evaluates each segment on its own, timed, like one SQL query per segment
 *  (a segment's time includes the segments it uses, which are evaluated again for it). */
export async function runInMemory(db: SegDatabase, plan: Plan, names: string[], asOf: Date): Promise<SegmentResult[]> {
    const tables = await loadTables(db, plan);
    return names.map(name => {
        const started = performance.now();
        try {
            const members = execute(plan, tables, { asOf, segments: [name] }).get(name) ?? [];
            return { name, members: [...members], ms: performance.now() - started };
        } catch (err) {
            if (!(err instanceof ExecError)) throw err;
            return failed(plan, name, err.message, performance.now() - started);
        }
    });
}
