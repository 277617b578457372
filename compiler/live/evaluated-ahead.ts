// Segments evaluated ahead (`seg refresh --jobs N`, PostgreSQL servers): while
// the refresh's own connection writes members, helper connections evaluate the
// segments in parallel, each into an unlogged table of the seg_work schema:
// its timeline (who is in, and when each could change), or, for a segment
// time cannot change, its members. The refresh's transaction reads such a
// table by the bare name its temporary table would have had: seg_work comes
// last on its search path (so it never shadows a table of the user's), the
// names carry a token of this refresh, and only the refreshing role may
// create anything in seg_work (else no helpers).
//
// The tables are scratch, never state: what a refresh stores is only what its
// one transaction writes, and it drops them before it commits. A killed
// refresh leaves at most scratch tables, which the next refresh drops (it holds
// the refresh lock). A helper's failure is its segment's failure, reported when
// the refresh reaches that segment, as if the refresh's own connection had run
// the query; a helper whose connection is lost leaves its segments to the
// refresh's own connection.
import type { SegDatabase } from '../db/database.js';
import { DatabaseError } from '../db/database.js';
import { quoteIdent } from '../db/sql-text.js';
import type { Plan } from '../plan/plan.js';
import { postgresDialect } from '../sql/postgres-dialect.js';
import { timelineRowsSql, type ReusedTimeline } from '../sql/next-change-sql.js';
import { bindParams, toSql } from '../sql/to-sql.js';

/** The schema of the helpers' tables. */
export const WORK_SCHEMA = 'seg_work';

/** The columns of a timeline's table (next-change-sql.ts: one row per contact it can change). */
export const TIMELINE_COLUMNS = 'contact_id uuid NOT NULL, member boolean NOT NULL, change timestamptz, exact boolean NOT NULL';

/** A segment's timeline in a table: its name, and whether keys without a row are members. */
export type StagedTimeline = Extract<ReusedTimeline, { table: string }>;

export interface EvaluatedAhead {
    /**
     * The segment's timeline, or its members when time cannot change it, once
     * a helper has evaluated it (rejects with the helper's error); undefined
     * when no helper evaluates it (or the helper's connection was lost): the
     * refresh evaluates it itself.
     */
    get(name: string): Promise<ReusedTimeline | undefined> | undefined;
    /** The first of `names` whose evaluation has ended (waiting for one when none has); dependencies end first. */
    firstDone(names: string[]): Promise<string>;
    /** Drops the helpers' tables in the refresh's transaction, once every segment has been read (before it commits). */
    dropTables(tx: SegDatabase): Promise<void>;
    /** Stops the helpers (cancelling a query still running), drops what they left and closes them: after the refresh's transaction has ended. */
    close(): Promise<void>;
}

export interface AheadOptions {
    /** Helper connections. */
    helpers: number;
    asOf: Date;
    statementTimeoutMs: number;
    /** Index each table on its key (a refresh into a history reads it by key). */
    indexed: boolean;
    /** The segments each one uses (directly or through others). */
    uses(name: string): Iterable<string>;
    onWarning?(message: string): void;
}

interface Job {
    name: string;
    /** Its timeline (time can change it), else its members. */
    timeline: boolean;
    table: string;
    uses: string[];
    result: Promise<ReusedTimeline | undefined>;
    done: boolean;
    settle(outcome: { ok: ReusedTimeline | undefined } | { error: unknown }): void;
}

/**
 * Starts `options.helpers` helper connections evaluating the segments in
 * `order` (dependencies first), into tables named after `tables[i]`; `tx` is
 * the refresh's transaction, whose search path gets seg_work. Undefined when
 * the database has one connection, or when the helpers cannot start (the
 * refresh then evaluates every segment itself).
 */
export async function startEvaluatingAhead(tx: SegDatabase, plan: Plan, order: string[], tables: string[], options: AheadOptions): Promise<EvaluatedAhead | undefined> {
    if (options.helpers < 1 || !tx.connectAnother || !order.length) return undefined;
    const jobs = order.map((name, i) => job(name, timelineRowsSql(plan, name, postgresDialect).readsClock, tables[i]));
    const helpers: Helper[] = [];
    try {
        for (let i = 0; i < Math.min(options.helpers, jobs.length); i++) helpers.push(await Helper.connect(tx));
        await prepareWorkSchema(helpers[0].db);
        await tx.query(`SELECT set_config('search_path', current_setting('search_path') || ', ' || $1, true)`, [quoteIdent(WORK_SCHEMA)]);
    } catch (e) {
        await Promise.all(helpers.map(h => h.db.close()));
        options.onWarning?.(`segments are evaluated on one connection: helper connections could not start (${e instanceof Error ? e.message : String(e)})`);
        return undefined;
    }
    const byName = new Map(jobs.map(j => [j.name, j]));
    for (const j of jobs) j.uses = [...options.uses(j.name)].filter(u => byName.has(u));
    const queue = [...jobs];
    let alive = helpers.length;
    const loops = helpers.map(async helper => {
        for (let next = queue.shift(); next; next = queue.shift()) {
            const reuse = new Map<string, ReusedTimeline>();
            for (const used of next.uses) {
                // A used segment whose evaluation failed (or fell to the refresh) is evaluated again inside this one.
                const staged = await byName.get(used)!.result.catch(() => undefined);
                if (staged) reuse.set(used, staged);
            }
            try {
                next.settle({ ok: await helper.evaluate(plan, next, reuse, options) });
            } catch (error) {
                if (!(error instanceof DatabaseError && error.kind === 'connect') || helper.stopped) {
                    next.settle({ error });
                    continue;
                }
                // This helper is gone: the refresh evaluates this segment itself, the others go on.
                options.onWarning?.(`a helper connection was lost (${error.message}); the refresh's own connection evaluates '${next.name}'` +
                    (alive > 1 ? '' : ' and the segments after it'));
                next.settle({ ok: undefined });
                break;
            }
        }
        // The last helper gone leaves what is still queued to the refresh.
        if (--alive === 0) for (let left = queue.shift(); left; left = queue.shift()) left.settle({ ok: undefined });
    });
    const scratch = () => jobs.map(j => `${quoteIdent(WORK_SCHEMA)}.${quoteIdent(j.table)}`).join(', ');
    return {
        get: name => byName.get(name)?.result,
        firstDone: async names => {
            for (;;) {
                const done = names.find(n => byName.get(n)?.done !== false);
                if (done !== undefined) return done;
                await Promise.race(names.map(n => byName.get(n)!.result.catch(() => undefined)));
            }
        },
        dropTables: async refresh => {
            await refresh.exec(`DROP TABLE IF EXISTS ${scratch()}`);
        },
        close: async () => {
            for (const h of helpers) h.stopped = true;
            // A query still running belongs to a refresh that failed: nobody waits for it. After the
            // transaction, the refresh's connection is free to say so; if it is gone, another one.
            const busy = helpers.filter(h => h.busy !== undefined);
            if (busy.length) {
                const cancel = (db: SegDatabase) => db.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [busy.map(h => h.busy)]);
                await cancel(tx).catch(async () => {
                    const other = await tx.connectAnother!().catch(() => undefined);
                    if (other) await cancel(other).catch(() => undefined).finally(() => other.close());
                });
            }
            await Promise.all(loops);
            await tx.exec(`DROP TABLE IF EXISTS ${scratch()}`).catch(() => undefined);
            await Promise.all(helpers.map(h => h.db.close()));
        },
    };
}

function job(name: string, timeline: boolean, table: string): Job {
    let resolve!: (value: ReusedTimeline | undefined) => void;
    let reject!: (error: unknown) => void;
    const result = new Promise<ReusedTimeline | undefined>((yes, no) => { resolve = yes; reject = no; });
    // Read when the refresh reaches the segment, or never if it failed before.
    result.catch(() => undefined);
    const made: Job = {
        name, timeline, table: timeline ? `${table}_timeline` : table, uses: [], result, done: false,
        settle: outcome => {
            made.done = true;
            if ('ok' in outcome) resolve(outcome.ok); else reject(outcome.error);
        },
    };
    return made;
}

/**
 * Creates seg_work if need be, and checks that only the refreshing role can
 * create anything in it (no one else may put a table or function where the
 * refresh looks); then drops every table there: under the refresh lock, any
 * is a killed refresh's (one a stray query of it still holds is left).
 */
async function prepareWorkSchema(db: SegDatabase): Promise<void> {
    const schema = quoteIdent(WORK_SCHEMA);
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    const { rows: [own] } = await db.query(
        `SELECT n.nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) AS mine,
                NOT EXISTS (SELECT 1 FROM aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
                            WHERE a.privilege_type = 'CREATE' AND a.grantee <> n.nspowner) AS alone
         FROM pg_namespace n WHERE n.nspname = $1`, [WORK_SCHEMA]);
    if (own?.mine !== true) throw new Error(`schema ${WORK_SCHEMA} belongs to another role`);
    if (own?.alone !== true) throw new Error(`other roles may create objects in schema ${WORK_SCHEMA}`);
    const { rows } = await db.query('SELECT tablename FROM pg_tables WHERE schemaname = $1', [WORK_SCHEMA]);
    for (const r of rows) {
        await db.exec(`SET lock_timeout = 1000; DROP TABLE IF EXISTS ${schema}.${quoteIdent(String(r.tablename))}`)
            .catch(() => undefined)
            .finally(() => db.exec('SET lock_timeout = 0').catch(() => undefined));
    }
}

/** One helper connection, outside the refresh's transaction: each segment is one transaction of its own. */
class Helper {
    /** The server process running this helper's transaction, while one runs. */
    busy: number | undefined;
    /** The refresh has ended: start nothing more. */
    stopped = false;

    private constructor(readonly db: SegDatabase) {}

    static async connect(tx: SegDatabase): Promise<Helper> {
        const db = await tx.connectAnother!();
        // A helper of a refresh whose process died stops at once (PostgreSQL 14 and later), not at its statement timeout.
        await db.exec('SET client_connection_check_interval = 1000').catch(() => undefined);
        return new Helper(db);
    }

    async evaluate(plan: Plan, job: Job, reuse: ReadonlyMap<string, ReusedTimeline>, options: AheadOptions): Promise<ReusedTimeline> {
        const table = `${quoteIdent(WORK_SCHEMA)}.${quoteIdent(job.table)}`;
        // One transaction, whose settings hold on it alone (also behind a pooler), and whose
        // table exists only once filled.
        const steps: Array<[string, unknown[]?]> = [];
        let result: ReusedTimeline;
        if (!job.timeline) {
            // Its query reads the member lists of the segments it uses (a timeline is not one).
            const members = new Map([...reuse].flatMap(([name, used]) => 'members' in used ? [[name, used.members]] : []));
            const query = toSql(plan, job.name, postgresDialect, { reuse: members });
            steps.push([`CREATE UNLOGGED TABLE ${table} (contact_id uuid NOT NULL)`],
                [`INSERT INTO ${table} (contact_id) SELECT contact_id FROM (${query.text}) s`, bindParams(query, { asOf: options.asOf })]);
            result = { members: job.table };
        } else {
            const timeline = timelineRowsSql(plan, job.name, postgresDialect, reuse);
            steps.push([`CREATE UNLOGGED TABLE ${table} (${TIMELINE_COLUMNS})`],
                [`INSERT INTO ${table} (contact_id, member, change, exact) ${timeline.text}`, bindParams(timeline, { asOf: options.asOf })]);
            if (options.indexed) steps.push([`CREATE INDEX ON ${table} (contact_id)`]);
            result = { table: job.table, absentAreMembers: timeline.absentAreMembers };
        }
        steps.push([`ANALYZE ${table}`]);
        if (this.stopped) throw new Error('the refresh ended before this segment was evaluated');
        try {
            await this.db.transaction(async t => {
                const { rows } = await t.query(
                    `SELECT pg_backend_pid() AS pid, set_config('search_path', current_setting('search_path') || ', ' || $1, true),
                            set_config('statement_timeout', $2, true), set_config('jit', 'off', true)`,
                    [quoteIdent(WORK_SCHEMA), String(Math.max(1, Math.round(options.statementTimeoutMs)))]);
                this.busy = Number(rows[0].pid);
                for (const [sql, params] of steps) {
                    if (this.stopped) throw new Error('the refresh ended before this segment was evaluated');
                    await t.query(sql, params);
                }
            });
            return result;
        } finally {
            this.busy = undefined;
        }
    }
}
