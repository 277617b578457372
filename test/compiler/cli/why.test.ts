// seg why as a user runs it, on PGlite and (when SEG_TEST_DATABASE_URL is set)
// the PostgreSQL server: a member with its counted interactions, a non-member
// with interactions outside the window (bounds shown) and failing `where`, a
// lead relation, compound segments, the JSON report, the errors; and that only
// the asked contact's rows are read, each through an index.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadContact } from '../../../compiler/db/load-contact.js';
import { compileProject } from '../../../compiler/pipeline.js';
import type { Plan } from '../../../compiler/plan/plan.js';
import { cliTargets, runCli as run, type CliTarget } from '../../support/cli.js';

const id = (group: number, n: number) => `00000000-0000-4000-800${group}-00000000000${n}`;
const [ALICE, BOB, CAROL, DAVE] = [1, 2, 3, 4].map(n => id(1, n));
const CONTOSO = id(2, 1);
const LEAD = id(3, 1);
const opened = (n: number) => id(4, n);

const SEGMENTS = `
segment Openers = interaction EmailOpened having count >= 2 within 14 days where emailDomain = "contoso.com"
segment Seattle = profile contact where address1_city = "Seattle" and statecode = "Active"
segment SeattleOpeners = Seattle intersect Openers
segment QuietSeattle = Seattle except Openers
segment LeadOpeners = interaction EmailOpened via lead within 30 days
segment BigCompanies = profile contact where parentcustomerid.numberofemployees >= 500
segment OpenedAgain = interaction EmailOpened within 30 days then EmailOpened on emailDomain within 14 days
`;

const AS_OF = ['--as-of', '2026-03-01T12:00:00Z'];

/**
 * Alice (Seattle, at Contoso) opened twice from contoso.com in the window; Bob once, once 20 days ago, once from
 * fabrikam.com; Carol (Seattle) only through her lead; Dave has rows of his own that no one else's answer may read.
 */
const ROWS = [
    `INSERT INTO account (accountid, name, numberofemployees) VALUES ('${CONTOSO}', 'Contoso', 800)`,
    `INSERT INTO contact (contactid, address1_city, statecode, parentcustomerid) VALUES
       ('${ALICE}', 'Seattle', 0, '${CONTOSO}'), ('${BOB}', 'Portland', 0, NULL),
       ('${CAROL}', 'seattle', 0, NULL), ('${DAVE}', 'Seattle', 1, '${CONTOSO}')`,
    `INSERT INTO lead (leadid, parentcontactid) VALUES ('${LEAD}', '${CAROL}')`,
    `INSERT INTO email_opened (internal_marketing_interaction_id, timestamp, contact_id, lead_id, email_domain) VALUES
       ('${opened(1)}', '2026-02-27T12:00:00Z', '${ALICE}', NULL, 'contoso.com'),
       ('${opened(2)}', '2026-02-16T12:00:00Z', '${ALICE}', NULL, 'CONTOSO.com'),
       ('${opened(3)}', '2026-02-28T12:00:00Z', '${BOB}', NULL, 'contoso.com'),
       ('${opened(4)}', '2026-02-09T12:00:00Z', '${BOB}', NULL, 'contoso.com'),
       ('${opened(5)}', '2026-02-26T12:00:00Z', '${BOB}', NULL, 'fabrikam.com'),
       ('${opened(6)}', '2026-02-24T12:00:00Z', NULL, '${LEAD}', 'contoso.com'),
       ('${opened(7)}', '2026-02-28T12:00:00Z', '${DAVE}', NULL, 'contoso.com'),
       ('${opened(8)}', '2026-02-27T12:00:00Z', '${DAVE}', NULL, 'contoso.com')`,
];

describe('seg why', () => {
    let targets: CliTarget[] = [];
    let dir = '';
    let plan: Plan;
    beforeAll(async () => {
        dir = mkdtempSync(join(tmpdir(), 'seg-why-'));
        writeFileSync(join(dir, 'seg.json'), '{ "timezone": "UTC" }');
        writeFileSync(join(dir, 'segments.seg'), SEGMENTS);
        plan = (await compileProject([dir])).plan!;
        targets = await cliTargets();
        for (const target of targets) {
            expect((await run('db', 'init', dir, ...target.args)).code, target.name).toBe(0);
            await target.inspect(async db => { for (const sql of ROWS) await db.exec(sql); });
        }
    }, 120_000);
    afterAll(async () => { for (const t of targets) await t.close(); });

    const why = (target: CliTarget, ...args: string[]) => run('why', ...args, dir, ...target.args, ...AS_OF);

    it('explains a member by the interactions it counted', async () => {
        for (const target of targets) {
            const r = await why(target, ALICE, 'Openers');
            expect(r.code, target.name).toBe(0);
            expect(r.out.split('\n')).toEqual([
                'Openers: the contact is in',
                '  the contact has 2 matching EmailOpened of 2; count 2 satisfies count >= 2',
                '    EmailOpened at 2026-02-27T12:00:00Z: matches',
                '    EmailOpened at 2026-02-16T12:00:00Z: matches',
                expect.stringMatching(new RegExp(`^contact ${ALICE}, as of 2026-03-01T12:00:00.000Z \\(UTC\\), `)),
            ]);
        }
    }, 60_000);

    it('explains a non-member: interactions outside the window with its bounds, and failing the where', async () => {
        for (const target of targets) {
            const r = await why(target, BOB, 'Openers');
            expect(r.code, target.name).toBe(0);
            expect(r.out.split('\n').slice(0, -1)).toEqual([
                'Openers: the contact is not in',
                '  the contact has 1 matching EmailOpened of 3; count 1 does not satisfy count >= 2',
                '    EmailOpened at 2026-02-28T12:00:00Z: matches',
                '    EmailOpened at 2026-02-26T12:00:00Z: fails: emailDomain = "contoso.com" is false (emailDomain is "fabrikam.com")',
                '    EmailOpened at 2026-02-09T12:00:00Z: outside the window (after 2026-02-15T12:00:00Z up to 2026-03-01T12:00:00Z)',
            ]);
        }
    }, 60_000);

    it('follows a lead relation to the contact, and lookups of profile conditions', async () => {
        for (const target of targets) {
            const lead = await why(target, CAROL, 'LeadOpeners');
            expect(lead.out.split('\n').slice(0, 3), target.name).toEqual([
                'LeadOpeners: the contact is in',
                '  the contact has 1 matching EmailOpened of 1; count 1 satisfies count >= 1',
                '    EmailOpened at 2026-02-24T12:00:00Z: matches',
            ]);
            // Alice's own opens do not reach her through a lead.
            expect((await why(target, ALICE, 'LeadOpeners')).out).toContain('the contact has 0 matching EmailOpened of 0; count 0 does not satisfy count >= 1');
            expect((await why(target, ALICE, 'BigCompanies')).out).toContain('matches: parentcustomerid.numberofemployees >= 500');
            expect((await why(target, BOB, 'BigCompanies')).out).toContain(
                'fails: parentcustomerid.numberofemployees >= 500 is unknown: a value it reads is null, or a lookup is null or dangling');
        }
    }, 60_000);

    it('explains a sequence by each first interaction, the end of its gap, and what followed it', async () => {
        for (const target of targets) {
            const alice = await why(target, ALICE, 'OpenedAgain');
            expect(alice.out.split('\n').slice(0, -1), target.name).toEqual([
                'OpenedAgain: the contact is in',
                '  EmailOpened then EmailOpened on the same emailDomain within 14 days:',
                '    EmailOpened at 2026-02-27T12:00:00Z: not followed by EmailOpened (gap until 2026-03-13T12:00:00Z)',
                '    EmailOpened at 2026-02-16T12:00:00Z: followed by EmailOpened at 2026-02-27T12:00:00Z (gap until 2026-03-02T12:00:00Z)',
            ]);
            // Bob's contoso.com opens are 19 days apart; his fabrikam.com one is another domain.
            const bob = await why(target, BOB, 'OpenedAgain', '--format', 'json');
            const node = JSON.parse(bob.out).explanation ?? JSON.parse(bob.out);
            expect(JSON.stringify(node)).toContain('"answeredAt":[]');
            expect((await why(target, BOB, 'OpenedAgain')).out).toContain('OpenedAgain: the contact is not in');
        }
    }, 60_000);

    it('explains compound segments by the operands that decided', async () => {
        for (const target of targets) {
            const removed = await why(target, ALICE, 'QuietSeattle');
            expect(removed.out.split('\n').slice(0, 4), target.name).toEqual([
                'QuietSeattle: the contact is not in (removed by the right side of except)',
                '  Openers: the contact is in',
                '    the contact has 2 matching EmailOpened of 2; count 2 satisfies count >= 2',
                '      EmailOpened at 2026-02-27T12:00:00Z: matches',
            ]);
            const intersect = await why(target, CAROL, 'SeattleOpeners');
            expect(intersect.out.split('\n').slice(0, 3)).toEqual([
                'SeattleOpeners: the contact is not in',
                '  Openers: the contact is not in',
                '    the contact has 0 matching EmailOpened of 0; count 0 does not satisfy count >= 2',
            ]);
            const seattle = await why(target, DAVE, 'SeattleOpeners');
            expect(seattle.out).toContain('  Seattle: the contact is not in\n    fails: statecode = "Active" is false (statecode is "Inactive")');
        }
    }, 60_000);

    it('--format json: the verdict and a structured explanation', async () => {
        for (const target of targets) {
            const r = await why(target, `{${BOB.toUpperCase()}}`, 'SeattleOpeners', '--format', 'json');
            expect(r.code, target.name).toBe(0);
            const source = (line: number) => expect.objectContaining({ file: 'segments.seg', line });
            expect(JSON.parse(r.out)).toEqual({
                contact: BOB, segment: 'SeattleOpeners', asOf: '2026-03-01T12:00:00.000Z', timeZone: 'UTC', member: false,
                explanation: [{
                    kind: 'intersect', segment: 'SeattleOpeners', text: 'Seattle intersect Openers', source: source(4), member: false, removedByExcept: false,
                    because: [{
                        kind: 'profile', segment: 'Seattle', text: 'profile contact where address1_city = "Seattle" and statecode = "Active"',
                        source: source(3), member: false, entity: 'contact', record: true,
                        condition: 'address1_city = "Seattle" and statecode = "Active"',
                        failing: [{ condition: 'address1_city = "Seattle"', truth: 'false', underNot: false, field: 'address1_city', value: '"Portland"' }],
                    }, {
                        kind: 'interaction', segment: 'Openers', text: expect.stringMatching(/^interaction EmailOpened having count >= 2/), source: source(2),
                        member: false, type: 'EmailOpened',
                        window: { from: '2026-02-15T12:00:00Z', fromInclusive: false, to: '2026-03-01T12:00:00Z', toInclusive: true },
                        where: 'emailDomain = "contoso.com"',
                        having: { condition: 'count >= 2', aggregate: 'count', value: 1, satisfied: false },
                        counted: 1, reaching: 3,
                        interactions: [
                            { id: opened(3), at: '2026-02-28T12:00:00Z', status: 'counted' },
                            {
                                id: opened(5), at: '2026-02-26T12:00:00Z', status: 'fails-where',
                                failing: [{ condition: 'emailDomain = "contoso.com"', truth: 'false', underNot: false, field: 'emailDomain', value: '"fabrikam.com"' }],
                            },
                            { id: opened(4), at: '2026-02-09T12:00:00Z', status: 'outside-window' },
                        ],
                    }],
                }],
            });
        }
    }, 60_000);

    it('reads only that contact\'s rows, each query served by an index', async () => {
        for (const target of targets) {
            const queries: Array<{ sql: string; params: unknown[] }> = [];
            const load = (key: string, segment: string) => target.inspect(db =>
                loadContact(db, plan, segment, key, { timeoutMs: 10_000, onQuery: (sql, params) => queries.push({ sql, params }) }));
            const bob = (await load(BOB, 'SeattleOpeners'))!;
            expect(bob.contact.columns.contactid, target.name).toEqual([BOB]);
            expect(bob.email_opened.columns.internal_marketing_interaction_id).toEqual([opened(3), opened(5), opened(4)]);
            const carol = (await load(CAROL, 'LeadOpeners'))!;
            expect(carol.lead.columns.leadid).toEqual([LEAD]);
            expect(carol.email_opened.columns.internal_marketing_interaction_id).toEqual([opened(6)]);
            const alice = (await load(ALICE, 'BigCompanies'))!;
            expect(alice.account.columns.accountid).toEqual([CONTOSO]);
            expect(alice.contact.columns.contactid).toEqual([ALICE]);
            expect(await load(id(1, 9), 'Openers')).toBeUndefined();
            // Values are bound, never in the text; with sequential scans off, every query still finds an index.
            for (const q of queries) {
                expect(q.sql).not.toMatch(/0000-4000/);
                expect(q.sql).toMatch(/ = ANY\(\$1\)/);
            }
            const plans = await target.inspect(async db => {
                await db.exec('SET enable_seqscan = off');
                const out: string[] = [];
                for (const q of queries) out.push((await db.query(`EXPLAIN ${q.sql}`, q.params)).rows.map(r => String(Object.values(r)[0])).join('\n'));
                return out;
            });
            for (const p of plans) expect(p).not.toMatch(/Seq Scan/);
        }
    }, 60_000);

    it('errors: a contact the database lacks (1), not a GUID (2), an unknown segment (2), a bad --as-of (2), a dead database (1)', async () => {
        const target = targets[0];
        const missing = await why(target, id(1, 9), 'Openers');
        expect(missing.code).toBe(1);
        expect(missing.err).toMatch(new RegExp(`^seg why: There is no contact with contactid ${id(1, 9)} in embedded database \\(.*\\)\\.$`));
        expect(missing.out).toBe('');
        const notGuid = await why(target, 'alice', 'Openers');
        expect(notGuid.code).toBe(2);
        expect(notGuid.err).toBe("seg: 'alice' is not a contact id: contactid values are GUIDs such as 0f055697-f2cf-42a8-9904-5eda06ed95da.");
        const unknown = await why(target, ALICE, 'Opener');
        expect(unknown.code).toBe(2);
        expect(unknown.err).toBe("seg: No segment named 'Opener'. Did you mean 'Openers'?");
        const asOf = await run('why', ALICE, 'Openers', dir, ...target.args, '--as-of', '2026-02-30');
        expect(asOf.code).toBe(2);
        expect(asOf.err).toMatch(/--as-of 2026-02-30 is not a calendar date/);
        const dead = await run('why', ALICE, 'Openers', dir, '--db', 'postgresql://127.0.0.1:1/nothing');
        expect(dead.code).toBe(1);
        expect(dead.err).toMatch(/^seg why: cannot connect/);
        expect(dead.err.split('\n')).toHaveLength(1);
        const usage = await run('why', ALICE);
        expect(usage.code).toBe(2);
        expect(usage.err).toContain('seg why CONTACT SEGMENT');
    }, 60_000);
});

describe('seg why without --db', () => {
    afterAll(() => { vi.unstubAllEnvs(); });

    it('explains a contact of the embedded demo, like seg run', async () => {
        const examples = join(__dirname, '..', '..', '..', 'examples');
        vi.stubEnv('SEG_DATABASE_URL', '');
        vi.stubEnv('SEG_DEMO_CONTACTS', '300');
        vi.stubEnv('SEG_DEMO_AS_OF', '2026-06-01T00:00:00Z');
        const asOf = ['--as-of', '2026-06-01T00:00:00Z'];
        // The demo is deterministic: the same contacts every time it is made.
        const ran = await run('run', examples, '--segment', 'Engaged', '--members', '--format', 'json', ...asOf);
        const [member] = JSON.parse(ran.out).segments[0].members as string[];
        const r = await run('why', member, 'Engaged', examples, ...asOf);
        expect(r.code, r.err).toBe(0);
        expect(r.out).toMatch(/^Engaged: the contact is in\n/);
        expect(r.out).toMatch(/embedded database \(in memory\)$/);
    }, 60_000);
});
