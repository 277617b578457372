// The demo population: deterministic, realistic accounts, contacts and leads
// for the built-in catalog's tables, and the per-contact facts their
// interactions (journeys.ts) and a project's own tables (generic/) build on.
// Every record is a pure function of (seed, its index), so the same seed gives
// byte-identical tables however the work is batched, and a table can be
// generated alone.
//
// Shape: accounts (≈ contacts / 20) with industries and sizes; contacts with
// names, emails, jobs, cities, birthdates, consent flags and a parent account
// (some none, a few dangling); leads (≈ contacts / 5), most linked to a contact;
// and ≈ 10 interactions per contact over the 400 days before asOf, skewed
// (a few very active contacts, many quiet ones): see journeys.ts.
import { hash, mix32, Rng, uuidOf, Weighted } from './random.js';
import { iso, isoDate, type Row } from './cells.js';
import type { DemoHost } from './generic/inputs.js';
import { Journeys } from './journeys.js';
import { DAY, PROGRESS_EVERY, WINDOW_DAYS } from './tables.js';
import {
    CITIES, COMPANY_NOUNS, COMPANY_STEMS, COMPANY_SUFFIXES, FEMALE_NAMES, FREE_MAIL, INDUSTRIES, JOB_TITLES, LAST_NAMES,
    LEAD_SOURCES, MALE_NAMES, PRODUCTS,
} from './vocabulary.js';

/** Namespaces of the hashed streams: one per kind of record. */
const NS = {
    account: 1, contact: 2, lead: 3, deleted: 4, leadParent: 5, core: 6, contactRow: 7, accountRow: 8, leadRow: 9,
    sending: 10, danglingAccount: 11, cancel: 12, pageClick: 13, family: 100, interactionId: 200,
} as const;

// ---------------------------------------------------------------- helpers

const cityPicker = new Weighted(CITIES.map((c, i) => [i, c[4]] as const));
const jobPicker = new Weighted(JOB_TITLES);
const industryPicker = new Weighted(INDUSTRIES);
const leadSourcePicker = new Weighted(LEAD_SOURCES);
const customerTypePicker = new Weighted<number>([[3, 50], [8, 25], [5, 8], [9, 5], [2, 4], [10, 3], [1, 2], [12, 3]]);

/** `Jean-Luc` → `jean-luc`, `Müller` → `muller`, `O'Brien` → `obrien`. */
function mailPart(name: string): string {
    return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/ø/g, 'o').replace(/[^a-z0-9-]/g, '');
}

const FEMALE_MAIL = FEMALE_NAMES.map(mailPart);
const MALE_MAIL = MALE_NAMES.map(mailPart);
const LAST_MAIL = LAST_NAMES.map(mailPart);

const bool = (b: boolean): string => (b ? 't' : 'f');
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

interface AccountInfo {
    name: string;
    domain: string;
    city: number;
}

// ---------------------------------------------------------------- the generator

/**
 * Per-contact facts that several tables need (computed once, kept in typed
 * arrays): activity, the parent account, the city, the name, the interaction window.
 */
class Contacts {
    readonly engagement: Float64Array;
    readonly start: Float64Array;
    /** Account index, -1 for none, or -2 - k for the k-th dangling reference. */
    readonly account: Int32Array;
    readonly city: Uint8Array;
    /** Bit 0: female; bit 1: do not email; bit 2: inactive. */
    readonly flags: Uint8Array;
    readonly first: Uint8Array;
    readonly last: Uint8Array;
    /** Mail domain: a free-mail index, or 255 for the account's domain. */
    readonly domain: Uint8Array;
    readonly created: Float64Array;

    constructor(readonly count: number) {
        this.engagement = new Float64Array(count);
        this.start = new Float64Array(count);
        this.account = new Int32Array(count);
        this.city = new Uint8Array(count);
        this.flags = new Uint8Array(count);
        this.first = new Uint8Array(count);
        this.last = new Uint8Array(count);
        this.domain = new Uint8Array(count);
        this.created = new Float64Array(count);
    }
}

export class DemoData implements DemoHost {
    readonly contactCount: number;
    readonly accountCount: number;
    /** Lead slots: slot j belongs to contact 5j + offset(j) when that exists. */
    readonly leadSlots: number;
    private readonly asOf: number;
    private readonly windowStart: number;
    private readonly accounts: AccountInfo[];
    /** Per-contact facts (read by journeys.ts). */
    readonly contacts: Contacts;
    /** The hashed stream of each kind of record, for this seed (read by journeys.ts). */
    readonly ns: Record<string, number>;
    private readonly sendingIds: Array<string | undefined> = [];

    constructor(readonly options: { contacts: number; seed: number; asOf: Date }) {
        this.contactCount = options.contacts;
        this.accountCount = options.contacts > 0 ? Math.max(1, Math.round(options.contacts / 20)) : 0;
        this.leadSlots = Math.ceil(options.contacts / 5);
        this.asOf = options.asOf.getTime();
        this.windowStart = this.asOf - WINDOW_DAYS * DAY;
        const s = options.seed >>> 0;
        this.ns = Object.fromEntries(Object.entries(NS).map(([k, v]) => [k, hash(s, v)]));
        this.accounts = Array.from({ length: this.accountCount }, (_, j) => this.accountInfo(j));
        this.contacts = new Contacts(this.contactCount);
        for (let i = 0; i < this.contactCount; i++) this.contactFacts(i);
    }

    // ------------------------------------------------------------ facts (DemoHost: what generic/ reads)

    get asOfMs(): number {
        return this.asOf;
    }

    get windowStartMs(): number {
        return this.windowStart;
    }

    contactAccount(i: number): number {
        const a = this.contacts.account[i];
        return a >= 0 ? a : -1;
    }

    engagement(i: number): number {
        return this.contacts.engagement[i];
    }

    contactStart(i: number): number {
        return this.contacts.start[i];
    }

    contactCity(i: number): number {
        return this.contacts.city[i];
    }

    contactEmail(i: number): string {
        return this.email(i, '');
    }

    contactName(i: number): readonly [string, string] {
        return [this.firstName(i), this.lastName(i)];
    }

    // ------------------------------------------------------------ ids

    contactId(i: number): string {
        return uuidOf(this.ns.contact, i);
    }

    accountId(j: number): string {
        return uuidOf(this.ns.account, j);
    }

    leadId(j: number): string {
        return uuidOf(this.ns.lead, j);
    }

    /** An account id that no account has: a dangling lookup. */
    private danglingAccountId(k: number): string {
        return uuidOf(this.ns.danglingAccount, k);
    }

    /** A contact id that no contact has (deleted since). */
    private deletedContactId(k: number): string {
        return uuidOf(this.ns.deleted, k);
    }

    /** The sending (one email of a journey, sent on one day): a fixed id per message and day. */
    sendingId(message: number, t: number): string {
        const day = Math.floor(t / DAY) - Math.floor(this.windowStart / DAY);
        const key = message * (WINDOW_DAYS + 2) + day;
        return this.sendingIds[key] ??= uuidOf(this.ns.sending, key);
    }

    // ------------------------------------------------------------ leads

    /** The contact of lead slot j: its index, -1 for a lead without a contact, -2 for a dangling one, or undefined for no lead. */
    leadParent(j: number): number | undefined {
        const h = hash(this.ns.leadParent, j);
        const index = 5 * j + (h % 5);
        if (index >= this.contactCount) return undefined;
        const kind = mix32(h) % 1000;
        return kind < 40 ? -1 : kind < 45 ? -2 : index;
    }

    /** The lead slot of contact i's own lead, or -1. */
    leadOf(i: number): number {
        const j = Math.floor(i / 5);
        return this.leadParent(j) === i ? j : -1;
    }

    // ------------------------------------------------------------ accounts

    private accountInfo(j: number): AccountInfo {
        const r = new Rng(hash(this.ns.accountRow, j, 7));
        const stem = r.pick(COMPANY_STEMS);
        const noun = r.pick(COMPANY_NOUNS);
        const suffix = r.pick(COMPANY_SUFFIXES);
        return {
            name: suffix ? `${stem} ${noun} ${suffix}` : `${stem} ${noun}`,
            domain: `${mailPart(stem)}${mailPart(noun)}.${['com', 'com', 'com', 'net', 'io', 'co.uk', 'de'][r.int(7)]}`,
            city: cityPicker.pick(r),
        };
    }

    *accountRows(): Generator<Row> {
        for (let j = 0; j < this.accountCount; j++) {
            const r = new Rng(hash(this.ns.accountRow, j));
            const a = this.accounts[j];
            const [city, state, country] = CITIES[a.city];
            const employees = Math.min(250_000, Math.max(1, Math.round(Math.exp(3.4 + 1.9 * r.normal()))));
            const created = this.asOf - (30 + r.float() * 8 * 365) * DAY;
            yield [
                this.accountId(j),
                a.name,
                `ACC-${pad(100_000 + j, 7)}`,
                r.chance(0.85) ? `info@${a.domain}` : null,
                r.chance(0.7) ? `+1 206 555 ${pad(r.int(10_000), 4)}` : null,
                `https://www.${a.domain}`,
                r.chance(0.9) ? String(industryPicker.pick(r)) : null,
                String(r.chance(0.3) ? 1 : 2),
                String(customerTypePicker.pick(r)),
                String(employees),
                r.chance(0.85) ? String(employees * r.between(40, 400) * 1000) : null,
                city, state, country,
                bool(r.chance(0.03)),
                r.chance(0.97) ? '0' : '1',
                iso(created),
                iso(created + r.float() * (this.asOf - created)),
                r.chance(0.6) && this.contactCount > 0 ? this.contactId(r.int(this.contactCount)) : null,
                r.chance(0.04) ? this.accountId(r.int(this.accountCount)) : null,
            ];
            if ((j + 1) % PROGRESS_EVERY === 0) this.tick?.(PROGRESS_EVERY);
        }
        this.tick?.(this.accountCount % PROGRESS_EVERY);
    }

    // ------------------------------------------------------------ contacts

    private contactFacts(i: number): void {
        const c = this.contacts;
        const r = new Rng(hash(this.ns.core, i));
        const female = r.chance(0.5);
        c.first[i] = r.int(female ? FEMALE_NAMES.length : MALE_NAMES.length);
        c.last[i] = r.int(LAST_NAMES.length);
        const u = r.float();
        const skew = r.float();
        c.account[i] = this.accountCount === 0 ? -1
            : u < 0.75 ? Math.floor(this.accountCount * skew * skew)
            : u < 0.753 ? -2 - r.int(1000)
            : -1;
        const own = c.account[i] >= 0 ? this.accounts[c.account[i]] : undefined;
        const pickedCity = cityPicker.pick(r);
        c.city[i] = own && r.chance(0.6) ? own.city : pickedCity;
        const x = -Math.log(1 - r.float());
        c.engagement[i] = Math.min(60, (x * x) / 2);
        const dne = r.chance(0.06);
        const inactive = r.chance(0.05);
        c.flags[i] = (female ? 1 : 0) | (dne ? 2 : 0) | (inactive ? 4 : 0);
        const freeMail = r.int(FREE_MAIL.length);
        c.domain[i] = own && r.chance(0.8) ? 255 : freeMail;
        c.created[i] = this.asOf - (20 + r.float() * 6 * 365) * DAY;
        c.start[i] = Math.max(this.windowStart, c.created[i]);
    }

    private firstName(i: number): string {
        return (this.contacts.flags[i] & 1 ? FEMALE_NAMES : MALE_NAMES)[this.contacts.first[i]];
    }

    private lastName(i: number): string {
        return LAST_NAMES[this.contacts.last[i]];
    }

    private emailDomain(i: number): string {
        const d = this.contacts.domain[i];
        return d === 255 ? this.accounts[this.contacts.account[i]].domain : FREE_MAIL[d];
    }

    private email(i: number, suffix: string): string {
        const first = (this.contacts.flags[i] & 1 ? FEMALE_MAIL : MALE_MAIL)[this.contacts.first[i]];
        return `${first}.${LAST_MAIL[this.contacts.last[i]]}${suffix}@${this.emailDomain(i)}`;
    }

    private parentAccountId(i: number): string | null {
        const a = this.contacts.account[i];
        return a >= 0 ? this.accountId(a) : a === -1 ? null : this.danglingAccountId(-2 - a);
    }

    *contactRows(): Generator<Row> {
        const c = this.contacts;
        for (let i = 0; i < this.contactCount; i++) {
            const r = new Rng(hash(this.ns.contactRow, i));
            const first = this.firstName(i);
            const last = this.lastName(i);
            const [city, state, country] = CITIES[c.city[i]];
            const dne = (c.flags[i] & 2) !== 0;
            const created = c.created[i];
            const suffix = r.chance(0.3) ? String(r.int(100)) : '';
            const job = jobPicker.pick(r);
            const birth = Date.UTC(1950, 0, 1) + r.int(56 * 365) * DAY;
            yield [
                this.contactId(i),
                first, last, `${first} ${last}`,
                r.chance(0.95) ? this.email(i, suffix) : null,
                job,
                r.chance(0.7) ? `+1 425 555 ${pad(r.int(10_000), 4)}` : null,
                city, state, country,
                r.chance(0.85) ? isoDate(birth) : null,
                r.chance(0.92) ? (c.flags[i] & 1 ? '2' : '1') : null,
                r.chance(0.6) ? String(r.between(1, 4)) : null,
                r.chance(0.5) ? '1' : r.chance(0.7) ? '2' : '3',
                bool(dne),
                bool(dne || r.chance(0.04)),
                bool(r.chance(0.05)),
                c.flags[i] & 4 ? '1' : '0',
                iso(created),
                iso(created + r.float() * (this.asOf - created)),
                this.parentAccountId(i),
                r.chance(0.4) ? String(r.int(5)) : null,
                r.chance(0.2) ? String(r.between(1, 50) * 1000) : null,
            ];
            if ((i + 1) % PROGRESS_EVERY === 0) this.tick?.(PROGRESS_EVERY);
        }
        this.tick?.(this.contactCount % PROGRESS_EVERY);
    }

    // ------------------------------------------------------------ leads

    *leadRows(): Generator<Row> {
        for (let j = 0; j < this.leadSlots; j++) {
            if ((j + 1) % PROGRESS_EVERY === 0) this.tick?.(PROGRESS_EVERY);
            const parent = this.leadParent(j);
            if (parent === undefined) continue;
            const r = new Rng(hash(this.ns.leadRow, j));
            const linked = parent >= 0;
            const first = linked ? this.firstName(parent) : r.pick(r.chance(0.5) ? FEMALE_NAMES : MALE_NAMES);
            const last = linked ? this.lastName(parent) : r.pick(LAST_NAMES);
            const account = linked ? this.contacts.account[parent] : r.int(Math.max(1, this.accountCount));
            const company = account >= 0 && account < this.accountCount ? this.accounts[account] : undefined;
            const city = CITIES[linked ? this.contacts.city[parent] : cityPicker.pick(r)];
            const state = r.float();
            const created = this.asOf - r.float() * 730 * DAY;
            yield [
                this.leadId(j),
                `Interested in ${r.pick(PRODUCTS)}`,
                first, last, `${first} ${last}`,
                linked ? this.email(parent, '') : `${mailPart(first)}.${mailPart(last)}@${company?.domain ?? 'example.com'}`,
                jobPicker.pick(r),
                company?.name ?? null,
                city[0], city[2],
                r.chance(0.9) ? String(leadSourcePicker.pick(r)) : null,
                String(r.chance(0.2) ? 1 : r.chance(0.6) ? 2 : 3),
                state < 0.55 ? '0' : state < 0.8 ? '1' : '2',
                r.chance(0.5) ? String(r.between(5, 500) * 1000) : null,
                r.chance(0.6) ? String(r.between(1, 200) * 500) : null,
                r.chance(0.4) ? String(Math.round(Math.exp(3 + 1.5 * r.normal())) + 1) : null,
                iso(created),
                iso(created + r.float() * (this.asOf - created)),
                parent >= 0 ? this.contactId(parent) : parent === -2 ? this.deletedContactId(j) : null,
                company ? this.accountId(account) : null,
            ];
        }
        this.tick?.(this.leadSlots % PROGRESS_EVERY);
    }


    // ------------------------------------------------------------ interactions

    /** Called with units of work done (set by seed for progress). */
    tick?: (units: number) => void;

    /** The rows of one interaction table, contact by contact. */
    interactionRows(table: string): Generator<Row> {
        return new Journeys(this).rows(table);
    }

    /** Facts an emitter needs about contact i. */
    contactCells(i: number): { id: string; account: string | null; lead: string | null; city: readonly [string, string, string, string, number]; domain: string } {
        const lead = this.leadOf(i);
        return {
            id: this.contactId(i),
            account: this.parentAccountId(i),
            lead: lead >= 0 ? this.leadId(lead) : null,
            city: CITIES[this.contacts.city[i]],
            domain: this.emailDomain(i),
        };
    }

    deletedContact(i: number): string {
        return this.deletedContactId(this.contactCount + i);
    }

    /** Whether an interaction at t can be stored: none lies after asOf. */
    inWindow(t: number): boolean {
        return t <= this.asOf;
    }
}
