// Opens the database a command works on: a PostgreSQL server for a
// postgresql:// URL, else the embedded database (in memory, or in a data folder).
import type { SegDatabase } from './database.js';
import { PgDatabase } from './pg-database.js';
import { PgliteDatabase } from './pglite-database.js';

export interface OpenDatabaseOptions {
    /** postgresql://user:password@host:port/database (postgres:// too). */
    url?: string;
    /** The embedded database's data folder; without it (and without a URL) the database lives in memory. */
    dataDir?: string;
}

/** Connects or starts; failures are DatabaseErrors with one actionable line. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<SegDatabase> {
    if (options.url) return PgDatabase.connect(options.url);
    return PgliteDatabase.create({ dataDir: options.dataDir });
}

/** Whether a --db value names a server (else it is an embedded database's data folder). */
export function isServerUrl(value: string): boolean {
    return /^postgres(ql)?:\/\//i.test(value);
}
