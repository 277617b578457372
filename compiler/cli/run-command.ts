// seg run [paths] [--db URL | --data-dir DIR] [--as-of ISO] [--timezone TZ] [--segment NAME]
//         [--members] [--format table|json|csv] [--engine sql|memory] [--timeout S]
import { DatabaseError, type SegDatabase } from '../db/database.js';
import { loadTables } from '../db/load-tables.js';
import { openDatabase } from '../db/open-database.js';
import { ensureDemoData } from './demo-data.js';
import { execute } from '../exec/execute.js';
import { ExecError } from '../calendar/time-zone.js';
import type { Plan, PlanSegment } from '../plan/plan.js';
import { toClickHouseSql } from '../sql/clickhouse-sql.js';
import { postgresDialect } from '../sql/postgres-dialect.js';
import { bindParams, SqlError, toSql } from '../sql/to-sql.js';
import type { CommandContext } from './command.js';
import { checkedPlan, parseAsOf, selectSegments } from './project-plan.js';

export interface RunOptions {
    db?: string;
    dataDir?: string;
    asOf?: string;
    timeZone?: string;
    segment?: string;
    members: boolean;
    format: 'table' | 'json' | 'csv';
    engine: 'sql' | 'memory';
    timeoutSeconds: number;
}

/** One segment's outcome: its members, or why it could not be computed (the other segments still run). */
interface SegmentResult { name: string; members: string[]; ms: number; error?: string }

export async function runCommand(ctx: CommandContext, paths: string[], options: RunOptions): Promise<number> {
    const checked = await checkedPlan(ctx, paths, options.timeZone);
    if (!checked) return 1;
    const { plan, project } = checked;
    const segments = selectSegments(plan, options.segment, { liveOnly: true });
    const asOf = parseAsOf(options.asOf);
    let db: SegDatabase | undefined;
    try {
        db = await openDatabase({ url: options.db, dataDir: options.dataDir, clickhouse: true });
        if (!options.db) await ensureDemoData(db, project, { log: t => ctx.err(t) });
        if (db.kind === 'clickhouse' && options.engine === 'memory') {
            throw new SqlError('--engine memory reads PostgreSQL tables; with a ClickHouse --db use the default --engine sql.');
        }
        const results = db.kind === 'clickhouse'
            ? await runClickHouse(db, plan, segments.map(s => s.name), asOf, options.timeoutSeconds)
            : options.engine === 'memory'
            ? await runInMemory(db, plan, segments.map(s => s.name), asOf)
            : await runSql(db, plan, segments.map(s => s.name), asOf, options.timeoutSeconds);
        print(ctx, results, options, { asOf, plan, where: db.description });
        for (const r of results) if (r.error) ctx.err(`seg run: ${r.error}`);
        return results.some(r => r.error) ? 1 : 0;
    } catch (e) {
        if (e instanceof DatabaseError || e instanceof SqlError) {
            ctx.err(`seg run: ${e.message}`);
            return 1;
        }
        throw e;
    } finally {
        await db?.close();
    }
}

/**
 * Every segment in one read-only transaction (one snapshot). Each query runs
 * under a savepoint, so a failing one (a missing table, a timeout) is rolled
 * back alone and reported for its segment while the others still run; a lost
 * connection stops the run.
 */
async function runSql(db: SegDatabase, plan: Plan, names: string[], asOf: Date, timeoutSeconds: number): Promise<SegmentResult[]> {
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
async function runClickHouse(db: SegDatabase, plan: Plan, names: string[], asOf: Date, timeoutSeconds: number): Promise<SegmentResult[]> {
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
async function runInMemory(db: SegDatabase, plan: Plan, names: string[], asOf: Date): Promise<SegmentResult[]> {
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

function print(ctx: CommandContext, results: SegmentResult[], options: RunOptions, info: { asOf: Date; plan: Plan; where: string }): void {
    if (options.format === 'json') {
        ctx.out(JSON.stringify({
            asOf: info.asOf.toISOString(),
            segments: results.map(r => r.error
                ? { name: r.name, error: r.error }
                : { name: r.name, count: r.members.length, ...(options.members ? { members: [...r.members].sort() } : {}) }),
        }, null, 2));
        return;
    }
    if (options.format === 'csv') {
        if (options.members) {
            ctx.out('segment,contact_id');
            for (const r of results) for (const m of [...r.members].sort()) ctx.out(`${csv(r.name)},${m}`);
        } else {
            ctx.out('segment,count');
            // A failed segment has no count (an empty cell, not 0); the error goes to stderr.
            for (const r of results) ctx.out(`${csv(r.name)},${r.error ? '' : r.members.length}`);
        }
        return;
    }
    const width = Math.max(7, ...results.map(r => r.name.length));
    ctx.out(`${'Segment'.padEnd(width)}  ${'Contacts'.padStart(9)}  ${'Time'.padStart(9)}`);
    for (const r of results) {
        const count = (r.error ? 'failed' : r.members.length.toLocaleString('en-US')).padStart(9);
        ctx.out(`${r.name.padEnd(width)}  ${r.error ? ctx.style.red(count) : count}  ${`${r.ms.toFixed(1)} ms`.padStart(9)}`);
        if (options.members) for (const m of [...r.members].sort()) ctx.out(`  ${m}`);
    }
    ctx.out(ctx.style.dim(`as of ${info.asOf.toISOString()} (${info.plan.timeZone}), engine ${options.engine}, ${info.where}`));
}

function csv(text: string): string {
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
