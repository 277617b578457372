// seg run on the embedded demo: the demo's activity is anchored once (when it
// is made, or at SEG_DEMO_AS_OF), not at each run's --as-of, so runs at
// different as-ofs read the same rows and give the membership of those
// moments (#9.11).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../compiler/db/open-database.js';
import { loadTables } from '../../../compiler/db/load-tables.js';
import { schemaStatements } from '../../../compiler/db/schema.js';
import { seed } from '../../../compiler/demo-data/load.js';
import { execute } from '../../../compiler/exec/execute.js';
import { compileProject } from '../../../compiler/pipeline.js';
import { runCli } from '../../support/cli.js';

const SEGMENTS = `
segment Openers = interaction EmailOpened within 7 days
segment Frequent = interaction EmailOpened having count >= 3 within 30 days
segment Clickers = interaction EmailClicked within 60 days
`;

const DEMO_AS_OF = new Date('2026-03-01T12:00:00Z');
const DAY = 86_400_000;
const AS_OFS = [DEMO_AS_OF, new Date(DEMO_AS_OF.getTime() - 20 * DAY), new Date(DEMO_AS_OF.getTime() - 90 * DAY)];

type Members = Record<string, string[]>;

async function runAt(dir: string, asOf: Date, ...more: string[]): Promise<Members> {
    const r = await runCli('run', dir, '--as-of', asOf.toISOString(), '--format', 'json', '--members', ...more);
    expect(r.code, r.err).toBe(0);
    return Object.fromEntries((JSON.parse(r.out).segments as Array<{ name: string; members: string[] }>).map(s => [s.name, s.members]));
}

describe('seg run --as-of on the embedded demo', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seg-demo-asof-'));
    writeFileSync(join(dir, 'segments.seg'), SEGMENTS);
    const saved = { contacts: process.env.SEG_DEMO_CONTACTS, asOf: process.env.SEG_DEMO_AS_OF };
    /** The members at each as-of, computed by the executor on the demo's rows, seeded once. */
    const truth: Members[] = [];

    beforeAll(async () => {
        process.env.SEG_DEMO_CONTACTS = '300';
        process.env.SEG_DEMO_AS_OF = DEMO_AS_OF.toISOString();
        const { project, plan } = await compileProject([dir]);
        if (!plan) throw new Error('the demo project does not check');
        const db = await openDatabase();
        try {
            for (const s of schemaStatements(project.files.map(f => f.document.parseResult.value))) await db.exec(s);
            await seed(db, { contacts: 300, seed: 1, asOf: DEMO_AS_OF, project: { files: project.files, plan } });
            const tables = await loadTables(db, plan);
            for (const asOf of AS_OFS) {
                const result = execute(plan, tables, { asOf });
                truth.push(Object.fromEntries(plan.segments.map(s => [s.name, [...result.get(s.name)!].sort()])));
            }
        } finally {
            await db.close();
        }
    }, 120_000);

    afterAll(() => {
        for (const [key, value] of [['SEG_DEMO_CONTACTS', saved.contacts], ['SEG_DEMO_AS_OF', saved.asOf]] as const) {
            if (value === undefined) delete process.env[key];
            else process.env[key] = value;
        }
    });

    it('the same demo at each as-of gives the membership of that moment (in memory, fresh each run)', async () => {
        for (const [i, asOf] of AS_OFS.entries()) {
            const members = await runAt(dir, asOf);
            expect(members, asOf.toISOString()).toEqual(truth[i]);
        }
        // The moments differ: the check is not vacuous.
        expect(truth[0].Openers).not.toEqual(truth[1].Openers);
        expect(truth[0].Clickers).not.toEqual(truth[2].Clickers);
        for (const t of truth) expect(t.Clickers.length).toBeGreaterThan(0);
    }, 120_000);

    it('a data folder made by a run at a past as-of holds the same world', async () => {
        const data = join(mkdtempSync(join(tmpdir(), 'seg-demo-asof-data-')), 'data');
        expect(await runAt(dir, AS_OFS[2], '--data-dir', data)).toEqual(truth[2]);
        expect(await runAt(dir, AS_OFS[0], '--data-dir', data, '--engine', 'memory')).toEqual(truth[0]);
    }, 120_000);

    it('without SEG_DEMO_AS_OF the demo runs up to now, whatever --as-of says', async () => {
        delete process.env.SEG_DEMO_AS_OF;
        try {
            const r = await runCli('run', dir, '--as-of', '2020-01-01T00:00:00Z', '--format', 'json');
            expect(r.code, r.err).toBe(0);
            expect(r.err).toContain(`activity up to ${new Date().toISOString().slice(0, 10)}`);
            // Nothing of the demo had happened yet in 2020.
            expect(JSON.parse(r.out).segments.map((s: { count: number }) => s.count)).toEqual([0, 0, 0]);
        } finally {
            process.env.SEG_DEMO_AS_OF = DEMO_AS_OF.toISOString();
        }
    }, 120_000);
});
