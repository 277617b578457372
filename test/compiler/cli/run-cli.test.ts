// seg compile, seg db and seg run as a user runs them (in-process main()).
import { PGlite } from '@electric-sql/pglite';
import { mkdtempSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { runCli as run } from '../../support/cli.js';
import { SERVER_URL } from '../../support/engines.js';

const examples = join(__dirname, '..', '..', '..', 'examples');

const C = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;
const SEGMENTS = `
segment Openers = interaction EmailOpened having count >= 2 within 7 days
segment Quiet = interaction EmailOpened having count = 0 within 7 days
segment Seattle = profile contact where address1_city = "seattle"
draft segment Both = Openers intersect Seattle
`;

/** A project folder with the segments above. */
function project(): string {
    const dir = mkdtempSync(join(tmpdir(), 'seg-run-'));
    writeFileSync(join(dir, 'seg.json'), '{ "timezone": "Europe/Amsterdam" }');
    writeFileSync(join(dir, 'segments.seg'), SEGMENTS);
    return dir;
}

/** Contacts 1–4; 1 and 2 in Seattle; 1 opened twice in the week before 2026-03-01, 2 once, 3 twice but one after as-of. */
const ROWS = [
    `INSERT INTO "contact" ("contactid", "address1_city") VALUES ('${C(1)}', 'Seattle'), ('${C(2)}', 'SEATTLE'), ('${C(3)}', 'Paris'), ('${C(4)}', NULL)`,
    `INSERT INTO "email_opened" ("internal_marketing_interaction_id", "timestamp", "contact_id") VALUES
       ('${C(1).replace('0000-4000', '0001-4000')}', '2026-02-27T10:00:00Z', '${C(1)}'),
       ('${C(2).replace('0000-4000', '0001-4000')}', '2026-02-28T10:00:00Z', '${C(1)}'),
       ('${C(3).replace('0000-4000', '0001-4000')}', '2026-02-28T10:00:00Z', '${C(2)}'),
       ('${C(4).replace('0000-4000', '0001-4000')}', '2026-02-28T10:00:00Z', '${C(3)}'),
       ('${C(5).replace('0000-4000', '0001-4000')}', '2026-03-01T00:00:01Z', '${C(3)}')`,
];

const EXPECTED = {
    asOf: '2026-03-01T00:00:00.000Z',
    segments: [
        { name: 'Openers', count: 1, members: [C(1)] },
        { name: 'Quiet', count: 1, members: [C(4)] },
        { name: 'Seattle', count: 2, members: [C(1), C(2)] },
    ],
};

describe('seg compile', () => {
    it('prints a segment as PostgreSQL with a header naming it, its source and its parameters', async () => {
        const r = await run('compile', examples, '--segment', 'WelcomeOpeners');
        expect(r.code).toBe(0);
        expect(r.out).toMatch(/^-- Segment: WelcomeOpeners\n-- Source: email-engagement\.seg:\d+:1\n/);
        expect(r.out).toContain("$3 customer_journey_id (uuid) = '");
        expect(r.out).toContain('FROM "email_opened" AS i');
    });

    it('--inline writes a standalone query without placeholders', async () => {
        const r = await run('compile', examples, '--segment', 'WelcomeOpeners', '--inline', '--as-of', '2026-03-01T00:00:00Z', '--timezone', 'UTC');
        expect(r.code).toBe(0);
        expect(r.out.split('\n').filter(l => !l.startsWith('--')).join('\n')).not.toMatch(/\$\d/);
        expect(r.out).toContain("'2026-03-01T00:00:00.000Z'::timestamptz");
    });

    it('--out writes one .sql file per segment; --target plan prints the versioned plan', async () => {
        const out = mkdtempSync(join(tmpdir(), 'seg-sql-'));
        expect((await run('compile', examples, '--out', out)).code).toBe(0);
        expect(readdirSync(out)).toContain('WelcomeOpeners.sql');
        const plan = JSON.parse((await run('compile', examples, '--target', 'plan')).out);
        expect(plan.version).toBe(1);
        expect(plan.segments.length).toBe(readdirSync(out).filter(f => f.endsWith('.sql')).length);
    });

    it('refuses a project with errors, and unknown segments with a suggestion', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'seg-bad-'));
        writeFileSync(join(dir, 'a.seg'), 'segment A = interaction EmailOpend\n');
        const bad = await run('compile', dir);
        expect(bad.code).toBe(1);
        expect(bad.err).toContain('SEG103');
        const unknown = await run('compile', examples, '--segment', 'WelcomeOpener');
        expect(unknown.code).toBe(2);
        expect(unknown.err).toContain("No segment named 'WelcomeOpener'. Did you mean 'WelcomeOpeners'?");
    });
});

describe('seg db init --print', () => {
    it('prints idempotent DDL for the catalog in scope', async () => {
        const r = await run('db', 'init', project(), '--print');
        expect(r.code).toBe(0);
        expect(r.out).toMatch(/CREATE TABLE IF NOT EXISTS "email_opened"/);
        expect(r.out).toMatch(/"internal_marketing_interaction_id" uuid/);
    });

    it('needs a database to write to', async () => {
        const r = await run('db', 'seed', project());
        expect(r.code).toBe(2);
        expect(r.err).toContain('needs --db');
    });
});

describe('seg run', () => {
    it('on an embedded database in a data folder: exact members as JSON, the same with the in-memory engine, and CSV', async () => {
        const dir = project();
        const data = join(dir, 'data');
        mkdirSync(data);
        expect((await run('db', 'init', dir, '--data-dir', data)).code).toBe(0);
        const db = await PGlite.create({ dataDir: data });
        for (const sql of ROWS) await db.exec(sql);
        await db.close();
        for (const engine of ['sql', 'memory']) {
            const r = await run('run', dir, '--data-dir', data, '--as-of', '2026-03-01T00:00:00Z', '--format', 'json', '--members', '--engine', engine);
            expect(r.err).toBe('');
            expect(r.code).toBe(0);
            expect(JSON.parse(r.out)).toEqual(EXPECTED);
        }
        const csv = await run('run', dir, '--data-dir', data, '--as-of', '2026-03-01T00:00:00Z', '--format', 'csv');
        expect(csv.out.trim().split('\n')).toEqual(['segment,count', 'Openers,1', 'Quiet,1', 'Seattle,2']);
        const draft = await run('run', dir, '--data-dir', data, '--as-of', '2026-03-01T00:00:00Z', '--format', 'json', '--segment', 'Both');
        expect(JSON.parse(draft.out).segments).toEqual([{ name: 'Both', count: 1 }]);
    }, 60_000);

    it('an unreachable server is one line and exit 1', async () => {
        const r = await run('run', project(), '--db', 'postgresql://nobody:secret@127.0.0.1:1/nowhere');
        expect(r.code).toBe(1);
        expect(r.err.split('\n')).toHaveLength(1);
        expect(r.err).toMatch(/cannot connect/i);
        expect(r.err).not.toContain('secret');
    });

    it.runIf(SERVER_URL)('on a PostgreSQL server: missing tables suggest seg db init; then exact members', async () => {
        const schema = `seg_runtest_${Date.now().toString(36)}`;
        const admin = new pg.Client({ connectionString: SERVER_URL });
        await admin.connect();
        try {
            await admin.query(`CREATE SCHEMA ${schema}`);
            const url = `${SERVER_URL}${SERVER_URL!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
            const dir = project();
            const missing = await run('run', dir, '--db', url, '--as-of', '2026-03-01T00:00:00Z');
            expect(missing.code).toBe(1);
            expect(missing.err).toMatch(/does not exist.*seg db init/);
            expect((await run('db', 'init', dir, '--db', url)).code).toBe(0);
            await admin.query(`SET search_path TO ${schema}`);
            for (const sql of ROWS) await admin.query(sql);
            const r = await run('run', dir, '--db', url, '--as-of', '2026-03-01T00:00:00Z', '--format', 'json', '--members');
            expect(r.code).toBe(0);
            expect(JSON.parse(r.out)).toEqual(EXPECTED);
        } finally {
            await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            await admin.end();
        }
    }, 60_000);
});
