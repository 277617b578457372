// The databases the live-segment tests run on: a fresh embedded folder, and a
// fresh database on the PostgreSQL server when one is configured (the seg
// schema is per database).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { SegDatabase } from '../../../compiler/db/database.js';
import { openDatabase } from '../../../compiler/db/open-database.js';
import { SERVER_URL } from '../../support/engines.js';

/** A contact id from a number. */
export const C = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/**
 * How many stays begin before the stay before them (same segment and contact)
 * has ended: stays of one contact must never overlap. (Members are the open
 * stays by construction: seg.stays is a view of seg.members and seg.past_stays.)
 */
export const OVERLAPPING_STAYS = `(SELECT count(*) FROM (
    SELECT entered_at, lag(coalesce(exited_at, 'infinity')) OVER (PARTITION BY segment, contact_id ORDER BY entered_at, exited_at NULLS LAST) AS previous_end
    FROM seg.stays) s WHERE previous_end > entered_at)::int`;

export interface Target { name: string; args: string[]; inspect<T>(work: (db: SegDatabase) => Promise<T>): Promise<T>; close(): Promise<void> }

export async function targets(): Promise<Target[]> {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'seg-refresh-db-')), 'data');
    const list: Target[] = [{ name: 'PGlite', args: ['--data-dir', dataDir], inspect: w => using(openDatabase({ dataDir }), w), close: async () => undefined }];
    if (SERVER_URL) {
        const name = `seg_refresh_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
        const admin = new pg.Client({ connectionString: SERVER_URL });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        const url = new URL(SERVER_URL);
        url.pathname = `/${name}`;
        list.push({
            name: 'PostgreSQL server', args: ['--db', url.toString()], inspect: w => using(openDatabase({ url: url.toString() }), w),
            close: async () => { try { await admin.query(`DROP DATABASE ${name} WITH (FORCE)`); } finally { await admin.end(); } },
        });
    }
    return list;
}

async function using<T>(opening: Promise<SegDatabase>, work: (db: SegDatabase) => Promise<T>): Promise<T> {
    const db = await opening;
    try { return await work(db); } finally { await db.close(); }
}

