// `seg refresh`: evaluate live segments and store their membership in the
// database (README, "Live segments"). One transaction per refresh, under an
// advisory lock, so a refresh is atomic (a killed process leaves the previous
// state) and two never interleave. Each segment:
//   1. its timeline (who is in, and when each could change: next-change-sql.ts)
//      goes into a temporary table, and its members from it (a segment time
//      cannot change has no timeline: its SQL gives them); a segment it uses
//      that this refresh already evaluated is read from that segment's
//      tables, not computed again;
//   2. the delta against seg.members is computed and applied in the database,
//      with set operations: members no longer in it leave (their stay is
//      closed at the as-of), new ones enter (a stay opens at the as-of); into
//      an empty history, a segment no other one reads is written straight
//      into seg.members (all its members enter);
//   3. each member's leave time (when it would leave if no data changed) and
//      the segment's next change due, from the timeline, are stored; only
//      member rows whose leave time changed are written;
//   4. its row in seg.segments and a seg.refresh_segments row record it.
// A segment that fails (a timeout, a missing table) is rolled back to its
// savepoint alone and reported; the others are still refreshed.
import { randomBytes } from 'node:crypto';
import type { SegDatabase } from '../db/database.js';
import { DatabaseError } from '../db/database.js';
import type { Plan } from '../plan/plan.js';
import { postgresDialect } from '../sql/postgres-dialect.js';
import { tablesOf } from '../sql/ctes.js';
import { timelineRowsSql, type ReusedTimeline } from '../sql/next-change-sql.js';
import { bindParams, SqlError, toSql } from '../sql/to-sql.js';
import { quoteLiteral } from '../db/sql-text.js';
import { currentSnapshot, ensureTracking, fullEvaluationReason, inAffected, pruneChanges, restrictTables, stageAffected, tableUses, trackedKeys,
    type IncrementalState } from './change-tracking.js';
import { segmentFingerprint } from './fingerprint.js';
import { startEvaluatingAhead, TIMELINE_COLUMNS, type EvaluatedAhead, type StagedTimeline } from './evaluated-ahead.js';
import { LIVE_SCHEMA_VERSION, liveSchemaVersion, MEMBER_INDEXES, migrateLiveSchema } from './live-schema.js';

/** The advisory lock key every `seg refresh` takes (the bytes of "SegRefsh"). */
export const REFRESH_LOCK_KEY = '6009496385711253608';

export interface RefreshOptions {
    asOf: Date;
    /** Allow an as-of earlier than a segment's last refresh: its history after that instant is rewound first. */
    force: boolean;
    /** How long to wait for another refresh's lock. */
    lockTimeoutMs: number;
    /** Statement timeout per query (PostgreSQL servers; the embedded database cannot interrupt a statement). */
    statementTimeoutMs: number;
    /** Seg's version, recorded on the refresh. */
    segVersion: string;
    /**
     * Track changes to the tables read (triggers, installed on first use) and
     * evaluate, per segment, only the keys that can have changed since its
     * last incremental refresh (change-tracking.ts).
     */
    incremental?: boolean;
    /**
     * Queries at once on a PostgreSQL server: besides the refresh's own
     * connection, jobs − 1 helper connections evaluate segments ahead of it
     * (evaluated-ahead.ts). Default 1. With `incremental`, only into an empty
     * history (where every contact is evaluated).
     */
    jobs?: number;
    /** Told about tables whose changes cannot be tracked (their segments are evaluated in full). */
    onWarning?(message: string): void;
    /** Told when the lock is taken by another refresh and this one waits. */
    onWait?(message: string): void;
    /** Told as each segment starts and ends. */
    onSegment?(event: { name: string; index: number; total: number; done?: SegmentRefresh }): void;
}

export interface SegmentRefresh {
    name: string;
    fingerprint: string;
    /** The fingerprint of the last refresh when it differs: the definition changed, membership was re-based. */
    previousFingerprint?: string;
    members: number;
    entered: number;
    exited: number;
    kept: number;
    /** With --force over a later refresh: stays recorded after the as-of that were removed or reopened. */
    rewound: number;
    /** The first instant after the as-of at which membership could change if no data changed (null: never). */
    nextChangeAt: Date | null;
    /** True when someone surely enters or leaves at nextChangeAt; false when it is a lower bound. */
    nextChangeExact: boolean;
    ms: number;
    /** Where the time went: the timeline's query, the members (from it, or the segment's query), the delta, the leave times (ms). */
    phases?: { timeline: number; members: number; delta: number; changes: number };
    /** With --incremental: how many keys were evaluated (those that can have changed), or why all were. */
    evaluated?: { keys: number } | { all: string };
    error?: string;
}

export interface RefreshResult {
    refreshId: number;
    asOf: Date;
    segments: SegmentRefresh[];
}

/** Refused before anything is written: an as-of earlier than a segment's last refresh, without --force. */
export class RefreshRefused extends Error {}

/**
 * Refreshes `names` (live segments of `plan`) as of `options.asOf`, in one
 * transaction. One that fails is rolled back whole; then a row with status
 * `failed` and the error is recorded, where the seg tables exist.
 */
export async function refreshSegments(db: SegDatabase, plan: Plan, names: string[], options: RefreshOptions): Promise<RefreshResult> {
    const startedAt = new Date();
    try {
        return await refreshInTransaction(db, plan, names, options);
    } catch (e) {
        if (!(e instanceof RefreshRefused)) await recordFailure(db, options, startedAt, e);
        throw e;
    }
}

/** After a failed refresh's rollback: its row in seg.refreshes, best effort (the database may be gone, or have no seg tables). */
async function recordFailure(db: SegDatabase, options: RefreshOptions, startedAt: Date, error: unknown): Promise<void> {
    try {
        const version = await liveSchemaVersion(db);
        if (version < 1 || version > LIVE_SCHEMA_VERSION) return;
        await db.query(
            `INSERT INTO seg.refreshes (as_of, started_at, finished_at, status, forced, error, seg_version)
             VALUES ($1, $2, clock_timestamp(), 'failed', $3, $4, $5)`,
            [options.asOf, startedAt, options.force, error instanceof Error ? error.message : String(error), options.segVersion]);
    } catch {
        // The error the refresh threw is what the user sees.
    }
}

async function refreshInTransaction(db: SegDatabase, plan: Plan, names: string[], options: RefreshOptions): Promise<RefreshResult> {
    const asOf = options.asOf;
    // Dependencies first: a segment's node comes after the nodes of the segments it uses.
    const order = names.map(name => plan.segments.find(s => s.name === name)!).sort((a, b) => a.node - b.node);
    const staged = stagingNames(plan, order.length);
    let ahead: EvaluatedAhead | undefined;
    try {
        return await db.transaction(async tx => {
            if (db.kind === 'postgres') {
                // Each statement reads the data as it is when it starts, whatever the server's default
                // isolation: the helpers' tables (evaluated-ahead.ts), committed after this transaction
                // began, must be seen; and it waits on them idle, which a session timeout must not end.
                await tx.exec('SET TRANSACTION ISOLATION LEVEL READ COMMITTED');
                await tx.exec('SET LOCAL idle_in_transaction_session_timeout = 0');
            }
            await lock(tx, options);
            await migrateLiveSchema(tx);
            await checkAsOf(tx, order.map(s => s.name), asOf, options.force);
            const { emptyHistory, rebuild } = await deferIndexes(tx);
            // Plans against seg.members need its statistics; after a refresh that wrote millions of rows
            // autovacuum may not have caught up yet (a sample: a fraction of a second).
            await tx.exec('ANALYZE seg.members');
            if (db.kind === 'postgres') {
                await tx.exec(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(options.statementTimeoutMs))}`);
                // JIT compiling the next-change queries' many CTEs costs seconds and saves milliseconds.
                await tx.exec('SET LOCAL jit = off');
            }
            const { rows } = await tx.query(
                `INSERT INTO seg.refreshes (as_of, started_at, status, forced, seg_version) VALUES ($1, clock_timestamp(), 'ok', $2, $3) RETURNING refresh_id`,
                [asOf, options.force, options.segVersion]);
            const refreshId = Number(rows[0].refresh_id);
            let incremental: Incremental | undefined;
            if (options.incremental) {
                // Taken before any segment is evaluated: what it does not see, the next refresh reads as changed.
                incremental = { snapshot: await currentSnapshot(tx), affected: new Map() };
                const { untracked } = await ensureTracking(tx, trackedKeys(plan), refreshId);
                for (const u of untracked) options.onWarning?.(`changes to ${u.table} cannot be tracked (${u.reason}); the segments reading it are evaluated in full`);
            }
            // Helpers evaluate whole segments: not where --incremental evaluates some contacts only
            // (into an empty history it evaluates every one). They start after its snapshot.
            if ((!incremental || emptyHistory) && (options.jobs ?? 1) > 1) {
                ahead = await startEvaluatingAhead(tx, plan, order.map(s => s.name), staged, {
                    helpers: options.jobs! - 1, asOf, statementTimeoutMs: options.statementTimeoutMs, indexed: !emptyHistory,
                    uses: name => usedSegments(plan, name), onWarning: options.onWarning,
                });
            }
            const reuse = new Map<string, string>();
            const timelines = new Map<string, ReusedTimeline>();
            const used = new Set(order.flatMap(s => [...usedSegments(plan, s.name)]));
            const results: SegmentRefresh[] = [];
            const pending = [...order];
            for (let index = 0; pending.length; index++) {
                // With helpers, each segment is taken when its evaluation has ended (the evaluations of
                // those it uses end first); else dependencies first.
                const waiting = performance.now();
                const next = ahead ? await ahead.firstDone(pending.map(s => s.name)) : pending[0].name;
                const waitedMs = performance.now() - waiting;
                const [segment] = pending.splice(pending.findIndex(s => s.name === next), 1);
                options.onSegment?.({ name: segment.name, index, total: order.length });
                const table = staged[order.indexOf(segment)];
                const result = await refreshOne(tx, plan, segment.name, { refreshId, asOf, force: options.force, table, reuse, timelines, incremental, emptyHistory, used, ahead, waitedMs });
                if (!result.error && used.has(segment.name)) reuse.set(segment.name, table);
                results.push(result);
                options.onSegment?.({ name: segment.name, index, total: order.length, done: result });
            }
            if (incremental) {
                // A segment no longer live in the project keeps no incremental state (it would pin the change log).
                await tx.query(`UPDATE seg.segments SET incremental_snapshot = NULL WHERE incremental_snapshot IS NOT NULL AND NOT (segment = ANY($1::text[]))`,
                    [plan.segments.filter(s => !s.draft).map(s => s.name)]);
                await pruneChanges(tx);
            }
            await ahead?.dropTables(tx);
            for (const index of rebuild) await tx.exec(index);
            const failed = results.filter(r => r.error).length;
            await tx.query(`UPDATE seg.refreshes SET finished_at = clock_timestamp(), status = $2 WHERE refresh_id = $1`,
                [refreshId, failed === 0 ? 'ok' : 'partial']);
            // Back in the order they were asked for.
            return { refreshId, asOf, segments: names.map(n => results.find(r => r.name === n)!) };
        });
    } finally {
        // After the transaction: its reads of the helpers' tables are over.
        await ahead?.close();
    }
}

/**
 * Into an empty history (the first refresh here), seg.members' key
 * and indexes are dropped and built again after the load, before the commit
 * (so a failed or killed refresh leaves them as they were); returns the
 * statements that build them. Later refreshes write few rows and keep them.
 */
async function deferIndexes(tx: SegDatabase): Promise<{ emptyHistory: boolean; rebuild: string[] }> {
    const { rows } = await tx.query('SELECT NOT EXISTS (SELECT 1 FROM seg.members) AND NOT EXISTS (SELECT 1 FROM seg.past_stays) AS empty');
    if (rows[0]?.empty !== true) return { emptyHistory: false, rebuild: [] };
    const indexes = Object.values(MEMBER_INDEXES);
    for (const index of indexes) await tx.exec(index.drop);
    return { emptyHistory: true, rebuild: indexes.map(i => i.create) };
}

/**
 * Table names for each segment's new members (and, with a suffix, its other
 * tables), avoiding every table the plan reads; a token of this refresh's own
 * keeps them apart from any other refresh's (helpers' tables outlive a killed one).
 */
function stagingNames(plan: Plan, count: number): string[] {
    const tables = tablesOf(plan);
    let prefix = 'seg_refresh_';
    while ([...tables].some(t => t.startsWith(prefix))) prefix += 'x_';
    const token = randomBytes(4).toString('hex');
    return Array.from({ length: count }, (_, i) => `${prefix}${token}_${i + 1}`);
}

/** The refresh lock, held until the transaction ends: waits (saying so) up to the lock timeout. */
async function lock(tx: SegDatabase, options: RefreshOptions): Promise<void> {
    const { rows } = await tx.query('SELECT pg_try_advisory_xact_lock($1::bigint) AS got', [REFRESH_LOCK_KEY]);
    if (rows[0]?.got) return;
    const seconds = Math.round(options.lockTimeoutMs / 1000);
    options.onWait?.(`Another seg refresh is running on ${tx.description}; waiting for it (up to ${seconds} s)…`);
    await tx.exec(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(options.lockTimeoutMs))}`);
    try {
        await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [REFRESH_LOCK_KEY]);
    } catch (e) {
        if (e instanceof DatabaseError && e.kind === 'busy') {
            throw new DatabaseError(`another seg refresh on ${tx.description} still held its lock after ${seconds} s; try again later (or raise --lock-timeout)`, 'busy');
        }
        throw e;
    }
    await tx.exec('SET LOCAL lock_timeout = 0');
}

/** An as-of earlier than a segment's last refresh rewrites history: refused unless forced. */
async function checkAsOf(tx: SegDatabase, names: string[], asOf: Date, force: boolean): Promise<void> {
    if (force) return;
    const { rows } = await tx.query(
        `SELECT segment, last_as_of FROM seg.segments WHERE segment = ANY($1::text[]) AND last_as_of > $2 ORDER BY last_as_of DESC, segment LIMIT 1`,
        [names, asOf]);
    if (!rows.length) return;
    const last = new Date(rows[0].last_as_of as string | Date).toISOString();
    throw new RefreshRefused(`--as-of ${asOf.toISOString()} is earlier than the last refresh of '${String(rows[0].segment)}' (as of ${last}); ` +
        `use --force to rewind its history to that instant and refresh from there`);
}

interface OneRefresh {
    refreshId: number;
    asOf: Date;
    force: boolean;
    /** The temporary table for this segment's new members. */
    table: string;
    /** Segments evaluated earlier in this refresh, and their tables. */
    reuse: ReadonlyMap<string, string>;
    /** Their timelines (this segment's is added once it succeeds). */
    timelines: Map<string, ReusedTimeline>;
    incremental?: Incremental;
    /** The history was empty when this refresh began: no segment has stored members to compare with. */
    emptyHistory: boolean;
    /** The segments that another in this refresh uses (directly or through others): they keep temporary tables to read. */
    used: ReadonlySet<string>;
    /** Segments helper connections evaluate ahead of this one. */
    ahead?: EvaluatedAhead;
    /** How long the refresh waited for a helper to end this segment's evaluation (its time, as its timeline's). */
    waitedMs: number;
}

/** An incremental refresh's state: its snapshot, and the keys each segment refreshed so far evaluated (undefined: all). */
interface Incremental {
    snapshot: string;
    affected: Map<string, string | undefined>;
}

/** One segment's evaluation under --incremental: the affected keys' table (undefined: all keys), and what to undo after. */
interface Scope {
    affected?: string;
    drops: string[];
    reuse: ReadonlyMap<string, string>;
    timelines: ReadonlyMap<string, ReusedTimeline>;
    evaluated: { keys: number } | { all: string };
}

/** One segment, under a savepoint: on failure it is rolled back alone and recorded as failed. */
async function refreshOne(tx: SegDatabase, plan: Plan, name: string, run: OneRefresh): Promise<SegmentRefresh> {
    const started = performance.now() - run.waitedMs;
    const fingerprint = segmentFingerprint(plan, name);
    const { rows: before } = await tx.query(
        'SELECT fingerprint, last_as_of, last_refresh, members, next_change_at, next_change_exact, incremental_snapshot FROM seg.segments WHERE segment = $1', [name]);
    const previous = before[0]?.fingerprint as string | undefined;
    const base = { name, fingerprint, ...(previous !== undefined && previous !== fingerprint ? { previousFingerprint: previous } : {}) };
    await tx.exec('SAVEPOINT seg_refresh_segment');
    try {
        const lastAsOf = before[0] ? new Date(before[0].last_as_of as string | Date) : undefined;
        const rewinds = Boolean(run.force && lastAsOf && lastAsOf > run.asOf);
        const rewound = rewinds ? await rewind(tx, name, run.asOf) : 0;
        const t0 = performance.now();
        const scope = run.incremental
            ? await incrementalScope(tx, plan, name, run, previous === fingerprint && !rewinds ? incrementalState(before[0]) : undefined)
            : undefined;
        // Evaluated ahead by a helper: its timeline, or (time cannot change it) its members in run.table.
        const ahead = scope?.affected ? undefined : await run.ahead?.get(name);
        const staged = ahead ? ('table' in ahead ? ahead : undefined) : await stageTimeline(tx, plan, name, run, scope);
        const timeline = staged?.table;
        const t1 = performance.now();
        // Into an empty history, a segment no other one here reads has its members written straight
        // into seg.members (all of them come); the others are staged in a temporary table first.
        const direct = run.emptyHistory && !scope?.affected && !run.used.has(name);
        // The timeline says who is in (the same answer as the segment's query, differential tests);
        // only a segment time cannot change needs its own query.
        const newMembers = direct ? await insertFirstMembers(tx, plan, name, run, staged, scope, Boolean(ahead))
            : staged ? await stageFromTimeline(tx, plan, staged, run, scope) : ahead ? await countRows(tx, run.table) : await stage(tx, plan, name, run, scope);
        const t2 = performance.now();
        const { fresh, ...delta } = direct ? { entered: newMembers, exited: 0, fresh: true } : await applyDelta(tx, name, run, timeline, scope?.affected);
        const t3 = performance.now();
        // Evaluating some keys, the count follows from the last one.
        const members = scope?.affected ? Number(before[0].members) + delta.entered - delta.exited : newMembers;
        // Time cannot change it, and could not at its last refresh (same definition, which stored
        // "never", so every member's leave time is null and exact): nothing to clear.
        const unchanged = previous === fingerprint && rewound === 0 && before[0].next_change_at === null && before[0].next_change_exact === true;
        const next = !timeline && unchanged ? NEVER : await storeChanges(tx, name, timeline, scope, fresh);
        for (const drop of scope?.drops ?? []) await tx.exec(drop);
        const ms = performance.now() - started;
        const phases = { timeline: t1 - t0 + run.waitedMs, members: t2 - t1, delta: t3 - t2, changes: performance.now() - t3 };
        const result: SegmentRefresh = {
            ...base, members, ...delta, kept: members - delta.entered, rewound, ...next, ms, phases, ...(scope ? { evaluated: scope.evaluated } : {}),
        };
        await record(tx, run, result);
        await tx.query(
            `INSERT INTO seg.segments (segment, fingerprint, last_as_of, last_refresh, members, next_change_at, next_change_exact, incremental_snapshot)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (segment) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, last_as_of = EXCLUDED.last_as_of,
               last_refresh = EXCLUDED.last_refresh, members = EXCLUDED.members,
               next_change_at = EXCLUDED.next_change_at, next_change_exact = EXCLUDED.next_change_exact,
               incremental_snapshot = EXCLUDED.incremental_snapshot`,
            [name, fingerprint, run.asOf, run.refreshId, members, next.nextChangeAt, next.nextChangeExact, run.incremental?.snapshot ?? null]);
        await tx.exec('RELEASE SAVEPOINT seg_refresh_segment');
        if (!direct) run.timelines.set(name, staged ?? { members: run.table });
        run.incremental?.affected.set(name, scope?.affected);
        return result;
    } catch (e) {
        if (!(e instanceof DatabaseError || e instanceof SqlError) || (e instanceof DatabaseError && e.kind === 'connect')) throw e;
        await tx.exec('ROLLBACK TO SAVEPOINT seg_refresh_segment');
        const result: SegmentRefresh = {
            ...base, members: 0, entered: 0, exited: 0, kept: 0, rewound: 0, nextChangeAt: null, nextChangeExact: true,
            ms: performance.now() - started, error: e.message,
        };
        await record(tx, run, result);
        return result;
    }
}

/** The segment's members as of the refresh, into its temporary table; returns how many. */
async function stage(tx: SegDatabase, plan: Plan, name: string, run: OneRefresh, scope: Scope | undefined): Promise<number> {
    const query = toSql(plan, name, postgresDialect, { reuse: scope?.reuse ?? run.reuse });
    await tx.exec(`CREATE TEMPORARY TABLE ${run.table} (contact_id uuid NOT NULL) ON COMMIT DROP`);
    await tx.query(`INSERT INTO ${run.table} (contact_id) SELECT contact_id FROM (${query.text}) s${onlyAffected(scope?.affected, 's.contact_id', 'WHERE')}`,
        bindParams(query, { asOf: run.asOf }));
    // Temporary tables have no statistics until analyzed; the delta's joins need them.
    await tx.exec(`ANALYZE ${run.table}`);
    return countRows(tx, run.table);
}

async function countRows(tx: SegDatabase, table: string): Promise<number> {
    const { rows } = await tx.query(`SELECT count(*)::bigint AS n FROM ${table}`);
    return Number(rows[0].n);
}

/** The members as of the refresh from its timeline, into the segment's temporary table; returns how many. */
async function stageFromTimeline(tx: SegDatabase, plan: Plan, timeline: StagedTimeline, run: OneRefresh, scope: Scope | undefined): Promise<number> {
    await tx.exec(`CREATE TEMPORARY TABLE ${run.table} (contact_id uuid NOT NULL) ON COMMIT DROP`);
    const q = postgresDialect.quoteIdentifier;
    const key = `a.${q(plan.audience.key)}`;
    // Keys without a row hold the timeline's default: in, for a segment like `count = 0`.
    await tx.exec(timeline.absentAreMembers
        ? `INSERT INTO ${run.table} (contact_id) SELECT ${key} FROM ${q(plan.audience.table)} a
           WHERE ${key} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${timeline.table} t WHERE t.contact_id = ${key} AND NOT t.member)${onlyAffected(scope?.affected, key)}`
        : `INSERT INTO ${run.table} (contact_id) SELECT contact_id FROM ${timeline.table} WHERE member`);
    await tx.exec(`ANALYZE ${run.table}`);
    return countRows(tx, run.table);
}

/**
 * Into an empty history: the segment's members, each with its leave time,
 * inserted into seg.members from its query, its timeline, or the members a
 * helper evaluated ahead into run.table (every one comes now); returns how many.
 */
async function insertFirstMembers(tx: SegDatabase, plan: Plan, name: string, run: OneRefresh, timeline: StagedTimeline | undefined,
    scope: Scope | undefined, evaluatedAhead: boolean): Promise<number> {
    const q = postgresDialect.quoteIdentifier;
    const key = `a.${q(plan.audience.key)}`;
    let source: string;
    let params: unknown[] = [];
    if (!timeline && evaluatedAhead) {
        source = `SELECT contact_id, NULL::timestamptz AS change, true AS exact FROM ${run.table}`;
    } else if (!timeline) {
        const query = toSql(plan, name, postgresDialect, { reuse: scope?.reuse ?? run.reuse });
        params = bindParams(query, { asOf: run.asOf });
        source = `SELECT s.contact_id, NULL::timestamptz AS change, true AS exact FROM (${query.text}) s`;
    } else if (timeline.absentAreMembers) {
        // Keys without a row hold the timeline's default: in, never leaving by time.
        source = `SELECT ${key} AS contact_id, t.change, coalesce(t.exact, true) AS exact FROM ${q(plan.audience.table)} a
                  LEFT JOIN ${timeline.table} t ON t.contact_id = ${key}
                  WHERE ${key} IS NOT NULL AND (t.contact_id IS NULL OR t.member)`;
    } else {
        source = `SELECT contact_id, change, exact FROM ${timeline.table} WHERE member`;
    }
    const n = params.length;
    const { rows } = await tx.query(
        `WITH came AS (
           INSERT INTO seg.members (segment, contact_id, entered_at, entered_refresh, leaves_at, leaves_exact)
           SELECT $${n + 1}, m.contact_id, $${n + 2}, $${n + 3}, m.change, m.exact FROM (${source}) m
           RETURNING 1
         )
         SELECT count(*)::bigint AS entered FROM came`,
        [...params, name, run.asOf, run.refreshId]);
    return Number(rows[0].entered);
}

/**
 * Leavers' member rows (their open stays) move to seg.past_stays, closed at
 * the as-of; newcomers get a member row (an open stay). Set operations in the
 * database: no key reaches Node.
 * Who left and who came are found in one pass (a full join of the new members
 * with the stored ones, into a temporary table of the differences), then
 * applied by key: a refresh where few change reads each side once.
 */
async function applyDelta(tx: SegDatabase, name: string, run: OneRefresh, timeline: string | undefined, affected: string | undefined):
    Promise<{ entered: number; exited: number; fresh: boolean }> {
    const changes = `${run.table}_delta`;
    const hasMembers = !run.emptyHistory && (await tx.query('SELECT EXISTS (SELECT 1 FROM seg.members WHERE segment = $1) AS any', [name])).rows[0]?.any === true;
    if (hasMembers) {
        await tx.exec(`CREATE TEMPORARY TABLE ${changes} (contact_id uuid NOT NULL, came boolean NOT NULL) ON COMMIT DROP`);
        await tx.query(
            `INSERT INTO ${changes} (contact_id, came)
             SELECT coalesce(n.contact_id, m.contact_id), n.contact_id IS NOT NULL
             FROM ${run.table} n FULL JOIN (
               SELECT contact_id FROM seg.members WHERE segment = $1${onlyAffected(affected, 'contact_id')}
             ) m ON m.contact_id = n.contact_id
             WHERE n.contact_id IS NULL OR m.contact_id IS NULL`, [name]);
        await tx.exec(`ANALYZE ${changes}`);
    }
    // The first members of a segment: all of them come.
    const came = hasMembers ? `(SELECT contact_id FROM ${changes} WHERE came)` : run.table;
    // Newcomers' leave times come with them (one write per row); see storeChanges.
    const leaves = timeline
        ? { join: `LEFT JOIN ${timeline} t ON t.contact_id = n.contact_id AND t.member`, columns: 't.change, coalesce(t.exact, true)' }
        : { join: '', columns: 'NULL::timestamptz, true' };
    const { rows: left } = hasMembers ? await tx.query(
        `WITH gone AS (
           DELETE FROM seg.members m USING ${changes} d
           WHERE m.segment = $1 AND m.contact_id = d.contact_id AND NOT d.came
           RETURNING m.contact_id, m.entered_at, m.entered_refresh
         ), closed AS (
           INSERT INTO seg.past_stays (segment, contact_id, entered_at, exited_at, entered_refresh, exited_refresh)
           SELECT $1, contact_id, entered_at, $2, entered_refresh, $3 FROM gone
           RETURNING 1
         )
         SELECT count(*)::bigint AS exited FROM closed`,
        [name, run.asOf, run.refreshId]) : { rows: [{ exited: 0 }] };
    const { rows: entered } = await tx.query(
        `WITH came AS (
           INSERT INTO seg.members (segment, contact_id, entered_at, entered_refresh, leaves_at, leaves_exact)
           SELECT $1, n.contact_id, $2, $3, ${leaves.columns} FROM ${came} n ${leaves.join}
           RETURNING 1
         )
         SELECT count(*)::bigint AS entered FROM came`,
        [name, run.asOf, run.refreshId]);
    // `fresh`: every member came now, with its leave time.
    return { entered: Number(entered[0].entered), exited: Number(left[0].exited), fresh: !hasMembers };
}

/**
 * The segment's timeline (docs/language.md §10, "Next change time": when each
 * contact's membership would change if no data changed) in one query, into a
 * temporary table; its name and whether keys without a row are members, or
 * undefined for a segment time alone cannot change (no window, no `within`,
 * no interactions), whose members never leave.
 */
async function stageTimeline(tx: SegDatabase, plan: Plan, name: string, run: OneRefresh, scope: Scope | undefined): Promise<StagedTimeline | undefined> {
    // The segments it uses that this refresh already evaluated are read from their tables.
    const timeline = timelineRowsSql(plan, name, postgresDialect, scope?.timelines ?? run.timelines);
    if (!timeline.readsClock) return undefined;
    const table = `${run.table}_timeline`;
    await tx.exec(`CREATE TEMPORARY TABLE ${table} (${TIMELINE_COLUMNS}) ON COMMIT DROP`);
    await tx.query(scope?.affected
        ? `INSERT INTO ${table} (contact_id, member, change, exact)
           SELECT t.contact_id, t.member, t.change, t.exact FROM (${timeline.text}) t${onlyAffected(scope.affected, 't.contact_id', 'WHERE')}`
        : `INSERT INTO ${table} (contact_id, member, change, exact) ${timeline.text}`,
        bindParams(timeline, { asOf: run.asOf }));
    // Read by key against seg.members (the delta, the leave times); into an empty history, every
    // read of it is a join of most of its rows, hashed (building the index cost more than it saved).
    if (!run.emptyHistory) await tx.exec(`CREATE INDEX ON ${table} (contact_id)`);
    await tx.exec(`ANALYZE ${table}`);
    return { table, absentAreMembers: timeline.absentAreMembers };
}

/**
 * Each kept member's leave time, where it differs from the stored one (a
 * member without a timeline row never leaves by time: the timeline says
 * absent keys are members), and the segment's next change due: the least
 * change of anyone, member or not. When every member came in this refresh
 * (`fresh`), their leave times came with them: nothing to compare.
 */
async function storeChanges(tx: SegDatabase, name: string, timeline: string | undefined, scope: Scope | undefined, fresh: boolean):
    Promise<{ nextChangeAt: Date | null; nextChangeExact: boolean }> {
    if (!timeline) {
        if (!fresh) await tx.query(`UPDATE seg.members SET leaves_at = NULL, leaves_exact = true
                        WHERE segment = $1 AND (leaves_at IS NOT NULL OR leaves_exact IS DISTINCT FROM true)`, [name]);
        if (scope) await tx.query('DELETE FROM seg.pending WHERE segment = $1', [name]);
        return NEVER;
    }
    // Two plain joins (a self-join of seg.members, whose statistics lag behind a refresh's own
    // writes, was planned as a nested loop over the whole timeline: minutes at 1M contacts).
    if (!fresh) await tx.query(
        `UPDATE seg.members m SET leaves_at = t.change, leaves_exact = t.exact
         FROM ${timeline} t
         WHERE m.segment = $1 AND t.contact_id = m.contact_id AND t.member
           AND (m.leaves_at IS DISTINCT FROM t.change OR m.leaves_exact IS DISTINCT FROM t.exact)`,
        [name]);
    if (!fresh) await tx.query(
        `UPDATE seg.members m SET leaves_at = NULL, leaves_exact = true
         WHERE m.segment = $1 AND (m.leaves_at IS NOT NULL OR m.leaves_exact IS DISTINCT FROM true)
           AND NOT EXISTS (SELECT 1 FROM ${timeline} t WHERE t.contact_id = m.contact_id AND t.member)${onlyAffected(scope?.affected, 'm.contact_id')}`,
        [name]);
    if (scope) {
        // Non-members' enter times, kept for the next incremental refresh; evaluating some keys, the next
        // change from what is stored (evaluating all, the timeline has the same rows).
        await tx.query(`DELETE FROM seg.pending p WHERE p.segment = $1${onlyAffected(scope.affected, 'p.contact_id')}`, [name]);
        await tx.query(`INSERT INTO seg.pending (segment, contact_id, enters_at, enters_exact)
                        SELECT $1, contact_id, change, exact FROM ${timeline} WHERE NOT member AND change IS NOT NULL`, [name]);
        if (scope.affected) return storedNextChange(tx, name);
    }
    const { rows } = await tx.query(
        `SELECT min(change) AS at, coalesce(bool_or(exact) FILTER (WHERE change = (SELECT min(change) FROM ${timeline})), true) AS exact FROM ${timeline}`);
    const at = rows[0]?.at as string | Date | null | undefined;
    return { nextChangeAt: at == null ? null : new Date(at), nextChangeExact: rows[0]?.exact !== false };
}

/** The next change due from the stored leave and enter times: the least, exact if any at it is. */
async function storedNextChange(tx: SegDatabase, name: string): Promise<{ nextChangeAt: Date | null; nextChangeExact: boolean }> {
    const { rows } = await tx.query(
        `WITH first AS (
           SELECT least((SELECT min(leaves_at) FROM seg.members WHERE segment = $1), (SELECT min(enters_at) FROM seg.pending WHERE segment = $1)) AS at
         )
         SELECT first.at, coalesce((
           SELECT bool_or(exact) FROM (
             SELECT coalesce(leaves_exact, true) AS exact FROM seg.members WHERE segment = $1 AND leaves_at = first.at
             UNION ALL SELECT enters_exact FROM seg.pending WHERE segment = $1 AND enters_at = first.at
           ) e), true) AS exact
         FROM first`, [name]);
    const at = rows[0]?.at as string | Date | null | undefined;
    return { nextChangeAt: at == null ? null : new Date(at), nextChangeExact: rows[0]?.exact !== false };
}

/** ` AND <key> IN (the affected keys)` when only some keys are evaluated, else nothing. */
function onlyAffected(affected: string | undefined, key: string, keyword: 'AND' | 'WHERE' = 'AND'): string {
    return affected ? ` ${keyword} ${inAffected(affected, key)}` : '';
}

/** What the segment's last refresh left to continue from incrementally, if it was one. */
function incrementalState(row: Record<string, unknown> | undefined): IncrementalState | undefined {
    if (!row || row.incremental_snapshot == null) return undefined;
    return { lastRefresh: Number(row.last_refresh), snapshot: String(row.incremental_snapshot) };
}

/**
 * Under --incremental: which keys to evaluate (those that can have changed
 * since the segment's last incremental refresh, or all, and why), with the
 * tables it reads narrowed to them; and the segments it uses that this
 * refresh evaluated, read from their stored rows (members with leave times,
 * pending entries): their temporary tables hold only the keys they evaluated.
 */
async function incrementalScope(tx: SegDatabase, plan: Plan, name: string, run: OneRefresh, state: IncrementalState | undefined): Promise<Scope> {
    const incremental = run.incremental!;
    const uses = tableUses(plan, name);
    const direct = plan.segments.find(s => s.name === name)!.uses.filter(u => incremental.affected.has(u));
    const fullUse = direct.find(u => incremental.affected.get(u) === undefined);
    const reason = !state ? 'no incremental refresh of this definition before'
        : fullUse ? `${fullUse}, which it uses, was evaluated in full`
        : await fullEvaluationReason(tx, uses, state);
    const drops: string[] = [];
    let affected: string | undefined;
    let evaluated: Scope['evaluated'] = { all: reason ?? '' };
    if (!reason) {
        affected = `${run.table}_affected`;
        const keys = await stageAffected(tx, affected, name, uses, state!, run.asOf, direct.map(u => incremental.affected.get(u)!));
        drops.push(...await restrictTables(tx, uses, affected));
        evaluated = { keys };
    }
    const reuse = new Map<string, string>();
    const timelines = new Map<string, ReusedTimeline>();
    const only = onlyAffected(affected, 'contact_id');
    for (const used of usedSegments(plan, name)) {
        const timeline = run.timelines.get(used);
        if (!timeline) continue;
        if (incremental.affected.get(used) === undefined) {
            // Evaluated in full by this refresh: its temporary tables hold every key.
            reuse.set(used, run.reuse.get(used)!);
            timelines.set(used, timeline);
            continue;
        }
        const view = `${run.table}_uses_${reuse.size + 1}`;
        const segment = quoteLiteral(used);
        await tx.exec(`CREATE TEMPORARY VIEW ${view}_members AS SELECT contact_id FROM seg.members WHERE segment = ${segment}${only}`);
        drops.push(`DROP VIEW ${view}_members`);
        reuse.set(used, `${view}_members`);
        if (!('table' in timeline)) {
            timelines.set(used, { members: `${view}_members` });
            continue;
        }
        await tx.exec(`CREATE TEMPORARY VIEW ${view}_timeline AS
                       SELECT contact_id, true AS member, leaves_at AS change, coalesce(leaves_exact, true) AS exact
                       FROM seg.members WHERE segment = ${segment}${only}
                       UNION ALL
                       SELECT contact_id, false, enters_at, enters_exact FROM seg.pending WHERE segment = ${segment}${only}`);
        drops.push(`DROP VIEW ${view}_timeline`);
        timelines.set(used, { table: `${view}_timeline`, absentAreMembers: false });
    }
    return { affected, drops, reuse, timelines, evaluated };
}

/** Every segment `name` uses, directly or through others. */
function usedSegments(plan: Plan, name: string): Set<string> {
    const found = new Set<string>();
    const visit = (n: string) => {
        for (const used of plan.segments.find(s => s.name === n)?.uses ?? []) {
            if (!found.has(used)) { found.add(used); visit(used); }
        }
    };
    visit(name);
    return found;
}

/** A segment time alone never changes. */
const NEVER = { nextChangeAt: null, nextChangeExact: true } as const;

/**
 * --force with an as-of before the last refresh: the history recorded after
 * the as-of is undone (stays that began after it removed, open or closed;
 * stays that ended after it reopened: back among the members); the refresh
 * then goes on from there (it recomputes every leave time). Returns how many
 * stays changed.
 */
async function rewind(tx: SegDatabase, name: string, asOf: Date): Promise<number> {
    const count = async (text: string) => Number((await tx.query(text, [name, asOf])).rows[0].n);
    const removed = await count(`WITH d AS (DELETE FROM seg.members WHERE segment = $1 AND entered_at > $2 RETURNING 1) SELECT count(*)::bigint AS n FROM d`)
        + await count(`WITH d AS (DELETE FROM seg.past_stays WHERE segment = $1 AND entered_at > $2 RETURNING 1) SELECT count(*)::bigint AS n FROM d`);
    // Stays of one contact never overlap: a stay open at the as-of is not also a member row.
    const reopened = await count(
        `WITH d AS (
           DELETE FROM seg.past_stays WHERE segment = $1 AND exited_at > $2 RETURNING contact_id, entered_at, entered_refresh
         ), back AS (
           INSERT INTO seg.members (segment, contact_id, entered_at, entered_refresh)
           SELECT $1, contact_id, entered_at, entered_refresh FROM d
           RETURNING 1
         )
         SELECT count(*)::bigint AS n FROM back`);
    return removed + reopened;
}

async function record(tx: SegDatabase, run: OneRefresh, r: SegmentRefresh): Promise<void> {
    await tx.query(
        `INSERT INTO seg.refresh_segments
           (refresh_id, segment, status, fingerprint, previous_fingerprint, members, entered, exited, kept, rewound, ms, error,
            next_change_at, next_change_exact)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [run.refreshId, r.name, r.error ? 'failed' : 'ok', r.fingerprint, r.previousFingerprint ?? null,
            r.error ? null : r.members, r.error ? null : r.entered, r.error ? null : r.exited, r.error ? null : r.kept,
            r.error ? null : r.rewound, r.ms, r.error ?? null, r.error ? null : r.nextChangeAt, r.error ? null : r.nextChangeExact]);
}
