// seg refresh --jobs (PostgreSQL server): helper connections evaluate segments
// ahead of the refresh's own connection (live/evaluated-ahead.ts). What it
// stores must be what one connection stores, row for row, into an empty
// history and into one with stays; a killed refresh's scratch tables must not
// leak into the next one; a helper's failure is its segment's failure, with
// the message one connection gives.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegDatabase } from '../../../compiler/db/database.js';
import { openDatabase } from '../../../compiler/db/open-database.js';
import { schemaStatements } from '../../../compiler/db/schema.js';
import { seed } from '../../../compiler/demo-data/load.js';
import { TIMELINE_COLUMNS, WORK_SCHEMA } from '../../../compiler/live/evaluated-ahead.js';
import { refreshSegments, type RefreshResult } from '../../../compiler/live/refresh.js';
import type { Plan } from '../../../compiler/plan/plan.js';
import { compileProject } from '../../../compiler/pipeline.js';
import { SERVER_URL } from '../../support/engines.js';

const EXAMPLES = new URL('../../../examples', import.meta.url).pathname;
const AS_OF = new Date('2026-11-28T12:00:00Z');
const DAY_LATER = new Date('2026-11-29T12:00:00Z');

/** Everything a refresh stores, in a stable order (refresh ids and wall-clock times left out). */
const STORED = {
    members: `SELECT segment, contact_id, entered_at, leaves_at, leaves_exact FROM seg.members ORDER BY 1, 2`,
    pastStays: `SELECT segment, contact_id, entered_at, exited_at FROM seg.past_stays ORDER BY 1, 2, 3`,
    pending: `SELECT segment, contact_id, enters_at, enters_exact FROM seg.pending ORDER BY 1, 2`,
    segments: `SELECT segment, fingerprint, last_as_of, members, next_change_at, next_change_exact FROM seg.segments ORDER BY 1`,
    logged: `SELECT segment, status, members, entered, exited, kept, error, next_change_at, next_change_exact
             FROM seg.refresh_segments ORDER BY refresh_id, segment`,
};

async function stored(db: SegDatabase): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {};
    for (const [key, sql] of Object.entries(STORED)) out[key] = (await db.query(sql)).rows;
    return out;
}

async function workTables(db: SegDatabase): Promise<string[]> {
    const { rows } = await db.query('SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY 1', [WORK_SCHEMA]);
    return rows.map(r => String(r.tablename));
}

describe.skipIf(!SERVER_URL)('seg refresh --jobs: helper connections evaluate segments ahead (PostgreSQL server)', () => {
    const name = `seg_jobs_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
    let admin: pg.Client;
    /** A connection of its own to the test database, to look while a refresh runs. */
    let watch: pg.Client;
    let db: SegDatabase;
    let plan: Plan;
    let names: string[];
    const url = () => {
        const u = new URL(SERVER_URL!);
        u.pathname = `/${name}`;
        return u.toString();
    };

    beforeAll(async () => {
        admin = new pg.Client({ connectionString: SERVER_URL });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        db = await openDatabase({ url: url() });
        watch = new pg.Client({ connectionString: url() });
        await watch.connect();
        const compiled = await compileProject([EXAMPLES]);
        plan = compiled.plan!;
        names = plan.segments.filter(s => !s.draft).map(s => s.name);
        for (const s of schemaStatements(compiled.project.files.map(f => f.document.parseResult.value))) await db.exec(s);
        await seed(db, { contacts: 3000, seed: 11, asOf: DAY_LATER, project: { files: compiled.project.files, plan } });
        await db.exec('ANALYZE');
    }, 120_000);

    afterAll(async () => {
        await db?.close();
        await watch?.end();
        try { await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); } finally { await admin?.end(); }
    });

    const refresh = (asOf: Date, jobs: number, onWarning?: (m: string) => void, incremental = false) =>
        refreshSegments(db, plan, names, { asOf, force: false, lockTimeoutMs: 10_000, statementTimeoutMs: 120_000, segVersion: 'test', jobs, onWarning, incremental });

    /** `work`'s result, and the most helper tables seen at once while it ran. */
    async function watched<T>(work: () => Promise<T>): Promise<{ result: T; seen: number }> {
        let seen = 0;
        const look = () => watch.query('SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1', [WORK_SCHEMA])
            .then(r => { seen = Math.max(seen, r.rows[0].n as number); }, () => undefined);
        const timer = setInterval(() => void look(), 20);
        try {
            return { result: await work(), seen };
        } finally {
            clearInterval(timer);
        }
    }

    /** Two refreshes (a first one, then a day later) from no seg schema, with `jobs`; what they stored. */
    async function twoRefreshes(jobs: number, incremental = false): Promise<{ first: Record<string, unknown[]>; second: Record<string, unknown[]>; results: RefreshResult[] }> {
        await db.exec('DROP SCHEMA IF EXISTS seg CASCADE');
        const warnings: string[] = [];
        const a = await refresh(AS_OF, jobs, m => warnings.push(m), incremental);
        const first = await stored(db);
        const b = await refresh(DAY_LATER, jobs, m => warnings.push(m), incremental);
        expect(warnings).toEqual([]);
        return { first, second: await stored(db), results: [a, b] };
    }

    it('stores, row for row, what one connection stores: into an empty history and a day later; its scratch tables are gone after', async () => {
        const one = await twoRefreshes(1);
        // While a refresh with helpers runs, their tables exist (so the helpers did the work)...
        const { result: three, seen } = await watched(() => twoRefreshes(3));
        expect(seen).toBeGreaterThan(0);
        // ...and after it, none is left.
        expect(await workTables(db)).toEqual([]);
        for (const r of [...one.results, ...three.results]) expect(r.segments.filter(s => s.error)).toEqual([]);
        expect(one.first.members.length).toBeGreaterThan(1000);
        expect(one.second.pastStays.length).toBeGreaterThan(0);
        expect(three.first).toEqual(one.first);
        expect(three.second).toEqual(one.second);
    }, 300_000);

    it('with --incremental, into an empty history (every contact evaluated, by the helpers), then a day later: the same rows as one connection', async () => {
        const one = await twoRefreshes(1, true);
        const { result: three, seen } = await watched(() => twoRefreshes(3, true));
        expect(seen).toBeGreaterThan(0);
        expect(one.first.pending.length).toBeGreaterThan(0);
        expect(three.results[1].segments.some(s => s.evaluated && 'keys' in s.evaluated)).toBe(true);
        expect(three.first).toEqual(one.first);
        expect(three.second).toEqual(one.second);
        expect(await workTables(db)).toEqual([]);
    }, 300_000);

    it('drops a killed refresh\'s scratch tables before it starts, but does not wait on one a stray query of it still holds', async () => {
        await db.exec('DROP SCHEMA IF EXISTS seg CASCADE');
        const clean = await refresh(AS_OF, 3);
        const expected = await stored(db);
        await db.exec('DROP SCHEMA IF EXISTS seg CASCADE');
        // What killed refreshes leave: filled tables of their own names, one still in use by a query of theirs.
        await db.exec(`CREATE SCHEMA IF NOT EXISTS ${WORK_SCHEMA};
            CREATE UNLOGGED TABLE ${WORK_SCHEMA}.seg_refresh_0badf00d_1_timeline (${TIMELINE_COLUMNS});
            INSERT INTO ${WORK_SCHEMA}.seg_refresh_0badf00d_1_timeline SELECT contactid, true, NULL, true FROM contact;
            CREATE UNLOGGED TABLE ${WORK_SCHEMA}.seg_refresh_0badf00d_2 (contact_id uuid NOT NULL);
            CREATE UNLOGGED TABLE ${WORK_SCHEMA}.seg_refresh_0badcafe_1 (contact_id uuid NOT NULL)`);
        const stray = new pg.Client({ connectionString: url() });
        await stray.connect();
        try {
            await stray.query(`BEGIN; LOCK TABLE ${WORK_SCHEMA}.seg_refresh_0badcafe_1 IN ACCESS SHARE MODE`);
            const again = await refresh(AS_OF, 3);
            expect(again.segments.map(s => s.members)).toEqual(clean.segments.map(s => s.members));
            expect(await stored(db)).toEqual(expected);
            expect(await workTables(db)).toEqual(['seg_refresh_0badcafe_1']);
            await stray.query('COMMIT');
        } finally {
            await stray.end();
        }
        await refresh(DAY_LATER, 3);
        expect(await workTables(db)).toEqual([]);
    }, 300_000);

    it('stores the same under a server default of repeatable read and a short idle-in-transaction timeout', async () => {
        await db.exec('DROP SCHEMA IF EXISTS seg CASCADE');
        await refresh(AS_OF, 1);
        const expected = await stored(db);
        await db.exec(`DROP SCHEMA seg CASCADE;
            ALTER DATABASE ${name} SET default_transaction_isolation = 'repeatable read';
            ALTER DATABASE ${name} SET idle_in_transaction_session_timeout = '100ms'`);
        const strict = await openDatabase({ url: url() });
        try {
            const warnings: string[] = [];
            const result = await refreshSegments(strict, plan, names,
                { asOf: AS_OF, force: false, lockTimeoutMs: 10_000, statementTimeoutMs: 120_000, segVersion: 'test', jobs: 3, onWarning: m => warnings.push(m) });
            expect(warnings).toEqual([]);
            expect(result.segments.filter(s => s.error)).toEqual([]);
            expect(await stored(strict)).toEqual(expected);
        } finally {
            await strict.close();
            await db.exec(`ALTER DATABASE ${name} RESET default_transaction_isolation; ALTER DATABASE ${name} RESET idle_in_transaction_session_timeout`);
        }
    }, 300_000);

    it('where seg_work is not the refreshing role\'s alone, warns and refreshes on one connection, storing the same', async () => {
        await db.exec('DROP SCHEMA IF EXISTS seg CASCADE');
        await refresh(AS_OF, 1);
        const expected = await stored(db);
        const oneConnection = async (on: SegDatabase, why: string) => {
            await db.exec('DROP SCHEMA IF EXISTS seg CASCADE');
            const warnings: string[] = [];
            const result = await refreshSegments(on, plan, names,
                { asOf: AS_OF, force: false, lockTimeoutMs: 10_000, statementTimeoutMs: 120_000, segVersion: 'test', jobs: 3, onWarning: m => warnings.push(m) });
            expect(warnings).toEqual([`segments are evaluated on one connection: helper connections could not start (${why})`]);
            expect(result.segments.filter(s => s.error)).toEqual([]);
            expect(await stored(on)).toEqual(expected);
        };
        // Anyone may create objects there (a table or function there could stand in for the user's).
        await db.exec(`DROP SCHEMA IF EXISTS ${WORK_SCHEMA} CASCADE; CREATE SCHEMA ${WORK_SCHEMA}; GRANT CREATE ON SCHEMA ${WORK_SCHEMA} TO PUBLIC`);
        await oneConnection(db, `other roles may create objects in schema ${WORK_SCHEMA}`);
        // Another role's schema.
        const role = `${name}_user`;
        await db.exec(`DROP SCHEMA seg CASCADE; REVOKE CREATE ON SCHEMA ${WORK_SCHEMA} FROM PUBLIC;
            CREATE ROLE ${role} LOGIN; GRANT CREATE ON DATABASE ${name} TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role}`);
        const limitedUrl = new URL(url());
        limitedUrl.username = role;
        const limited = await openDatabase({ url: limitedUrl.toString() });
        try {
            await oneConnection(limited, `schema ${WORK_SCHEMA} belongs to another role`);
        } finally {
            await limited.close();
            await db.exec(`DROP SCHEMA IF EXISTS seg CASCADE; DROP OWNED BY ${role}; DROP ROLE ${role}; DROP SCHEMA ${WORK_SCHEMA} CASCADE`);
        }
    }, 300_000);

    it('a helper whose connection is lost leaves its segment to the refresh\'s own connection: the same rows, and a warning', async () => {
        await db.exec('DROP SCHEMA IF EXISTS seg CASCADE');
        await refresh(AS_OF, 1);
        const expected = await stored(db);
        await db.exec('DROP SCHEMA IF EXISTS seg CASCADE');
        // A helper evaluating a segment that reads loyalty_member waits on this lock; it is then ended.
        const locker = new pg.Client({ connectionString: url() });
        await locker.connect();
        try {
            await locker.query('BEGIN; LOCK TABLE "loyalty_member" IN ACCESS EXCLUSIVE MODE');
            const warnings: string[] = [];
            const running = refresh(AS_OF, 3, m => warnings.push(m));
            let ended = 0;
            for (let i = 0; i < 600 && !ended; i++) {
                const { rows } = await watch.query(
                    `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
                     WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO "${WORK_SCHEMA}".%' AND pid <> pg_backend_pid()`);
                ended = rows[0].n as number;
                if (!ended) await new Promise(r => setTimeout(r, 50));
            }
            expect(ended).toBe(1);
            await locker.query('COMMIT');
            const result = await running;
            expect(result.segments.filter(s => s.error)).toEqual([]);
            expect(warnings).toHaveLength(1);
            expect(warnings[0]).toMatch(/^a helper connection was lost \(.*\); the refresh's own connection evaluates '\w+'/);
            expect(await stored(db)).toEqual(expected);
            expect(await workTables(db)).toEqual([]);
        } finally {
            await locker.end();
        }
    }, 300_000);

    it('a segment a helper cannot evaluate fails alone, with the message one connection gives; the others are stored', async () => {
        await db.exec('ALTER TABLE "loyalty_member" RENAME TO "loyalty_member_away"');
        try {
            const failures = async (jobs: number) => {
                await db.exec('DROP SCHEMA IF EXISTS seg CASCADE');
                const result = await refresh(AS_OF, jobs);
                return { failed: result.segments.filter(s => s.error).map(s => [s.name, s.error]), ok: result.segments.filter(s => !s.error).length };
            };
            const one = await failures(1);
            const three = await failures(3);
            expect(one.failed.length).toBeGreaterThan(0);
            expect(one.failed.every(([, error]) => /loyalty_member/.test(String(error)))).toBe(true);
            expect(three).toEqual(one);
            expect(await workTables(db)).toEqual([]);
        } finally {
            await db.exec('ALTER TABLE "loyalty_member_away" RENAME TO "loyalty_member"');
        }
    }, 300_000);
});
