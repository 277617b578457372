// seg db init [paths] (--db URL | --data-dir DIR | --print)
// seg db seed [paths] (--db URL | --data-dir DIR) [--contacts N] [--seed S] [--as-of ISO]
import { DatabaseError, type SegDatabase } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { createProgress } from '../db/progress.js';
import { schemaStatements } from '../db/schema.js';
import { seed } from '../db/seed.js';
import { UsageError } from '../project/discover.js';
import type { CommandContext } from './command.js';
import { checkedPlan, parseAsOf } from './project-plan.js';
import { plural } from './terminal.js';

export interface DbOptions {
    db?: string;
    dataDir?: string;
    print: boolean;
    contacts: number;
    seed: number;
    asOf?: string;
}

export async function dbCommand(ctx: CommandContext, sub: string | undefined, paths: string[], options: DbOptions): Promise<number> {
    if (sub !== 'init' && sub !== 'seed') throw new UsageError(`Usage: seg db init|seed [paths] --db URL. Run 'seg --help' for details.`);
    if (!options.db && !options.dataDir && !(sub === 'init' && options.print)) {
        throw new UsageError(`seg db ${sub} needs --db postgresql://… (or --data-dir DIR for an embedded database${sub === 'init' ? ', or --print' : ''}).`);
    }
    if (!Number.isInteger(options.contacts) || options.contacts < 1) throw new UsageError('--contacts must be a positive whole number.');
    if (!Number.isInteger(options.seed)) throw new UsageError('--seed must be a whole number.');
    const asOf = parseAsOf(options.asOf); // before anything touches the database
    const checked = await checkedPlan(ctx, paths);
    if (!checked) return 1;
    const statements = schemaStatements(checked.project.files.map(f => f.document.parseResult.value));
    if (sub === 'init' && options.print) {
        ctx.out(statements.map(s => s.trimEnd().replace(/;?$/, ';')).join('\n\n'));
        return 0;
    }
    let db: SegDatabase | undefined;
    try {
        db = await openDatabase({ url: options.db, dataDir: options.dataDir });
        if (sub === 'init') {
            for (const s of statements) await db.exec(s);
            ctx.err(`Schema ready in ${db.description}: ${plural(statements.length, 'statement')} applied (idempotent).`);
            return 0;
        }
        for (const s of statements) await db.exec(s);
        const progress = createProgress(process.stderr);
        const t0 = performance.now();
        const counts = await seed(db, {
            contacts: options.contacts, seed: options.seed, asOf, onProgress: progress.update,
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

function describeCounts(counts: unknown): string {
    if (counts && typeof counts === 'object') {
        return Object.entries(counts as Record<string, number>)
            .filter(([k, v]) => k !== 'records' || v > 0)
            .map(([k, v]) => `${Number(v).toLocaleString('en-US')} ${k === 'records' ? 'other records' : k}`).join(', ');
    }
    return 'done';
}
