// The seg tables' migrations on a database that already holds history: the
// version-4 one (open stays become the member rows, closed ones move to
// seg.past_stays, seg.stays becomes a view of both) keeps every stay, and
// what `seg members --at` and `seg history` read is unchanged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contactStays, storedMembers } from '../../../compiler/live/membership.js';
import { LIVE_SCHEMA_VERSION, liveSchemaVersion, migrateLiveSchema } from '../../../compiler/live/live-schema.js';
import { C, OVERLAPPING_STAYS, targets } from './live-targets.js';

const at = (day: string) => new Date(`2026-${day}T00:00:00Z`);

describe('seg tables: migrations over existing history', () => {
    it('version 3 → 4: every stay kept, open ones are the members, reads unchanged', async () => {
        const list = await targets();
        try {
            for (const t of list) {
                await t.inspect(async db => {
                    await db.transaction(tx => migrateLiveSchema(tx, 3));
                    expect(await liveSchemaVersion(db)).toBe(3);
                    // Refresh 1 (1 Feb): C1 and C2 enter A. Refresh 2 (15 Feb): C1 leaves. Refresh 3 (1 Mar): C1 enters again.
                    await db.exec(`INSERT INTO seg.refreshes (refresh_id, as_of, started_at, status) VALUES
                        (1, '2026-02-01Z', now(), 'ok'), (2, '2026-02-15Z', now(), 'ok'), (3, '2026-03-01Z', now(), 'ok')`);
                    await db.exec(`INSERT INTO seg.stays (segment, contact_id, entered_at, exited_at, entered_refresh, exited_refresh) VALUES
                        ('A', '${C(1)}', '2026-02-01Z', '2026-02-15Z', 1, 2),
                        ('A', '${C(2)}', '2026-02-01Z', NULL, 1, NULL),
                        ('A', '${C(1)}', '2026-03-01Z', NULL, 3, NULL)`);
                    await db.exec(`INSERT INTO seg.members (segment, contact_id, entered_at, leaves_at, leaves_exact) VALUES
                        ('A', '${C(2)}', '2026-02-01Z', NULL, true),
                        ('A', '${C(1)}', '2026-03-01Z', '2026-03-08Z', true)`);
                    const before = await stays(db);

                    expect(await db.transaction(tx => migrateLiveSchema(tx))).toEqual({ from: 3, to: LIVE_SCHEMA_VERSION });
                    expect(await stays(db), t.name).toEqual(before);
                    expect(before).toHaveLength(3);
                    const { rows: past } = await db.query('SELECT count(*)::int AS n FROM seg.past_stays');
                    expect(past[0].n).toBe(1);
                    const { rows: members } = await db.query(
                        'SELECT contact_id::text AS c, entered_refresh::int AS r, leaves_at FROM seg.members ORDER BY contact_id');
                    expect(members.map(m => [m.c, m.r, m.leaves_at && new Date(m.leaves_at as string).toISOString()]))
                        .toEqual([[C(1), 3, '2026-03-08T00:00:00.000Z'], [C(2), 1, null]]);
                    expect((await storedMembers(db, 'A', at('02-10'))).map(m => m.contactId)).toEqual([C(1), C(2)]);
                    expect((await storedMembers(db, 'A', at('02-20'))).map(m => m.contactId)).toEqual([C(2)]);
                    expect((await contactStays(db, 'A', C(1))).map(s => [s.enteredAt.toISOString(), s.exitedAt?.toISOString() ?? null]))
                        .toEqual([['2026-02-01T00:00:00.000Z', '2026-02-15T00:00:00.000Z'], ['2026-03-01T00:00:00.000Z', null]]);
                    const { rows: overlaps } = await db.query(`SELECT ${OVERLAPPING_STAYS} AS n`);
                    expect(overlaps[0].n).toBe(0);
                    // Migrating again does nothing.
                    expect(await db.transaction(tx => migrateLiveSchema(tx))).toEqual({ from: LIVE_SCHEMA_VERSION, to: LIVE_SCHEMA_VERSION });
                });
            }
        } finally {
            for (const t of list) await t.close();
        }
    }, 120_000);
});

describe('seg tables: the README describes them as they are', () => {
    it('every table and view of the seg schema, and its columns, is in the README\'s table', async () => {
        const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
        const documented = new Map<string, string[]>();
        for (const line of readme.split('\n')) {
            const m = /^\| `seg\.(\w+)`[^|]*\|[^|]*\| (.*) \|$/.exec(line);
            if (!m) continue;
            // The columns: the quoted names outside the parenthesised remarks.
            const columns = m[2].replace(/\([^()]*\)/g, '').match(/`(\w+)`/g)!.map(c => c.slice(1, -1));
            documented.set(m[1], columns.sort());
        }
        const [t] = await targets();
        try {
            const actual = await t.inspect(async db => {
                await db.transaction(tx => migrateLiveSchema(tx));
                const { rows } = await db.query(`SELECT table_name, column_name FROM information_schema.columns
                    WHERE table_schema = 'seg' AND table_name <> 'migrations' ORDER BY table_name, column_name`);
                const byTable = new Map<string, string[]>();
                for (const r of rows) byTable.set(String(r.table_name), [...(byTable.get(String(r.table_name)) ?? []), String(r.column_name)]);
                return byTable;
            });
            expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(actual));
        } finally {
            await t.close();
        }
    }, 60_000);
});

async function stays(db: { query(text: string): Promise<{ rows: Record<string, unknown>[] }> }): Promise<string[]> {
    const { rows } = await db.query(`SELECT segment || ' ' || contact_id || ' ' || to_char(entered_at AT TIME ZONE 'UTC', 'MM-DD')
        || '/' || entered_refresh || ' ' || coalesce(to_char(exited_at AT TIME ZONE 'UTC', 'MM-DD') || '/' || exited_refresh, '-') AS stay
        FROM seg.stays ORDER BY 1`);
    return rows.map(r => String(r.stay));
}
