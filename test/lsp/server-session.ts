// A language server session on the PostgreSQL server at SEG_TEST_DATABASE_URL:
// a fresh schema with the tables of the given sources and some rows, the server
// started with that database and a trusted workspace; the schema is dropped afterwards.
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { schemaStatements } from '../../compiler/db/schema.js';
import { checkFiles } from '../helpers.js';
import { startSession, type LspSession } from './lsp-client.js';

export const SERVER_URL = process.env.SEG_TEST_DATABASE_URL;

/** Opens the session before the describe block's tests (`get()` returns it), closes it after them. */
export function useServerSession(name: string, files: Record<string, string>, rows: string[]): () => LspSession {
    const schema = `seg_lsp_${name}_${process.pid}_${Date.now()}`;
    let admin: pg.Client | undefined;
    let session: LspSession | undefined;
    beforeAll(async () => {
        admin = new pg.Client({ connectionString: SERVER_URL });
        await admin.connect();
        await admin.query(`CREATE SCHEMA ${schema}`);
        await admin.query(`SET search_path TO ${schema}`);
        const sources = Object.fromEntries(Object.entries(files).filter(([path]) => path.endsWith('.seg')));
        for (const statement of schemaStatements(await checkFiles(sources))) await admin.query(statement);
        for (const sql of rows) await admin.query(sql);
        const url = `${SERVER_URL}${SERVER_URL!.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
        session = await startSession(files, { initializationOptions: { databaseUrl: url, trusted: true } });
    }, 60000);
    afterAll(async () => {
        await session?.close();
        await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
        await admin?.end();
    });
    return () => session!;
}
