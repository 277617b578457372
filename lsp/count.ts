// Member counts: the custom request `seg/count` { segment } → { count, asOf } | { error },
// run read-only against the database the client configured (seg.database.url).
import type { LangiumSharedServices } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import type { SegDatabase } from '../compiler/db/database.js';
import { isServerUrl, openDatabase } from '../compiler/db/open-database.js';
import { bindParams, toSql } from '../compiler/sql/to-sql.js';
import { clientSettings } from './settings.js';
import { workspacePlan } from './show-sql.js';

export const COUNT_REQUEST = 'seg/count';
/** The statement timeout of a count. */
export const COUNT_TIMEOUT_MS = 10_000;
/** How long a count (or why there is none) is reused for the same query on the same database. */
const CACHE_MS = 60_000;

export interface CountResponse { count?: number; asOf?: string; error?: string }

export const NO_DATABASE = 'No database configured: set seg.database.url to a postgresql:// URL.';

const cache = new Map<string, { at: number; result: CountResponse }>();

/** Counts the members of each named segment of the workspace, over one connection. */
export async function countSegments(shared: LangiumSharedServices, names: string[]): Promise<Map<string, CountResponse>> {
    const results = new Map<string, CountResponse>();
    const all = (result: CountResponse) => { for (const n of names) results.set(n, result); return results; };
    const url = clientSettings(shared).databaseUrl;
    if (!url) return all({ error: NO_DATABASE });
    if (!isServerUrl(url)) return all({ error: 'seg.database.url must be a postgresql:// URL.' });
    let found: Awaited<ReturnType<typeof workspacePlan>>;
    try {
        found = await workspacePlan(shared);
    } catch (e) {
        return all({ error: message(e) });
    }
    if ('error' in found) return all({ error: found.error });
    const { plan } = found;
    const pending: Array<{ name: string; key: string; text: string; values: unknown[]; asOf: string }> = [];
    for (const name of names) {
        if (!plan.segments.some(s => s.name === name)) { results.set(name, { error: `There is no segment named '${name}'.` }); continue; }
        try {
            const query = toSql(plan, name);
            const key = JSON.stringify([url, plan.timeZone, query.text, query.params]);
            const hit = cache.get(key);
            if (hit && Date.now() - hit.at < CACHE_MS) { results.set(name, hit.result); continue; }
            const asOf = new Date();
            pending.push({ name, key, text: query.text, values: bindParams(query, { asOf }), asOf: asOf.toISOString() });
        } catch (e) {
            results.set(name, { error: message(e) });
        }
    }
    if (!pending.length) return results;
    let db: SegDatabase | undefined;
    const settle = (p: typeof pending[number], result: CountResponse) => {
        results.set(p.name, result);
        cache.set(p.key, { at: Date.now(), result });
    };
    try {
        db = await openDatabase({ url });
        for (const p of pending) {
            try {
                const { rows } = await db.readOnly(COUNT_TIMEOUT_MS, tx =>
                    tx.query(`SELECT count(*) AS n FROM (${p.text.trim().replace(/;\s*$/, '')}) AS members`, p.values));
                settle(p, { count: Number(rows[0]?.n ?? 0), asOf: p.asOf });
            } catch (e) {
                settle(p, { error: message(e) });
            }
        }
    } catch (e) {
        // Cannot connect: every pending count fails alike.
        for (const p of pending) if (!results.has(p.name)) settle(p, { error: message(e) });
    } finally {
        await db?.close().catch(() => undefined);
    }
    return results;
}

export async function segmentCount(shared: LangiumSharedServices, segment: string): Promise<CountResponse> {
    if (!segment) return { error: 'Which segment? seg/count takes { segment }.' };
    return (await countSegments(shared, [segment])).get(segment) ?? { error: `There is no segment named '${segment}'.` };
}

/** Forgets cached counts (the database or its data may have changed). */
export function clearCountCache(): void {
    cache.clear();
}

export function registerCountRequest(connection: Connection, shared: LangiumSharedServices): void {
    connection.onRequest(COUNT_REQUEST, (params: { segment?: unknown }) => segmentCount(shared, typeof params?.segment === 'string' ? params.segment : ''));
}

function message(e: unknown): string {
    const text = e instanceof Error ? e.message : String(e);
    return text.split('\n')[0];
}
