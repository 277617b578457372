// `seg refresh --incremental` (#10's speed): after any mix of data changes —
// late, on-time and future-dated interactions, deletes, updates that move a
// row to another contact, profile edits, new contacts, a truncate, a dropped
// tracking trigger, a plain refresh in between — the stored state equals a
// full evaluation: members = `seg run` at the as-of, every member's leave time
// and the next change due = the next-change queries, history consistent. And
// the incremental path is really taken: later refreshes evaluate few contacts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SegDatabase } from '../../../compiler/db/database.js';
import { refreshSegments, type SegmentRefresh } from '../../../compiler/live/refresh.js';
import { compileProject } from '../../../compiler/pipeline.js';
import type { Plan } from '../../../compiler/plan/plan.js';
import { leaveTimesSql, nextChangeSql } from '../../../compiler/sql/next-change-sql.js';
import { bindParams, toSql } from '../../../compiler/sql/to-sql.js';
import { runCli as run } from '../../support/cli.js';
import { C, OVERLAPPING_STAYS, targets } from './live-targets.js';

const SEGMENTS = `
segment Openers = interaction EmailOpened having count >= 2 within 7 days
segment Seattle = profile contact where address1_city = "seattle"
segment SeattleOpeners = Openers intersect Seattle
segment Quiet = interaction EmailOpened having count = 0 within 3 days
segment QuietSeattle = Quiet intersect Seattle
segment SeattleNotQuiet = Seattle except Quiet
segment Chain = SeattleNotQuiet union (SeattleOpeners except QuietSeattle)
segment Clickers = interaction EmailClicked within 5 days
segment OpenedThenClicked = interaction EmailOpened within 10 days then EmailClicked within 2 days
segment NewContacts = profile contact where createdon within 6 days
segment RecentOrNew = Clickers union NewContacts
`;

const CONTACTS = 12;
const HOUR = 3_600_000, DAY = 24 * HOUR;

function project(): string {
    const dir = mkdtempSync(join(tmpdir(), 'seg-refresh-incr-'));
    writeFileSync(join(dir, 'segments.seg'), SEGMENTS);
    return dir;
}

/** Stored members, leave times and next change due = a full evaluation at `asOf`; stays consistent. */
async function expectFullAnswer(db: SegDatabase, plan: Plan, names: string[], asOf: Date, label: string): Promise<void> {
    for (const name of names) {
        const query = toSql(plan, name);
        const { rows: expected } = await db.query(query.text, bindParams(query, { asOf }));
        const leaves = leaveTimesSql(plan, name), next = nextChangeSql(plan, name);
        const { rows: leaveRows } = await db.query(leaves.text, bindParams(leaves, { asOf }));
        const { rows: stored } = await db.query(
            'SELECT contact_id, leaves_at, leaves_exact AS exact FROM seg.members WHERE segment = $1 ORDER BY contact_id', [name]);
        expect(stored.map(r => String(r.contact_id)), `${label} ${name} members`).toEqual(expected.map(r => String(r.contact_id)).sort());
        const norm = (r: Record<string, unknown>) => [String(r.contact_id), r.leaves_at === null ? null : new Date(r.leaves_at as string).toISOString(), r.exact];
        expect(stored.map(norm), `${label} ${name} leave times`).toEqual(leaveRows.map(norm));
        const [due] = (await db.query(next.text, bindParams(next, { asOf }))).rows;
        const [row] = (await db.query('SELECT next_change_at, next_change_exact FROM seg.segments WHERE segment = $1', [name])).rows;
        expect([row.next_change_at && new Date(row.next_change_at as string).toISOString(), row.next_change_exact], `${label} ${name} next change`)
            .toEqual([due.next_change_at && new Date(due.next_change_at as string).toISOString(), due.exact]);
    }
    const { rows: bad } = await db.query(`SELECT
        ${OVERLAPPING_STAYS} AS overlaps,
        (SELECT count(*) FROM seg.segments s WHERE members <> (SELECT count(*) FROM seg.members m WHERE m.segment = s.segment))::int AS miscounted`);
    expect(bad[0], label).toEqual({ overlaps: 0, miscounted: 0 });
}

describe('seg refresh --incremental, property: the stored state = a full evaluation after any data changes', () => {
    it('random changes between refreshes, on each engine', async () => {
        const list = await targets();
        try {
            for (const t of list) {
                const dir = project();
                expect((await run('db', 'init', dir, ...t.args)).code).toBe(0);
                const { plan } = await compileProject([dir]);
                const names = plan!.segments.filter(s => !s.draft).map(s => s.name);
                await t.inspect(async db => {
                    let seed = 777;
                    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
                    const pick = (n: number) => Math.floor(random() * n);
                    let asOf = Date.parse('2026-03-10T00:00:00Z');
                    let row = 0, contacts = CONTACTS;
                    const at = (ms: number) => new Date(ms).toISOString();
                    // Rows around the as-of: late (before the last refresh), on time, and dated in the future.
                    const interactions = (table: string, n: number) => db.exec(`INSERT INTO "${table}" ("internal_marketing_interaction_id", "timestamp", "contact_id") VALUES ${
                        Array.from({ length: n }, () => `('${C(700000 + ++row)}', '${at(asOf - 9 * DAY + pick(13 * DAY))}', '${C(1 + pick(contacts))}')`).join(', ')}`);
                    await db.exec(`INSERT INTO "contact" ("contactid", "address1_city", "createdon") VALUES ${
                        Array.from({ length: CONTACTS }, (_, i) => `('${C(i + 1)}', '${['Seattle', 'Paris'][i % 2]}', '${at(asOf - pick(20 * DAY))}')`).join(', ')}`);
                    await interactions('email_opened', 30);
                    await interactions('email_clicked', 12);
                    let incrementalSteps = 0;
                    for (let step = 0; step < 14; step++) {
                        const plain = step === 9;
                        const result = await refreshSegments(db, plan!, names, {
                            asOf: new Date(asOf), force: false, lockTimeoutMs: 1000, statementTimeoutMs: 60_000, segVersion: 'test', incremental: !plain,
                        });
                        const label = `${t.name} step ${step} as of ${at(asOf)}`;
                        expect(result.segments.filter(s => s.error), label).toEqual([]);
                        await expectFullAnswer(db, plan!, names, new Date(asOf), label);
                        const scoped = result.segments.filter((s: SegmentRefresh) => s.evaluated && 'keys' in s.evaluated);
                        if (scoped.length === names.length && scoped.every(s => (s.evaluated as { keys: number }).keys < contacts)) incrementalSteps++;
                        // Changes before the next refresh, a few of each kind, at random.
                        asOf += HOUR + pick(3 * DAY);
                        const change = pick(7);
                        if (change === 0) await interactions('email_opened', 1 + pick(3));
                        if (change === 1) await interactions('email_clicked', 1 + pick(2));
                        if (change === 2) await db.exec(`DELETE FROM "email_opened" WHERE "internal_marketing_interaction_id" IN
                            (SELECT "internal_marketing_interaction_id" FROM "email_opened" ORDER BY "timestamp" DESC LIMIT 2)`);
                        if (change === 3) await db.exec(`UPDATE "email_opened" SET "contact_id" = '${C(1 + pick(contacts))}', "timestamp" = "timestamp" - interval '1 day'
                            WHERE "internal_marketing_interaction_id" = (SELECT "internal_marketing_interaction_id" FROM "email_opened" ORDER BY "timestamp" LIMIT 1)`);
                        if (change === 4) await db.exec(`UPDATE "contact" SET "address1_city" = CASE WHEN "address1_city" = 'Seattle' THEN 'Paris' ELSE 'Seattle' END
                            WHERE "contactid" = '${C(1 + pick(contacts))}'`);
                        if (change === 5) {
                            contacts++;
                            await db.exec(`INSERT INTO "contact" ("contactid", "address1_city", "createdon") VALUES ('${C(contacts)}', 'Seattle', '${at(asOf - pick(2 * DAY))}')`);
                        }
                        if (step === 4) {
                            // A truncate names no contact: the segments reading the table are evaluated in full.
                            await db.exec('TRUNCATE "email_clicked"');
                            await interactions('email_clicked', 3);
                        }
                        if (change === 6) {
                            // Tracking lost (a trigger dropped by hand): the next refresh reinstalls it and evaluates in full.
                            await db.exec('DROP TRIGGER IF EXISTS seg_track_insert ON "email_opened"');
                            await interactions('email_opened', 2);
                        }
                    }
                    // Most refreshes evaluated only the contacts that could have changed.
                    expect(incrementalSteps, t.name).toBeGreaterThanOrEqual(5);
                    const { rows: log } = await db.query('SELECT count(*)::int AS n FROM seg.changes');
                    expect(log[0].n, 'changes every segment has seen are pruned').toBeLessThan(40);
                });
            }
        } finally {
            for (const t of list) await t.close();
        }
    }, 240_000);

    it('says which segments were evaluated in full, and why, and installs tracking once', async () => {
        const [t, ...others] = await targets();
        try {
            const dir = project();
            expect((await run('db', 'init', dir, ...t.args)).code).toBe(0);
            await t.inspect(db => db.exec(`INSERT INTO "contact" ("contactid", "address1_city", "createdon") VALUES ('${C(1)}', 'Seattle', '2026-03-01T00:00:00Z')`));
            const first = await run('refresh', dir, ...t.args, '--as-of', '2026-03-10T00:00:00Z', '--incremental');
            expect(first.code, first.err).toBe(0);
            expect(first.out).toContain('Incremental: 0 of 11 segments evaluated only the contacts that can have changed');
            expect(first.out).toMatch(/in full: .*: no incremental refresh of this definition before/);
            await t.inspect(async db => {
                const { rows } = await db.query(`SELECT count(*)::int AS n FROM pg_trigger WHERE tgname LIKE 'seg_track_%'`);
                expect(rows[0].n).toBe(4 * 3); // contact, email_opened, email_clicked
                // The first refresh (into empty tables) built the members' key and indexes after loading them.
                const { rows: indexes } = await db.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'seg' ORDER BY indexname`);
                expect(indexes.map(r => r.indexname)).toEqual(expect.arrayContaining(['members_contact_idx', 'members_leaves_idx', 'members_pkey', 'past_stays_contact_idx', 'past_stays_segment_idx']));
                const { rows: key } = await db.query(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'members_pkey' AND conrelid = 'seg.members'::regclass AND contype = 'p'`);
                expect(key.map(r => r.def)).toEqual(['PRIMARY KEY (segment, contact_id)']);
                await db.exec(`INSERT INTO "email_opened" ("internal_marketing_interaction_id", "timestamp", "contact_id") VALUES ('${C(1)}', '2026-03-10T10:00:00Z', '${C(1)}')`);
            });
            const second = await run('refresh', dir, ...t.args, '--as-of', '2026-03-11T00:00:00Z', '--incremental', '--format', 'json');
            expect(second.code, second.err).toBe(0);
            const json = JSON.parse(second.out);
            expect(json.segments.find((s: { name: string }) => s.name === 'Openers').evaluated).toEqual({ keys: 1 });
            expect(json.segments.every((s: { evaluated?: { keys?: number } }) => s.evaluated?.keys !== undefined)).toBe(true);
            await t.inspect(db => db.exec('TRUNCATE "email_clicked"'));
            const third = await run('refresh', dir, ...t.args, '--as-of', '2026-03-12T00:00:00Z', '--incremental');
            expect(third.code, third.err).toBe(0);
            expect(third.out).toContain('in full: Clickers, OpenedThenClicked: email_clicked changed, and its changes cannot be traced to contacts here.');
            expect(third.out).toContain('in full: RecentOrNew: Clickers, which it uses, was evaluated in full.');
            expect(third.out).toContain('Incremental: 8 of 11 segments');
            for (const o of others) await o.close();
        } finally {
            await t.close();
        }
    }, 120_000);
    it('with no member ever, a refresh of a few contacts still knows when the others enter', async () => {
        // The history is empty (nobody was ever in), yet the segment has incremental state: only the
        // changed contact is evaluated, and the next change due comes from the stored enter times.
        const list = await targets();
        try {
            for (const t of list) {
                const dir = mkdtempSync(join(tmpdir(), 'seg-refresh-incr-'));
                writeFileSync(join(dir, 'segments.seg'), 'segment Recent = interaction EmailOpened within 7 days\n');
                expect((await run('db', 'init', dir, ...t.args)).code).toBe(0);
                const { plan } = await compileProject([dir]);
                await t.inspect(async db => {
                    await db.exec(`INSERT INTO "contact" ("contactid") VALUES ('${C(1)}'), ('${C(2)}')`);
                    await db.exec(`INSERT INTO "email_opened" ("internal_marketing_interaction_id", "timestamp", "contact_id") VALUES ('${C(900001)}', '2026-03-20T00:00:00Z', '${C(1)}')`);
                    const options = { force: false, lockTimeoutMs: 1000, statementTimeoutMs: 60_000, segVersion: 'test', incremental: true };
                    const first = await refreshSegments(db, plan!, ['Recent'], { ...options, asOf: new Date('2026-03-10T00:00:00Z') });
                    expect(first.segments[0]).toMatchObject({ members: 0, nextChangeAt: new Date('2026-03-20T00:00:00Z') });
                    await db.exec(`INSERT INTO "contact" ("contactid") VALUES ('${C(3)}')`);
                    const second = await refreshSegments(db, plan!, ['Recent'], { ...options, asOf: new Date('2026-03-11T00:00:00Z') });
                    expect(second.segments[0].evaluated, t.name).toEqual({ keys: 1 });
                    const { rows } = await db.query('SELECT (SELECT count(*) FROM seg.members)::int AS members, (SELECT count(*) FROM seg.stays)::int AS stays');
                    expect(rows[0]).toEqual({ members: 0, stays: 0 });
                    expect(second.segments[0].nextChangeAt, t.name).toEqual(new Date('2026-03-20T00:00:00Z'));
                    await expectFullAnswer(db, plan!, ['Recent'], new Date('2026-03-11T00:00:00Z'), t.name);
                });
            }
        } finally {
            for (const t of list) await t.close();
        }
    }, 120_000);
});
