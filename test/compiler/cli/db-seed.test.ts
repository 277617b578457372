// `seg db seed` as a user runs it: limits checked up front (#9.4), existing
// rows never replaced without --force, and one transaction, so a failure
// midway leaves the tables as they were (#9.6). On PGlite (a data folder) and
// on the server when SEG_TEST_DATABASE_URL is set.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegDatabase } from '../../../compiler/db/database.js';
import { cliTargets, runCli, type CliTarget } from '../../support/cli.js';

function project(): string {
    const dir = mkdtempSync(join(tmpdir(), 'seg-seed-'));
    writeFileSync(join(dir, 'segments.seg'), 'segment Seattle = profile contact where address1_city = "Seattle"\n');
    return dir;
}

const AS_OF = '2026-03-01T00:00:00Z';
const WATCHED = ['account', 'contact', 'lead', 'email_sent', 'survey_response'];

/** Each watched table's row count and a digest of its rows. */
async function contents(db: SegDatabase): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const t of WATCHED) {
        const { rows } = await db.query(`SELECT count(*) AS n, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS h FROM "${t}" t`);
        out[t] = `${rows[0].n} ${rows[0].h}`;
    }
    return out;
}

const count = (db: SegDatabase, table: string) => db.query(`SELECT count(*) AS n FROM "${table}"`).then(r => Number(r.rows[0].n));

describe('seg db seed: limits', () => {
    const dir = project();
    const data = join(mkdtempSync(join(tmpdir(), 'seg-seed-limits-')), 'data');

    it.each([
        ['--contacts', '99999999999999', 'from 1 to 10,000,000'],
        ['--contacts', '4294967296', 'from 1 to 10,000,000'],
        ['--contacts', '10000001', 'from 1 to 10,000,000'],
        ['--contacts', '0', 'from 1 to 10,000,000'],
        ['--contacts', '1.5', 'from 1 to 10,000,000'],
        ['--contacts', '1e3', 'from 1 to 10,000,000'],
        ['--seed', '4294967296', 'from 0 to 4,294,967,295'],
        ['--seed', 'seven', 'from 0 to 4,294,967,295'],
    ])('%s %s is a one-line usage error stating the range', async (option, value, range) => {
        const t0 = Date.now();
        const r = await runCli('db', 'seed', dir, '--data-dir', data, option, value);
        expect(r.code).toBe(2);
        expect(r.err).toBe(`seg: ${option} must be a whole number ${range}, not '${value}'.`);
        expect(Date.now() - t0).toBeLessThan(5_000);
    });
});

describe('seg db seed: existing rows and atomicity', async () => {
    const targets: CliTarget[] = await cliTargets();
    afterAll(async () => { for (const t of targets) await t.close(); }, 30_000);

    describe.each(targets.map(t => [t.name, t] as const))('%s', (_name, target) => {
        const dir = project();
        const seed = (...args: string[]) => runCli('db', 'seed', dir, ...target.args, '--as-of', AS_OF, ...args);

        beforeAll(async () => {
            const r = await seed('--contacts', '50');
            expect(r.err).toMatch(/^Seeded .*50 contacts/m);
            expect(r.code).toBe(0);
        }, 120_000);

        it('refuses to replace tables that hold rows, naming them and --force', async () => {
            const before = await target.inspect(contents);
            const r = await seed('--contacts', '30');
            expect(r.code).toBe(1);
            expect(r.err.split('\n')).toHaveLength(1);
            expect(r.err).toMatch(/^seg db seed: not seeding: tables account, contact, lead, email_sent, .* already hold rows\. Run 'seg db seed' again with --force/);
            expect(r.err).toContain('survey_response');
            expect(await target.inspect(contents)).toEqual(before);
        }, 60_000);

        it('names only the tables that hold rows', async () => {
            await target.inspect(db => db.exec('CREATE TABLE seg_keep AS SELECT * FROM "survey_response"; TRUNCATE "account", "contact", "lead", "email_sent", "survey_response"'));
            try {
                const r = await seed('--contacts', '30');
                expect(r.code).toBe(1);
                expect(r.err).not.toMatch(/[ ,]contact[ ,]|survey_response/);
                expect(r.err).toMatch(/tables email_delivered, /);
            } finally {
                await target.inspect(db => db.exec('INSERT INTO "survey_response" SELECT * FROM seg_keep; DROP TABLE seg_keep'));
            }
        }, 60_000);

        it('--force replaces the rows', async () => {
            const r = await seed('--contacts', '30', '--force');
            expect(r.code).toBe(0);
            expect(await target.inspect(db => count(db, 'contact'))).toBe(30);
        }, 60_000);

        it('a failure midway leaves every table as it was', async () => {
            const before = await target.inspect(contents);
            expect(before.contact.startsWith('30 ')).toBe(true);
            // survey_response is loaded after the entities and most interactions: its first new row fails.
            await target.inspect(db => db.exec('ALTER TABLE "survey_response" ADD CONSTRAINT seg_test_fails CHECK (false) NOT VALID'));
            try {
                const r = await seed('--contacts', '40', '--seed', '2', '--force');
                expect(r.code).toBe(1);
                expect(r.err).toMatch(/seg_test_fails/);
                expect(await target.inspect(contents)).toEqual(before);
            } finally {
                await target.inspect(db => db.exec('ALTER TABLE "survey_response" DROP CONSTRAINT seg_test_fails'));
            }
        }, 60_000);
    });
});
