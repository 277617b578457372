// npm run bench:sequence: sequences (`interaction A … then B within G`,
// docs/language.md §6 "then: sequences") against the plain interaction query
// on the same tables (#12, "Performance"). Seeds SEG_BENCH_CONTACTS contacts
// (1,000,000 by default, about 10 interactions each: the demo generator) in a
// fresh database, then times, median of 3 after a warm-up (one timed run when
// the warm-up takes over 2 s):
//   - the plain segment   interaction EmailOpened within 30 days
//   - the sequence        … then EmailClicked within 1 day
//     and its variants    … then EmailClicked on messageId within 1 day
//                         … then not EmailClicked within 1 day
//   - hand-written SQL for the positive sequence (a window function over the
//     opens and clicks of each contact, and a LATERAL probe), which must return
//     exactly the same contacts as Seg's SQL (the bench fails otherwise);
// and prints members, times and each query's ratio to the plain segment, with
// the goal "sequence ≤ 2× plain" stated as met or NOT met. Then EXPLAIN
// (ANALYZE, BUFFERS off) summaries of Seg's sequence queries: planning and
// execution time, the top plan node, and which indexes and sequential scans
// the plan uses.
//
// The server: SEG_BENCH_DATABASE_URL (a database `seg_sequence_bench` is
// created there and dropped at the end unless SEG_BENCH_KEEP=1); skipped when
// unset. Time is to the last row in Node (pg, rows as arrays), for every query
// alike. Needs a build (npm run build).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freshServerDatabase } from './server-database.js';

const { compileProject } = await import('../out/compiler/pipeline.js');
const { toSql, bindParams } = await import('../out/compiler/sql/to-sql.js');
const { openDatabase } = await import('../out/compiler/db/open-database.js');
const { schemaStatements } = await import('../out/compiler/db/schema.js');
const { seed } = await import('../out/compiler/demo-data/load.js');

const URL_ = process.env.SEG_BENCH_DATABASE_URL;
const CONTACTS = Number(process.env.SEG_BENCH_CONTACTS ?? 1_000_000);
const RUNS = 3;
const LONG_QUERY_MS = 2000;
const TIMEOUT_MS = 600_000;
const GOAL = 2;
const SEED = 20261128;
const AS_OF = new Date('2026-11-28T12:00:00Z');
const EXAMPLES = new URL('../examples', import.meta.url).pathname;
const NAME = 'seg_sequence_bench';

if (!URL_) {
    console.log(`bench:sequence: set SEG_BENCH_DATABASE_URL to a PostgreSQL server (a database ${NAME} is created there); skipped.`);
    process.exit(0);
}
if (!Number.isInteger(CONTACTS) || CONTACTS < 1) throw new Error('SEG_BENCH_CONTACTS must be a positive whole number');

// The segments, in a file of their own compiled with examples/ (its seg.json:
// time zone, catalog and declarations), so the seed is the one examples/ gets.
const SEGMENTS = [
    { name: 'BenchPlain', label: 'plain', text: 'interaction EmailOpened within 30 days' },
    { name: 'BenchThen', label: 'then', text: 'interaction EmailOpened within 30 days then EmailClicked within 1 day', goal: true },
    { name: 'BenchThenOn', label: 'then … on', text: 'interaction EmailOpened within 30 days then EmailClicked on messageId within 1 day', goal: true },
    { name: 'BenchThenNot', label: 'then not', text: 'interaction EmailOpened within 30 days then not EmailClicked within 1 day', goal: true },
];

// Hand-written SQL with the members of BenchThen, with the same parameters
// ($1 as-of, $2 time zone) and the same calendar arithmetic as Seg's SQL:
// opens in (as-of − 30 days, as-of], a click b of the same contact with
// a.t < b.t <= a.t + 1 day (calendar day in the time zone), b.t <= as-of.
const WINDOW_START = `((($1::timestamptz AT TIME ZONE $2::text) - make_interval(days => 30)) AT TIME ZONE $2::text)`;
const gapEnd = t => `(((${t} AT TIME ZONE $2::text) + make_interval(days => 1)) AT TIME ZONE $2::text)`;
const HAND_WRITTEN = [
    {
        label: 'hand: window max()',
        form: 'opens and clicks per contact by time; a click within the running max of the earlier opens\' gap ends',
        // Clicks sort before opens at equal times, so an open reaches only
        // later clicks; the running max of gap ends (not of open times: a
        // calendar day after a DST fall-back is not monotonic) decides.
        // b.t > a.t > window start bounds the clicks too.
        text: `SELECT c."contactid" AS contact_id
FROM "contact" AS c
WHERE c."contactid" IN (
  SELECT s.contact_id
  FROM (
    SELECT e.contact_id, e.t, e.kind,
           max(e.gap_end) OVER (PARTITION BY e.contact_id ORDER BY e.t, e.kind ROWS UNBOUNDED PRECEDING) AS reach
    FROM (
      SELECT o."contact_id" AS contact_id, o."timestamp" AS t, 1 AS kind, ${gapEnd('o."timestamp"')} AS gap_end
      FROM "email_opened" AS o
      WHERE o."timestamp" > ${WINDOW_START} AND o."timestamp" <= $1::timestamptz
      UNION ALL
      SELECT k."contact_id", k."timestamp", 0, NULL
      FROM "email_clicked" AS k
      WHERE k."timestamp" > ${WINDOW_START} AND k."timestamp" <= $1::timestamptz
    ) AS e
  ) AS s
  WHERE s.kind = 0 AND s.t <= s.reach
)
ORDER BY contact_id`,
    },
    {
        label: 'hand: LATERAL probe',
        form: 'per open in the window, one index probe for a click in (t, t + 1 day]',
        text: `SELECT c."contactid" AS contact_id
FROM "contact" AS c
WHERE c."contactid" IN (
  SELECT o."contact_id"
  FROM "email_opened" AS o
  CROSS JOIN LATERAL (
    SELECT 1
    FROM "email_clicked" AS k
    WHERE k."contact_id" = o."contact_id"
      AND k."timestamp" > o."timestamp"
      AND k."timestamp" <= ${gapEnd('o."timestamp"')}
      AND k."timestamp" <= $1::timestamptz
    LIMIT 1
  ) AS hit
  WHERE o."timestamp" > ${WINDOW_START} AND o."timestamp" <= $1::timestamptz
)
ORDER BY contact_id`,
    },
];

// ---------------------------------------------------------------- formatting

const int = n => Math.round(n).toLocaleString('en-US');
const secs = ms => `${(ms / 1000).toFixed(2)} s`;
const msText = ms => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : int(ms));
const median = xs => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/** Warm-up, then RUNS timed runs (one when the warm-up took over LONG_QUERY_MS): { ms (median), runs, keys }. */
async function timeQuery(client, text, values) {
    const times = [];
    let keys, runs = RUNS;
    for (let i = 0; i <= runs; i++) {
        const t = performance.now();
        const { rows } = await client.query({ text, values, rowMode: 'array' });
        const ms = performance.now() - t;
        if (i === 0 && ms > LONG_QUERY_MS) runs = 1;
        if (i > 0) times.push(ms);
        keys = rows.map(r => r[0]);
    }
    return { ms: median(times), runs, keys };
}

/** EXPLAIN (ANALYZE, BUFFERS off, FORMAT JSON): times, the top node, indexes and sequential scans. */
async function explain(client, text, values) {
    const { rows } = await client.query({ text: `EXPLAIN (ANALYZE, BUFFERS off, FORMAT JSON) ${text}`, values });
    const [root] = rows[0]['QUERY PLAN'];
    const indexes = new Map(), seqScans = new Map(), joins = [];
    const walk = node => {
        const type = node['Node Type'];
        if (node['Index Name']) indexes.set(node['Index Name'], type);
        if (type === 'Seq Scan') seqScans.set(node['Relation Name'], (seqScans.get(node['Relation Name']) ?? 0) + node['Actual Rows'] * node['Actual Loops']);
        if (/Join|Nested Loop/.test(type)) joins.push(`${type}${node['Join Type'] && !type.includes(node['Join Type']) ? ` (${node['Join Type']})` : ''}`);
        for (const child of node.Plans ?? []) walk(child);
    };
    walk(root.Plan);
    // Actual Rows is per loop (per worker under a Gather): times loops, the node's whole output.
    const describe = node => `${node['Node Type']}${node.Strategy ? ` (${node.Strategy})` : ''}, ${int(node['Actual Rows'] * node['Actual Loops'])} rows`;
    // The node under the outer sort and the contact lookup: where the sequence is decided.
    let top = root.Plan;
    while (['Sort', 'Gather Merge', 'Gather', 'Limit'].includes(top['Node Type']) && top.Plans?.length === 1) top = top.Plans[0];
    return {
        planning: root['Planning Time'], execution: root['Execution Time'],
        top: describe(top), root: describe(root.Plan), joins,
        indexes: [...indexes].map(([name, type]) => `${name} (${type})`),
        seqScans: [...seqScans].map(([table, n]) => `${table} (${int(n)} rows)`),
    };
}

// ---------------------------------------------------------------- the benchmark

const server = await freshServerDatabase(URL_, NAME, 'seg-sequence-bench');
const db = await openDatabase({ url: server.url });
const client = new pg.Client({ connectionString: server.url, application_name: 'seg-sequence-bench' });
await client.connect();
const dir = mkdtempSync(join(os.tmpdir(), 'seg-sequence-bench-'));
let failed = false;
try {
    const file = join(dir, 'sequence-bench.seg');
    writeFileSync(file, SEGMENTS.map(s => `segment ${s.name} = ${s.text}\n`).join(''));
    const { project, plan } = await compileProject([EXAMPLES, file]);
    if (!plan) throw new Error(`examples/ and the bench segments have ${project.errorCount} errors`);

    const version = (await client.query('SELECT version() AS v')).rows[0].v;
    const show = async name => (await client.query(`SHOW ${name}`)).rows[0][name];
    const cpus = os.cpus();
    console.log(`seg sequence bench: ${int(CONTACTS)} contacts, as of ${AS_OF.toISOString()}, seed ${SEED}`);
    console.log(`  machine:  ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GB memory; node ${process.version}`);
    console.log(`  server:   ${version.split(' on ')[0]}; shared_buffers ${await show('shared_buffers')}, work_mem ${await show('work_mem')}, jit ${await show('jit')}, max_parallel_workers_per_gather ${await show('max_parallel_workers_per_gather')}`);

    let t0 = performance.now();
    for (const s of schemaStatements(project)) await db.exec(s);
    const counts = await seed(db, { contacts: CONTACTS, seed: SEED, asOf: AS_OF, project: { files: project.files, plan } });
    await client.query('ANALYZE');
    const sizes = (await client.query(
        `SELECT relname AS table, reltuples::float8 AS rows FROM pg_class WHERE relname IN ('email_opened', 'email_clicked') ORDER BY relname DESC`)).rows;
    console.log(`  seeded:   ${int(counts.contacts)} contacts, ${int(counts.interactions)} interactions (${sizes.map(r => `${r.table} ${int(r.rows)}`).join(', ')}) in ${secs(performance.now() - t0)}`);

    const values = bindParams(toSql(plan, 'BenchPlain'), { asOf: AS_OF });
    const [asOfValue, zone] = values;
    console.log(`  time zone ${zone}; indexes on each interaction table: (contact_id, timestamp), (timestamp), and per correlated field`);

    // ------------------------------------------------------------ times
    console.log(`\nQueries: median of ${RUNS} after a warm-up (¹ warm-up over ${secs(LONG_QUERY_MS)}: one timed run); time to the last row in Node`);
    const queries = [
        ...SEGMENTS.map(s => {
            const q = toSql(plan, s.name);
            return { ...s, sql: q.text, values: bindParams(q, { asOf: AS_OF }), form: s.text };
        }),
        ...HAND_WRITTEN.map(h => ({ ...h, sql: h.text, values: [asOfValue, zone] })),
    ];
    const w = Math.max(...queries.map(q => q.label.length));
    console.log(`  ${'query'.padEnd(w)}  ${'members'.padStart(9)}  ${'ms'.padStart(8)}  ${'× plain'.padStart(7)}  form`);
    console.log(`  ${'-'.repeat(w)}  ${'-'.repeat(9)}  ${'-'.repeat(8)}  ${'-'.repeat(7)}  ${'-'.repeat(40)}`);
    const results = new Map();
    for (const q of queries) {
        await client.query(`SET statement_timeout = ${TIMEOUT_MS}`);
        const r = await timeQuery(client, q.sql, q.values);
        results.set(q.label, r);
        const plain = results.get('plain');
        console.log(`  ${q.label.padEnd(w)}  ${int(r.keys.length).padStart(9)}  ${`${msText(r.ms)}${r.runs < RUNS ? '¹' : ' '}`.padStart(8)}  ${`${(r.ms / plain.ms).toFixed(2)}×`.padStart(7)}  ${q.form}`);
    }

    // ------------------------------------------------------------ checks
    const seg = results.get('then').keys;
    const same = (a, b) => a.length === b.length && a.every((k, i) => k === b[i]);
    for (const h of HAND_WRITTEN) {
        const keys = results.get(h.label).keys;
        if (!same(keys, seg)) {
            failed = true;
            const segSet = new Set(seg), handSet = new Set(keys);
            const onlySeg = seg.filter(k => !handSet.has(k)), onlyHand = keys.filter(k => !segSet.has(k));
            console.log(`\n  !!! MISMATCH: '${h.label}' returns ${int(keys.length)} contacts, Seg's sequence ${int(seg.length)}: ` +
                `${int(onlySeg.length)} only in Seg's (e.g. ${onlySeg.slice(0, 3).join(', ') || '-'}), ${int(onlyHand.length)} only in the hand-written (e.g. ${onlyHand.slice(0, 3).join(', ') || '-'})`);
        }
    }
    if (!failed) console.log(`\n  check: the hand-written queries return exactly Seg's ${int(seg.length)} 'then' contacts`);
    const plainMs = results.get('plain').ms;
    for (const s of SEGMENTS.filter(s => s.goal)) {
        const ratio = results.get(s.label).ms / plainMs;
        console.log(`  goal '${s.label}' ≤ ${GOAL}× plain: ${ratio.toFixed(2)}× — ${ratio <= GOAL ? 'met' : 'NOT met'}`);
    }
    const best = HAND_WRITTEN.map(h => ({ label: h.label, ms: results.get(h.label).ms })).sort((a, b) => a.ms - b.ms)[0];
    console.log(`  Seg's 'then' vs the fastest hand-written (${best.label}): ${(results.get('then').ms / best.ms).toFixed(2)}×`);

    // ------------------------------------------------------------ plans
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS off) of Seg's queries:`);
    for (const q of queries.slice(0, SEGMENTS.length)) {
        const e = await explain(client, q.sql, q.values);
        console.log(`  ${q.label}: planning ${msText(e.planning)} ms, execution ${msText(e.execution)} ms`);
        console.log(`    top node: ${e.top}${e.top === e.root ? '' : ` (under ${e.root})`}`);
        console.log(`    joins:    ${e.joins.join(' > ') || 'none'}`);
        console.log(`    indexes:  ${e.indexes.join(', ') || 'none'}`);
        console.log(`    seq scans: ${e.seqScans.join(', ') || 'none'}`);
    }
} catch (e) {
    failed = true;
    console.error(e);
} finally {
    rmSync(dir, { recursive: true, force: true });
    await client.end().catch(() => undefined);
    await db.close();
    await server.drop();
}
if (failed) process.exitCode = 1;
