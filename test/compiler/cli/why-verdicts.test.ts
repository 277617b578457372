// seg why's verdict, from one contact's rows, is that contact's true membership:
// on a seeded demo database (PGlite, and the PostgreSQL server when
// SEG_TEST_DATABASE_URL is set), for every contact and example segments covering
// lookups, `exists`, a lead relation, zero-admitting counts, `except` and segment
// references, it agrees with `seg run --members`. The bulk goes through
// contactWhy (what `seg why` runs, without starting the CLI for each contact);
// a few contacts go through `seg why` itself.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../../compiler/pipeline.js';
import { contactWhy } from '../../../compiler/why/contact-why.js';
import { cliTargets, runCli as run, type CliTarget } from '../../support/cli.js';

const examples = join(__dirname, '..', '..', '..', 'examples');
const AS_OF = '2026-06-01T00:00:00Z';

const SEGMENTS = [
    'WinBack', // intersect, except, a zero-admitting count (NoRecentOpens), a sum
    'SalesHandover', // exists lead via parentcontactid, union, intersect, except
    'FinanceNurture', // lookups through the account, nested segment references
    'SurveyFollowUp', // avg/min/max aggregates, except
    'LiveDeepDiveLeads', // interactions reaching the contact through a lead
    'MidMarketContacts', // a two-step lookup path (account → parent account)
    'LapsingClickers', // a count range in an `ago` window
];

describe('seg why agrees with seg run --members', () => {
    let targets: CliTarget[] = [];
    beforeAll(async () => {
        targets = await cliTargets();
        for (const target of targets) {
            expect((await run('db', 'init', examples, ...target.args)).code, target.name).toBe(0);
            const seeded = await run('db', 'seed', examples, ...target.args, '--contacts', '400', '--seed', '3', '--as-of', AS_OF);
            expect(seeded.code, seeded.err).toBe(0);
        }
    }, 180_000);
    afterAll(async () => { for (const t of targets) await t.close(); });

    it('for every contact of the demo, in each example segment', async () => {
        const { project, plan } = await compileProject([examples]);
        for (const target of targets) {
            const ran = await run('run', examples, ...target.args, '--as-of', AS_OF, '--members', '--format', 'json');
            expect(ran.code, ran.err).toBe(0);
            const members = new Map<string, Set<string>>(
                JSON.parse(ran.out).segments.map((s: { name: string; members: string[] }) => [s.name, new Set(s.members)]));
            const verdicts = await target.inspect(async db => {
                const { rows } = await db.query('SELECT contactid FROM contact ORDER BY contactid');
                const out = new Map<string, Set<string>>();
                for (const segment of SEGMENTS) {
                    const found = new Set<string>();
                    for (const { contactid } of rows) {
                        const why = await contactWhy({
                            db, plan: plan!, segment, contact: String(contactid), asOf: new Date(AS_OF), timeoutMs: 10_000,
                            models: project.files.map(f => f.document.parseResult.value), sourceText: () => undefined,
                        });
                        if (why!.member) found.add(String(contactid));
                    }
                    out.set(segment, found);
                }
                return { contacts: rows.length, out };
            });
            expect(verdicts.contacts).toBe(400);
            for (const segment of SEGMENTS) {
                const expected = members.get(segment)!;
                // Each segment splits the demo: some contacts in, some out.
                expect(expected.size, `${target.name} ${segment}`).toBeGreaterThan(0);
                expect(expected.size).toBeLessThan(400);
                expect([...verdicts.out.get(segment)!].sort(), `${target.name} ${segment}`).toEqual([...expected].sort());
            }
            // The command itself, for a member and a non-member.
            const winBack = [...members.get('WinBack')!].sort();
            const inside = await run('why', winBack[0], 'WinBack', examples, ...target.args, '--as-of', AS_OF, '--format', 'json');
            expect(JSON.parse(inside.out).member).toBe(true);
            const nonMember = (await target.inspect(db => db.query('SELECT contactid FROM contact ORDER BY contactid'))).rows
                .map(r => String(r.contactid)).find(c => !members.get('WinBack')!.has(c))!;
            const outside = await run('why', nonMember, 'WinBack', examples, ...target.args, '--as-of', AS_OF);
            expect(outside.code).toBe(0);
            expect(outside.out).toMatch(/^WinBack: the contact is not in/);
        }
    }, 600_000);
});
