// A ClickHouse server over HTTP (@clickhouse/client), behind the same
// SegDatabase interface where it can be: statements without parameters (the
// server cannot bind them; Seg's ClickHouse SQL carries its values inline),
// bulk loads as JSONEachRow inserts. ClickHouse has no transactions:
// `transaction` and `readOnly` run the work directly (readOnly with the
// server's `readonly` and `max_execution_time` settings on each query).
import { ClickHouseLogLevel, createClient, type ClickHouseClient } from '@clickhouse/client';
import { CASE_REFUSAL, clickhouseDialect as ch } from '../sql/clickhouse-dialect.js';
import { DatabaseError, type QueryResult, type SegDatabase } from './database.js';
import { formatDuration } from './db-errors.js';

/** How long a query may be (ClickHouse's max_query_size; its default is 256 KiB). */
const MAX_QUERY_BYTES = 64 * 1024 * 1024;

/** How long to wait for the server to answer a ping. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Rows per INSERT request. */
const ROWS_PER_INSERT = 100_000;

/** How a stored column is written: Seg's integer encodings of time (see clickhouse-dialect.ts). */
export type ClickHouseCell = 'timestamptz' | 'date' | 'boolean' | 'value';

/** The comment marking a column's Seg type where the storage type does not say it. */
export const SEG_TYPE_COMMENT: Partial<Record<string, string>> = { timestamptz: 'seg:timestamptz', date: 'seg:date', boolean: 'seg:boolean' };

export interface ClickHouseUrl {
    /** http://host:port of the node queries go to (the first one listed). */
    http: string;
    /** Every node listed, as clickhouse:// URLs of one node each (with the credentials). */
    nodes: string[];
    database: string;
    username?: string;
    password?: string;
    /** clickhouse://host:port/db, for messages (never the password). */
    description: string;
}

const URL_SHAPE = /^clickhouse:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]+)(?:\/([^/?#]*))?$/i;
const HOST = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/;

/**
 * `clickhouse://[user[:password]@]host[:port][,host[:port]…][/database]`
 * (port 8123, database `default` unless given). Several hosts are the nodes
 * of a cluster: queries go to the first; `seg db init --cluster` creates the
 * tables on each.
 */
export function parseClickHouseUrl(url: string): ClickHouseUrl {
    const m = URL_SHAPE.exec(url);
    const hosts = m?.[3]?.split(',').map(h => HOST.exec(h));
    if (!m || !hosts || hosts.some(h => !h)) throw new DatabaseError('a ClickHouse URL looks like clickhouse://host:8123/database (or clickhouse://host1:8123,host2:8123/database for a cluster)', 'connect');
    const decode = (text: string | undefined) => (text ? decodeURIComponent(text) : undefined);
    const database = decode(m[4]) || 'default';
    const credentials = m[1] !== undefined ? `${m[1]}${m[2] !== undefined ? `:${m[2]}` : ''}@` : '';
    const addresses = hosts.map(h => `${h![1]}:${h![2] ?? '8123'}`);
    return {
        http: `http://${addresses[0]}`,
        nodes: addresses.map(a => `clickhouse://${credentials}${a}/${encodeURIComponent(database)}`),
        database,
        ...(m[1] ? { username: decode(m[1]) } : {}),
        ...(m[2] ? { password: decode(m[2]) } : {}),
        description: `clickhouse://${addresses.join(',')}/${database}`,
    };
}

export class ClickHouseDatabase implements SegDatabase {
    readonly kind = 'clickhouse' as const;
    readonly description: string;
    readonly database: string;
    /** Every node of the URL (one clickhouse:// URL each); queries go to the first. */
    readonly nodes: string[];
    private timeoutMs: number | undefined;

    private constructor(private readonly client: ClickHouseClient, url: ClickHouseUrl) {
        this.description = url.description;
        this.database = url.database;
        this.nodes = url.nodes;
    }

    /** Connects and pings; a dead or unreachable server is a one-line DatabaseError. */
    static async connect(text: string): Promise<ClickHouseDatabase> {
        const url = parseClickHouseUrl(text);
        const client = createClient({
            url: url.http, database: url.database, username: url.username ?? 'default', password: url.password ?? '',
            request_timeout: 300_000, application: 'seg', compression: { request: false, response: false },
            // Errors reach the user as DatabaseErrors; the driver's own log lines would only repeat them.
            log: { level: ClickHouseLogLevel.OFF },
        });
        const db = new ClickHouseDatabase(client, url);
        const ping = await Promise.race([
            client.ping(),
            new Promise<{ success: false; error: Error }>(resolve => setTimeout(() => resolve({ success: false, error: new Error('timed out') }), CONNECT_TIMEOUT_MS).unref()),
        ]);
        if (!ping.success) {
            await client.close().catch(() => undefined);
            throw new DatabaseError(`cannot connect to ${url.description}: ${reason(ping.error)}`, 'connect');
        }
        return db;
    }

    async query(text: string, params?: unknown[]): Promise<QueryResult> {
        if (params?.length) throw new Error('Internal error: ClickHouse takes no query parameters; values are inlined by the ClickHouse dialect.');
        return this.run(async () => {
            const result = await this.client.query({ query: text, format: 'JSONEachRow', clickhouse_settings: this.settings() });
            return { rows: await result.json<Record<string, unknown>>() };
        });
    }

    /** One statement (ClickHouse's HTTP interface takes one a request). */
    async exec(sql: string): Promise<void> {
        await this.run(() => this.client.command({ query: sql, clickhouse_settings: this.settings() }));
    }

    /**
     * Rows of cells in PostgreSQL's text form (as seed makes them) written as
     * JSONEachRow: timestamps as microseconds, dates as day numbers, booleans
     * as 0/1 (`cells` says which column is which).
     */
    async copyRows(table: string, columns: string[], rows: Iterable<Array<string | null>>, cells?: ClickHouseCell[]): Promise<number> {
        const kinds = cells ?? await this.cellKinds(table, columns);
        let count = 0;
        let batch: Array<Record<string, unknown>> = [];
        const flush = async () => {
            if (!batch.length) return;
            const values = batch;
            batch = [];
            await this.run(() => this.client.insert({ table, values, format: 'JSONEachRow', columns: columns as [string, ...string[]] }));
        };
        for (const row of rows) {
            const record: Record<string, unknown> = {};
            columns.forEach((c, i) => { record[c] = encodeCell(row[i] ?? null, kinds[i]!); });
            batch.push(record);
            count++;
            if (batch.length >= ROWS_PER_INSERT) await flush();
        }
        await flush();
        return count;
    }

    /** How each column is written, from the comments `seg db init` gives time columns. */
    async cellKinds(table: string, columns: string[]): Promise<ClickHouseCell[]> {
        const { rows } = await this.query(
            `SELECT name, comment FROM system.columns WHERE database = ${ch.quoteString(this.database)} AND table = ${ch.quoteString(table)}`);
        const comments = new Map(rows.map(r => [String(r.name), String(r.comment)]));
        return columns.map(c => {
            const comment = comments.get(c);
            return comment === SEG_TYPE_COMMENT.timestamptz ? 'timestamptz' : comment === SEG_TYPE_COMMENT.date ? 'date' : comment === SEG_TYPE_COMMENT.boolean ? 'boolean' : 'value';
        });
    }

    /** No transactions on ClickHouse: the work runs as is. */
    async transaction<T>(work: (db: SegDatabase) => Promise<T>): Promise<T> {
        return work(this);
    }

    /** Every query of `work` read-only (`readonly=2`: settings may still be given) and limited to `timeoutMs`. */
    async readOnly<T>(timeoutMs: number, work: (db: SegDatabase) => Promise<T>): Promise<T> {
        const before = this.timeoutMs;
        this.timeoutMs = timeoutMs;
        try {
            return await work(this);
        } finally {
            this.timeoutMs = before;
        }
    }

    async close(): Promise<void> {
        await this.client.close().catch(() => undefined);
    }

    private settings(): Record<string, string | number> {
        // A segment's SQL inlines the time zone's offsets over its windows (ClickHouse 18 has no
        // calendar arithmetic of its own): a sequence over centuries in a zone with daylight saving
        // outgrows the default 256 KiB a query may hold.
        const size = { max_query_size: MAX_QUERY_BYTES };
        return this.timeoutMs === undefined ? size : { ...size, readonly: 2, max_execution_time: Math.max(1, Math.ceil(this.timeoutMs / 1000)) };
    }

    private async run<T>(work: () => Promise<T>): Promise<T> {
        try {
            return await work();
        } catch (e) {
            throw this.translate(e);
        }
    }

    private translate(e: unknown): DatabaseError {
        if (e instanceof DatabaseError) return e;
        const err = e as { code?: string; message?: string; type?: string };
        const network = err?.code && /^E[A-Z]+$/.test(err.code);
        if (network) return new DatabaseError(`cannot connect to ${this.description}: ${reason(e)}`, 'connect');
        const message = oneLine(String(err?.message ?? e));
        if (err?.code === '60' || /Table .* doesn't exist/.test(message)) {
            return new DatabaseError(`${message.replace(/, e\.what\(\).*$/, '')}: run 'seg db init --db ${this.description}'`, 'missing-table');
        }
        if (err?.code === '395' || /Value passed to 'throwIf'/.test(message)) return new DatabaseError(CASE_REFUSAL);
        if (err?.code === '159' || /Timeout exceeded/.test(message)) {
            return new DatabaseError(`query timed out${this.timeoutMs === undefined ? '' : ` after ${formatDuration(this.timeoutMs)}`}`, 'timeout');
        }
        return new DatabaseError(`${this.description}: ${message.replace(/, e\.what\(\).*$/, '')}`);
    }
}

function encodeCell(cell: string | null, kind: ClickHouseCell): unknown {
    if (cell === null) return null;
    switch (kind) {
        case 'timestamptz': {
            const ms = Date.parse(cell);
            if (!Number.isSafeInteger(ms * 1000)) throw new DatabaseError(`'${cell}' is not a timestamp within 285 years of 1970`);
            return ms * 1000;
        }
        case 'date': return ch.dayNumber(cell.slice(0, 10));
        case 'boolean': return cell === 't' || cell === 'true' || cell === '1' ? 1 : 0;
        case 'value': return cell;
    }
}

/** A network failure in a few words ("connection refused"). */
function reason(e: unknown): string {
    const err = e as { code?: string; message?: string; cause?: { code?: string } };
    const code = err?.code ?? err?.cause?.code;
    switch (code) {
        case 'ECONNREFUSED': return 'connection refused';
        case 'ENOTFOUND': case 'EAI_AGAIN': return 'host not found';
        case 'ETIMEDOUT': return 'timed out';
        case 'ECONNRESET': return 'connection reset by the server';
        case 'EHOSTUNREACH': case 'ENETUNREACH': return 'host unreachable';
        default: return oneLine(String(err?.message ?? e)) || 'no answer';
    }
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').replace(/\s*\(at .*\)$/, '').trim();
