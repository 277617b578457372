// SegDatabase over PGlite, the embedded PostgreSQL (WASM), in memory or in a
// data folder. Bulk loads are COPY … FROM '/dev/blob', bulk reads COPY … TO '/dev/blob'.
//
// PGlite runs statements synchronously on this thread, so PostgreSQL's
// statement_timeout never fires (it needs a timer signal): here a read-only
// block checks its deadline around every statement instead, which reports a
// timeout but cannot stop a statement that is already running.
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseError, type QueryResult, type SegDatabase } from './database.js';
import { timeoutError, translateError, type ErrorContext } from './db-errors.js';
import type { CopyOutReader } from './copy-out.js';
import { copyChunks, quoteIdent } from './sql-text.js';
import { LOCK_FILE, lockDataDir, type DataDirLock, type LockOptions } from './data-dir-lock.js';

/** Bytes per COPY statement: PGlite copies from one in-memory blob per statement. */
const BLOB_BYTES = 16 << 20;

// The same value shapes as pg-database: bigint/numeric as numbers, dates as text.
const PARSERS = { 20: Number, 1700: Number, 1082: (v: string) => v };

type Runner = Pick<Transaction, 'query' | 'exec'>;

export class PgliteDatabase implements SegDatabase, CopyOutReader {
    readonly kind = 'pglite' as const;
    readonly description: string;
    private readonly ctx: ErrorContext;

    private constructor(private readonly pg: PGlite, dataDir: string | undefined, private readonly lock: DataDirLock | undefined) {
        this.description = dataDir ? `embedded database (${dataDir})` : 'embedded database (in memory)';
        this.ctx = { target: this.description, initCommand: dataDir ? `seg db init --data-dir ${dataDir}` : 'seg db init' };
    }

    /**
     * A new embedded database, in memory or in `dataDir` (created when missing). A data folder is
     * this process's alone while open (data-dir-lock.ts): another process's is waited for.
     */
    static async create(options: { dataDir?: string; lock?: LockOptions } = {}): Promise<PgliteDatabase> {
        const lock = options.dataDir ? await lockDataDir(options.dataDir, options.lock) : undefined;
        try {
            const pg = await startPglite(options.dataDir);
            return new PgliteDatabase(pg, options.dataDir, lock);
        } catch (e) {
            lock?.release();
            const why = String((e as Error)?.message ?? e).split('\n')[0];
            throw new DatabaseError(`cannot open the embedded database${options.dataDir ? ` in ${options.dataDir}` : ''}: ${why}`, 'connect');
        }
    }

    query(text: string, params?: unknown[]): Promise<QueryResult> {
        return runQuery(this.pg, this.ctx, text, params);
    }

    exec(sql: string): Promise<void> {
        return runExec(this.pg, this.ctx, sql);
    }

    async copyRows(table: string, columns: string[], rows: Iterable<Array<string | null>>): Promise<number> {
        try {
            return await this.pg.transaction(tx => copyInto(tx, table, columns, rows));
        } catch (e) {
            throw translateError(e, this.ctx);
        }
    }

    copyOut(sql: string, onChunk: (text: string) => void): Promise<void> {
        return copyOutOf(this.pg, this.ctx, sql, onChunk);
    }

    async transaction<T>(work: (db: SegDatabase) => Promise<T>): Promise<T> {
        // Errors of `work` go through as they are; only PGlite's own are translated.
        let failed: { error: unknown } | undefined;
        try {
            return await this.pg.transaction(async tx => {
                try {
                    return await work(new TransactionBlock(tx, this.description, this.ctx, Infinity));
                } catch (e) {
                    failed = { error: e };
                    throw e;
                }
            });
        } catch (e) {
            if (failed) throw failed.error;
            throw translateError(e, this.ctx);
        }
    }

    async readOnly<T>(timeoutMs: number, work: (db: SegDatabase) => Promise<T>): Promise<T> {
        const ms = Math.max(1, Math.round(timeoutMs));
        const ctx = { ...this.ctx, timeoutMs: ms };
        try {
            return await this.pg.transaction(async tx => {
                await tx.exec(`SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = ${ms}`);
                try {
                    return await work(new TransactionBlock(tx, this.description, ctx, Date.now() + ms));
                } finally {
                    await tx.rollback();
                }
            });
        } catch (e) {
            throw translateError(e, ctx);
        }
    }

    async close(): Promise<void> {
        try {
            if (!this.pg.closed) await this.pg.close();
        } finally {
            this.lock?.release();
        }
    }
}

/**
 * The database as seen inside readOnly or transaction: the same transaction
 * (a nested one joins it), with readOnly's deadline (Infinity for none).
 */
class TransactionBlock implements SegDatabase, CopyOutReader {
    readonly kind = 'pglite' as const;

    constructor(private readonly tx: Transaction, readonly description: string, private readonly ctx: ErrorContext,
        private readonly deadline: number) {}

    query(text: string, params?: unknown[]): Promise<QueryResult> {
        return this.timed(() => runQuery(this.tx, this.ctx, text, params));
    }

    exec(sql: string): Promise<void> {
        return this.timed(() => runExec(this.tx, this.ctx, sql));
    }

    copyRows(table: string, columns: string[], rows: Iterable<Array<string | null>>): Promise<number> {
        return this.timed(async () => {
            try {
                return await copyInto(this.tx, table, columns, rows);
            } catch (e) {
                throw translateError(e, this.ctx);
            }
        });
    }

    copyOut(sql: string, onChunk: (text: string) => void): Promise<void> {
        return this.timed(() => copyOutOf(this.tx, this.ctx, sql, onChunk));
    }

    transaction<T>(work: (db: SegDatabase) => Promise<T>): Promise<T> {
        return work(this);
    }

    readOnly<T>(_timeoutMs: number, work: (db: SegDatabase) => Promise<T>): Promise<T> {
        return work(this);
    }

    async close(): Promise<void> {}

    private async timed<T>(action: () => Promise<T>): Promise<T> {
        if (Date.now() > this.deadline) throw timeoutError(this.ctx.timeoutMs);
        const result = await action();
        if (Date.now() > this.deadline) throw timeoutError(this.ctx.timeoutMs);
        return result;
    }
}

/**
 * PGlite in memory or in a data folder. Most of a new database's start-up is
 * initdb, so a freshly initialized cluster is kept in the temp folder (per
 * PGlite version) and later new databases start from a copy of it: about
 * 1 s instead of 5. An existing data folder opens as it is. `parsers` are
 * PGlite's type parsers (Seg's by default; tests pass {} for PGlite's own).
 */
export async function startPglite(dataDir: string | undefined, options: { parsers?: Record<number, (value: string) => unknown> } = {}): Promise<PGlite> {
    const parsers = options.parsers ?? PARSERS;
    // Seg's lock file (data-dir-lock.ts) does not make a folder a database.
    const contents = dataDir !== undefined && existsSync(dataDir) ? readdirSync(dataDir).filter(name => name !== LOCK_FILE) : [];
    const at = dataDir ? { dataDir } : {};
    // Only a missing or empty folder is made from the cache; anything else opens as PGlite sees fit.
    if (contents.length > 0) return PGlite.create({ ...at, parsers });
    const cache = join(tmpdir(), `seg-pglite-${pgliteVersion()}-initdb.tar`);
    if (existsSync(cache)) {
        try {
            return await PGlite.create({ ...at, loadDataDir: new Blob([readFileSync(cache)]), parsers });
        } catch {
            rmSync(cache, { force: true });
            // Start over in the folder, which was empty: remove what the failed copy left (never the lock).
            if (dataDir) for (const name of readdirSync(dataDir)) if (name !== LOCK_FILE) rmSync(join(dataDir, name), { recursive: true, force: true });
        }
    }
    const pg = await PGlite.create({ ...at, parsers });
    try {
        const dump = await pg.dumpDataDir('none');
        const temp = `${cache}.${process.pid}.${Date.now()}`;
        writeFileSync(temp, new Uint8Array(await dump.arrayBuffer()));
        renameSync(temp, cache);
    } catch {
        // Without the cache the next start is only slower.
    }
    return pg;
}

function pgliteVersion(): string {
    try {
        let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
        while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
        return String(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version);
    } catch {
        return 'unknown';
    }
}

async function runQuery(pg: Runner, ctx: ErrorContext, text: string, params?: unknown[]): Promise<QueryResult> {
    try {
        const result = await pg.query<Record<string, unknown>>(text, params);
        return { rows: result.rows };
    } catch (e) {
        throw translateError(e, ctx);
    }
}

async function runExec(pg: Runner, ctx: ErrorContext, sql: string): Promise<void> {
    try {
        await pg.exec(sql);
    } catch (e) {
        throw translateError(e, ctx);
    }
}

async function copyInto(tx: Runner, table: string, columns: string[], rows: Iterable<Array<string | null>>): Promise<number> {
    const sql = `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM '/dev/blob'`;
    const counter = { rows: 0 };
    let parts: Uint8Array[] = [];
    let size = 0;
    const flush = async () => {
        if (!parts.length) return;
        const blob = new Blob(parts);
        parts = [];
        size = 0;
        await tx.query(sql, [], { blob });
    };
    for (const chunk of copyChunks(rows, columns.length, counter)) {
        parts.push(chunk);
        size += chunk.length;
        if (size >= BLOB_BYTES) await flush();
    }
    await flush();
    return counter.rows;
}

async function copyOutOf(pg: Runner, ctx: ErrorContext, sql: string, onChunk: (text: string) => void): Promise<void> {
    try {
        const result = await pg.query(`COPY (${sql}) TO '/dev/blob'`);
        if (result.blob) onChunk(await result.blob.text());
    } catch (e) {
        throw translateError(e, ctx);
    }
}
