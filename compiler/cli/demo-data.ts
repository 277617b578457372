// The embedded database starts empty: give it the project's schema and demo
// data, so `seg run` works out of the box.
//
// The demo is one world, made once: its activity runs up to the moment it is
// created (or SEG_DEMO_AS_OF), whatever --as-of the run asks for. Runs with
// different --as-of values then read the same rows, so a past as-of gives the
// membership of that moment in this world (anchoring the data at --as-of would
// make each as-of its own world, and comparing them meaningless).
import type { SegDatabase } from '../db/database.js';
import { schemaStatements } from '../db/schema.js';
import { MAX_CONTACTS, seed } from '../demo-data/load.js';
import { createProgress } from '../db/progress.js';
import type { OpenedProject } from '../project/open-project.js';
import { planOpened } from '../pipeline.js';
import type { Plan } from '../plan/plan.js';
import { UsageError } from '../project/discover.js';
import { wholeNumber } from './whole-number.js';

export const DEMO_CONTACTS = 5000;

/**
 * Seeds an empty embedded database: the schema of the project's declarations,
 * and demo data for them, steered by its segments (`plan`, else the project's own).
 */
export async function ensureDemoData(db: SegDatabase, project: OpenedProject, options: { log: (text: string) => void; plan?: Plan }): Promise<void> {
    const { rows } = await db.query(`SELECT to_regclass('contact') IS NOT NULL AS ready`);
    if (rows[0]?.ready) {
        const { rows: any } = await db.query('SELECT EXISTS (SELECT 1 FROM "contact") AS some');
        if (any[0]?.some) return;
    }
    const contacts = process.env.SEG_DEMO_CONTACTS ? wholeNumber('SEG_DEMO_CONTACTS', process.env.SEG_DEMO_CONTACTS, 1, MAX_CONTACTS) : DEMO_CONTACTS;
    const asOf = demoAsOf();
    options.log(`Setting up the embedded database with demo data (${contacts.toLocaleString('en-US')} contacts, activity up to ${asOf.toISOString().slice(0, 16).replace('T', ' ')} UTC)…`);
    for (const s of schemaStatements(project.files.map(f => f.document.parseResult.value))) await db.exec(s);
    const progress = createProgress(process.stderr);
    const plan = options.plan ?? planOpened(project).plan;
    await seed(db, { contacts, seed: 1, asOf, onProgress: progress.update, project: { files: project.files, plan } });
    progress.done();
}

/** The instant the demo's activity runs up to: now, or SEG_DEMO_AS_OF (an ISO instant, for reproducible demos and tests). */
export function demoAsOf(): Date {
    const text = process.env.SEG_DEMO_AS_OF;
    if (text === undefined || text === '') return new Date();
    const date = new Date(text);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(date.getTime())) {
        throw new UsageError(`SEG_DEMO_AS_OF must be an ISO date-time such as 2026-03-01T12:00:00Z, not '${text}'.`);
    }
    return date;
}
