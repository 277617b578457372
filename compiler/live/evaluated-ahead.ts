// Segments evaluated ahead (`seg refresh --jobs N`, PostgreSQL servers): while
// the refresh's own connection writes members, helper connections evaluate the
// segments in parallel, each into an unlogged table of the seg_work schema:
// its timeline (who is in, and when each could change), or, for a segment
// time cannot change, its members. The refresh's transaction reads such a
// table by the bare name its temporary table would have had (seg_work comes
// first on its search path, and the names avoid every table the plan reads).
//
// The tables are scratch, never state: what a refresh stores is only what its
// one transaction writes. A killed refresh leaves at most scratch tables, and
// the next refresh drops every table in seg_work before it starts (it holds the
// refresh lock: no other refresh is running). A helper's failure is its
// segment's failure, reported when the refresh reaches that segment, as if the
// refresh's own connection had run the query.
import type { SegDatabase } from '../db/database.js';
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
export interface StagedTimeline {
    table: string;
    absentAreMembers: boolean;
}

export interface EvaluatedAhead {
    /**
     * The segment's timeline, or its members when time cannot change it, once
     * a helper has computed them (rejects with the helper's error).
     */
    get(name: string): Promise<ReusedTimeline> | undefined;
    /** The first of `names` whose evaluation has ended (waiting for one when none has). */
    firstDone(names: string[]): Promise<string>;
    /** Stops the helpers (cancelling a query still running) and drops their tables: after the refresh's transaction has ended. */
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
    result: Promise<ReusedTimeline>;
    done: boolean;
    settle(outcome: { ok: ReusedTimeline } | { error: unknown }): void;
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
        for (let i = 0; i < Math.min(options.helpers, jobs.length); i++) helpers.push(await Helper.connect(tx, options.statementTimeoutMs));
        await clearWorkSchema(helpers[0].db);
    } catch (e) {
        await Promise.all(helpers.map(h => h.db.close()));
        options.onWarning?.(`segments are evaluated on one connection: helper connections could not start (${e instanceof Error ? e.message : String(e)})`);
        return undefined;
    }
    await tx.query(`SELECT set_config('search_path', $1 || ', ' || current_setting('search_path'), true)`, [WORK_SCHEMA]);
    const byName = new Map(jobs.map(j => [j.name, j]));
    for (const j of jobs) j.uses = [...options.uses(j.name)].filter(u => byName.has(u));
    const queue = [...jobs];
    let closed = false;
    const loops = helpers.map(async helper => {
        for (let next = queue.shift(); next; next = queue.shift()) {
            const reuse = new Map<string, ReusedTimeline>();
            for (const used of next.uses) {
                // A used segment whose evaluation failed is evaluated again inside this one.
                const staged = await byName.get(used)!.result.catch(() => undefined);
                if (staged) reuse.set(used, staged);
            }
            if (closed) {
                next.settle({ error: new Error('the refresh ended before this segment was evaluated') });
                continue;
            }
            try {
                next.settle({ ok: await helper.compute(plan, next, reuse, options) });
            } catch (error) {
                next.settle({ error });
            }
        }
    });
    return {
        get: name => byName.get(name)?.result,
        firstDone: async names => {
            for (;;) {
                const done = names.find(n => byName.get(n)?.done !== false);
                if (done !== undefined) return done;
                await Promise.race(names.map(n => byName.get(n)!.result.catch(() => undefined)));
            }
        },
        close: async () => {
            closed = true;
            // After the refresh's transaction: its connection is free for these (a helper may be busy).
            const control = async (sql: string, params?: unknown[]) => {
                await tx.query(sql, params).catch(() => helpers[0].busy ? undefined : helpers[0].db.query(sql, params).catch(() => undefined));
            };
            // A query still running belongs to a refresh that failed: nobody waits for it.
            for (const h of helpers.filter(h => h.busy)) await control('SELECT pg_cancel_backend($1)', [h.pid]);
            await Promise.all(loops);
            await control(`DROP TABLE IF EXISTS ${jobs.map(j => `${quoteIdent(WORK_SCHEMA)}.${quoteIdent(j.table)}`).join(', ')}`);
            await Promise.all(helpers.map(h => h.db.close()));
        },
    };
}

function job(name: string, timeline: boolean, table: string): Job {
    let resolve!: (value: ReusedTimeline) => void;
    let reject!: (error: unknown) => void;
    const result = new Promise<ReusedTimeline>((yes, no) => { resolve = yes; reject = no; });
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

/** Drops every table in seg_work: under the refresh lock, any there is a killed refresh's. */
async function clearWorkSchema(db: SegDatabase): Promise<void> {
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(WORK_SCHEMA)}`);
    const { rows: [may] } = await db.query(`SELECT has_schema_privilege($1, 'CREATE') AS ok`, [WORK_SCHEMA]);
    if (may?.ok !== true) throw new Error(`no privilege to create tables in schema ${WORK_SCHEMA}`);
    const { rows } = await db.query('SELECT tablename FROM pg_tables WHERE schemaname = $1', [WORK_SCHEMA]);
    if (rows.length) await db.exec(`DROP TABLE IF EXISTS ${rows.map(r => `${quoteIdent(WORK_SCHEMA)}.${quoteIdent(String(r.tablename))}`).join(', ')}`);
}

/** One helper connection, outside the refresh's transaction (each statement commits). */
class Helper {
    busy = false;

    private constructor(readonly db: SegDatabase, readonly pid: number) {}

    static async connect(tx: SegDatabase, statementTimeoutMs: number): Promise<Helper> {
        const db = await tx.connectAnother!();
        try {
            const { rows } = await db.query(
                `SELECT pg_backend_pid() AS pid, set_config('search_path', $1 || ', ' || current_setting('search_path'), false),
                        set_config('statement_timeout', $2, false), set_config('jit', 'off', false)`,
                [WORK_SCHEMA, String(Math.max(1, Math.round(statementTimeoutMs)))]);
            return new Helper(db, Number(rows[0].pid));
        } catch (e) {
            await db.close();
            throw e;
        }
    }

    async compute(plan: Plan, job: Job, reuse: ReadonlyMap<string, ReusedTimeline>, options: AheadOptions): Promise<ReusedTimeline> {
        const table = `${quoteIdent(WORK_SCHEMA)}.${quoteIdent(job.table)}`;
        this.busy = true;
        try {
            if (!job.timeline) {
                // Its query reads the member lists of the segments it uses (a timeline is not one).
                const members = new Map([...reuse].flatMap(([name, used]) => 'members' in used ? [[name, used.members]] : []));
                const query = toSql(plan, job.name, postgresDialect, { reuse: members });
                await this.db.exec(`CREATE UNLOGGED TABLE ${table} (contact_id uuid NOT NULL)`);
                await this.db.query(`INSERT INTO ${table} (contact_id) SELECT contact_id FROM (${query.text}) s`, bindParams(query, { asOf: options.asOf }));
                await this.db.exec(`ANALYZE ${table}`);
                return { members: job.table };
            }
            const timeline = timelineRowsSql(plan, job.name, postgresDialect, reuse);
            await this.db.exec(`CREATE UNLOGGED TABLE ${table} (${TIMELINE_COLUMNS})`);
            await this.db.query(`INSERT INTO ${table} (contact_id, member, change, exact) ${timeline.text}`, bindParams(timeline, { asOf: options.asOf }));
            if (options.indexed) await this.db.exec(`CREATE INDEX ON ${table} (contact_id)`);
            await this.db.exec(`ANALYZE ${table}`);
            return { table: job.table, absentAreMembers: timeline.absentAreMembers };
        } finally {
            this.busy = false;
        }
    }
}
