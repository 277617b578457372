// Seg's own tables, where `seg refresh` keeps live segments' membership
// (README, "Live segments"): a `seg` schema, versioned by `seg.migrations`, one
// row per migration applied. A later Seg adds migrations at the end of
// MIGRATIONS; one that finds a newer version than it knows refuses to touch
// the tables. Migrations run inside the refresh's transaction, under its lock.
import { DatabaseError, type SegDatabase } from '../db/database.js';

interface Migration {
    version: number;
    description: string;
    statements: string[];
}

/**
 * seg.members' key and indexes. A refresh into an empty history (the first)
 * drops them and builds them after loading: sorting once is several times
 * faster than placing millions of random contact ids one by one. (The past
 * stays are empty then: nobody leaves in a first refresh.)
 */
export const MEMBER_INDEXES = {
    key: { drop: 'ALTER TABLE seg.members DROP CONSTRAINT members_pkey', create: 'ALTER TABLE seg.members ADD CONSTRAINT members_pkey PRIMARY KEY (segment, contact_id)' },
    // One contact's open stays (`seg history`, the stays view by contact).
    contact: { drop: 'DROP INDEX seg.members_contact_idx', create: 'CREATE INDEX members_contact_idx ON seg.members (contact_id, segment)' },
    // Members due to leave soonest first: what a scheduler or a journey asks.
    leaves: { drop: 'DROP INDEX seg.members_leaves_idx', create: 'CREATE INDEX members_leaves_idx ON seg.members (segment, leaves_at) WHERE leaves_at IS NOT NULL' },
} as const;

/** Every migration, in order; never edit one that has shipped (what it does), add another. */
export const MIGRATIONS: readonly Migration[] = [{
    version: 1,
    description: 'members, stays, refreshes and refresh_segments',
    statements: [
        // One row per live segment ever refreshed here: its current definition and last refresh.
        `CREATE TABLE seg.segments (
  segment text PRIMARY KEY,
  fingerprint text NOT NULL,
  last_as_of timestamptz NOT NULL,
  last_refresh bigint NOT NULL,
  members bigint NOT NULL,
  next_change_at timestamptz
)`,
        // One row per `seg refresh`: one that committed, or one that failed (rolled back whole; its row written after).
        `CREATE TABLE seg.refreshes (
  refresh_id bigserial PRIMARY KEY,
  as_of timestamptz NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  status text NOT NULL CHECK (status IN ('ok', 'partial', 'failed')),
  forced boolean NOT NULL DEFAULT false,
  error text,
  seg_version text
)`,
        // What one refresh did to one segment.
        `CREATE TABLE seg.refresh_segments (
  refresh_id bigint NOT NULL REFERENCES seg.refreshes,
  segment text NOT NULL,
  status text NOT NULL CHECK (status IN ('ok', 'failed')),
  fingerprint text NOT NULL,
  previous_fingerprint text,
  members bigint,
  entered bigint,
  exited bigint,
  kept bigint,
  rewound bigint,
  ms double precision,
  next_change_at timestamptz,
  error text,
  PRIMARY KEY (refresh_id, segment)
)`,
        // The current members: one row per (segment, contact) in it now.
        `CREATE TABLE seg.members (
  segment text NOT NULL,
  contact_id uuid NOT NULL,
  entered_at timestamptz NOT NULL,
  leaves_at timestamptz,
  PRIMARY KEY (segment, contact_id)
)`,
        // The history: one row per stay, closed (exited_at set) when the contact leaves, never otherwise changed.
        `CREATE TABLE seg.stays (
  stay_id bigserial PRIMARY KEY,
  segment text NOT NULL,
  contact_id uuid NOT NULL,
  entered_at timestamptz NOT NULL,
  exited_at timestamptz,
  entered_refresh bigint NOT NULL,
  exited_refresh bigint,
  CHECK (exited_at IS NULL OR exited_at >= entered_at)
)`,
        'CREATE UNIQUE INDEX stays_open_idx ON seg.stays (segment, contact_id) WHERE exited_at IS NULL',
        'CREATE INDEX stays_contact_idx ON seg.stays (contact_id, segment, entered_at)',
        'CREATE INDEX stays_segment_idx ON seg.stays (segment, entered_at)',
    ],
}, {
    version: 2,
    description: 'next change time: whether leaves_at and next_change_at are exact or a lower bound',
    statements: [
        'ALTER TABLE seg.members ADD COLUMN leaves_exact boolean',
        'ALTER TABLE seg.segments ADD COLUMN next_change_exact boolean',
        'ALTER TABLE seg.refresh_segments ADD COLUMN next_change_exact boolean',
        'CREATE INDEX members_leaves_idx ON seg.members (segment, leaves_at) WHERE leaves_at IS NOT NULL',
    ],
}, {
    version: 3,
    description: 'incremental refresh: tracked tables, their changes, when non-members could enter, each segment\'s last snapshot',
    statements: [
        // The tables `seg refresh --incremental` tracks, by which column a row's contact is known (null: none), since which refresh.
        `CREATE TABLE seg.tracked (
  table_name text PRIMARY KEY,
  key_column text,
  since_refresh bigint NOT NULL
)`,
        // The contacts of rows written in tracked tables (null: a change no contact can be named for), by writing transaction.
        `CREATE TABLE seg.changes (
  xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  table_name text NOT NULL,
  contact_id uuid
)`,
        'CREATE INDEX changes_xid_idx ON seg.changes (xid)',
        // Non-members that would enter by time alone, and when (exact, or a lower bound).
        `CREATE TABLE seg.pending (
  segment text NOT NULL,
  contact_id uuid NOT NULL,
  enters_at timestamptz NOT NULL,
  enters_exact boolean NOT NULL,
  PRIMARY KEY (segment, contact_id)
)`,
        'CREATE INDEX pending_enters_idx ON seg.pending (segment, enters_at)',
        // The snapshot of the segment's last incremental refresh (null: the next one evaluates it in full).
        'ALTER TABLE seg.segments ADD COLUMN incremental_snapshot text',
        // The trigger function: arguments are Seg's name of the table and its key column ('' for none).
        `CREATE FUNCTION seg.track_changes() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
  IF TG_ARGV[1] = '' OR TG_OP = 'TRUNCATE' THEN
    INSERT INTO seg.changes (table_name) VALUES (TG_ARGV[0]);
  ELSIF TG_OP = 'INSERT' THEN
    EXECUTE format('INSERT INTO seg.changes (table_name, contact_id) SELECT DISTINCT %L, %I FROM seg_new WHERE %I IS NOT NULL',
                   TG_ARGV[0], TG_ARGV[1], TG_ARGV[1]);
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE format('INSERT INTO seg.changes (table_name, contact_id) SELECT DISTINCT %L, %I FROM seg_old WHERE %I IS NOT NULL',
                   TG_ARGV[0], TG_ARGV[1], TG_ARGV[1]);
  ELSE
    EXECUTE format('INSERT INTO seg.changes (table_name, contact_id) SELECT %L, k FROM (SELECT %I AS k FROM seg_new UNION SELECT %I FROM seg_old) u WHERE k IS NOT NULL',
                   TG_ARGV[0], TG_ARGV[1], TG_ARGV[1]);
  END IF;
  RETURN NULL;
END
$f$`,
    ],
}, {
    version: 4,
    description: 'the history: open stays are the member rows, closed ones go to seg.past_stays (append-only); seg.stays is a view of both',
    statements: [
        // A stay ends by moving from seg.members to here, in the refresh that sees the contact leave; never changed after.
        `CREATE TABLE seg.past_stays (
  segment text NOT NULL,
  contact_id uuid NOT NULL,
  entered_at timestamptz NOT NULL,
  exited_at timestamptz NOT NULL,
  entered_refresh bigint NOT NULL,
  exited_refresh bigint NOT NULL,
  CHECK (exited_at >= entered_at)
)`,
        `INSERT INTO seg.past_stays (segment, contact_id, entered_at, exited_at, entered_refresh, exited_refresh)
         SELECT segment, contact_id, entered_at, exited_at, entered_refresh, exited_refresh FROM seg.stays WHERE exited_at IS NOT NULL`,
        'ALTER TABLE seg.members ADD COLUMN entered_refresh bigint',
        `UPDATE seg.members m SET entered_refresh = s.entered_refresh
         FROM seg.stays s WHERE s.segment = m.segment AND s.contact_id = m.contact_id AND s.exited_at IS NULL`,
        'ALTER TABLE seg.members ALTER COLUMN entered_refresh SET NOT NULL',
        'DROP TABLE seg.stays',
        // Every stay, open or closed: what `seg members --at` and `seg history` read.
        `CREATE VIEW seg.stays AS
  SELECT segment, contact_id, entered_at, NULL::timestamptz AS exited_at, entered_refresh, NULL::bigint AS exited_refresh FROM seg.members
  UNION ALL
  SELECT segment, contact_id, entered_at, exited_at, entered_refresh, exited_refresh FROM seg.past_stays`,
        'CREATE INDEX past_stays_contact_idx ON seg.past_stays (contact_id, segment, entered_at)',
        'CREATE INDEX past_stays_segment_idx ON seg.past_stays (segment, entered_at)',
        'CREATE INDEX members_contact_idx ON seg.members (contact_id, segment)',
    ],
}];

export const LIVE_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** The version of the `seg` tables in this database: 0 when there are none. */
export async function liveSchemaVersion(db: SegDatabase): Promise<number> {
    const { rows } = await db.query(`SELECT to_regclass('seg.migrations') IS NOT NULL AS present`);
    if (!rows[0]?.present) return 0;
    const { rows: applied } = await db.query('SELECT coalesce(max(version), 0) AS version FROM seg.migrations');
    return Number(applied[0]?.version ?? 0);
}

/**
 * Brings the `seg` tables to this Seg's version (inside the caller's
 * transaction); refuses a database whose tables are newer. Returns the
 * versions before and after. (`upTo`, an earlier version: for tests of the
 * migrations themselves.)
 */
export async function migrateLiveSchema(db: SegDatabase, upTo = LIVE_SCHEMA_VERSION): Promise<{ from: number; to: number }> {
    await db.exec(`CREATE SCHEMA IF NOT EXISTS seg;
CREATE TABLE IF NOT EXISTS seg.migrations (
  version integer PRIMARY KEY,
  description text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`);
    const from = await liveSchemaVersion(db);
    checkNotNewer(from, db);
    for (const m of MIGRATIONS.filter(m => m.version > from && m.version <= upTo)) {
        for (const statement of m.statements) await db.exec(statement);
        await db.query('INSERT INTO seg.migrations (version, description) VALUES ($1, $2)', [m.version, m.description]);
    }
    return { from, to: Math.max(from, upTo) };
}

/** For commands that only read: the tables must exist, and be a version this Seg reads. */
export async function requireLiveSchema(db: SegDatabase): Promise<void> {
    const version = await liveSchemaVersion(db);
    if (version === 0) throw new DatabaseError(`${db.description} has no live segments yet — run 'seg refresh' first`, 'missing-table');
    checkNotNewer(version, db);
}

function checkNotNewer(version: number, db: SegDatabase): void {
    if (version > LIVE_SCHEMA_VERSION) {
        throw new DatabaseError(`the seg tables in ${db.description} are version ${version}, newer than this Seg's ${LIVE_SCHEMA_VERSION} — upgrade Seg`);
    }
}
