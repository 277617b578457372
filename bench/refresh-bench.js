// npm run bench:refresh: `seg refresh` against `seg run` on a PostgreSQL server
// (#10). Seeds SEG_BENCH_CONTACTS contacts (1,000,000 by default, about 10
// interactions each) in a fresh database, then times, for every live example
// segment:
//   - `seg run`'s work: each segment's query, one after another, in one snapshot;
//   - the first `seg refresh` (every member enters) — goal ≤ 1.5× seg run;
//   - a second refresh a day later (only changed rows are written) — goal ≤ 1.2× seg run;
// and prints per-segment times and the rows each refresh wrote; and the least
// any first refresh can take: seg run's queries with their members stored in
// seg.members and its key and indexes built (no leave times). Both refreshes
// run twice: evaluating every contact, then with --incremental (change
// tracking; the second refresh evaluates only the contacts that can have
// changed). SEG_BENCH_MODES=full or =incremental runs one. Refreshes run as
// `seg refresh` does by default, with --jobs 3 (SEG_BENCH_JOBS=N for another).
//
// The server: SEG_BENCH_DATABASE_URL (a database `seg_refresh_bench` is created
// there and dropped at the end unless SEG_BENCH_KEEP=1; SEG_BENCH_REUSE=1 reuses
// one a kept run left, seeded, and drops only its `seg` schema). Needs a build.
import { freshServerDatabase, keptServerDatabase } from './server-database.js';

const { compileProject } = await import('../out/compiler/pipeline.js');
const { toSql, bindParams } = await import('../out/compiler/sql/to-sql.js');
const { openDatabase } = await import('../out/compiler/db/open-database.js');
const { schemaStatements } = await import('../out/compiler/db/schema.js');
const { seed } = await import('../out/compiler/demo-data/load.js');
const { refreshSegments } = await import('../out/compiler/live/refresh.js');
const { MEMBER_INDEXES, migrateLiveSchema } = await import('../out/compiler/live/live-schema.js');
const { DEFAULT_REFRESH_JOBS } = await import('../out/compiler/cli/usage.js');

const URL_ = process.env.SEG_BENCH_DATABASE_URL;
const CONTACTS = Number(process.env.SEG_BENCH_CONTACTS ?? 1_000_000);
const AS_OF = new Date('2026-11-28T12:00:00Z');
// Queries at once (seg refresh --jobs; its default).
const JOBS = Number(process.env.SEG_BENCH_JOBS ?? DEFAULT_REFRESH_JOBS);
const NEXT_DAY = new Date(AS_OF.getTime() + 86_400_000);
const EXAMPLES = new URL('../examples', import.meta.url).pathname;
const NAME = 'seg_refresh_bench';

if (!URL_) {
    console.log('bench:refresh: set SEG_BENCH_DATABASE_URL to a PostgreSQL server (a database seg_refresh_bench is created there); skipped.');
    process.exit(0);
}
const int = n => Math.round(n).toLocaleString('en-US');
const secs = ms => `${(ms / 1000).toFixed(2)} s`;

const reuse = process.env.SEG_BENCH_REUSE === '1';
const server = reuse ? await keptServerDatabase(URL_, NAME) : await freshServerDatabase(URL_, NAME, 'seg-refresh-bench');
const db = await openDatabase({ url: server.url });
try {
    const { project, plan } = await compileProject([EXAMPLES]);
    if (!plan) throw new Error('the examples do not check');
    // SEG_BENCH_SEGMENTS=A,B: only those (to look into one).
    const only = process.env.SEG_BENCH_SEGMENTS?.split(',');
    const names = plan.segments.filter(s => !s.draft && (!only || only.includes(s.name))).map(s => s.name);
    console.log(`seg refresh: ${names.length} live example segments, ${int(CONTACTS)} contacts, on ${db.description}`);
    let t0 = performance.now();
    if (reuse) {
        await db.exec('DROP SCHEMA IF EXISTS seg CASCADE');
        console.log(`  reusing the kept, seeded database ${NAME}`);
    } else {
        for (const s of schemaStatements(project.files.map(f => f.document.parseResult.value))) await db.exec(s);
        await seed(db, { contacts: CONTACTS, seed: 7, asOf: NEXT_DAY, project: { files: project.files, plan } });
        await db.exec('ANALYZE');
        console.log(`  seeded in ${secs(performance.now() - t0)}`);
    }

    // seg run's work, warm (the first pass warms the cache for both).
    const runOnce = () => db.readOnly(600_000, async tx => {
        const times = new Map();
        for (const name of names) {
            const started = performance.now();
            const q = toSql(plan, name);
            await tx.query(q.text, bindParams(q, { asOf: AS_OF }));
            times.set(name, performance.now() - started);
        }
        return times;
    });
    await runOnce();
    const run = await runOnce();
    const total = m => [...m.values()].reduce((a, b) => a + b, 0);
    const w = Math.max(...names.map(n => n.length));
    /** The first refresh, then one a day later, into an empty seg schema; prints their figures against seg run's. */
    const refreshes = async incremental => {
        await db.exec('DROP SCHEMA IF EXISTS seg CASCADE');
        const refresh = async asOf => {
            const result = await refreshSegments(db, plan, names, { asOf, force: false, lockTimeoutMs: 60_000, statementTimeoutMs: 600_000, segVersion: 'bench', incremental, jobs: JOBS });
            return new Map(result.segments.map(s => [s.name, s]));
        };
        let t0 = performance.now();
        const first = await refresh(AS_OF);
        const firstMs = performance.now() - t0;
        t0 = performance.now();
        const second = await refresh(NEXT_DAY);
        const secondMs = performance.now() - t0;
        console.log(incremental ? '  with --incremental (the second refresh evaluates only the contacts that can have changed):' : '  evaluating every contact:');
        console.log(`  ${'segment'.padEnd(w)}  ${'members'.padStart(9)}  ${'run'.padStart(9)}  ${'refresh 1'.padStart(9)}  ${'written'.padStart(9)}  ${'refresh 2'.padStart(9)}  ${'written'.padStart(8)}`);
        // An entry inserts a member row (its open stay); an exit deletes it and appends a past stay.
        const written = r => r.entered + 2 * r.exited;
        for (const name of names) {
            const a = first.get(name), b = second.get(name);
            console.log(`  ${name.padEnd(w)}  ${int(a.members).padStart(9)}  ${`${run.get(name).toFixed(0)} ms`.padStart(9)}  ${`${a.ms.toFixed(0)} ms`.padStart(9)}` +
                `  ${int(written(a)).padStart(9)}  ${`${b.ms.toFixed(0)} ms`.padStart(9)}  ${int(written(b)).padStart(8)}` +
                (b.evaluated ? `  ${'keys' in b.evaluated ? `${int(b.evaluated.keys)} contacts evaluated` : `all: ${b.evaluated.all}`}` : ''));
        }
        const ratio1 = firstMs / total(run), ratio2 = secondMs / total(run);
        const phases = (label, m) => {
            const sum = { timeline: 0, members: 0, delta: 0, changes: 0 };
            for (const s of m.values()) for (const k of Object.keys(sum)) sum[k] += s.phases?.[k] ?? 0;
            console.log(`  ${label}: timelines ${secs(sum.timeline)}, members ${secs(sum.members)}, deltas ${secs(sum.delta)}, leave times ${secs(sum.changes)}`);
            if (process.env.SEG_BENCH_PHASES === '1') {
                for (const [name, s] of m) console.log(`    ${name.padEnd(w)}  ${Object.entries(s.phases ?? {}).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}`);
            }
        };
        phases('refresh 1', first);
        phases('refresh 2', second);
        const how = incremental ? ' (--incremental)' : '';
        console.log(`  first refresh${how}: ${secs(firstMs)} = ${ratio1.toFixed(2)}× seg run (goal ≤ 1.5×: ${ratio1 <= 1.5 ? 'met' : 'NOT met'})`);
        console.log(`  refresh a day later${how}: ${secs(secondMs)} = ${ratio2.toFixed(2)}× seg run (goal ≤ 1.2×: ${ratio2 <= 1.2 ? 'met' : 'NOT met'})`);
    };
    /**
     * The least a first refresh can take: seg run's queries, each segment's members inserted
     * into an empty seg.members (the same table), then its key and indexes built, in one
     * transaction rolled back. No leave times, no history, no log.
     */
    const floor = async () => {
        class Undo extends Error {}
        let ms = 0;
        await db.transaction(async tx => {
            await tx.exec('DROP SCHEMA IF EXISTS seg CASCADE');
            await migrateLiveSchema(tx);
            const indexes = Object.values(MEMBER_INDEXES);
            for (const index of indexes) await tx.exec(index.drop);
            await tx.exec('SET LOCAL jit = off');
            const t0 = performance.now();
            for (const name of names) {
                const q = toSql(plan, name);
                const params = bindParams(q, { asOf: AS_OF });
                const n = params.length;
                await tx.query(`INSERT INTO seg.members (segment, contact_id, entered_at, entered_refresh) SELECT $${n + 1}, contact_id, $${n + 2}, 0 FROM (${q.text}) q`,
                    [...params, name, AS_OF]);
            }
            for (const index of indexes) await tx.exec(index.create);
            ms = performance.now() - t0;
            throw new Undo();
        }).catch(e => { if (!(e instanceof Undo)) throw e; });
        return ms;
    };
    const floorMs = await floor();
    console.log(`  the least a first refresh can take (seg run's queries, their members stored with seg.members' key and indexes, no leave times): ` +
        `${secs(floorMs)} = ${(floorMs / total(run)).toFixed(2)}× seg run`);
    const modes = (process.env.SEG_BENCH_MODES ?? 'full,incremental').split(',');
    for (const mode of modes) await refreshes(mode === 'incremental');
    console.log(`  seg run (all segments): ${secs(total(run))}`);
    console.log('  (written: member rows inserted or deleted, past stays appended; a refresh also writes changed leave times, and one row per segment to its log)');
} finally {
    await db.close();
    await server.drop();
}
