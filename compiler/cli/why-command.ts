// seg why CONTACT SEGMENT [paths] [--db URL | --data-dir DIR] [--as-of ISO] [--format text|json]:
// why one contact is, or is not, in a segment, from the database's own rows for
// that contact (compiler/why/contact-why.ts). Exit 0 either way; 1 for a contact
// the database does not have or a database error; 2 on bad usage.
import { DatabaseError, type SegDatabase } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { ExecError } from '../calendar/time-zone.js';
import { planPath } from '../pipeline.js';
import { UsageError } from '../project/discover.js';
import { contactKey, contactWhy, contactWhyText, noSuchContact, notAContactId } from '../why/contact-why.js';
import { planSourceText } from '../why/plan-source.js';
import type { CommandContext } from './command.js';
import { ensureDemoData } from './demo-data.js';
import { checkedPlan, parseAsOf, selectSegments } from './project-plan.js';

export interface WhyOptions {
    db?: string;
    dataDir?: string;
    asOf?: string;
    format: 'text' | 'json';
}

/** The statement timeout of seg why's queries (each is an index lookup). */
const TIMEOUT_MS = 60_000;

export async function whyCommand(ctx: CommandContext, contact: string | undefined, segment: string | undefined, paths: string[], options: WhyOptions): Promise<number> {
    if (contact === undefined || segment === undefined) throw new UsageError('why needs a contact id and a segment name: seg why CONTACT SEGMENT [paths].');
    const asOf = parseAsOf(options.asOf);
    const checked = await checkedPlan(ctx, paths);
    if (!checked) return 1;
    const { project, plan } = checked;
    const [chosen] = selectSegments(plan, segment, { liveOnly: false });
    if (contactKey(contact) === undefined) throw new UsageError(notAContactId(contact, plan));
    let db: SegDatabase | undefined;
    try {
        db = await openDatabase({ url: options.db, dataDir: options.dataDir });
        if (!options.db) await ensureDemoData(db, project, { log: t => ctx.err(t), plan });
        const why = await contactWhy({
            db, plan, segment: chosen.name, contact, asOf, timeoutMs: TIMEOUT_MS,
            models: project.files.map(f => f.document.parseResult.value),
            sourceText: planSourceText(new Map(project.files.map(f => [planPath(f, project.project.root), f.text]))),
        });
        if (!why) {
            ctx.err(`seg why: ${noSuchContact(contactKey(contact)!, plan, db.description)}`);
            return 1;
        }
        if (options.format === 'json') ctx.out(JSON.stringify(why, null, 2));
        else {
            const lines = contactWhyText(why, db.description);
            for (const line of lines.slice(0, -1)) ctx.out(line);
            ctx.out(ctx.style.dim(lines[lines.length - 1]));
        }
        return 0;
    } catch (e) {
        if (e instanceof DatabaseError || e instanceof ExecError) {
            ctx.err(`seg why: ${e.message}`);
            return 1;
        }
        throw e;
    } finally {
        await db?.close();
    }
}
