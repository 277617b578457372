// seg run when one segment cannot be computed (here: its interaction table is
// missing): that segment is named with its source location, the others still
// run, and the exit code is 1, in every output format.
import { PGlite } from '@electric-sql/pglite';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { main } from '../../../compiler/cli/main.js';
import { SERVER_URL } from '../../support/engines.js';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [], err: string[] = [];
    const code = await main([...args, '--no-color'], { out: t => out.push(t), err: t => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
}

const C = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

function project(): string {
    const dir = mkdtempSync(join(tmpdir(), 'seg-run-errors-'));
    writeFileSync(join(dir, 'segments.seg'), [
        'segment Seattle = profile contact where address1_city = "seattle"',
        'segment Openers = interaction EmailOpened within 7 days',
        'segment Everyone = profile contact where address1_city is not null or address1_city is null',
        '',
    ].join('\n'));
    return dir;
}

const SETUP = [
    `INSERT INTO "contact" ("contactid", "address1_city") VALUES ('${C(1)}', 'Seattle'), ('${C(2)}', 'Paris')`,
    'DROP TABLE "email_opened"',
];

const FAILURE = /segment 'Openers' \(segments\.seg:2:\d+\) failed: .*email_opened.*does not exist/;

async function expectEveryFormat(target: string[]): Promise<void> {
    const asOf = ['--as-of', '2026-03-01T00:00:00Z'];
    const table = await run('run', ...target, ...asOf);
    expect(table.code).toBe(1);
    expect(table.err).toMatch(FAILURE);
    expect(table.err.split('\n')).toHaveLength(1);
    expect(table.out).toMatch(/^Seattle\s+1\s/m);
    expect(table.out).toMatch(/^Openers\s+failed\s/m);
    expect(table.out).toMatch(/^Everyone\s+2\s/m);

    const json = await run('run', ...target, ...asOf, '--format', 'json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out);
    expect(report.segments).toEqual([
        { name: 'Seattle', count: 1 },
        { name: 'Openers', error: expect.stringMatching(FAILURE) },
        { name: 'Everyone', count: 2 },
    ]);

    const csv = await run('run', ...target, ...asOf, '--format', 'csv');
    expect(csv.code).toBe(1);
    expect(csv.out.split('\n')).toEqual(['segment,count', 'Seattle,1', 'Openers,', 'Everyone,2']);
    expect(csv.err).toMatch(FAILURE);
}

describe('seg run with a failing segment', () => {
    it('on PGlite: names the segment, runs the others, exit 1', async () => {
        const dir = project();
        const data = join(dir, 'data');
        mkdirSync(data);
        expect((await run('db', 'init', dir, '--data-dir', data)).code).toBe(0);
        const db = await PGlite.create({ dataDir: data });
        for (const sql of SETUP) await db.exec(sql);
        await db.close();
        await expectEveryFormat([dir, '--data-dir', data]);
    }, 60_000);

    it.runIf(SERVER_URL)('on a PostgreSQL server: the same', async () => {
        const schema = `seg_runerr_${Date.now().toString(36)}`;
        const admin = new pg.Client({ connectionString: SERVER_URL });
        await admin.connect();
        try {
            await admin.query(`CREATE SCHEMA ${schema}`);
            const url = `${SERVER_URL}${SERVER_URL!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
            const dir = project();
            expect((await run('db', 'init', dir, '--db', url)).code).toBe(0);
            await admin.query(`SET search_path TO ${schema}`);
            for (const sql of SETUP) await admin.query(sql);
            await expectEveryFormat([dir, '--db', url]);
        } finally {
            await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            await admin.end();
        }
    }, 60_000);
});
