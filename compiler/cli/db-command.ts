// seg db init [paths] (--db URL | --data-dir DIR | --print) [--cluster NAME]
// seg db seed [paths] (--db URL | --data-dir DIR) [--contacts N] [--seed S] [--as-of ISO] [--force]
import type { ClickHouseDatabase } from '../db/clickhouse-database.js';
import { DatabaseError, type SegDatabase } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { createProgress } from '../db/progress.js';
import { describeMismatch, schemaMismatches } from '../db/schema-check.js';
import { schemaStatements, schemaTables } from '../db/schema.js';
import { MAX_CONTACTS, MAX_SEED, seed } from '../demo-data/load.js';
import { UsageError } from '../project/discover.js';
import type { CommandContext } from './command.js';
import { checkedPlan, parseAsOf } from './project-plan.js';
import { plural } from '../report/terminal.js';
import { wholeNumber } from './whole-number.js';

export interface DbOptions {
    db?: string;
    dataDir?: string;
    print: boolean;
    /** As typed: checked here, so a wrong value is a usage error that states the range. */
    contacts: string;
    seed: string;
    asOf?: string;
    /** Replace tables that already hold rows. */
    force?: boolean;
    /** ClickHouse: the cluster whose nodes get local tables and Distributed ones. */
    cluster?: string;
}

export async function dbCommand(ctx: CommandContext, sub: string | undefined, paths: string[], options: DbOptions): Promise<number> {
    if (sub !== 'init' && sub !== 'seed') throw new UsageError(`Usage: seg db init|seed [paths] --db URL. Run 'seg --help' for details.`);
    if (!options.db && !options.dataDir && !(sub === 'init' && options.print)) {
        throw new UsageError(`seg db ${sub} needs --db postgresql://… (or --data-dir DIR for an embedded database${sub === 'init' ? ', or --print' : ''}).`);
    }
    const contacts = wholeNumber('--contacts', options.contacts, 1, MAX_CONTACTS);
    const seedValue = wholeNumber('--seed', options.seed, 0, MAX_SEED);
    const asOf = parseAsOf(options.asOf); // before anything touches the database
    const checked = await checkedPlan(ctx, paths);
    if (!checked) return 1;
    const models = checked.project.files.map(f => f.document.parseResult.value);
    const statements = schemaStatements(models);
    if (sub === 'init' && options.print) {
        ctx.out(statements.map(s => s.trimEnd().replace(/;?$/, ';')).join('\n\n'));
        return 0;
    }
    let db: SegDatabase | undefined;
    try {
        db = await openDatabase({ url: options.db, dataDir: options.dataDir, clickhouse: true });
        if (db.kind === 'clickhouse') return await clickhouseDb(ctx, sub, db as ClickHouseDatabase, schemaTables(models), { cluster: options.cluster, force: options.force, contacts, seedValue, asOf, checked });
        if (options.cluster) throw new UsageError('--cluster is for ClickHouse: --db clickhouse://host1:port,host2:port/database.');
        // Existing tables are checked first: init would leave a wrong column as it is, and seed would fill it.
        const mismatches = await schemaMismatches(db, schemaTables(models));
        if (mismatches.length) {
            ctx.err(`seg db ${sub}: the existing tables of ${db.description} differ from the declarations in scope (${mismatches.length === 1 ? '1 mismatch' : `${mismatches.length} mismatches`}); nothing was changed:`);
            for (const m of mismatches) ctx.err(`  ${describeMismatch(m)}`);
            ctx.err('Alter or drop these tables (or use another database or schema), then run it again.');
            return 1;
        }
        if (sub === 'init') {
            for (const s of statements) await db.exec(s);
            ctx.err(`Schema ready in ${db.description}: ${plural(statements.length, 'statement')} applied (idempotent).`);
            return 0;
        }
        for (const s of statements) await db.exec(s);
        const progress = createProgress(process.stderr);
        const t0 = performance.now();
        const counts = await seed(db, {
            contacts, seed: seedValue, asOf, onProgress: progress.update, replace: options.force,
            project: { files: checked.project.files, plan: checked.plan },
        });
        progress.done();
        ctx.err(`Seeded ${db.description} in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${describeCounts(counts)}.`);
        return 0;
    } catch (e) {
        if (e instanceof DatabaseError) {
            ctx.err(`seg db ${sub}: ${e.message}`);
            return 1;
        }
        throw e;
    } finally {
        await db?.close();
    }
}

async function clickhouseDb(
    ctx: CommandContext, sub: 'init' | 'seed', db: ClickHouseDatabase, tables: ReturnType<typeof schemaTables>,
    o: { cluster?: string; force?: boolean; contacts: number; seedValue: number; asOf: Date; checked: NonNullable<Awaited<ReturnType<typeof checkedPlan>>> },
): Promise<number> {
    const { initClickHouse, seedClickHouse } = await import('../db/clickhouse-setup.js');
    const count = await initClickHouse(db, tables, o.cluster);
    if (sub === 'init') {
        const where = o.cluster ? `cluster ${o.cluster} (${plural(db.nodes.length, 'node')})` : db.description;
        ctx.err(`Schema ready in ${where}: ${plural(count, 'statement')} applied${o.cluster ? ' on each node' : ''} (idempotent).`);
        return 0;
    }
    const progress = createProgress(process.stderr);
    const t0 = performance.now();
    const counts = await seedClickHouse(db, {
        contacts: o.contacts, seed: o.seedValue, asOf: o.asOf, onProgress: progress.update, replace: o.force,
        project: { files: o.checked.project.files, plan: o.checked.plan },
    });
    progress.done();
    ctx.err(`Seeded ${db.description} in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${describeCounts(counts)}.`);
    return 0;
}

function describeCounts(counts: unknown): string {
    if (counts && typeof counts === 'object') {
        return Object.entries(counts as Record<string, number>)
            .filter(([k, v]) => k !== 'records' || v > 0)
            .map(([k, v]) => `${Number(v).toLocaleString('en-US')} ${k === 'records' ? 'other records' : k}`).join(', ');
    }
    return 'done';
}
