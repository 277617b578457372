// seg run [paths] [--db URL | --data-dir DIR] [--as-of ISO] [--timezone TZ] [--segment NAME]
//         [--members] [--format table|json|csv] [--engine sql|memory] [--timeout S]
import { DatabaseError, type SegDatabase } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { runClickHouse, runInMemory, runSql, type SegmentResult } from '../db/run-segments.js';
import { ensureDemoData } from './demo-data.js';
import type { Plan } from '../plan/plan.js';
import { SqlError } from '../sql/to-sql.js';
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
