// npm run bench:clickhouse: the example project's live segments on a two-shard
// ClickHouse cluster against PostgreSQL on the same machine (#11, "Performance").
//   1. seeds SEG_BENCH_CONTACTS contacts (1,000,000 by default, ≈ 10
//      interactions each: the demo generator, same seed and as-of) into both,
//      through Seg's own paths (seed() with its ANALYZE on PostgreSQL;
//      initClickHouse --cluster and seedClickHouse on ClickHouse), timed;
//   2. runs every live segment of examples/ on both, as of the same instant:
//      the PostgreSQL SQL (toSql, parameters bound) and the ClickHouse SQL
//      (toClickHouseSql, values inline), median of SEG_BENCH_RUNS after a
//      warm-up; the members must be the same (count and contacts) or the
//      benchmark fails;
//   3. prints per segment members, PostgreSQL ms, ClickHouse ms and the ratio
//      (PostgreSQL ms / ClickHouse ms: above 1 ClickHouse is faster, below 1
//      PostgreSQL is), then totals and which engine won where.
//
// The servers:
//   SEG_BENCH_DATABASE_URL      a PostgreSQL server; a database seg_clickhouse_bench
//                               is created there (dropped first if it exists);
//   SEG_BENCH_CLICKHOUSE_URL    a two-shard cluster, clickhouse://h1:p1,h2:p2/db as
//                               scripts/clickhouse-cluster.sh prints it; databases
//                               seg_clickhouse_bench and seg_clickhouse_bench_shards are
//                               created on every node (the URL's own database is not touched);
//   SEG_BENCH_CLICKHOUSE_CLUSTER the cluster's name in the servers' remote_servers (seg_cluster).
// Both are dropped at the end unless SEG_BENCH_KEEP=1. Skipped when either URL is unset.
// SEG_BENCH_CLICKHOUSE_ONLY=1 runs the cluster alone (no PostgreSQL URL needed): the
// load and each segment's time there, for sizes PostgreSQL is not run at (#11: 10M
// contacts); the members are then not compared (the run at 1M compares them).
//
// Query times are to the last row in Node (pg rows; ClickHouse JSONEachRow over
// HTTP), each query on its own (no transaction on either side). A query whose
// warm-up takes over SEG_BENCH_LONG_QUERY_S seconds (2) is timed once more
// instead of SEG_BENCH_RUNS (3) times; such times are marked ¹.
// Needs a build (npm run build).
import os from 'node:os';
import pg from 'pg';
import { digest } from './key-digest.js';

const PG_URL = process.env.SEG_BENCH_DATABASE_URL;
const CH_URL = process.env.SEG_BENCH_CLICKHOUSE_URL;
const CLUSTER = process.env.SEG_BENCH_CLICKHOUSE_CLUSTER || 'seg_cluster';
const CONTACTS = Number(process.env.SEG_BENCH_CONTACTS ?? 1_000_000);
const RUNS = Number(process.env.SEG_BENCH_RUNS ?? 3);
const LONG_QUERY_S = Number(process.env.SEG_BENCH_LONG_QUERY_S ?? 2);
const KEEP = process.env.SEG_BENCH_KEEP === '1';
const CH_ONLY = process.env.SEG_BENCH_CLICKHOUSE_ONLY === '1';
/** A hang is a bug: generous, but bounded. */
const TIMEOUT_MS = 600_000;
/** How long to wait for ClickHouse's background merges after the load before timing queries. */
const MERGE_WAIT_MS = 300_000;
const SEED = 20261128;
const AS_OF = new Date('2026-11-28T12:00:00Z');
const NAME = 'seg_clickhouse_bench';
const EXAMPLES = new URL('../examples', import.meta.url).pathname;

if ((!PG_URL && !CH_ONLY) || !CH_URL) {
    const missing = [!PG_URL && !CH_ONLY && 'SEG_BENCH_DATABASE_URL (a PostgreSQL server)', !CH_URL && 'SEG_BENCH_CLICKHOUSE_URL (clickhouse://h1:p1,h2:p2/db, as scripts/clickhouse-cluster.sh start prints it)'].filter(Boolean);
    console.log(`bench:clickhouse: skipped: set ${missing.join(' and ')}.`);
    process.exit(0);
}
if (!Number.isInteger(CONTACTS) || CONTACTS < 1) throw new Error('SEG_BENCH_CONTACTS must be a positive whole number');
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('SEG_BENCH_RUNS must be a positive whole number');

// Loaded after the check above: skipping needs no build.
const { compileProject } = await import('../out/compiler/pipeline.js');
const { toSql, bindParams } = await import('../out/compiler/sql/to-sql.js');
const { toClickHouseSql } = await import('../out/compiler/sql/clickhouse-sql.js');
const { openDatabase } = await import('../out/compiler/db/open-database.js');
const { schemaStatements, schemaTables } = await import('../out/compiler/db/schema.js');
const { seed } = await import('../out/compiler/demo-data/load.js');
const { ClickHouseDatabase, parseClickHouseUrl } = await import('../out/compiler/db/clickhouse-database.js');
const { initClickHouse, seedClickHouse } = await import('../out/compiler/db/clickhouse-setup.js');
const { shardDatabase } = await import('../out/compiler/db/clickhouse-schema.js');
const { createProgress } = await import('../out/compiler/db/progress.js');
const { clickhouseDialect } = await import('../out/compiler/sql/clickhouse-dialect.js');

// ---------------------------------------------------------------- formatting

const int = n => Math.round(n).toLocaleString('en-US');
const secs = ms => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const msText = ms => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : int(ms));
const perSecond = (rows, ms) => `${int(rows / (ms / 1000))} rows/s`;
const median = xs => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
/** PostgreSQL time / ClickHouse time, as "3.2x" (ClickHouse faster) or "0.45x" (PostgreSQL faster). */
const ratioText = (pgMs, chMs) => { const r = pgMs / chMs; return `${r.toFixed(r < 10 ? 2 : 0)}x`; };

function streamTable(columns, indent = '  ') {
    const line = cells => indent + cells.map((cell, i) => {
        const { width, right } = columns[i];
        const text = String(cell ?? '');
        return right ? text.padStart(width) : text.padEnd(width);
    }).join('  ').trimEnd();
    const rule = () => console.log(indent + columns.map(c => '-'.repeat(c.width)).join('  '));
    console.log(line(columns.map(c => c.title)));
    rule();
    return { row: (...cells) => console.log(line(cells)), rule };
}

/** The cluster URL with its database replaced by the benchmark's. */
function withDatabase(url, database) {
    const m = /^(clickhouse:\/\/[^/?#]+)(?:\/[^/?#]*)?$/i.exec(url);
    if (!m) throw new Error(`SEG_BENCH_CLICKHOUSE_URL: ${url} is not clickhouse://host:port[,host:port…]/database`);
    return `${m[1]}/${database}`;
}

/** Runs `work` on every node of the cluster URL, connected to its `default` database. */
async function onEachNode(work) {
    for (const node of parseClickHouseUrl(withDatabase(CH_URL, 'default')).nodes) {
        const db = await ClickHouseDatabase.connect(node);
        try {
            await work(db);
        } finally {
            await db.close();
        }
    }
}

const dropClickHouse = () => onEachNode(async node => {
    await node.exec(`DROP DATABASE IF EXISTS ${NAME}`);
    await node.exec(`DROP DATABASE IF EXISTS ${shardDatabase(NAME)}`);
});

/**
 * Warm-up, then RUNS timed runs (one when the warm-up took over LONG_QUERY_S):
 * { ms (median), runs, keys (of the last run) }.
 */
async function timeQuery(run) {
    const times = [];
    let keys, runs = RUNS;
    for (let i = 0; i <= runs; i++) {
        const t = performance.now();
        keys = await run();
        const ms = performance.now() - t;
        if (i === 0 && ms > LONG_QUERY_S * 1000) runs = 1;
        if (i > 0) times.push(ms);
    }
    return { ms: median(times), runs, keys };
}

/** Waits (up to MERGE_WAIT_MS) until no node is merging parts of the benchmark's tables; the time waited. */
async function waitForMerges() {
    const t0 = performance.now();
    for (;;) {
        let merging = 0;
        await onEachNode(async node => {
            const { rows } = await node.query(`SELECT count() AS n FROM system.merges WHERE database IN ('${NAME}', '${shardDatabase(NAME)}')`);
            merging += Number(rows[0]?.n ?? 0);
        });
        if (merging === 0 || performance.now() - t0 > MERGE_WAIT_MS) return { ms: performance.now() - t0, merging };
        await new Promise(resolve => setTimeout(resolve, 1000));
    }
}

// ---------------------------------------------------------------- the benchmark

const admin = CH_ONLY ? undefined : new pg.Client({ connectionString: PG_URL, application_name: 'seg-clickhouse-bench' });
await admin?.connect();
let pgDb, chDb, failed = false;
try {
    // Fresh databases on both.
    if (admin) {
        await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${NAME}`);
        const pgUrl = new URL(PG_URL);
        pgUrl.pathname = `/${NAME}`;
        pgDb = await openDatabase({ url: pgUrl.toString() });
    }
    await dropClickHouse();
    await onEachNode(node => node.exec(`CREATE DATABASE ${NAME}`));
    chDb = await openDatabase({ url: withDatabase(CH_URL, NAME), clickhouse: true });

    const { project, plan } = await compileProject([EXAMPLES]);
    if (!plan) throw new Error(`examples/ has ${project.errorCount} errors`);
    const live = plan.segments.filter(s => !s.draft).map(s => s.name);
    const models = project.files.map(f => f.document.parseResult.value);
    const seedProject = { files: project.files, plan };

    const pgVersion = admin ? (await admin.query('SELECT version() AS v')).rows[0].v : '';
    const show = async name => (await admin.query(`SHOW ${name}`)).rows[0][name];
    const chVersion = (await chDb.query('SELECT version() AS v')).rows[0].v;
    const nodes = (await chDb.query(`SELECT count() AS n FROM system.clusters WHERE cluster = ${clickhouseDialect.quoteString(CLUSTER)}`)).rows[0].n;
    const cpus = os.cpus();
    console.log(`seg ClickHouse bench: ${live.length} live segments of examples/, ${int(CONTACTS)} contacts, as of ${AS_OF.toISOString()}, seed ${SEED}`);
    console.log(`  machine:    ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GB memory, ${os.type()} ${os.release()}`);
    if (admin) console.log(`  PostgreSQL: ${pgVersion.replace(/ on .*$/, '')}, ${pgDb.description.replace(/\/\/[^@/]*@/, '//')}; shared_buffers ${await show('shared_buffers')}, work_mem ${await show('work_mem')}, max_parallel_workers_per_gather ${await show('max_parallel_workers_per_gather')}`);
    console.log(`  ClickHouse: ${chVersion}, cluster ${CLUSTER} (${nodes} nodes on the same machine), ${chDb.description}`);
    console.log(`  node ${process.version}`);

    // ------------------------------------------------------------ 1. load
    const loadOne = async (label, engine, work) => {
        console.log(`\n${label}:`);
        const progress = createProgress(process.stdout, { label: `  seeding ${engine}` });
        const t0 = performance.now();
        const counts = await work(progress.update);
        progress.done();
        const ms = performance.now() - t0;
        const rows = counts.contacts + counts.accounts + counts.leads + counts.interactions + counts.records;
        console.log(`  loaded in ${secs(ms)}: ${int(rows)} rows (${int(counts.contacts)} contacts, ${int(counts.accounts)} accounts, ${int(counts.leads)} leads, ${int(counts.interactions)} interactions, ${int(counts.records)} other records), ${perSecond(rows, ms)}`);
        return { ms, counts };
    };
    const options = { contacts: CONTACTS, seed: SEED, asOf: AS_OF, project: seedProject };
    const pgLoad = pgDb && await loadOne('PostgreSQL load (schema, seed with its COPY and ANALYZE)', 'PostgreSQL', async onProgress => {
        for (const s of schemaStatements(models)) await pgDb.exec(s);
        return seed(pgDb, { ...options, onProgress });
    });
    const chLoad = await loadOne(`ClickHouse load (init --cluster ${CLUSTER}, seed through the Distributed tables)`, 'ClickHouse', async onProgress => {
        await initClickHouse(chDb, schemaTables(models), CLUSTER);
        return seedClickHouse(chDb, { ...options, onProgress });
    });
    for (const key of pgLoad ? ['contacts', 'accounts', 'leads', 'interactions', 'records'] : []) {
        if (pgLoad.counts[key] !== chLoad.counts[key]) throw new Error(`the loads differ: ${int(pgLoad.counts[key])} ${key} in PostgreSQL, ${int(chLoad.counts[key])} in ClickHouse`);
    }
    const merges = await waitForMerges();
    console.log(`  then ${secs(merges.ms)} waiting for ClickHouse's background merges${merges.merging ? ` (gave up with ${merges.merging} still running)` : ''} (not counted in the load)`);
    if (pgLoad) console.log(`  load: PostgreSQL ${secs(pgLoad.ms)}, ClickHouse ${secs(chLoad.ms)}: ` +
        (chLoad.ms < pgLoad.ms ? `ClickHouse ${(pgLoad.ms / chLoad.ms).toFixed(2)}x faster` : `PostgreSQL ${(chLoad.ms / pgLoad.ms).toFixed(2)}x faster`) +
        ' (both include generating the rows in Node)');

    // ------------------------------------------------------------ 2. the segments
    console.log(`\nSegments: median of ${RUNS} after a warm-up (¹ warm-up over ${LONG_QUERY_S} s: one timed run), time to the last row in Node;`);
    console.log('  ratio = PostgreSQL ms / ClickHouse ms (above 1: ClickHouse faster; below 1: PostgreSQL faster)');
    const width = Math.max(7, ...live.map(n => n.length));
    const table = streamTable([
        { title: 'segment', width }, { title: 'members', width: 9, right: true },
        { title: 'PostgreSQL ms', width: 13, right: true }, { title: 'ClickHouse ms', width: 13, right: true },
        { title: 'ratio', width: 7, right: true }, { title: 'faster', width: 12 },
    ]);
    const timed = t => `${msText(t.ms)}${t.runs < RUNS ? '¹' : ' '}`;
    const results = [];
    const mismatches = [];
    const refusedOnClickHouse = [];
    for (const name of live) {
        let chText;
        try {
            chText = toClickHouseSql(plan, name, AS_OF);
        } catch (e) {
            // A construct ClickHouse refuses by design (README "Scaling out"): listed, not timed.
            refusedOnClickHouse.push(`${name}: ${e.message}`);
            continue;
        }
        const query = toSql(plan, name);
        const values = bindParams(query, { asOf: AS_OF });
        const chT = await chDb.readOnly(TIMEOUT_MS, tx => timeQuery(async () => (await tx.query(chText)).rows.map(r => String(r.contact_id))));
        if (!pgDb) {
            table.row(name, int(chT.keys.length), '-', timed(chT), '', '');
            results.push({ name, pg: NaN, ch: chT.ms });
            continue;
        }
        const pgT = await pgDb.readOnly(TIMEOUT_MS, tx => timeQuery(async () => (await tx.query(query.text, values)).rows.map(r => String(r.contact_id))));
        let note = chT.ms < pgT.ms ? 'ClickHouse' : 'PostgreSQL';
        if (pgT.keys.length !== chT.keys.length) {
            mismatches.push(`${name}: PostgreSQL returns ${int(pgT.keys.length)} members, ClickHouse ${int(chT.keys.length)}`);
            note = '!!! MISMATCH';
        } else if (digest(pgT.keys) !== digest(chT.keys)) {
            mismatches.push(`${name}: ${int(pgT.keys.length)} members on each, but not the same contacts`);
            note = '!!! MISMATCH';
        }
        table.row(name, int(pgT.keys.length), timed(pgT), timed(chT), ratioText(pgT.ms, chT.ms), note);
        results.push({ name, pg: pgT.ms, ch: chT.ms });
    }
    if (!pgDb) {
        const chTotal = results.reduce((n, r) => n + r.ch, 0);
        table.rule();
        console.log(`\n  all ${results.length} segments on ClickHouse alone: ${secs(chTotal)}; load ${secs(chLoad.ms)} (members not compared: SEG_BENCH_CLICKHOUSE_ONLY)`);
        if (refusedOnClickHouse.length) console.log(`  not timed, refused on ClickHouse:\n${refusedOnClickHouse.map(r => `    ${r}`).join('\n')}`);
    } else {
        const pgTotal = results.reduce((n, r) => n + r.pg, 0);
        const chTotal = results.reduce((n, r) => n + r.ch, 0);
        table.rule();
        table.row('total', '', `${msText(pgTotal)} `, `${msText(chTotal)} `, ratioText(pgTotal, chTotal), chTotal < pgTotal ? 'ClickHouse' : 'PostgreSQL');

        // ------------------------------------------------------------ 3. the verdict, honestly
        const chWins = results.filter(r => r.ch < r.pg);
        const pgWins = results.filter(r => r.ch >= r.pg);
        const geo = Math.exp(results.reduce((n, r) => n + Math.log(r.pg / r.ch), 0) / results.length);
        const best = [...results].sort((a, b) => b.pg / b.ch - a.pg / a.ch);
        console.log(`\n  all ${results.length} segments: PostgreSQL ${secs(pgTotal)}, ClickHouse ${secs(chTotal)}: ` +
            (chTotal < pgTotal ? `ClickHouse ${(pgTotal / chTotal).toFixed(2)}x faster in total` : `PostgreSQL ${(chTotal / pgTotal).toFixed(2)}x faster in total`) +
            `; per segment the geometric mean ratio is ${geo.toFixed(2)}x`);
        console.log(`  ClickHouse faster on ${chWins.length} of ${results.length}` +
            (chWins.length ? ` (most: ${best.slice(0, 3).filter(r => r.ch < r.pg).map(r => `${r.name} ${ratioText(r.pg, r.ch)}`).join(', ')})` : ''));
        console.log(`  PostgreSQL faster on ${pgWins.length} of ${results.length}` +
            (pgWins.length ? ` (most: ${best.slice(-3).reverse().filter(r => r.ch >= r.pg).map(r => `${r.name} ${(r.ch / r.pg).toFixed(2)}x`).join(', ')})` : ''));
        console.log(`  (one machine: its ${cpus.length} cores are shared by PostgreSQL and both ClickHouse nodes)`);
        if (refusedOnClickHouse.length) console.log(`  not timed, refused on ClickHouse:\n${refusedOnClickHouse.map(r => `    ${r}`).join('\n')}`);
        if (mismatches.length) {
            console.log(`\n!!! ${mismatches.length} MISMATCH(ES): PostgreSQL and ClickHouse disagree:`);
            for (const m of mismatches) console.log(`!!!   ${m}`);
            failed = true;
        } else {
            console.log(`  check: all ${results.length} segments have the same members on PostgreSQL and ClickHouse`);
        }
    }
} catch (e) {
    console.error(e);
    failed = true;
} finally {
    await pgDb?.close();
    await chDb?.close();
    if (!KEEP) {
        await admin?.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`).catch(e => console.error(`could not drop ${NAME} on PostgreSQL: ${e.message}`));
        await dropClickHouse().catch(e => console.error(`could not drop ${NAME} on ClickHouse: ${e.message}`));
    } else {
        console.log(`  kept: database ${NAME} on PostgreSQL, ${NAME} and ${shardDatabase(NAME)} on each ClickHouse node (SEG_BENCH_KEEP=1)`);
    }
    await admin?.end();
}
if (failed) process.exitCode = 1;
