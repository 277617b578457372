// "Why is a contact (not) in this segment?": the command `seg.why` (workspace/executeCommand,
// arguments: document uri, segment name, contact id) answers what `seg why` prints, from the
// database the client configured (seg.database.url), in a trusted workspace only.
import type { LangiumSharedServices } from 'langium/lsp';
import type { SegDatabase } from '../compiler/db/database.js';
import { isServerUrl, openDatabase } from '../compiler/db/open-database.js';
import { planPath } from '../compiler/pipeline.js';
import { contactKey, contactWhy, contactWhyText, noSuchContact, notAContactId, type ContactWhy } from '../compiler/why/contact-why.js';
import { planSourceText } from '../compiler/why/plan-source.js';
import { COUNT_TIMEOUT_MS, NO_DATABASE } from './count.js';
import { clientSettings } from './settings.js';
import { workspaceFiles, workspacePlan } from './show-sql.js';

export const WHY_COMMAND = 'seg.why';

/** `text`: the lines `seg why` prints; `why`: its `--format json` object. Or why there is neither. */
export interface WhyResponse { text?: string; why?: ContactWhy; error?: string }

export const UNTRUSTED = 'The workspace is not trusted: Seg reads a database only in a trusted workspace.';

/** `seg.why` with arguments (uri, segment, contact id); the uri names the document it was asked from. */
export async function segmentWhy(shared: LangiumSharedServices, args: unknown[]): Promise<WhyResponse> {
    const [, segment, contact] = args.map(a => (typeof a === 'string' ? a.trim() : ''));
    if (!segment || !contact) return { error: 'seg.why takes a document uri, a segment name and a contact id.' };
    const settings = clientSettings(shared);
    if (!settings.trusted) return { error: UNTRUSTED };
    const url = settings.databaseUrl;
    if (!url) return { error: NO_DATABASE };
    if (!isServerUrl(url)) return { error: 'seg.database.url must be a postgresql:// URL.' };
    let db: SegDatabase | undefined;
    try {
        const found = await workspacePlan(shared);
        if ('error' in found) return found;
        const { plan } = found;
        if (!plan.segments.some(s => s.name === segment)) return { error: `There is no segment named '${segment}'.` };
        if (contactKey(contact) === undefined) return { error: notAContactId(contact, plan) };
        const { root, files } = workspaceFiles(shared);
        db = await openDatabase({ url });
        const why = await contactWhy({
            db, plan, segment, contact, asOf: new Date(), timeoutMs: COUNT_TIMEOUT_MS,
            models: files.map(f => f.model),
            sourceText: planSourceText(new Map(files.map(f => [planPath(f, root), f.text]))),
        });
        if (!why) return { error: noSuchContact(contactKey(contact)!, plan, db.description) };
        return { text: contactWhyText(why, db.description).join('\n'), why };
    } catch (e) {
        return { error: (e instanceof Error ? e.message : String(e)).split('\n')[0] };
    } finally {
        await db?.close().catch(() => undefined);
    }
}
