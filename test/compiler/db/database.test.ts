// SegDatabase on both engines: COPY round trips, read-only blocks and
// timeouts, and the one-line errors users see.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseError } from '../../../compiler/db/database.js';
import { loadNeeds } from '../../../compiler/db/load-tables.js';
import { openDatabase } from '../../../compiler/db/open-database.js';
import { describeEngines } from '../../support/engines.js';

const HOSTILE: Array<string | null> = [
    'plain',
    '',
    'it\'s "quoted"',
    'back\\slash \\N \\t \\\\',
    '\\N',
    'tab\there',
    'new\nline',
    'carriage\rreturn\r\n',
    'ünïcödé — 中文 — 🙂 — e\u0301',
    '  spaces  ',
    'x'.repeat(10 * 1024),
    'é'.repeat(700_000) + '\t\\end',
    null,
    '.\\.',
    '\\.',
];

describeEngines('SegDatabase', (get, engine) => {
    describe('copyRows', () => {
        it('round-trips hostile strings and NULLs, by query and by COPY out', async () => {
            const db = get();
            await db.exec('CREATE TABLE hostile (id integer PRIMARY KEY, s text)');
            const count = await db.copyRows('hostile', ['id', 's'], HOSTILE.map((s, i) => [String(i), s]));
            expect(count).toBe(HOSTILE.length);
            const { rows } = await db.query('SELECT id, s FROM hostile ORDER BY id');
            expect(rows.map(r => r.s)).toEqual(HOSTILE);
            const tables = await loadNeeds(db, { hostile: new Set(['id', 's']) });
            const byId = new Map(tables.hostile.columns.id.map((id, i) => [id, tables.hostile.columns.s[i]]));
            expect(HOSTILE.map((_, i) => byId.get(i))).toEqual(HOSTILE);
        });

        it('streams a lazy iterable in chunks and counts rows', async () => {
            const db = get();
            await db.exec('CREATE TABLE many (n bigint, label text)');
            function* rows() {
                for (let i = 0; i < 50_000; i++) yield [String(i), i % 7 ? `row ${i}` : null];
            }
            expect(await db.copyRows('many', ['n', 'label'], rows())).toBe(50_000);
            const { rows: [r] } = await db.query('SELECT count(*) AS n, count(label) AS labelled, sum(n) AS total FROM many');
            expect(r).toEqual({ n: 50_000, labelled: 50_000 - Math.ceil(50_000 / 7), total: (49_999 * 50_000) / 2 });
        });

        it('loads more than the embedded database takes in one COPY (16 MiB) without splitting a row', async () => {
            const db = get();
            await db.exec('CREATE TABLE wide (n bigint, label text, note text)');
            const note = 'ü'.repeat(40);
            function* rows() {
                for (let i = 0; i < 300_000; i++) yield [String(i), `row ${i} ${'x'.repeat(i % 50)}`, i % 11 ? note : null];
            }
            expect(await db.copyRows('wide', ['n', 'label', 'note'], rows())).toBe(300_000);
            const { rows: [r] } = await db.query(`SELECT count(*) AS n, sum(n) AS total, count(note) AS noted, min(length(label)) AS shortest FROM wide`);
            expect(r).toEqual({ n: 300_000, total: (299_999 * 300_000) / 2, noted: 300_000 - Math.ceil(300_000 / 11), shortest: 6 });
        }, 60_000);

        it('rejects a row of the wrong width without loading anything', async () => {
            const db = get();
            await db.exec('CREATE TABLE narrow (a text, b text)');
            await expect(db.copyRows('narrow', ['a', 'b'], [['1', '2'], ['3']])).rejects.toThrow(/2/);
            expect((await db.query('SELECT count(*) AS n FROM narrow')).rows[0].n).toBe(0);
        });
    });

    describe('readOnly', () => {
        it('runs queries and rolls back', async () => {
            const db = get();
            await db.exec('CREATE TABLE ro (a integer)');
            const n = await db.readOnly(5000, async tx => (await tx.query('SELECT count(*) AS n FROM ro')).rows[0].n);
            expect(n).toBe(0);
        });

        it('rejects writes', async () => {
            const db = get();
            const write = db.readOnly(5000, tx => tx.exec('INSERT INTO ro VALUES (1)'));
            await expect(write).rejects.toBeInstanceOf(DatabaseError);
            await expect(db.readOnly(5000, tx => tx.exec('CREATE TABLE nope (a int)'))).rejects.toThrow(/read-only transaction/);
            // The database is usable afterwards, outside any transaction.
            await db.exec('INSERT INTO ro VALUES (2)');
            expect((await db.query('SELECT count(*) AS n FROM ro')).rows[0].n).toBe(1);
        });

        it('times out', async () => {
            const db = get();
            const slow = db.readOnly(200, tx => tx.query('SELECT pg_sleep(1)'));
            await expect(slow).rejects.toMatchObject({ kind: 'timeout', message: 'query timed out after 200 ms' });
            expect((await db.query('SELECT 1 AS one')).rows[0].one).toBe(1);
        });
    });

    describe('errors', () => {
        it('names a missing table and the command that creates it', async () => {
            const error = await get().query('SELECT * FROM email_opened').catch(e => e);
            expect(error).toBeInstanceOf(DatabaseError);
            expect(error.kind).toBe('missing-table');
            expect(error.message).toMatch(/^table "email_opened" does not exist — run 'seg db init( --db postgresql:\/\/[^']+)?'$/);
            if (engine.name === 'PostgreSQL server') expect(error.message).toContain('--db postgresql://');
        });

        it('names a missing column', async () => {
            await get().exec('CREATE TABLE has_some (a integer)');
            const error = await get().query('SELECT b FROM has_some').catch(e => e);
            expect(error).toMatchObject({ kind: 'missing-table' });
            expect(error.message).toMatch(/column "b" does not exist/);
        });

        it('keeps other errors to one line without a stack', async () => {
            const error = await get().query('SELEC 1').catch(e => e);
            expect(error).toBeInstanceOf(DatabaseError);
            expect(error.message).not.toContain('\n');
            expect(error.message).toMatch(/syntax error/);
        });

        it('returns bigint, numeric and date alike on both engines', async () => {
            const { rows: [r] } = await get().query(`SELECT 9007199254740991::bigint AS big, 1.5::numeric AS num, DATE '2024-02-29' AS day, count(*) AS n FROM (VALUES (1)) v`);
            expect(r).toEqual({ big: 9007199254740991, num: 1.5, day: '2024-02-29', n: 1 });
        });
    });
});

describe('opening', () => {
    it('keeps an embedded database in a data folder', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'seg-db-test-'));
        try {
            let db = await openDatabase({ dataDir: join(dir, 'data') });
            expect(db.kind).toBe('pglite');
            await db.exec('CREATE TABLE kept (a integer); INSERT INTO kept VALUES (42)');
            await db.close();
            db = await openDatabase({ dataDir: join(dir, 'data') });
            expect((await db.query('SELECT a FROM kept')).rows).toEqual([{ a: 42 }]);
            expect(await db.query('SELECT * FROM missing').catch(e => e.message))
                .toBe(`table "missing" does not exist — run 'seg db init --data-dir ${join(dir, 'data')}'`);
            await db.close();
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    }, 30_000);


    it('says a server is unreachable, without a password or stack', async () => {
        const error = await openDatabase({ url: 'postgresql://bob:s3cret@127.0.0.1:1/x' }).catch(e => e);
        expect(error).toBeInstanceOf(DatabaseError);
        expect(error.kind).toBe('connect');
        expect(error.message).toBe('cannot connect to postgresql://127.0.0.1:1/x: connection refused');
        expect(String(error.stack ?? '')).not.toContain('s3cret');
    });

    it('rejects what is not a postgresql:// URL', async () => {
        await expect(openDatabase({ url: 'mysql://h/db' })).rejects.toThrow(/postgresql:\/\//);
        await expect(openDatabase({ url: 'not a url' })).rejects.toMatchObject({ kind: 'connect' });
    });
});
