// seg members NAME (--db URL | --data-dir DIR) [--at ISO] [--format table|json|csv]
// seg history NAME --contact ID (--db URL | --data-dir DIR) [--format table|json|csv]
// Both read what `seg refresh` stored; neither evaluates anything.
import { existsSync } from 'node:fs';
import { DatabaseError, type SegDatabase } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { contactStays, storedMembers, storedSegment } from '../live/membership.js';
import { UsageError } from '../project/discover.js';
import type { CommandContext } from './command.js';
import { parseAsOf } from './project-plan.js';

export interface StoredOptions {
    db?: string;
    dataDir?: string;
    format: 'table' | 'json' | 'csv';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function membersCommand(ctx: CommandContext, name: string | undefined, options: StoredOptions & { at?: string }): Promise<number> {
    if (!name) throw new UsageError('seg members needs a segment name: seg members NAME --db URL.');
    const at = options.at === undefined ? undefined : parseAsOf(options.at);
    return withStore(ctx, 'members', options, async db => {
        const segment = await storedSegment(db, name);
        const members = await storedMembers(db, name, at);
        // What the answer rests on: the refresh that was current at that instant.
        if (at && at < segment.firstAsOf) {
            ctx.err(`seg members: ${at.toISOString()} is before the first refresh of '${name}' here (${segment.firstAsOf.toISOString()}): no stored members then.`);
        } else if (at && at > segment.lastAsOf) {
            ctx.err(ctx.errStyle.dim(`As of the last refresh (${segment.lastAsOf.toISOString()}); later changes are not known until the next 'seg refresh'.`));
        }
        const when = (at ?? segment.lastAsOf).toISOString();
        if (options.format === 'json') {
            ctx.out(JSON.stringify({
                segment: name, at: when, lastRefreshAsOf: segment.lastAsOf.toISOString(),
                count: members.length, members: members.map(m => m.contactId),
            }, null, 2));
        } else if (options.format === 'csv') {
            ctx.out('contact_id,entered_at');
            for (const m of members) ctx.out(`${m.contactId},${m.enteredAt.toISOString()}`);
        } else {
            ctx.out(`${name}: ${members.length.toLocaleString('en-US')} members ${at ? `at ${when}` : `as of the last refresh (${when})`}`);
            if (members.length) ctx.out(`  ${'Contact'.padEnd(36)}  Entered${at ? '' : '                   Leaves if nothing new happens'}`);
            for (const m of members) {
                const leaves = at ? '' : `  ${m.leavesAt ? m.leavesAt.toISOString() : '-'}`;
                ctx.out(`  ${m.contactId}  ${m.enteredAt.toISOString()}${leaves}`);
            }
        }
        return 0;
    });
}

export async function historyCommand(ctx: CommandContext, name: string | undefined, options: StoredOptions & { contact?: string }): Promise<number> {
    if (!name) throw new UsageError('seg history needs a segment name: seg history NAME --contact ID --db URL.');
    if (!options.contact) throw new UsageError('seg history needs --contact ID (a contact id, a uuid).');
    if (!UUID.test(options.contact)) throw new UsageError(`--contact must be a contact id (a uuid such as 5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a), not '${options.contact}'.`);
    const contact = options.contact.toLowerCase();
    return withStore(ctx, 'history', options, async db => {
        await storedSegment(db, name);
        const stays = await contactStays(db, name, contact);
        if (options.format === 'json') {
            ctx.out(JSON.stringify({
                segment: name, contact,
                stays: stays.map(s => ({ enteredAt: s.enteredAt.toISOString(), exitedAt: s.exitedAt?.toISOString() ?? null })),
            }, null, 2));
        } else if (options.format === 'csv') {
            ctx.out('entered_at,exited_at');
            for (const s of stays) ctx.out(`${s.enteredAt.toISOString()},${s.exitedAt?.toISOString() ?? ''}`);
        } else if (!stays.length) {
            ctx.out(`${contact} has never been in ${name} (as far as its refreshes here saw).`);
        } else {
            ctx.out(`${contact} in ${name}: ${stays.length} stay${stays.length === 1 ? '' : 's'}`);
            for (const s of stays) ctx.out(`  entered ${s.enteredAt.toISOString()}  ${s.exitedAt ? `left ${s.exitedAt.toISOString()}` : 'still a member'}`);
        }
        return 0;
    });
}

/** Opens the database that holds the stored membership; database errors become one line and exit 1. */
async function withStore(ctx: CommandContext, command: string, options: StoredOptions, work: (db: SegDatabase) => Promise<number>): Promise<number> {
    if (!options.db && !options.dataDir) {
        throw new UsageError(`seg ${command} reads what 'seg refresh' stored: give --db URL (or set SEG_DATABASE_URL) or --data-dir DIR.`);
    }
    if (options.dataDir && !existsSync(options.dataDir)) {
        ctx.err(`seg ${command}: there is no embedded database in ${options.dataDir} — run 'seg refresh --data-dir ${options.dataDir}' first`);
        return 1;
    }
    let db: SegDatabase | undefined;
    try {
        db = await openDatabase({ url: options.db, dataDir: options.dataDir, lock: { onWait: t => ctx.err(t) } });
        return await work(db);
    } catch (e) {
        if (e instanceof DatabaseError) {
            ctx.err(`seg ${command}: ${e.message}`);
            return 1;
        }
        throw e;
    } finally {
        await db?.close();
    }
}
