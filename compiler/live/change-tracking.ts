// Change tracking for `seg refresh --incremental` (README, "Incremental
// refresh"). Statement triggers on the tables live segments read
// append the audience keys of every row inserted, updated or deleted to
// seg.changes, stamped with the writing transaction's id; a refresh records
// its snapshot, and the next one reads the changes that snapshot did not see.
// With them, and the leave and enter times the last refresh stored, a refresh
// knows which keys can have changed and evaluates only those.
import { DatabaseError, type SegDatabase } from '../db/database.js';
import { quoteLiteral } from '../db/sql-text.js';
import type { Cond, Plan, Relation } from '../plan/plan.js';
import { postgresDialect } from '../sql/postgres-dialect.js';

const q = postgresDialect.quoteIdentifier;

/**
 * How a segment reads each table: `key` is the column whose value is the
 * audience key of a row (every use of the table maps rows to keys that way),
 * or null when some use does not (a lookup: an account read through a
 * contact's parentcustomerid, an interaction reaching contacts through a
 * lead).
 */
export interface TableUse {
    key: string | null;
}

/** Every table the segment's plan reads (the segments it uses included), and how. */
export function tableUses(plan: Plan, segmentName: string): Map<string, TableUse> {
    const uses = new Map<string, TableUse>();
    const use = (table: string, key: string | null) => {
        const seen = uses.get(table);
        uses.set(table, { key: !seen || seen.key === key ? key : null });
    };
    const audience = plan.audience;
    use(audience.table, audience.key);
    // `outerIsAudience`: the condition reads audience rows, so an `exists` on their key maps its rows by `via`.
    const cond = (c: Cond | undefined, outerIsAudience: boolean): void => {
        if (!c) return;
        switch (c.op) {
            case 'and': case 'or': c.args.forEach(a => cond(a, outerIsAudience)); return;
            case 'not': cond(c.arg, outerIsAudience); return;
            case 'exists':
                use(c.table, outerIsAudience && c.outerKey === audience.key ? c.via : null);
                cond(c.where, false);
                return;
            default: for (const step of c.column.path) use(step.table, null);
        }
    };
    const rows = (table: string, relation: Relation) => {
        use(table, relation.steps.length === 0 ? relation.column : null);
        for (const step of relation.steps) use(step.table, null);
    };
    const seen = new Set<number>();
    const visit = (id: number): void => {
        if (seen.has(id)) return;
        seen.add(id);
        const node = plan.nodes[id];
        switch (node.kind) {
            case 'profile':
                use(node.table, node.table === audience.table && node.key === audience.key ? node.key : null);
                cond(node.where, node.table === audience.table);
                return;
            case 'interaction':
                rows(node.table, node.relation);
                cond(node.where, false);
                return;
            case 'sequence':
                for (const step of [node.first, node.then]) {
                    rows(step.table, step.relation);
                    cond(step.where, false);
                }
                return;
            default:
                visit(node.left);
                visit(node.right);
        }
    };
    const segment = plan.segments.find(s => s.name === segmentName);
    if (!segment) throw new Error(`Internal error: no segment '${segmentName}' in the plan.`);
    visit(segment.node);
    return uses;
}

/**
 * The column to track each table by, over every live segment of the plan (so
 * refreshing some of them does not re-key the triggers): the one column its
 * keyed uses map rows by, null when none does or two differ. A segment that
 * reads the table as a lookup needs only to know whether it changed at all,
 * which any change row says.
 */
export function trackedKeys(plan: Plan): Map<string, string | null> {
    const keys = new Map<string, string | null | undefined>();
    for (const segment of plan.segments.filter(s => !s.draft)) {
        for (const [table, use] of tableUses(plan, segment.name)) {
            const seen = keys.get(table);
            if (use.key === null) keys.set(table, seen);
            else keys.set(table, seen === undefined || seen === use.key ? use.key : null);
        }
    }
    return new Map([...keys].map(([table, key]) => [table, key ?? null]));
}

const TRIGGERS = [
    { name: 'seg_track_insert', event: 'INSERT', referencing: 'REFERENCING NEW TABLE AS seg_new' },
    { name: 'seg_track_update', event: 'UPDATE', referencing: 'REFERENCING OLD TABLE AS seg_old NEW TABLE AS seg_new' },
    { name: 'seg_track_delete', event: 'DELETE', referencing: 'REFERENCING OLD TABLE AS seg_old' },
    { name: 'seg_track_truncate', event: 'TRUNCATE', referencing: '' },
] as const;

/**
 * Makes sure every table in `keys` has Seg's four triggers, enabled, writing
 * the right key column; (re)installs them where not. A table whose tracking
 * (re)starts here records this refresh: segments reading it are evaluated in
 * full until a refresh after this one. A table that cannot carry triggers (a
 * view, a foreign table, no privilege) is reported and left untracked.
 */
export async function ensureTracking(tx: SegDatabase, keys: ReadonlyMap<string, string | null>, refreshId: number): Promise<{ untracked: { table: string; reason: string }[] }> {
    const { rows: tracked } = await tx.query('SELECT table_name, key_column FROM seg.tracked');
    const known = new Map(tracked.map(r => [String(r.table_name), r.key_column === null ? null : String(r.key_column)]));
    const untracked: { table: string; reason: string }[] = [];
    for (const [table, key] of keys) {
        const { rows: present } = await tx.query(
            `SELECT count(*)::int AS n FROM pg_trigger
             WHERE tgrelid = to_regclass($1) AND tgname = ANY($2::text[]) AND tgenabled <> 'D' AND NOT tgisinternal`,
            [q(table), TRIGGERS.map(t => t.name)]);
        if (known.has(table) && known.get(table) === key && Number(present[0].n) === TRIGGERS.length) continue;
        await tx.exec('SAVEPOINT seg_track');
        try {
            for (const t of TRIGGERS) {
                const args = `${quoteLiteral(table)}, ${quoteLiteral(key ?? '')}`;
                await tx.exec(`CREATE OR REPLACE TRIGGER ${t.name} AFTER ${t.event} ON ${q(table)} ${t.referencing}
                               FOR EACH STATEMENT EXECUTE FUNCTION seg.track_changes(${args})`);
            }
            await tx.query(
                `INSERT INTO seg.tracked (table_name, key_column, since_refresh) VALUES ($1, $2, $3)
                 ON CONFLICT (table_name) DO UPDATE SET key_column = EXCLUDED.key_column, since_refresh = EXCLUDED.since_refresh`,
                [table, key, refreshId]);
            await tx.exec('RELEASE SAVEPOINT seg_track');
        } catch (e) {
            if (!(e instanceof DatabaseError) || e.kind === 'connect') throw e;
            await tx.exec('ROLLBACK TO SAVEPOINT seg_track');
            await tx.query('DELETE FROM seg.tracked WHERE table_name = $1', [table]);
            untracked.push({ table, reason: e.message });
        }
    }
    return { untracked };
}

/** What the last refresh of a segment left for the next to continue from. */
export interface IncrementalState {
    lastRefresh: number;
    /** The snapshot of that refresh: changes it did not see are the ones to read. */
    snapshot: string;
}

/**
 * Why the segment must be evaluated in full, or undefined when the keys that
 * can have changed are known: every table it reads is tracked since its last
 * refresh at the latest, and no change since cannot be mapped to keys (a
 * truncate, a change to a lookup table or to one tracked by another column).
 */
export async function fullEvaluationReason(tx: SegDatabase, uses: ReadonlyMap<string, TableUse>, state: IncrementalState): Promise<string | undefined> {
    const tables = [...uses.keys()];
    const { rows } = await tx.query('SELECT table_name, key_column, since_refresh FROM seg.tracked WHERE table_name = ANY($1::text[])', [tables]);
    const tracked = new Map(rows.map(r => [String(r.table_name), { key: r.key_column === null ? null : String(r.key_column), since: Number(r.since_refresh) }]));
    for (const table of uses.keys()) {
        const t = tracked.get(table);
        if (!t) return `changes to ${table} are not tracked`;
        if (t.since > state.lastRefresh) return `changes to ${table} are tracked only since this refresh`;
    }
    // Changes name keys where the table is tracked by the column this segment maps its rows by.
    const unmapped = [...uses].filter(([table, u]) => u.key === null || tracked.get(table)!.key !== u.key).map(([t]) => t);
    const { rows: lost } = await tx.query(
        `SELECT table_name FROM seg.changes
         WHERE ${unseenBy('$1')}
           AND table_name = ANY($2::text[]) AND (contact_id IS NULL OR table_name = ANY($3::text[]))
         LIMIT 1`,
        [state.snapshot, tables, unmapped]);
    if (lost.length) return `${String(lost[0].table_name)} changed, and its changes cannot be traced to contacts here`;
    return undefined;
}

/**
 * Change rows written by transactions the snapshot (parameter `param`) did not
 * see; those below its xmin it saw, so the xid index skips them.
 */
function unseenBy(param: string): string {
    return `xid >= pg_snapshot_xmin(${param}::pg_snapshot) AND NOT pg_visible_in_snapshot(xid, ${param}::pg_snapshot)`;
}

/**
 * The keys whose membership or change time can differ from what the last
 * refresh stored, into `into` (a new temporary table): members due to leave
 * and non-members due to enter by now, keys with rows written since, and
 * the keys re-evaluated for the segments it uses. (Rows dated after the last
 * as-of need no search: each is a possible change, a lower bound, in the
 * stored times: docs/language.md §10.) Returns how many.
 */
export async function stageAffected(tx: SegDatabase, into: string, segment: string, uses: ReadonlyMap<string, TableUse>,
    state: IncrementalState, asOf: Date, usedAffected: readonly string[]): Promise<number> {
    const keyed = [...uses].filter(([, u]) => u.key !== null);
    const parts = [
        `SELECT contact_id FROM seg.members WHERE segment = $1 AND leaves_at <= $2`,
        `SELECT contact_id FROM seg.pending WHERE segment = $1 AND enters_at <= $2`,
        `SELECT contact_id FROM seg.changes
         WHERE ${unseenBy('$3')}
           AND table_name = ANY($4::text[]) AND contact_id IS NOT NULL`,
        ...usedAffected.map(t => `SELECT contact_id FROM ${t}`),
    ];
    await tx.exec(`CREATE TEMPORARY TABLE ${into} (contact_id uuid PRIMARY KEY) ON COMMIT DROP`);
    await tx.query(`INSERT INTO ${into} (contact_id) ${parts.join('\nUNION\n')}`,
        [segment, asOf, state.snapshot, keyed.map(([t]) => t)]);
    await tx.exec(`ANALYZE ${into}`);
    const { rows } = await tx.query(`SELECT count(*)::bigint AS n FROM ${into}`);
    return Number(rows[0].n);
}

/**
 * Temporary views, named as the tables, that keep only the affected keys'
 * rows: the segment's queries (which name tables unqualified, and a session's
 * temporary objects come first in the search path) then read only those.
 * Returns the statements that drop them.
 */
export async function restrictTables(tx: SegDatabase, uses: ReadonlyMap<string, TableUse>, affected: string): Promise<string[]> {
    const drops: string[] = [];
    for (const [table, use] of uses) {
        if (use.key === null) continue;
        const { rows } = await tx.query(
            `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS qualified
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)`, [q(table)]);
        if (!rows.length) throw new DatabaseError(`relation "${table}" does not exist`, 'missing-table');
        await tx.exec(`CREATE TEMPORARY VIEW ${q(table)} AS SELECT * FROM ${String(rows[0].qualified)}
                       WHERE ${inAffected(affected, q(use.key))}`);
        drops.push(`DROP VIEW pg_temp.${q(table)}`);
    }
    return drops;
}

/** `key IN (the keys in the affected table)`: the one way a query is narrowed to them. */
export function inAffected(affected: string, key: string): string {
    return `${key} IN (SELECT contact_id FROM ${affected})`;
}

/** The snapshot a refresh records: changes not visible in it are read by the next one. */
export async function currentSnapshot(tx: SegDatabase): Promise<string> {
    const { rows } = await tx.query('SELECT pg_current_snapshot()::text AS snapshot');
    return String(rows[0].snapshot);
}

/** Drops the change rows every segment's last incremental refresh has seen (the others are evaluated in full). */
export async function pruneChanges(tx: SegDatabase): Promise<void> {
    await tx.exec(`WITH oldest AS (
                     SELECT min(pg_snapshot_xmin(incremental_snapshot::pg_snapshot)) AS xmin FROM seg.segments WHERE incremental_snapshot IS NOT NULL
                   )
                   DELETE FROM seg.changes c USING oldest WHERE oldest.xmin IS NULL OR c.xid < oldest.xmin`);
}
