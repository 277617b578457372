// The embedded database starts empty: give it the project's schema and demo
// data, so `seg run` works out of the box.
import type { SegDatabase } from '../db/database.js';
import { schemaStatements } from '../db/schema.js';
import { seed } from '../db/seed.js';
import { createProgress } from '../db/progress.js';
import type { OpenedProject } from '../project/open-project.js';

export const DEMO_CONTACTS = 5000;

export async function ensureDemoData(db: SegDatabase, project: OpenedProject, options: { asOf: Date; log: (text: string) => void }): Promise<void> {
    const { rows } = await db.query(`SELECT to_regclass('contact') IS NOT NULL AS ready`);
    if (rows[0]?.ready) {
        const { rows: any } = await db.query('SELECT EXISTS (SELECT 1 FROM "contact") AS some');
        if (any[0]?.some) return;
    }
    const contacts = Number(process.env.SEG_DEMO_CONTACTS ?? DEMO_CONTACTS);
    options.log(`Setting up the embedded database with demo data (${contacts.toLocaleString('en-US')} contacts, as of ${options.asOf.toISOString().slice(0, 10)})…`);
    for (const s of schemaStatements(project.files.map(f => f.document.parseResult.value))) await db.exec(s);
    const progress = createProgress(process.stderr);
    await seed(db, { contacts, seed: 1, asOf: options.asOf, onProgress: progress.update });
    progress.done();
}
