// Reading what `seg refresh` stored: a segment's members now or at a past
// instant (from the stays), and one contact's stays.
import type { SegDatabase } from '../db/database.js';
import { DatabaseError } from '../db/database.js';
import { didYouMean, suggest } from '../../language/check/suggest.js';
import { requireLiveSchema } from './live-schema.js';

export interface StoredSegment {
    name: string;
    fingerprint: string;
    lastAsOf: Date;
    members: number;
    nextChangeAt: Date | null;
    /** The as-of of its first refresh here. */
    firstAsOf: Date;
}

export interface StoredMember {
    contactId: string;
    enteredAt: Date;
    /** When it would leave if nothing new happened (null: not by time alone). */
    leavesAt: Date | null;
}

export interface Stay {
    contactId: string;
    enteredAt: Date;
    exitedAt: Date | null;
}

/** The stored segment; a one-line error naming the segments there are when it was never refreshed here. */
export async function storedSegment(db: SegDatabase, name: string): Promise<StoredSegment> {
    await requireLiveSchema(db);
    const { rows } = await db.query(
        `SELECT s.segment, s.fingerprint, s.last_as_of, s.members, s.next_change_at,
                (SELECT min(r.as_of) FROM seg.refresh_segments rs JOIN seg.refreshes r USING (refresh_id)
                 WHERE rs.segment = s.segment AND rs.status = 'ok') AS first_as_of
         FROM seg.segments s WHERE s.segment = $1`, [name]);
    if (!rows.length) {
        const { rows: all } = await db.query('SELECT segment FROM seg.segments ORDER BY segment');
        const names = all.map(r => String(r.segment));
        throw new DatabaseError(`segment '${name}' has not been refreshed in ${db.description}.${didYouMean(suggest(name, names))}` +
            `${names.length ? '' : ' No segment has been.'} Run 'seg refresh' first`, 'missing-table');
    }
    const r = rows[0];
    return {
        name, fingerprint: String(r.fingerprint), lastAsOf: date(r.last_as_of)!, members: Number(r.members),
        nextChangeAt: date(r.next_change_at), firstAsOf: date(r.first_as_of) ?? date(r.last_as_of)!,
    };
}

/**
 * The members now (as of the last refresh), or at `at`: the contacts with a
 * stay that had begun and not yet ended then. Sorted by contact id.
 */
export async function storedMembers(db: SegDatabase, name: string, at?: Date): Promise<StoredMember[]> {
    const { rows } = at === undefined
        ? await db.query(`SELECT contact_id::text AS contact_id, entered_at, leaves_at FROM seg.members WHERE segment = $1`, [name])
        : await db.query(
            `SELECT contact_id::text AS contact_id, entered_at, NULL::timestamptz AS leaves_at FROM seg.stays
             WHERE segment = $1 AND entered_at <= $2 AND (exited_at IS NULL OR exited_at > $2)`, [name, at]);
    const members = rows.map(r => ({ contactId: String(r.contact_id), enteredAt: date(r.entered_at)!, leavesAt: date(r.leaves_at) }));
    // Sorted as `seg run` sorts member keys, whatever the database's collation.
    return members.sort((a, b) => (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0));
}

/** One contact's stays in a segment, oldest first. */
export async function contactStays(db: SegDatabase, name: string, contactId: string): Promise<Stay[]> {
    const { rows } = await db.query(
        `SELECT contact_id::text AS contact_id, entered_at, exited_at FROM seg.stays
         WHERE contact_id = $1::uuid AND segment = $2 ORDER BY entered_at, exited_at NULLS LAST`, [contactId, name]);
    return rows.map(r => ({ contactId: String(r.contact_id), enteredAt: date(r.entered_at)!, exitedAt: date(r.exited_at) }));
}

function date(value: unknown): Date | null {
    if (value === null || value === undefined) return null;
    return value instanceof Date ? value : new Date(String(value));
}
