// Driver errors (pg, PGlite, the network) → one-line DatabaseErrors a user can
// act on. Messages never carry stack traces, and never a password: URLs are
// shown as postgresql://host:port/db.
import { DatabaseError } from './database.js';

export interface ErrorContext {
    /** What we talk to, for messages: "postgresql://host:5432/db", "embedded database (in memory)". */
    target: string;
    /** The command that creates the schema here: "seg db init --db postgresql://host:5432/db". */
    initCommand: string;
    /** The statement timeout in force, for timeout messages. */
    timeoutMs?: number;
    /** Secrets to blank out of any message that slips through (the password). */
    secrets?: string[];
}

interface DriverError {
    code?: string;
    message?: string;
    errors?: DriverError[];
    column?: string;
    table?: string;
}

/** `30 s`, `1.5 s`, `200 ms`. */
export function formatDuration(ms: number): string {
    if (ms < 1000) return `${Math.round(ms)} ms`;
    const s = ms / 1000;
    return `${Number.isInteger(s) ? s : Number(s.toFixed(1))} s`;
}

export function timeoutError(timeoutMs: number | undefined): DatabaseError {
    return new DatabaseError(
        timeoutMs === undefined ? 'query timed out' : `query timed out after ${formatDuration(timeoutMs)}`, 'timeout');
}

/** The one line to show for `e`, scrubbed of secrets. */
export function translateError(e: unknown, ctx: ErrorContext): DatabaseError {
    if (e instanceof DatabaseError) return e;
    const made = classify(e as DriverError, ctx);
    return new DatabaseError(scrub(oneLine(made.message), ctx.secrets), made.kind);
}

function classify(e: DriverError, ctx: ErrorContext): DatabaseError {
    const code = e?.code ?? e?.errors?.find(x => x.code)?.code;
    const message = String(e?.message ?? e ?? 'unknown error');
    const connect = (why: string) => new DatabaseError(`cannot connect to ${ctx.target}: ${why}`, 'connect');
    switch (code) {
        // ------------------------------------------------------------ network
        case 'ECONNREFUSED': return connect('connection refused');
        case 'ENOTFOUND': case 'EAI_AGAIN': case 'EAI_NONAME': return connect('host not found');
        case 'ETIMEDOUT': return connect('timed out');
        case 'EHOSTUNREACH': case 'ENETUNREACH': return connect('host unreachable');
        case 'ECONNRESET': case 'EPIPE': return connect('connection reset by the server');
        case 'ENOENT': return connect('no server socket there');
        case 'EACCES': return connect('permission denied');
        // ------------------------------------------------------------ server, before or at login
        case '28P01': case '28000': return new DatabaseError(`authentication failed for ${ctx.target}: ${message}`, 'connect');
        case '3D000': return connect(message);
        case '53300': return connect('too many connections');
        case '57P03': return connect('the server is starting up or shutting down');
        case '57P01': case '57P02': return new DatabaseError(`the connection to ${ctx.target} was closed by the server`, 'connect');
        // ------------------------------------------------------------ queries
        case '42P01': {
            const name = /relation "([^"]+)" does not exist/.exec(message)?.[1];
            return new DatabaseError(
                `${name ? `table "${name}"` : 'a table'} does not exist — run '${ctx.initCommand}'`, 'missing-table');
        }
        case '42703': {
            const col = /column "?([^" ]+)"?/.exec(message)?.[1] ?? e.column;
            return new DatabaseError(
                `${col ? `column "${col}"` : 'a column'} does not exist${e.table ? ` in table "${e.table}"` : ''}` +
                ` — the table predates its declaration; run '${ctx.initCommand}'`, 'missing-table');
        }
        case '3F000': return new DatabaseError(`${message} — run '${ctx.initCommand}'`, 'missing-table');
        case '55P03': return new DatabaseError(`a lock was not granted in time: ${message}`, 'busy');
        case '57014':
            if (/statement timeout/i.test(message)) return timeoutError(ctx.timeoutMs);
            return new DatabaseError('query canceled', 'timeout');
    }
    if (/connection terminated|connection timeout|timeout expired/i.test(message)) {
        return /timeout/i.test(message) ? connect('timed out') : new DatabaseError(`the connection to ${ctx.target} was lost`, 'connect');
    }
    if (/does not support SSL|SSL/i.test(message) && !code) return connect(message);
    return new DatabaseError(message, 'query');
}

function oneLine(text: string): string {
    return text.split(/\r?\n/).map(l => l.trim()).filter(Boolean).join(' ');
}

function scrub(text: string, secrets: string[] | undefined): string {
    let out = text;
    for (const s of secrets ?? []) if (s) out = out.split(s).join('***');
    // A URL with credentials that came through anyway.
    return out.replace(/(postgres(?:ql)?:\/\/[^:@/\s]*):[^@/\s]*@/gi, '$1@');
}

/** A postgresql:// URL without credentials or options: `postgresql://host:5432/db`. */
export function describeUrl(url: string): string {
    const u = parseUrl(url);
    return `postgresql://${u.host}:${u.port}/${u.database}`;
}

export interface ParsedUrl {
    host: string;
    port: number;
    database: string;
    user?: string;
    password?: string;
}

export function parseUrl(url: string): ParsedUrl {
    let u: URL;
    try {
        u = new URL(url);
    } catch {
        throw new DatabaseError(`not a valid database URL: expected postgresql://user@host:port/database`, 'connect');
    }
    if (u.protocol !== 'postgresql:' && u.protocol !== 'postgres:') {
        throw new DatabaseError(`unsupported database URL scheme '${u.protocol}' (expected postgresql://…)`, 'connect');
    }
    const socketHost = u.searchParams.get('host') ?? undefined;
    const host = decodeURIComponent(u.hostname.replace(/^\[|\]$/g, '')) || socketHost || 'localhost';
    return {
        host,
        port: u.port ? Number(u.port) : Number(u.searchParams.get('port') ?? 5432),
        database: decodeURIComponent(u.pathname.replace(/^\//, '')) || decodeURIComponent(u.username) || 'postgres',
        ...(u.username ? { user: decodeURIComponent(u.username) } : {}),
        ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    };
}
