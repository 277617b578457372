// Opens the database a command works on: a PostgreSQL server for a
// postgresql:// URL, a ClickHouse server (or cluster) for clickhouse://, else the embedded database (in memory, or in a data folder).
// Each driver is loaded only when used: PGlite is large (and not shipped with
// the editor's language server, which only talks to servers).
import { DatabaseError, type SegDatabase } from './database.js';
import type { LockOptions } from './data-dir-lock.js';

export interface OpenDatabaseOptions {
    /** postgresql://user:password@host:port/database (postgres:// too), or clickhouse://host:port/database. */
    url?: string;
    /** The embedded database's data folder; without it (and without a URL) the database lives in memory. */
    dataDir?: string;
    /** Waiting for another process using the same data folder. */
    lock?: LockOptions;
    /** The command works on ClickHouse too (seg db init/seed, seg run); else a clickhouse:// URL is refused. */
    clickhouse?: boolean;
}

/** Connects or starts; failures are DatabaseErrors with one actionable line. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<SegDatabase> {
    if (options.url && isClickHouseUrl(options.url)) {
        if (!options.clickhouse) throw new DatabaseError('this command needs PostgreSQL; on ClickHouse Seg runs seg db init, seg db seed and seg run', 'connect');
        const { ClickHouseDatabase } = await import('./clickhouse-database.js');
        return ClickHouseDatabase.connect(options.url);
    }
    if (options.url) {
        const { PgDatabase } = await import('./pg-database.js');
        return PgDatabase.connect(options.url);
    }
    const { openPglite } = await import('./pglite-start.js');
    return openPglite({ dataDir: options.dataDir, lock: options.lock });
}

/** Whether a --db value names a PostgreSQL server (else it is an embedded database's data folder, or isClickHouseUrl). */
export function isServerUrl(value: string): boolean {
    return /^postgres(ql)?:\/\//i.test(value);
}

/** Whether a --db value names a ClickHouse server (kept here: the driver loads only when used). */
export function isClickHouseUrl(value: string): boolean {
    return /^clickhouse:\/\//i.test(value);
}
