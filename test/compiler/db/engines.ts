// The databases the db-layer tests run on, through the SegDatabase under test:
// the embedded one (PGlite) always, and the PostgreSQL server at
// SEG_TEST_DATABASE_URL when set (CI's PostgreSQL 15), in a fresh schema
// dropped afterwards. Sessions use a time zone far from UTC, so nothing
// depends on it by accident. (The SQL tests use raw drivers instead, from
// test/support/engines.ts, so they do not depend on the db layer.)
import { afterAll, beforeAll, describe } from 'vitest';
import type { SegDatabase } from '../../../compiler/db/database.js';
import { openDatabase } from '../../../compiler/db/open-database.js';
import { SERVER_URL, SESSION_TIME_ZONE } from '../../support/engines.js';

export { SERVER_URL, SESSION_TIME_ZONE };

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
            const schema = `seg_dbtest_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
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
