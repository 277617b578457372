// The databases the SQL tests run on: PGlite always, and the PostgreSQL server
// at SEG_TEST_DATABASE_URL when set (CI's PostgreSQL 15), in a fresh schema
// that is dropped afterwards. Both get a session time zone far from UTC, so a
// query that silently depends on it fails.
import type { PGlite } from '@electric-sql/pglite';
import { startPglite } from '../../compiler/db/pglite-database.js';
import pg from 'pg';

export interface Engine {
    readonly name: string;
    query(text: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
    exec(sql: string): Promise<void>;
    close(): Promise<void>;
}

export const SERVER_URL = process.env.SEG_TEST_DATABASE_URL;

/** The session time zone of every test connection (UTC+12:45/+13:45: nothing lines up with it by accident). */
export const SESSION_TIME_ZONE = 'Pacific/Chatham';

export async function openPglite(): Promise<Engine> {
    const db = await freshPglite();
    await db.exec(`SET TimeZone = '${SESSION_TIME_ZONE}'`);
    return {
        name: 'PGlite',
        query: async (text, params) => (await db.query<Record<string, unknown>>(text, params)).rows,
        exec: async sql => { await db.exec(sql); },
        close: () => db.close(),
    };
}

export async function openServer(url: string): Promise<Engine> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const schema = `seg_sqltest_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`SET search_path TO ${schema}`);
    await client.query(`SET TimeZone = '${SESSION_TIME_ZONE}'`);
    return {
        name: 'PostgreSQL server',
        query: async (text, params) => (await client.query(text, params)).rows,
        exec: async sql => { await client.query(sql); },
        close: async () => {
            try {
                await client.query(`DROP SCHEMA ${schema} CASCADE`);
            } finally {
                await client.end();
            }
        },
    };
}

/** A new PGlite database with PGlite's own type parsers, started from Seg's cached initdb. */
function freshPglite(): Promise<PGlite> {
    return startPglite(undefined, { parsers: {} });
}
