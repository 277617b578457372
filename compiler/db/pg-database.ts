// SegDatabase over a PostgreSQL server: one pg Client (one connection), bulk
// loads with COPY … FROM STDIN (pg-copy-streams), bulk reads with COPY … TO STDOUT.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { QueryResult, SegDatabase } from './database.js';
import { describeUrl, parseUrl, translateError, type ErrorContext } from './db-errors.js';
import { copyChunks, quoteIdent } from './sql-text.js';
import type { CopyOutReader } from './copy-out.js';

/** How long to wait for a server to accept a connection. */
const CONNECT_TIMEOUT_MS = 10_000;

// Values come back alike from both engines: bigint and numeric as numbers,
// dates as 'YYYY-MM-DD' (pg would otherwise make a local-midnight Date).
const OID = { int8: 20, numeric: 1700, date: 1082 };

export class PgDatabase implements SegDatabase, CopyOutReader {
    readonly kind = 'postgres' as const;
    readonly description: string;
    private readonly ctx: ErrorContext;
    private broken: unknown;
    private inReadOnly = false;
    private inTransaction = false;

    private constructor(private readonly client: pg.Client, private readonly url: string, password: string | undefined) {
        this.description = describeUrl(url);
        this.ctx = { target: this.description, initCommand: `seg db init --db ${this.description}`, secrets: password ? [password, url] : [url] };
    }

    static async connect(url: string): Promise<PgDatabase> {
        const parsed = parseUrl(url);
        const ctx: ErrorContext = {
            target: describeUrl(url), initCommand: '', secrets: parsed.password ? [parsed.password, url] : [url],
        };
        const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'seg' });
        client.setTypeParser(OID.int8, 'text', Number);
        client.setTypeParser(OID.numeric, 'text', Number);
        client.setTypeParser(OID.date, 'text', (v: string) => v);
        const db = new PgDatabase(client, url, parsed.password);
        // A connection that dies while idle reports here; the next call fails with it.
        client.on('error', e => { db.broken = e; });
        try {
            await client.connect();
        } catch (e) {
            client.end().catch(() => undefined);
            throw translateError(e, ctx);
        }
        return db;
    }

    async query(text: string, params?: unknown[]): Promise<QueryResult> {
        return this.run(async () => ({ rows: (await this.client.query(text, params)).rows }));
    }

    async exec(sql: string): Promise<void> {
        await this.run(() => this.client.query(sql));
    }

    async copyRows(table: string, columns: string[], rows: Iterable<Array<string | null>>): Promise<number> {
        const sql = `COPY ${quoteIdent(table)} (${columns.map(quoteIdent).join(', ')}) FROM STDIN`;
        const counter = { rows: 0 };
        await this.run(async () => {
            const stream = this.client.query(copyFrom(sql));
            const chunks = function* () {
                for (const c of copyChunks(rows, columns.length, counter)) yield Buffer.from(c.buffer, c.byteOffset, c.byteLength);
            };
            await pipeline(Readable.from(chunks(), { objectMode: false }), stream);
        });
        return counter.rows;
    }

    async copyOut(sql: string, onChunk: (text: string) => void): Promise<void> {
        await this.run(async () => {
            const stream = this.client.query(copyTo(`COPY (${sql}) TO STDOUT`));
            stream.setEncoding('utf8');
            for await (const chunk of stream) onChunk(chunk as string);
        });
    }

    async transaction<T>(work: (db: SegDatabase) => Promise<T>): Promise<T> {
        if (this.inTransaction || this.inReadOnly) return work(this);
        await this.run(() => this.client.query('BEGIN'));
        this.inTransaction = true;
        try {
            const result = await work(this);
            await this.run(() => this.client.query('COMMIT'));
            return result;
        } catch (e) {
            await this.client.query('ROLLBACK').catch(() => undefined);
            throw e;
        } finally {
            this.inTransaction = false;
        }
    }

    async readOnly<T>(timeoutMs: number, work: (db: SegDatabase) => Promise<T>): Promise<T> {
        if (this.inReadOnly || this.inTransaction) return work(this);
        const ms = Math.max(1, Math.round(timeoutMs));
        await this.run(() => this.client.query(`BEGIN READ ONLY; SET LOCAL statement_timeout = ${ms}`));
        this.inReadOnly = true;
        const saved = this.ctx.timeoutMs;
        this.ctx.timeoutMs = ms;
        try {
            return await work(this);
        } finally {
            this.inReadOnly = false;
            this.ctx.timeoutMs = saved;
            await this.client.query('ROLLBACK').catch(() => undefined);
        }
    }

    connectAnother(): Promise<SegDatabase> {
        return PgDatabase.connect(this.url);
    }

    async close(): Promise<void> {
        await this.client.end().catch(() => undefined);
    }

    private async run<T>(action: () => Promise<T>): Promise<T> {
        if (this.broken) throw translateError(this.broken, this.ctx);
        try {
            return await action();
        } catch (e) {
            throw translateError(e, this.ctx);
        }
    }
}

