// The databases tests run on: PGlite always, and the PostgreSQL server at
// SEG_TEST_DATABASE_URL when set (CI's PostgreSQL 15), in a fresh schema that
// is dropped afterwards. Every session gets a time zone far from UTC, so a
// query that silently depends on it fails. Two ways in: raw drivers (Engine,
// for the SQL tests, independent of the db layer) and Seg's own SegDatabase
// (describeEngines, for the db-layer tests).
import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe } from 'vitest';
import type { SegDatabase } from '../../compiler/db/database.js';
import { openDatabase } from '../../compiler/db/open-database.js';
import { startPglite } from '../../compiler/db/pglite-start.js';
import pg from 'pg';
import type { Plan } from '../../compiler/plan/plan.js';
import { bindParams, toSql } from '../../compiler/sql/to-sql.js';
import { createTablesSql } from './arbitrary-data.js';

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
    const schema = freshSchema('seg_sqltest');
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

/**
 * The raw engines for a test file: PGlite, and the server when SEG_TEST_DATABASE_URL
 * is set, each with the arbitrary-data tables (then `setup`), opened before the
 * file's tests and closed after them. The array fills in beforeAll.
 */
export function useEngines(setup?: (engine: Engine) => Promise<void>): Engine[] {
    const engines: Engine[] = [];
    beforeAll(async () => {
        engines.push(await openPglite(), ...(SERVER_URL ? [await openServer(SERVER_URL)] : []));
        for (const e of engines) {
            for (const sql of createTablesSql()) await e.exec(sql);
            await setup?.(e);
        }
    }, 120_000);
    afterAll(async () => {
        for (const e of engines) await e.close();
    });
    return engines;
}

/** Every segment's members (sorted keys) by running its SQL on `engine` as of `asOf`. */
export async function membersViaSql(engine: Engine, plan: Plan, asOf: Date): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const s of plan.segments) {
        const query = toSql(plan, s.name);
        const rows = await engine.query(query.text, bindParams(query, { asOf }));
        out[s.name] = rows.map(r => String(r.contact_id)).sort();
    }
    return out;
}

/** A new PGlite database with PGlite's own type parsers, started from Seg's cached initdb. */
function freshPglite(): Promise<PGlite> {
    return startPglite(undefined, { parsers: {} });
}

/** A schema name no other test run uses. */
function freshSchema(prefix: string): string {
    return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** A database through the db layer under test (SegDatabase). */
export interface TestEngine {
    name: 'PGlite' | 'PostgreSQL server';
    open(): Promise<{ db: SegDatabase; schema: string; close(): Promise<void> }>;
}

export const ENGINES: TestEngine[] = [
    {
        name: 'PGlite',
        async open() {
            const db = await openDatabase();
            await db.exec(`SET TimeZone = '${SESSION_TIME_ZONE}'`);
            return { db, schema: 'public', close: () => db.close() };
        },
    },
    ...(SERVER_URL ? [{
        name: 'PostgreSQL server' as const,
        async open() {
            const db = await openDatabase({ url: SERVER_URL });
            const schema = freshSchema('seg_dbtest');
            await db.exec(`CREATE SCHEMA ${schema}; SET search_path TO ${schema}; SET TimeZone = '${SESSION_TIME_ZONE}'`);
            return {
                db, schema,
                close: async () => {
                    try {
                        await db.exec(`DROP SCHEMA ${schema} CASCADE`);
                    } finally {
                        await db.close();
                    }
                },
            };
        },
    }] : []),
];

/**
 * A describe block per engine, each with one database for the whole block
 * (PGlite takes seconds to start): `get()` returns it inside tests.
 */
export function describeEngines(title: string, body: (get: () => SegDatabase, engine: TestEngine, schema: () => string) => void): void {
    for (const engine of ENGINES) {
        describe(`${title} (${engine.name})`, () => {
            let opened: Awaited<ReturnType<TestEngine['open']>> | undefined;
            beforeAll(async () => { opened = await engine.open(); }, 60_000);
            afterAll(async () => { await opened?.close(); }, 30_000);
            body(() => opened!.db, engine, () => opened!.schema);
        });
    }
}
