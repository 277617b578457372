// The playground's database: PGlite (PostgreSQL in WebAssembly) in a Web Worker,
// holding `seg db seed`'s demo data, and Seg's compiler to run every segment on
// it exactly as `seg run` does on its embedded database (compiler/db/run-segments.ts).
//
// The demo data is one world, made on the first run and steered by the segments
// of that moment, like `seg run`'s embedded database; it is made again only when
// the project's tables, the population size or its end instant change.
import { PGlite } from '@electric-sql/pglite';
import { EmptyFileSystem } from 'langium';
import { compileSources } from '../../compiler/pipeline.js';
import type { SegDatabase } from '../../compiler/db/database.js';
import { PARSERS, PgliteDatabase } from '../../compiler/db/pglite-database.js';
import { runSql } from '../../compiler/db/run-segments.js';
import { schemaStatements } from '../../compiler/db/schema.js';
import { seed, type SeedCounts } from '../../compiler/demo-data/load.js';
import { createSegServices } from '../../language/seg-module.js';
import { provideBuiltinCatalog } from '../../language/workspace/load-project.js';
import { CATALOG } from './bundled-sources.js';
import type { DatabaseMessage, MemberSample, RunRequest, RunResult } from './protocol.js';

declare const self: DedicatedWorkerGlobalScope;

provideBuiltinCatalog(CATALOG);

/** How many members of each segment the page shows. */
const SAMPLE = 5;
/**
 * The deadline of a whole run: PGlite checks it between statements (it cannot interrupt one); the
 * page's Stop button ends a run that takes longer by ending the worker.
 */
const TIMEOUT_SECONDS = 120;

let current: { db: SegDatabase; key: string } | undefined;
/** Runs one at a time, in order. */
let queue: Promise<unknown> = Promise.resolve();

self.onmessage = (event: MessageEvent<RunRequest>) => {
    const request = event.data;
    const post = (message: DatabaseMessage) => self.postMessage(message);
    queue = queue.then(() => run(request, text => post({ id: request.id, kind: 'progress', text })))
        .then(result => post({ id: request.id, kind: 'result', result }))
        .catch((e: unknown) => post({ id: request.id, kind: 'error', message: e instanceof Error ? e.message : String(e) }));
};

/**
 * PostgreSQL starts (initdb, in WebAssembly: seconds) as soon as the worker does; each database
 * used starts the next, for when the project's tables change.
 */
let warm: Promise<PGlite> = startPostgres();

function startPostgres(): Promise<PGlite> {
    const started = PGlite.create({ parsers: PARSERS });
    started.catch(() => undefined);
    return started;
}

async function run(request: RunRequest, progress: (text: string) => void): Promise<RunResult> {
    const services = createSegServices(EmptyFileSystem);
    const { project, plan } = await compileSources(services, { files: request.sources }, { timeZone: request.timeZone });
    if (!plan) {
        const first = project.files.flatMap(f => f.diagnostics.filter(d => d.severity === 1).map(d => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`))[0];
        throw new Error(`Fix the errors first (${project.errorCount}): ${first ?? ''}`);
    }
    const statements = schemaStatements(project.files.map(f => f.document.parseResult.value));
    const key = JSON.stringify([statements, request.contacts, request.dataAsOf]);
    let seeded: RunResult['seeded'];
    if (current?.key !== key) {
        await current?.db.close();
        current = undefined;
        const started = performance.now();
        progress('Starting PostgreSQL (PGlite)…');
        const pg = await warm;
        warm = startPostgres();
        const db = new PgliteDatabase(pg);
        let counts: SeedCounts;
        try {
            progress('Creating the tables…');
            // One round trip: hundreds of statements one by one cost seconds in WebAssembly.
            await db.exec(statements.map(s => `${s};`).join('\n'));
            progress(`Making demo data: ${request.contacts.toLocaleString('en-US')} contacts…`);
            counts = await seed(db, {
                contacts: request.contacts, seed: 1, asOf: new Date(request.dataAsOf), project: { files: project.files, plan },
                onProgress: throttled((done, total, phase) => progress(`Making demo data: ${Math.floor((100 * done) / Math.max(1, total))}% (${phase})`)),
            });
        } catch (e) {
            // A database that could not be made is closed, not kept half-filled (its memory is WebAssembly's).
            await db.close().catch(() => undefined);
            throw e;
        }
        current = { db, key };
        seeded = { contacts: counts.contacts, interactions: counts.interactions, ms: performance.now() - started };
    }
    if (!request.evaluate) return { asOf: request.asOf, timeZone: plan.timeZone, seeded, segments: [] };
    progress('Running the segments…');
    const names = plan.segments.filter(s => !s.draft).map(s => s.name);
    const results = await runSql(current.db, plan, names, new Date(request.asOf), TIMEOUT_SECONDS);
    const people = await memberDetails(current.db, results.flatMap(r => [...r.members].sort().slice(0, SAMPLE)));
    return {
        asOf: request.asOf,
        timeZone: plan.timeZone,
        seeded,
        segments: results.map(r => ({
            name: r.name, ms: r.ms, error: r.error,
            count: r.error ? undefined : r.members.length,
            sample: [...r.members].sort().slice(0, SAMPLE).map(id => people.get(id) ?? { id }),
        })),
    };
}

/** The names and e-mail addresses of some contacts (none when the contact table has no such columns). */
async function memberDetails(db: SegDatabase, ids: string[]): Promise<Map<string, MemberSample>> {
    const found = new Map<string, MemberSample>();
    if (!ids.length) return found;
    try {
        const { rows } = await db.query('SELECT contactid::text AS id, fullname, emailaddress1 FROM contact WHERE contactid = ANY($1::uuid[])', [ids]);
        for (const r of rows) found.set(String(r.id), { id: String(r.id), name: r.fullname == null ? undefined : String(r.fullname), email: r.emailaddress1 == null ? undefined : String(r.emailaddress1) });
    } catch {
        // A project without the catalog's contact columns: ids only.
    }
    return found;
}

/** Progress is reported for every row made; the page needs a message a tenth of a second at most. */
function throttled<A extends unknown[]>(report: (...args: A) => void): (...args: A) => void {
    let last = 0;
    return (...args: A) => {
        const now = performance.now();
        if (now - last < 100) return;
        last = now;
        report(...args);
    };
}
