// `seg db init` (and seed) over tables that already exist: a column of another
// type, a missing key column or primary key is reported, one line each, exit 1,
// and nothing is changed (#9.7). On PGlite and on the server when set.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliTargets, runCli, type CliTarget } from '../../support/cli.js';

function project(): string {
    const dir = mkdtempSync(join(tmpdir(), 'seg-init-'));
    writeFileSync(join(dir, 'segments.seg'), 'segment Seattle = profile contact where address1_city = "Seattle"\n');
    return dir;
}

const exists = (table: string) => `SELECT to_regclass('${table}') IS NOT NULL AS "exists"`;

describe('seg db init: existing tables are verified', async () => {
    const targets: CliTarget[] = await cliTargets();
    afterAll(async () => { for (const t of targets) await t.close(); }, 30_000);

    describe.each(targets.map(t => [t.name, t] as const))('%s', (_name, target) => {
        const dir = project();

        it('reports each mismatch as table.column: expected, found; exit 1; changes nothing', async () => {
            await target.inspect(db => db.exec(`
                CREATE TABLE "contact" ("contactid" text PRIMARY KEY, "firstname" integer, "lastname" varchar(80), "numberofchildren" smallint);
                CREATE TABLE "account" ("accountid" uuid, "name" text);
                CREATE TABLE "email_opened" ("timestamp" timestamp, "contact_id" uuid)`));
            for (const sub of ['init', 'seed']) {
                const r = await runCli('db', sub, dir, ...target.args);
                expect(r.code, sub).toBe(1);
                const lines = r.err.split('\n');
                expect(lines[0]).toMatch(new RegExp(`^seg db ${sub}: the existing tables of .* differ from the declarations in scope \\(5 mismatches\\); nothing was changed:$`));
                expect(lines.slice(1, -1).sort()).toEqual([
                    '  account.accountid: expected the primary key, found no primary key',
                    '  contact.contactid: expected uuid, found text',
                    '  contact.firstname: expected text, found integer',
                    '  email_opened.internal_marketing_interaction_id: expected uuid primary key, found no such column',
                    '  email_opened.timestamp: expected timestamp with time zone, found timestamp without time zone',
                ]);
                expect(lines.at(-1)).toMatch(/^Alter or drop these tables/);
            }
            // Nothing was created or added.
            expect((await target.inspect(db => db.query(exists('lead')))).rows[0].exists).toBe(false);
            const columns = await target.inspect(db => db.query(
                `SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'contact'`));
            expect(Number(columns.rows[0].n)).toBe(4);
        }, 120_000);

        it('once the tables are fixed, init completes them and says the schema is ready', async () => {
            // Columns of a compatible type (an export's varchar, smallint codes) are fine.
            await target.inspect(db => db.exec(`DROP TABLE "contact", "account", "email_opened";
                CREATE TABLE "contact" ("contactid" uuid PRIMARY KEY, "firstname" text, "lastname" varchar(80), "numberofchildren" smallint)`));
            const r = await runCli('db', 'init', dir, ...target.args);
            expect(r.err).toMatch(/^Schema ready in /);
            expect(r.code).toBe(0);
            expect((await runCli('db', 'init', dir, ...target.args)).code).toBe(0);
            expect((await target.inspect(db => db.query(exists('lead')))).rows[0].exists).toBe(true);
        }, 120_000);
    });
});
