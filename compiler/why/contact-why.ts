// Why one contact of a database is, or is not, in a segment (seg why, and the
// editor's seg.why command): that contact's rows only (compiler/db/load-contact.ts),
// the segment evaluated on them in memory, and the explanation of seg test's
// failures (explain.ts), as a stable JSON object and as text.
import type { AstNode } from 'langium';
import type { SegDatabase } from '../db/database.js';
import { loadContact } from '../db/load-contact.js';
import type { Plan, SourceRef } from '../plan/plan.js';
import { SourceNames } from './cond-text.js';
import { explain, type WhyNode } from './explain.js';
import { whyLines } from './why-text.js';

export interface ContactWhyInput {
    db: SegDatabase;
    plan: Plan;
    /** A segment of the plan (drafts too). */
    segment: string;
    /** The contact's key as typed (checked with contactKey first). */
    contact: string;
    asOf: Date;
    /** The project's models, for Seg's names of tables and fields. */
    models: Array<{ declarations: AstNode[] }>;
    sourceText(ref: SourceRef): string | undefined;
    timeoutMs: number;
    onQuery?: (sql: string, params: unknown[]) => void;
}

/** `seg why --format json`: documented in docs/language.md §16. */
export interface ContactWhy {
    contact: string;
    segment: string;
    asOf: string;
    timeZone: string;
    member: boolean;
    /** The segment's own node, explained (one entry; set operations list the operands that decided under `because`). */
    explanation: WhyNode[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A contact id as stored (lower case, without Dynamics' braces), or undefined when it is no GUID. */
export function contactKey(text: string): string | undefined {
    const key = text.trim().replace(/^\{(.*)\}$/, '$1').toLowerCase();
    return GUID.test(key) ? key : undefined;
}

/** The one line for a contact id that is no GUID. */
export function notAContactId(text: string, plan: Plan): string {
    return `'${text}' is not a ${plan.audience.table} id: ${plan.audience.key} values are GUIDs such as 0f055697-f2cf-42a8-9904-5eda06ed95da.`;
}

/** The one line for a contact the database does not have. */
export function noSuchContact(key: string, plan: Plan, where: string): string {
    return `There is no ${plan.audience.table} with ${plan.audience.key} ${key} in ${where}.`;
}

/** The explanation, or undefined when the audience table has no record `contact`. */
export async function contactWhy(input: ContactWhyInput): Promise<ContactWhy | undefined> {
    const { plan, segment } = input;
    const key = contactKey(input.contact) ?? input.contact;
    const tables = await loadContact(input.db, plan, segment, key, { timeoutMs: input.timeoutMs, onQuery: input.onQuery });
    if (!tables) return undefined;
    const node = plan.segments.find(s => s.name === segment)!.node;
    const tree = explain({
        plan, tables, asOf: input.asOf.getTime(), names: new SourceNames(input.models), recordNames: new Map(), sourceText: input.sourceText,
    }, node, key);
    return { contact: key, segment, asOf: input.asOf.toISOString(), timeZone: plan.timeZone, member: tree.member, explanation: [tree] };
}

/** The text `seg why` prints: the explanation ("the contact" is the one asked about), then which contact, when and where. */
export function contactWhyText(why: ContactWhy, where: string): string[] {
    return [
        ...why.explanation.flatMap(node => whyLines(node, { who: 'the contact' })),
        `contact ${why.contact}, as of ${why.asOf} (${why.timeZone}), ${where}`,
    ];
}
