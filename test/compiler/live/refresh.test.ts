// seg refresh / members / history (#10), as a user runs them, on PGlite and the
// PostgreSQL server: stored membership equals `seg run` at every refreshed
// instant, entered/exited history is honest, a refresh at the same as-of changes
// nothing, an earlier as-of is refused (and --force rewinds), a changed
// definition is re-based, a segment's result is reused by the segments using it,
// and a data folder in use by another process is waited for, then refused.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshSegments } from '../../../compiler/live/refresh.js';
import { storedMembers } from '../../../compiler/live/membership.js';
import { compileProject } from '../../../compiler/pipeline.js';
import { leaveTimesSql, nextChangeSql } from '../../../compiler/sql/next-change-sql.js';
import { bindParams, toSql } from '../../../compiler/sql/to-sql.js';
import { runCli as run } from '../../support/cli.js';
import { C, OVERLAPPING_STAYS, targets, type Target } from './live-targets.js';

const day = (d: number) => `2026-03-${String(d).padStart(2, '0')}T12:00:00Z`;

const SEGMENTS = [
    'segment Openers = interaction EmailOpened having count >= 2 within 7 days',
    'segment Seattle = profile contact where address1_city = "seattle"',
    'segment SeattleOpeners = Openers intersect Seattle',
    'draft segment Sketch = profile contact',
    '',
].join('\n');

/** Segments over segments, whose timelines a refresh reads from the tables of those it evaluated first; some hold everyone without rows. */
const REUSING = [
    'segment Quiet = interaction EmailOpened having count = 0 within 3 days',
    'segment QuietSeattle = Quiet intersect Seattle',
    'segment OpenersOrQuiet = Openers union Quiet',
    'segment SeattleNotQuiet = Seattle except Quiet',
    'segment Chain = SeattleNotQuiet union (SeattleOpeners except QuietSeattle)',
    '',
].join('\n');

function project(text = SEGMENTS): string {
    const dir = mkdtempSync(join(tmpdir(), 'seg-refresh-'));
    writeFileSync(join(dir, 'segments.seg'), text);
    return dir;
}

let opened = 0;
function opens(contact: number, ...days: number[]): string {
    return days.map(d => `('${C(900000 + ++opened)}', '${day(d)}', '${C(contact)}')`).join(', ');
}

async function setUp(t: Target, dir: string): Promise<void> {
    expect((await run('db', 'init', dir, ...t.args)).code).toBe(0);
    await t.inspect(async db => {
        await db.exec(`INSERT INTO "contact" ("contactid", "address1_city") VALUES
            ('${C(1)}', 'Seattle'), ('${C(2)}', 'Seattle'), ('${C(3)}', 'Paris'), ('${C(4)}', 'Paris')`);
        await db.exec(`INSERT INTO "email_opened" ("internal_marketing_interaction_id", "timestamp", "contact_id") VALUES
            ${opens(1, 1, 2)}, ${opens(2, 5, 9)}, ${opens(3, 8, 9, 10)}, ${opens(4, 2)}`);
    });
}

async function runMembers(t: Target, dir: string, asOf: string): Promise<Record<string, string[]>> {
    const r = await run('run', dir, ...t.args, '--as-of', asOf, '--members', '--format', 'json');
    expect(r.code, r.err).toBe(0);
    return Object.fromEntries(JSON.parse(r.out).segments.map((s: { name: string; members: string[] }) => [s.name, s.members]));
}

async function storedAt(t: Target, name: string, at?: string): Promise<string[]> {
    const r = await run('members', name, ...t.args, ...(at ? ['--at', at] : []), '--format', 'json');
    expect(r.code, r.err).toBe(0);
    return JSON.parse(r.out).members;
}

async function refresh(t: Target, dir: string, asOf: string, ...more: string[]) {
    const r = await run('refresh', dir, ...t.args, '--as-of', asOf, '--format', 'json', ...more);
    return { ...r, json: r.code === 0 || r.out.startsWith('{') ? JSON.parse(r.out || '{}') : undefined };
}

/** Stays never overlap for one contact (closed ones end at or after they begin: a CHECK). */
async function expectConsistent(t: Target): Promise<void> {
    await t.inspect(async db => {
        const { rows } = await db.query(`SELECT ${OVERLAPPING_STAYS} AS n`);
        expect(rows[0].n).toBe(0);
    });
}

describe('seg refresh', () => {
    // Fresh databases per test.
    let list: Target[] = [];
    beforeEach(async () => { list = await targets(); }, 60_000);
    afterEach(async () => { for (const t of list) await t.close(); });

    it('stores membership with entered/exited history that agrees with seg run at every refreshed instant', async () => {
        for (const t of list) {
            const dir = project();
            await setUp(t, dir);
            const first = await refresh(t, dir, day(3));
            expect(first.code, first.err).toBe(0);
            expect(first.json.segments.map((s: { name: string }) => s.name)).toEqual(['Openers', 'Seattle', 'SeattleOpeners']);
            expect(first.json.segments[0]).toMatchObject({ members: 1, entered: 1, exited: 0, kept: 0 });

            // Day 10: contact 1's opens slid out of the window, 2 and 3 came in.
            const second = await refresh(t, dir, day(10));
            expect(second.json.segments[0]).toMatchObject({ members: 2, entered: 2, exited: 1, kept: 0 });
            expect(second.json.segments[2]).toMatchObject({ members: 1, entered: 1, exited: 1 });

            for (const asOf of [day(3), day(10)]) {
                const expected = await runMembers(t, dir, asOf);
                for (const name of ['Openers', 'Seattle', 'SeattleOpeners']) expect(await storedAt(t, name, asOf), `${t.name} ${name} at ${asOf}`).toEqual(expected[name]);
            }
            expect(await storedAt(t, 'Openers')).toEqual([C(2), C(3)]);
            expect(await storedAt(t, 'Openers', '2026-02-01T00:00:00Z')).toEqual([]);

            const history = await run('history', 'Openers', ...t.args, '--contact', C(1), '--format', 'json');
            expect(JSON.parse(history.out).stays).toEqual([{ enteredAt: '2026-03-03T12:00:00.000Z', exitedAt: '2026-03-10T12:00:00.000Z' }]);
            const text = await run('history', 'Openers', ...t.args, '--contact', C(2));
            expect(text.out).toContain('entered 2026-03-10T12:00:00.000Z  still a member');

            // The same as-of again: nothing changes.
            const before = await t.inspect(db => db.query('SELECT count(*)::int AS n FROM seg.stays'));
            const again = await refresh(t, dir, day(10));
            expect(again.json.segments.map((s: { entered: number; exited: number }) => s.entered + s.exited)).toEqual([0, 0, 0]);
            expect(await t.inspect(db => db.query('SELECT count(*)::int AS n FROM seg.stays'))).toEqual(before);
            await expectConsistent(t);

            // An earlier as-of is refused in one line; --force rewinds to it.
            const refused = await refresh(t, dir, day(3));
            expect(refused.code).toBe(1);
            expect(refused.err.trim().split('\n')).toHaveLength(1);
            expect(refused.err).toMatch(/earlier than the last refresh of '.*' \(as of 2026-03-10T12:00:00\.000Z\); use --force/);
            const forced = await refresh(t, dir, day(3), '--force');
            expect(forced.code, forced.err).toBe(0);
            expect(forced.json.segments[0].rewound).toBeGreaterThan(0);
            expect(await storedAt(t, 'Openers')).toEqual((await runMembers(t, dir, day(3))).Openers);
            const rewound = await run('history', 'Openers', ...t.args, '--contact', C(1), '--format', 'json');
            expect(JSON.parse(rewound.out).stays).toEqual([{ enteredAt: '2026-03-03T12:00:00.000Z', exitedAt: null }]);
            await expectConsistent(t);
        }
    }, 180_000);

    it('stores when each member would leave by time alone and when the next change is due: a refresh just before it changes nothing, one at it does', async () => {
        for (const t of list) {
            const dir = project();
            await setUp(t, dir);
            // Day 10: contact 2's second-newest open (day 5) leaves the 7-day window on day 12; contact 3's (day 9) on day 16.
            const r = await refresh(t, dir, day(10));
            expect(r.code, r.err).toBe(0);
            const [openers, seattle, both] = r.json.segments;
            expect(openers).toMatchObject({ nextChangeAt: day(12).replace('Z', '.000Z'), nextChangeExact: true });
            expect(seattle).toMatchObject({ nextChangeAt: null });
            expect(both).toMatchObject({ nextChangeAt: day(12).replace('Z', '.000Z'), nextChangeExact: true });
            expect(r.json.nextChangeAt).toBe(day(12).replace('Z', '.000Z'));
            const stored = await t.inspect(async db => (await db.query(
                `SELECT segment, contact_id::text AS contact, leaves_at, leaves_exact FROM seg.members ORDER BY segment, contact_id`)).rows
                .map(row => [row.segment, row.contact, row.leaves_at === null ? null : new Date(row.leaves_at as string).toISOString(), row.leaves_exact]));
            expect(stored).toEqual([
                ['Openers', C(2), '2026-03-12T12:00:00.000Z', true],
                ['Openers', C(3), '2026-03-16T12:00:00.000Z', true],
                ['Seattle', C(1), null, true],
                ['Seattle', C(2), null, true],
                ['SeattleOpeners', C(2), '2026-03-12T12:00:00.000Z', true],
            ]);
            await t.inspect(async db => {
                const { rows } = await db.query(`SELECT segment, next_change_at FROM seg.segments ORDER BY segment`);
                expect(rows.map(row => row.next_change_at && new Date(row.next_change_at as string).toISOString())).toEqual([day(12).replace('Z', '.000Z'), null, day(12).replace('Z', '.000Z')]);
            });
            const text = await run('refresh', dir, ...t.args, '--as-of', day(10));
            expect(text.out).toMatch(/^Openers .* 2026-03-12T12:00:00\.000Z$/m);
            expect(text.out).toContain('Next membership change due 2026-03-12T12:00:00.000Z (Openers): refresh then');
            const listed = await run('members', 'Openers', ...t.args);
            expect(listed.out).toMatch(/00000000-0000-4000-8000-000000000003 +2026-03-10T12:00:00\.000Z +2026-03-16T12:00:00\.000Z/);

            // No new data: just before the instant nothing changes; at it contact 2 leaves both segments.
            const before = await refresh(t, dir, '2026-03-12T11:59:59.999Z');
            expect(before.json.segments.map((s: { entered: number; exited: number }) => s.entered + s.exited)).toEqual([0, 0, 0]);
            const at = await refresh(t, dir, day(12));
            expect(at.json.segments.map((s: { exited: number }) => s.exited)).toEqual([1, 0, 1]);
            expect(at.json.nextChangeAt).toBe('2026-03-16T12:00:00.000Z');
            // Unchanged leave times are not rewritten; contact 3's row is the same row.
            expect(await t.inspect(async db => (await db.query(`SELECT count(*)::int AS n FROM seg.members WHERE leaves_at IS NOT NULL`)).rows[0].n)).toBe(1);
        }
    }, 180_000);

    it('re-bases a changed definition with exits and entries, and records both fingerprints', async () => {
        for (const t of list) {
            const dir = project();
            await setUp(t, dir);
            const first = await refresh(t, dir, day(10), '--segment', 'Openers');
            expect(first.json.segments).toHaveLength(1);
            writeFileSync(join(dir, 'segments.seg'), SEGMENTS.replace('within 7 days', 'within 30 days'));
            const changed = await refresh(t, dir, day(11), '--segment', 'Openers');
            const [s] = changed.json.segments;
            expect(s.previousFingerprint).toBe(first.json.segments[0].fingerprint);
            expect(s.fingerprint).not.toBe(s.previousFingerprint);
            expect(s).toMatchObject({ entered: 1, exited: 0 });
            expect(await storedAt(t, 'Openers')).toEqual((await runMembers(t, dir, day(11))).Openers);
            const table = await run('refresh', dir, ...t.args, '--as-of', day(11), '--segment', 'Openers');
            expect(table.out).toMatch(/^Openers\s+3\s+\+0\s+−0/m);
            await t.inspect(async db => {
                const { rows } = await db.query(`SELECT count(DISTINCT fingerprint)::int AS n FROM seg.refresh_segments WHERE segment = 'Openers'`);
                expect(rows[0].n).toBe(2);
            });
        }
    }, 120_000);

    it('clear messages: no database, a draft, an unknown stored segment, a bad contact id', async () => {
        const dir = project();
        const saved = process.env.SEG_DATABASE_URL;
        delete process.env.SEG_DATABASE_URL;
        try {
            const none = await run('refresh', dir);
            expect(none.code).toBe(2);
            expect(none.err).toMatch(/--db URL .* or --data-dir DIR/);
        } finally {
            if (saved !== undefined) process.env.SEG_DATABASE_URL = saved;
        }
        const t = list[0];
        await setUp(t, dir);
        for (const jobs of ['0', '2.5', 'many']) {
            const bad = await run('refresh', dir, ...t.args, '--jobs', jobs);
            expect(bad.code).toBe(2);
            expect(bad.err).toContain(`--jobs must be a whole number from 1 to 16, not '${jobs}'`);
        }
        const draft = await run('refresh', dir, ...t.args, '--segment', 'Sketch');
        expect(draft.code).toBe(2);
        expect(draft.err).toContain("'Sketch' is a draft");
        expect((await refresh(t, dir, day(5))).code).toBe(0);
        const unknown = await run('members', 'Openrs', ...t.args);
        expect(unknown.code).toBe(1);
        expect(unknown.err).toMatch(/segment 'Openrs' has not been refreshed .*Did you mean 'Openers'\?/);
        const bad = await run('history', 'Openers', ...t.args, '--contact', "x'; drop table contact; --");
        expect(bad.code).toBe(2);
        expect(bad.err).toContain('--contact must be a contact id');
    }, 120_000);

    it('waits for another process using the data folder, then refuses with its pid', async () => {
        const dir = project();
        const dataDir = join(mkdtempSync(join(tmpdir(), 'seg-refresh-lock-')), 'data');
        // A live process holds the folder: the parent of this test worker.
        const { mkdirSync } = await import('node:fs');
        mkdirSync(dataDir, { recursive: true });
        writeFileSync(join(dataDir, '.seg-lock'), `${process.ppid}\n`);
        const r = await run('refresh', dir, '--data-dir', dataDir, '--lock-timeout', '1');
        expect(r.code).toBe(1);
        expect(r.err).toContain(`waiting for it (up to 1 s)`);
        expect(r.err).toContain(`is in use by another seg process (pid ${process.ppid})`);
        // A lock left by a process that is gone is taken over.
        writeFileSync(join(dataDir, '.seg-lock'), '2147483000\n');
        const stale = await run('refresh', dir, '--data-dir', dataDir, '--as-of', day(5));
        expect(stale.code, stale.err).toBe(0);
    }, 120_000);
});

describe('seg refresh, property: stored history = seg run at every refreshed instant', () => {
    it('random as-ofs with interactions arriving between refreshes, on each engine', async () => {
        const list = await targets();
        try {
            for (const t of list) {
                const dir = project(SEGMENTS + REUSING);
                await setUp(t, dir);
                const { plan } = await compileProject([dir]);
                const names = plan!.segments.filter(s => !s.draft).map(s => s.name);
                await t.inspect(async db => {
                    let seed = 12345;
                    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
                    let asOf = Date.parse('2026-03-02T00:00:00Z');
                    const refreshed: Date[] = [];
                    for (let step = 0; step < 6; step++) {
                        const next = asOf + Math.floor(random() * 4 * 86_400_000) + 3_600_000;
                        // New opens happen between the last refresh and the next one (data arrives in time order).
                        const rows = Array.from({ length: 1 + Math.floor(random() * 4) }, () =>
                            `('${C(800000 + ++opened)}', '${new Date(asOf + 1 + Math.floor(random() * (next - asOf))).toISOString()}', '${C(1 + Math.floor(random() * 4))}')`);
                        await db.exec(`INSERT INTO "email_opened" ("internal_marketing_interaction_id", "timestamp", "contact_id") VALUES ${rows.join(', ')}`);
                        asOf = next;
                        await refreshSegments(db, plan!, names, { asOf: new Date(asOf), force: false, lockTimeoutMs: 1000, statementTimeoutMs: 60_000, segVersion: 'test' });
                        refreshed.push(new Date(asOf));
                        // Stored leave times (written incrementally) = the leave-time query now; so is the next change due.
                        for (const name of names) {
                            const leaves = leaveTimesSql(plan!, name), next = nextChangeSql(plan!, name);
                            const { rows: expected } = await db.query(leaves.text, bindParams(leaves, { asOf: new Date(asOf) }));
                            const { rows: stored } = await db.query(
                                `SELECT contact_id, leaves_at, leaves_exact AS exact FROM seg.members WHERE segment = $1 ORDER BY contact_id`, [name]);
                            const norm = (r: Record<string, unknown>) => [String(r.contact_id), r.leaves_at === null ? null : new Date(r.leaves_at as string).toISOString(), r.exact];
                            expect(stored.map(norm), `${t.name} ${name} leave times after step ${step}`).toEqual(expected.map(norm));
                            const [due] = (await db.query(next.text, bindParams(next, { asOf: new Date(asOf) }))).rows;
                            const [row] = (await db.query('SELECT next_change_at, next_change_exact FROM seg.segments WHERE segment = $1', [name])).rows;
                            expect([row.next_change_at && new Date(row.next_change_at as string).toISOString(), row.next_change_exact])
                                .toEqual([due.next_change_at && new Date(due.next_change_at as string).toISOString(), due.exact]);
                        }
                        for (const T of refreshed) {
                            for (const name of names) {
                                const query = toSql(plan!, name);
                                const { rows: expected } = await db.query(query.text, bindParams(query, { asOf: T }));
                                const stored = (await storedMembers(db, name, T)).map(m => m.contactId);
                                expect(stored, `${t.name} ${name} at ${T.toISOString()} after step ${step}`).toEqual(expected.map(r => String(r.contact_id)).sort());
                            }
                        }
                    }
                });
            }
        } finally {
            for (const t of list) await t.close();
        }
    }, 180_000);
});
