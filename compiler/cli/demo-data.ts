// The embedded database starts empty: give it the project's schema and demo
// data, so `seg run` works out of the box.
import type { SegDatabase } from '../db/database.js';
import { schemaStatements } from '../db/schema.js';
import { seed } from '../demo-data/load.js';
import { createProgress } from '../db/progress.js';
import type { OpenedProject } from '../project/open-project.js';
import { planProject } from '../plan/plan-project.js';
import type { Plan } from '../plan/plan.js';

export const DEMO_CONTACTS = 5000;

/**
 * Seeds an empty embedded database: the schema of the project's declarations,
 * and demo data for them, steered by its segments (`plan`, else the project's own).
 */
export async function ensureDemoData(db: SegDatabase, project: OpenedProject, options: { asOf: Date; log: (text: string) => void; plan?: Plan }): Promise<void> {
    const { rows } = await db.query(`SELECT to_regclass('contact') IS NOT NULL AS ready`);
    if (rows[0]?.ready) {
        const { rows: any } = await db.query('SELECT EXISTS (SELECT 1 FROM "contact") AS some');
        if (any[0]?.some) return;
    }
    const contacts = Number(process.env.SEG_DEMO_CONTACTS ?? DEMO_CONTACTS);
    options.log(`Setting up the embedded database with demo data (${contacts.toLocaleString('en-US')} contacts, as of ${options.asOf.toISOString().slice(0, 10)})…`);
    for (const s of schemaStatements(project.files.map(f => f.document.parseResult.value))) await db.exec(s);
    const progress = createProgress(process.stderr);
    const plan = options.plan ?? planProject(project, { root: project.project.root, timeZone: project.project.config.timezone });
    await seed(db, { contacts, seed: 1, asOf: options.asOf, onProgress: progress.update, project: { files: project.files, plan } });
    progress.done();
}
