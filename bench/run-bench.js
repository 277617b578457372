// npm run bench:run: the example project's live segments on a local
// PostgreSQL server with 1,000,000 seeded contacts (≈ 10 interactions each):
//   1. schema and seeding time (seg db seed's COPY path), then ANALYZE;
//   2. per segment, the generated SQL beside a naive formulation of the same
//      segment (bench/naive-sql.js), median of 3 runs after a warm-up, and
//      both must return the same contacts;
//   3. the in-memory executor: loadTables, then execute over all live
//      segments, checked against the SQL results.
//
// The server: SEG_BENCH_DATABASE_URL (tables go in a schema `seg_bench`,
// dropped and re-created, dropped at the end unless SEG_BENCH_KEEP=1); else a
// throwaway cluster from /usr/lib/postgresql/15/bin (started as the postgres
// user when run as root), stopped and deleted on exit; else skipped.
//
// Query times are to the last row in Node (pg, rows as arrays), both forms
// alike. A query whose warm-up takes over SEG_BENCH_LONG_QUERY_S seconds is
// timed once more instead of RUNS times (its run-to-run spread is small, and
// this keeps the 1M run within minutes); such times are marked ¹.
//
// Environment: SEG_BENCH_CONTACTS (1000000), SEG_BENCH_RUNS (3 timed runs
// after one warm-up), SEG_BENCH_LONG_QUERY_S (2; Infinity for always RUNS),
// SEG_BENCH_NAIVE_TIMEOUT (60 s per naive query), SEG_BENCH_PG_BIN
// (/usr/lib/postgresql/15/bin). Needs a build (npx tsc -p .).
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { naiveSql } from './naive-sql.js';
import { digest } from './key-digest.js';

const { compileProject } = await import('../out/compiler/pipeline.js');
const { toSql, bindParams } = await import('../out/compiler/sql/to-sql.js');
const { openDatabase } = await import('../out/compiler/db/open-database.js');
const { schemaStatements } = await import('../out/compiler/db/schema.js');
const { seed } = await import('../out/compiler/demo-data/load.js');
const { loadTables } = await import('../out/compiler/db/load-tables.js');
const { execute } = await import('../out/compiler/exec/execute.js');

const CONTACTS = Number(process.env.SEG_BENCH_CONTACTS ?? 1_000_000);
const RUNS = Number(process.env.SEG_BENCH_RUNS ?? 3);
const NAIVE_TIMEOUT_S = Number(process.env.SEG_BENCH_NAIVE_TIMEOUT ?? 60);
const LONG_QUERY_S = Number(process.env.SEG_BENCH_LONG_QUERY_S ?? 2);
/** The generated SQL gets a generous timeout: it is what is measured, a hang is a bug. */
const GENERATED_TIMEOUT_S = 600;
const PG_BIN = process.env.SEG_BENCH_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const SEED = 20261128;
const AS_OF = new Date('2026-11-28T12:00:00Z');
const SCHEMA = 'seg_bench';
const EXAMPLES = new URL('../examples', import.meta.url).pathname;
const KEEP = process.env.SEG_BENCH_KEEP === '1';

if (!Number.isInteger(CONTACTS) || CONTACTS < 1) throw new Error('SEG_BENCH_CONTACTS must be a positive whole number');
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('SEG_BENCH_RUNS must be a positive whole number');

// ---------------------------------------------------------------- formatting

const int = n => Math.round(n).toLocaleString('en-US');
const mb = bytes => `${int(bytes / 2 ** 20)} MB`;
const secs = ms => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const msText = ms => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : int(ms));
const perSecond = (rows, ms) => `${int(rows / (ms / 1000))}/s`;
const median = xs => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

/** A table printed row by row as results come in: fixed column widths, numbers right-aligned. */
function streamTable(columns, indent = '  ') {
    const line = cells => indent + cells.map((cell, i) => {
        const { width, right } = columns[i];
        const text = String(cell ?? '');
        return right ? text.padStart(width) : text.padEnd(width);
    }).join('  ').trimEnd();
    console.log(line(columns.map(c => c.title)));
    console.log(indent + columns.map(c => '-'.repeat(c.width)).join('  '));
    return { row: (...cells) => console.log(line(cells)), rule: () => console.log(indent + columns.map(c => '-'.repeat(c.width)).join('  ')) };
}

const problems = [];
function problem(text) {
    problems.push(text);
    console.log(`\n  !!! MISMATCH: ${text}\n`);
}

// ---------------------------------------------------------------- the server

/** A free TCP port on 127.0.0.1 (released just before the server takes it). */
function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

let cleanup = () => {};

function run(argv, options = {}) {
    const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', ...options });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}):\n${r.stdout}${r.stderr}`);
    return r;
}

/** { url, description } of the server to use, or undefined when there is none. */
async function startServer() {
    if (process.env.SEG_BENCH_DATABASE_URL) {
        return { url: process.env.SEG_BENCH_DATABASE_URL, description: 'SEG_BENCH_DATABASE_URL', throwaway: false };
    }
    if (!existsSync(join(PG_BIN, 'initdb'))) return undefined;
    const root = process.getuid?.() === 0;
    const as = root ? ['runuser', '-u', 'postgres', '--'] : [];
    const dir = mkdtempSync(join(os.tmpdir(), 'seg-run-bench-'));
    const data = join(dir, 'data');
    let started = false;
    cleanup = () => {
        cleanup = () => {};
        if (started) {
            const [cmd, ...args] = [...as, join(PG_BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'];
            spawnSync(cmd, args, { cwd: dir, stdio: 'ignore' });
        }
        rmSync(dir, { recursive: true, force: true });
    };
    if (root) run(['chown', 'postgres:', dir]);
    const t0 = performance.now();
    run([...as, join(PG_BIN, 'initdb'), '-D', data, '--locale=C.UTF-8', '--encoding=UTF8', '--auth=trust', '-U', 'postgres'], { cwd: dir });
    const port = await freePort();
    const settings = `-p ${port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=512MB -c max_wal_size=4GB -c work_mem=64MB`;
    started = true;
    run([...as, join(PG_BIN, 'pg_ctl'), '-D', data, '-l', join(dir, 'server.log'), '-w', '-o', settings, 'start'], { cwd: dir });
    return {
        url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
        description: `throwaway cluster in ${dir} (port ${port}, started in ${secs(performance.now() - t0)})`,
        throwaway: true,
    };
}

for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
        console.error(`\n${signal}: stopping.`);
        cleanup();
        process.exit(130);
    });
}
process.on('exit', () => cleanup());

// ---------------------------------------------------------------- the benchmark

async function main() {
    const server = await startServer();
    if (!server) {
        console.log(`seg run bench: skipped (no SEG_BENCH_DATABASE_URL, and no ${join(PG_BIN, 'initdb')} to start a local PostgreSQL).`);
        return;
    }
    const client = new pg.Client({ connectionString: server.url, application_name: 'seg-run-bench' });
    await client.connect();
    const db = await openDatabase({ url: server.url });
    try {
        await bench(server, client, db);
    } finally {
        if (!KEEP && !server.throwaway) await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`).catch(() => undefined);
        await client.end().catch(() => undefined);
        await db.close();
    }
}

async function bench(server, client, db) {
    const version = (await client.query('SELECT version() AS v')).rows[0].v;
    const show = async name => (await client.query(`SHOW ${name}`)).rows[0][name];
    const cpus = os.cpus();
    console.log(`seg run bench: ${int(CONTACTS)} contacts, as of ${AS_OF.toISOString()}, seed ${SEED}`);
    console.log(`  machine:    ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GB memory, ${os.type()} ${os.release()}`);
    console.log(`  versions:   node ${process.version}; ${version}`);
    console.log(`  server:     ${server.description}`);
    console.log(`  settings:   shared_buffers ${await show('shared_buffers')}, work_mem ${await show('work_mem')}, fsync ${await show('fsync')}, jit ${await show('jit')}, max_parallel_workers_per_gather ${await show('max_parallel_workers_per_gather')}`);

    // ------------------------------------------------------------ 1. schema and seed
    const { project, plan } = await compileProject([EXAMPLES]);
    if (!plan) throw new Error(`examples/ has ${project.errorCount} errors`);
    const live = plan.segments.filter(s => !s.draft);

    for (const c of [client, db]) {
        const exec = c === client ? sql => c.query(sql) : sql => c.exec(sql);
        if (c === client) await exec(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; CREATE SCHEMA ${SCHEMA}`);
        await exec(`SET search_path TO ${SCHEMA}`);
    }
    let t0 = performance.now();
    const statements = schemaStatements(project);
    for (const s of statements) await db.exec(s);
    const schemaMs = performance.now() - t0;
    const tableCount = (await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1`, [SCHEMA])).rows[0].n;
    console.log(`\nSchema (examples/ + built-in catalog, schema ${SCHEMA}): ${tableCount} tables, ${statements.length} statements in ${secs(schemaMs)}`);

    console.log(`\nSeeding (COPY; indexes dropped and rebuilt per table):`);
    const seedTable = streamTable([
        { title: 'table', width: 26 }, { title: 'rows', width: 11, right: true },
        { title: 'time', width: 8, right: true }, { title: 'rows/s', width: 12, right: true },
    ]);
    let last = performance.now();
    const seedStart = last;
    const counts = await seed(db, {
        contacts: CONTACTS, seed: SEED, asOf: AS_OF, project: { files: project.files, plan },
        onTable: (table, rows) => {
            const now = performance.now();
            if (rows > 0) seedTable.row(table, int(rows), secs(now - last), perSecond(rows, now - last));
            last = now;
        },
    });
    const seedMs = performance.now() - seedStart;
    const seededRows = counts.contacts + counts.accounts + counts.leads + counts.interactions + counts.records;
    seedTable.rule();
    seedTable.row('total (incl. seed\'s ANALYZE)', int(seededRows), secs(seedMs), perSecond(seededRows, seedMs));
    console.log(`  ${int(counts.contacts)} contacts, ${int(counts.accounts)} accounts, ${int(counts.leads)} leads, ${int(counts.interactions)} interactions, ${int(counts.records)} other records`);
    t0 = performance.now();
    await client.query('ANALYZE');
    const analyzeMs = performance.now() - t0;
    const size = (await client.query(
        `SELECT sum(pg_total_relation_size(c.oid))::float8 AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind = 'r'`, [SCHEMA])).rows[0].bytes;
    console.log(`  ANALYZE (whole database): ${secs(analyzeMs)}; tables and indexes: ${mb(size)}`);

    // ------------------------------------------------------------ 2. generated vs naive SQL
    console.log(`\nSQL: the ${live.length} live segments of examples/, generated vs naive (bench/naive-sql.js): median of ${RUNS} after a warm-up`);
    console.log(`  (¹ warm-up over ${LONG_QUERY_S} s: one timed run); time to the last row in Node; naive timeout ${NAIVE_TIMEOUT_S} s`);
    const width = Math.max(7, ...live.map(s => s.name.length));
    const sqlTable = streamTable([
        { title: 'segment', width }, { title: 'rows', width: 9, right: true },
        { title: 'generated ms', width: 12, right: true }, { title: 'naive ms', width: 10, right: true },
        { title: 'ratio', width: 7, right: true }, { title: 'naive form', width: 40 },
    ]);
    const sqlResults = new Map();
    let generatedTotal = 0, naiveTotal = 0, naiveTimeouts = 0, comparedGeneratedTotal = 0;
    const timed = t => `${msText(t.ms)}${t.runs < RUNS ? '¹' : ' '}`;
    for (const segment of live) {
        const generated = toSql(plan, segment.name);
        const gen = await timeQuery(client, generated.text, bindParams(generated, { asOf: AS_OF }), GENERATED_TIMEOUT_S);
        if (gen.timedOut) throw new Error(`the generated SQL of ${segment.name} took over ${GENERATED_TIMEOUT_S} s`);
        const genDigest = digest(gen.keys);
        sqlResults.set(segment.name, { count: gen.keys.length, digest: genDigest });
        generatedTotal += gen.ms;
        const naive = naiveSql(plan, segment.name);
        if (naive.form === 'same as generated') {
            // A profile without lookups: the naive query is the generated one (but for a comment).
            sqlTable.row(segment.name, int(gen.keys.length), timed(gen), '= gen ', '', 'the same query');
            continue;
        }
        comparedGeneratedTotal += gen.ms;
        const nai = await timeQuery(client, naive.text, bindParams(naive, { asOf: AS_OF }), NAIVE_TIMEOUT_S);
        let naiveText, ratio;
        if (nai.timedOut) {
            naiveTimeouts++;
            naiveText = `> ${NAIVE_TIMEOUT_S} s `;
            ratio = `> ${int(NAIVE_TIMEOUT_S * 1000 / gen.ms)}x`;
        } else {
            naiveTotal += nai.ms;
            naiveText = timed(nai);
            ratio = `${(nai.ms / gen.ms).toFixed(nai.ms / gen.ms < 10 ? 2 : 0)}x`;
        }
        sqlTable.row(segment.name, int(gen.keys.length), timed(gen), naiveText, ratio, naive.form);
        if (!nai.timedOut) {
            if (nai.keys.length !== gen.keys.length) problem(`${segment.name}: naive SQL returns ${int(nai.keys.length)} rows, generated ${int(gen.keys.length)}`);
            else if (digest(nai.keys) !== genDigest) problem(`${segment.name}: naive and generated SQL return ${int(gen.keys.length)} rows each, but not the same contacts`);
        }
    }
    sqlTable.rule();
    sqlTable.row('total', '', `${msText(generatedTotal)} `, '', '', 'all live segments');
    sqlTable.row('compared', '', `${msText(comparedGeneratedTotal)} `, `${naiveTimeouts ? '> ' : ''}${msText(naiveTotal)} `,
        naiveTotal ? `${naiveTimeouts ? '> ' : ''}${(naiveTotal / comparedGeneratedTotal).toFixed(1)}x` : '',
        `segments with a different naive form${naiveTimeouts ? `; ${naiveTimeouts} timeout(s) counted as 0` : ''}`);

    // ------------------------------------------------------------ 3. the in-memory executor
    console.log(`\nIn-memory executor (loadTables over COPY, then execute all ${live.length} live segments at once):`);
    const rssBefore = process.resourceUsage().maxRSS * 1024;
    t0 = performance.now();
    const tables = await loadTables(db, plan);
    const loadMs = performance.now() - t0;
    const heapAfterLoad = process.memoryUsage().heapUsed;
    const interactionTables = new Set(plan.nodes.filter(n => n.kind === 'interaction').map(n => n.table));
    const loadTable = streamTable([
        { title: 'table', width: 26 }, { title: 'rows', width: 11, right: true }, { title: 'columns', width: 7, right: true },
    ]);
    let loadedRows = 0, loadedInteractions = 0;
    for (const [name, table] of Object.entries(tables)) {
        loadTable.row(name, int(table.rowCount), Object.keys(table.columns).length);
        loadedRows += table.rowCount;
        if (interactionTables.has(name)) loadedInteractions += table.rowCount;
    }
    loadTable.rule();
    loadTable.row('total', int(loadedRows), '');
    console.log(`  loadTables: ${secs(loadMs)}, ${perSecond(loadedRows, loadMs)} rows (${int(loadedInteractions)} interactions); JS heap after load ${mb(heapAfterLoad)}`);

    const names = live.map(s => s.name);
    const runs = [];
    let result, scanned = 0, interactionNodes = 0;
    for (let i = 0; i < RUNS; i++) {
        result = undefined;
        scanned = 0;
        interactionNodes = 0;
        t0 = performance.now();
        result = execute(plan, tables, {
            asOf: AS_OF, segments: names,
            onNode: node => {
                if (node.kind !== 'interaction') return;
                interactionNodes++;
                scanned += tables[node.table]?.rowCount ?? 0;
            },
        });
        runs.push(performance.now() - t0);
    }
    const execMs = median(runs);
    console.log(`  execute:    ${secs(execMs)} median of ${RUNS} (first ${secs(runs[0])}); ${interactionNodes} interaction nodes scanning ${int(scanned)} rows: ${perSecond(scanned, execMs)} interaction rows`);
    console.log(`              vs the generated SQL: ${secs(generatedTotal)} for the same segments one query each (${(generatedTotal / execMs).toFixed(1)}x the executor; ${(generatedTotal / (execMs + loadMs)).toFixed(1)}x with loadTables)`);
    console.log(`  peak memory (maxRSS, whole process): ${mb(process.resourceUsage().maxRSS * 1024)} (before loadTables ${mb(rssBefore)})`);

    let same = 0;
    for (const name of names) {
        const keys = result.get(name) ?? [];
        const sql = sqlResults.get(name);
        if (keys.length !== sql.count) problem(`${name}: executor returns ${int(keys.length)} contacts, SQL ${int(sql.count)}`);
        else if (digest(keys) !== sql.digest) problem(`${name}: executor and SQL return ${int(keys.length)} contacts each, but not the same contacts`);
        else same++;
    }
    console.log(`  check:      ${same} of ${names.length} segments have the same contacts in the executor as in SQL`);
    if (problems.length) {
        console.log(`\n!!! ${problems.length} MISMATCH(ES):`);
        for (const p of problems) console.log(`!!!   ${p}`);
        process.exitCode = 1;
    }
}

/**
 * Warm-up, then RUNS timed runs (one when the warm-up took over LONG_QUERY_S);
 * { ms (median), runs, keys (of the last run) }, or { timedOut } after a statement timeout.
 */
async function timeQuery(client, text, values, timeoutS) {
    await client.query(`SET statement_timeout = ${Math.round(timeoutS * 1000)}`);
    const times = [];
    let keys, runs = RUNS;
    try {
        for (let i = 0; i <= runs; i++) {
            const t = performance.now();
            const { rows } = await client.query({ text, values, rowMode: 'array' });
            const ms = performance.now() - t;
            if (i === 0 && ms > LONG_QUERY_S * 1000) runs = 1;
            if (i > 0) times.push(ms);
            keys = rows.map(r => r[0]);
        }
    } catch (e) {
        if (e?.code === '57014') return { timedOut: true };
        throw e;
    } finally {
        await client.query('SET statement_timeout = 0');
    }
    return { ms: median(times), runs, keys };
}

try {
    await main();
} catch (e) {
    console.error(e);
    process.exitCode = 1;
} finally {
    cleanup();
}
