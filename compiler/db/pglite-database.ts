// SegDatabase over PGlite, the embedded PostgreSQL (WASM). Bulk loads are
// COPY … FROM '/dev/blob', bulk reads COPY … TO '/dev/blob'. This file runs in
// Node and in the browser (the playground); starting PGlite from a data folder
// is Node's and lives in pglite-start.ts.
//
// PGlite runs statements synchronously on this thread, so PostgreSQL's
// statement_timeout never fires (it needs a timer signal): here a read-only
// block checks its deadline around every statement instead, which reports a
// timeout but cannot stop a statement that is already running.
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { QueryResult, SegDatabase } from './database.js';
import { timeoutError, translateError, type ErrorContext } from './db-errors.js';
import type { CopyOutReader } from './copy-out.js';
import { copyChunks, quoteIdent } from './sql-text.js';

/** Bytes per COPY statement: PGlite copies from one in-memory blob per statement. */
const BLOB_BYTES = 16 << 20;

// The same value shapes as pg-database: bigint/numeric as numbers, dates as text.
export const PARSERS = { 20: Number, 1700: Number, 1082: (v: string) => v };

type Runner = Pick<Transaction, 'query' | 'exec'>;

export class PgliteDatabase implements SegDatabase, CopyOutReader {
    readonly kind = 'pglite' as const;
    readonly description: string;
    private readonly ctx: ErrorContext;

    /**
     * Seg's database over a started PGlite (made with PARSERS): `dataDir` for messages,
     * `onClose` after PGlite closes (pglite-start.ts releases the data folder's lock).
     */
    constructor(private readonly pg: PGlite, dataDir?: string, private readonly onClose?: () => void) {
        this.description = dataDir ? `embedded database (${dataDir})` : 'embedded database (in memory)';
        this.ctx = { target: this.description, initCommand: dataDir ? `seg db init --data-dir ${dataDir}` : 'seg db init' };
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
            this.onClose?.();
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
    let parts: Array<Uint8Array<ArrayBuffer>> = [];
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
