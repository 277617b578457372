// Member counts before and after, on one database at one as-of instant: each
// segment's old SQL and new SQL run read-only, and their members compared
// (who enters, who leaves). A query that fails (a table the database does not
// have yet) costs that segment its count, not the whole report.
import { DatabaseError, type SegDatabase } from '../db/database.js';
import type { Plan } from '../plan/plan.js';
import { postgresDialect } from '../sql/postgres-dialect.js';
import { bindParams, toSql } from '../sql/to-sql.js';
import type { CountChange, CountFailure, SegmentDiff } from './compare-plans.js';

export interface CountOptions {
    asOf: Date;
    timeoutMs: number;
}

/** Sets `count` on every segment of `segments`: old members from `base`, new from `head`. */
export async function countMembers(db: SegDatabase, base: Plan | undefined, head: Plan | undefined, segments: SegmentDiff[],
    options: CountOptions): Promise<void> {
    await db.readOnly(options.timeoutMs, async tx => {
        // The same query with the same parameters (an unchanged part, or both sides alike) runs once.
        const cache = new Map<string, Set<string> | CountFailure>();
        const members = async (plan: Plan, name: string): Promise<Set<string> | CountFailure> => {
            const query = toSql(plan, name, postgresDialect);
            const params = bindParams(query, { asOf: options.asOf });
            const key = JSON.stringify([query.text, params]);
            const known = cache.get(key);
            if (known) return known;
            const result = await attempt(tx, query.text, params);
            cache.set(key, result);
            return result;
        };
        for (const s of segments) {
            const before = s.status === 'added' ? new Set<string>() : await members(base!, s.name);
            const after = s.status === 'removed' ? new Set<string>() : await members(head!, s.name);
            if (!(before instanceof Set)) { s.count = before; continue; }
            if (!(after instanceof Set)) { s.count = after; continue; }
            s.count = compareMembers(before, after, s.status);
        }
    });
}

function compareMembers(before: Set<string>, after: Set<string>, status: SegmentDiff['status']): CountChange {
    let entering = 0, leaving = 0;
    for (const m of after) if (!before.has(m)) entering++;
    for (const m of before) if (!after.has(m)) leaving++;
    return {
        before: status === 'added' ? null : before.size,
        after: status === 'removed' ? null : after.size,
        entering, leaving,
    };
}

/**
 * Runs one query inside a savepoint, so a failed query leaves the transaction
 * usable. Timeouts and lost connections end the whole count (they are thrown).
 */
async function attempt(tx: SegDatabase, text: string, params: unknown[]): Promise<Set<string> | CountFailure> {
    await tx.query('SAVEPOINT seg_diff_count');
    try {
        const { rows } = await tx.query(text, params);
        await tx.query('RELEASE SAVEPOINT seg_diff_count');
        return new Set(rows.map(r => String(r.contact_id)));
    } catch (e) {
        if (!(e instanceof DatabaseError) || e.kind === 'timeout' || e.kind === 'connect') throw e;
        await tx.query('ROLLBACK TO SAVEPOINT seg_diff_count');
        return { error: e.message };
    }
}
