// `seg db seed`: deterministic, realistic demo data for the built-in catalog's
// tables. Every record is a pure function of (seed, its index), so the same
// seed gives byte-identical tables however the work is batched, and a table
// can be generated alone: each table is one streamed COPY (generation in
// Node overlaps the server's ingestion), memory stays flat for millions of rows.
//
// Shape: accounts (≈ contacts / 20) with industries and sizes; contacts with
// names, emails, jobs, cities, birthdates, consent flags and a parent account
// (some none, a few dangling); leads (≈ contacts / 5), most linked to a contact;
// and ≈ 10 interactions per contact over the 400 days before asOf, skewed
// (a few very active contacts, many quiet ones): emails sent → delivered or
// bounced → opened → clicked, events, forms, website visits, subscriptions,
// lead-score boosts and survey responses; registrations canceled after reminders,
// clicks on website links (a "50% off" banner in the last two weeks), tracked
// short links (the newest, a PDF, posted under an hour before asOf) and
// LinkedIn Lead Gen form submissions.
//
// With a project (SeedOptions.project), tables this file has no generator for
// (the project's own entities and interaction types, and catalog types its
// segments read) get generic rows too: see seed-generic/.
import type { SegDatabase } from '../db/database.js';
import { hash, mix32, Rng, uuidOf, Weighted } from './random.js';
import { iso, isoDate, recordId } from './cells.js';
import {
    BOUNCE_HARD, BOUNCE_SOFT, CITIES, COMPANY_NOUNS, COMPANY_STEMS, COMPANY_SUFFIXES, EVENTS, FEMALE_NAMES, FORMS,
    FREE_MAIL, INDUSTRIES, JOB_TITLES, JOURNEYS, LAST_NAMES, LEAD_SOURCES, MALE_NAMES, MESSAGES, PAGE_IDS, PAGES, PRODUCTS,
    LINKEDIN_CAMPAIGNS, PROMO_BANNER, SEGMENTS, SHORT_LINKS, SURVEYS, WEBSITE_LINKS, WEBSITES,
} from './vocabulary.js';
import { type DemoHost, GenericData, type SeedProject } from './generic/generic-data.js';
import { quoteIdent } from '../db/sql-text.js';

export { iso };
export type { SeedProject };

export interface SeedOptions {
    contacts: number;
    seed: number;
    /** Interactions fall in the 400 days up to this instant; creation dates before it. */
    asOf: Date;
    /** Called now and then with work units done and in total, and the table being filled. */
    onProgress?: (done: number, total: number, phase: string) => void;
    /** Called when a table is filled, with its row count. */
    onTable?: (table: string, rows: number) => void;
    /**
     * The project: its own entities and interaction types (and catalog types
     * its segments read) that have no generator here get generic rows, with
     * values its segments' conditions test for. Without it only the built-in
     * tables below are filled.
     */
    project?: SeedProject;
}

/** Rows written, by kind (interactions: all interaction tables together). */
export interface SeedCounts {
    contacts: number;
    accounts: number;
    leads: number;
    interactions: number;
    /** Rows of the other entity tables (a project's own entities). */
    records: number;
}

type Cell = string | null;
type Row = Cell[];

const DAY = 86_400_000;
const HOUR = 3_600_000;
const WINDOW_DAYS = 400;
const PROGRESS_EVERY = 8192;

/** Namespaces of the hashed streams: one per kind of record. */
const NS = {
    account: 1, contact: 2, lead: 3, deleted: 4, leadParent: 5, core: 6, contactRow: 7, accountRow: 8, leadRow: 9,
    sending: 10, danglingAccount: 11, cancel: 12, pageClick: 13, family: 100, interactionId: 200,
} as const;

// ---------------------------------------------------------------- tables

const COMMON = ['internal_marketing_interaction_id', 'timestamp', 'contact_id', 'account_id'];

const FAMILIES = ['email', 'events', 'forms', 'web', 'subscriptions', 'boost', 'survey', 'links', 'linkedin'] as const;
type Family = typeof FAMILIES[number];

interface InteractionTable {
    name: string;
    family: Family;
    columns: string[];
}

const INTERACTIONS: InteractionTable[] = [
    { name: 'email_sent', family: 'email', columns: [...COMMON, 'message_id', 'customer_journey_id', 'sending_id', 'email_domain'] },
    { name: 'email_delivered', family: 'email', columns: [...COMMON, 'message_id', 'customer_journey_id', 'sending_id', 'email_domain'] },
    { name: 'email_hard_bounced', family: 'email', columns: [...COMMON, 'message_id', 'customer_journey_id', 'sending_id', 'bounce_category'] },
    { name: 'email_soft_bounced', family: 'email', columns: [...COMMON, 'message_id', 'customer_journey_id', 'sending_id', 'bounce_category'] },
    { name: 'email_opened', family: 'email', columns: [...COMMON, 'message_id', 'customer_journey_id', 'sending_id', 'lead_id', 'city', 'country_iso_code'] },
    { name: 'email_clicked', family: 'email', columns: [...COMMON, 'message_id', 'customer_journey_id', 'sending_id', 'lead_id', 'original_link', 'city', 'country_iso_code'] },
    { name: 'event_registration', family: 'events', columns: [...COMMON, 'event_id', 'event_registration_id', 'customer_journey_id'] },
    { name: 'event_check_in', family: 'events', columns: [...COMMON, 'event_id', 'event_check_in_id'] },
    { name: 'form_visited', family: 'forms', columns: [...COMMON, 'form_id', 'page_id', 'lead_id', 'city', 'country_iso_code'] },
    { name: 'form_submitted', family: 'forms', columns: [...COMMON, 'form_id', 'page_id', 'form_submission_id', 'form_name', 'result', 'lead_id', 'city', 'country_iso_code'] },
    { name: 'website_visited', family: 'web', columns: [...COMMON, 'website_id', 'page_address', 'page_id', 'lead_id', 'visit_duration', 'city', 'country_iso_code'] },
    { name: 'segment_subscribed', family: 'subscriptions', columns: [...COMMON, 'segment_id', 'message_id', 'customer_journey_id'] },
    { name: 'segment_unsubscribed', family: 'subscriptions', columns: [...COMMON, 'segment_id', 'message_id', 'customer_journey_id'] },
    { name: 'email_subscription_submit', family: 'subscriptions', columns: [...COMMON, 'message_id', 'customer_journey_id', 'city', 'country_iso_code'] },
    { name: 'lead_score_boost', family: 'boost', columns: [...COMMON, 'customer_journey_id', 'boost_value'] },
    { name: 'survey_response', family: 'survey', columns: [...COMMON, 'survey_id', 'score', 'customer_journey_id'] },
    // Added later: at the end, so the tables above keep their id namespaces.
    { name: 'event_registration_canceled', family: 'events', columns: [...COMMON, 'event_id'] },
    { name: 'website_clicked', family: 'web', columns: [...COMMON, 'website_id', 'page_address', 'page_id', 'link', 'link_friendly_name', 'lead_id', 'city', 'country_iso_code'] },
    { name: 'redirect_link_clicked', family: 'links', columns: [...COMMON, 'link_id', 'link', 'original_url', 'referrer_uri', 'lead_id', 'city', 'country_iso_code'] },
    { name: 'linked_in_form_submission', family: 'linkedin', columns: [...COMMON, 'linked_in_campaign_id', 'linked_in_form_id'] },
];

const ACCOUNT_COLUMNS = [
    'accountid', 'name', 'accountnumber', 'emailaddress1', 'telephone1', 'websiteurl', 'industrycode', 'accountcategorycode',
    'customertypecode', 'numberofemployees', 'revenue', 'address1_city', 'address1_stateorprovince', 'address1_country',
    'donotemail', 'statecode', 'createdon', 'modifiedon', 'primarycontactid', 'parentaccountid',
];

const CONTACT_COLUMNS = [
    'contactid', 'firstname', 'lastname', 'fullname', 'emailaddress1', 'jobtitle', 'telephone1', 'address1_city',
    'address1_stateorprovince', 'address1_country', 'birthdate', 'gendercode', 'familystatuscode',
    'preferredcontactmethodcode', 'donotemail', 'donotbulkemail', 'donotphone', 'statecode', 'createdon', 'modifiedon',
    'parentcustomerid', 'numberofchildren', 'creditlimit',
];

const LEAD_COLUMNS = [
    'leadid', 'subject', 'firstname', 'lastname', 'fullname', 'emailaddress1', 'jobtitle', 'companyname', 'address1_city',
    'address1_country', 'leadsourcecode', 'leadqualitycode', 'statecode', 'budgetamount', 'estimatedvalue',
    'numberofemployees', 'createdon', 'modifiedon', 'parentcontactid', 'parentaccountid',
];

/** The tables seed fills, entities first, with the columns it writes. */
export const SEED_TABLES: ReadonlyArray<{ name: string; columns: readonly string[] }> = [
    { name: 'account', columns: ACCOUNT_COLUMNS },
    { name: 'contact', columns: CONTACT_COLUMNS },
    { name: 'lead', columns: LEAD_COLUMNS },
    ...INTERACTIONS,
];

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

type Visitor = 'contact' | 'anonymous' | 'deleted';

/** Which email a sent, delivered, opened… event belongs to. */
interface Sending {
    message: number;
    at: number;
}

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
    private readonly contacts: Contacts;
    private readonly ns: Record<string, number>;
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

    // ------------------------------------------------------------ facts (DemoHost: what seed-generic/ reads)

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
    *interactionRows(table: string): Generator<Row> {
        const spec = INTERACTIONS.find(t => t.name === table);
        if (!spec) throw new Error(`no demo data for ${table}`);
        const tableNs = hash(this.ns.interactionId, INTERACTIONS.indexOf(spec));
        const familyNs = hash(this.ns.family, FAMILIES.indexOf(spec.family));
        const out: Row[] = [];
        const emit = new Emitter(this, table, tableNs);
        for (let i = 0; i < this.contactCount; i++) {
            emit.begin(i, out);
            const r = new Rng(hash(familyNs, i));
            switch (spec.family) {
                case 'email': this.emailFamily(i, r, emit); break;
                case 'events': this.eventFamily(i, r, emit); break;
                case 'forms': this.formFamily(i, r, emit); break;
                case 'web': this.webFamily(i, r, emit); break;
                case 'subscriptions': this.subscriptionFamily(i, r, emit); break;
                case 'boost': this.boostFamily(i, r, emit); break;
                case 'survey': this.surveyFamily(i, r, emit); break;
                case 'links': this.linkFamily(i, r, emit); break;
                case 'linkedin': this.linkedInFamily(i, r, emit); break;
            }
            for (const row of out) yield row;
            out.length = 0;
            if ((i + 1) % PROGRESS_EVERY === 0) this.tick?.(PROGRESS_EVERY);
        }
        this.tick?.(this.contactCount % PROGRESS_EVERY);
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

    /** How much of the 400-day window contact i existed for, 0..1 (newer contacts have less history). */
    private span(i: number): number {
        return (this.asOf - this.contacts.start[i]) / (WINDOW_DAYS * DAY);
    }

    private at(i: number, r: Rng): number {
        const start = this.contacts.start[i];
        return start + r.float() * (this.asOf - start);
    }

    private emailFamily(i: number, r: Rng, emit: Emitter): void {
        const e = this.contacts.engagement[i];
        const flags = this.contacts.flags[i];
        let sends = r.poisson((flags & 2 ? 0.2 : 1.1 + 2.5 * Math.min(e, 20)) * this.span(i));
        if (flags & 4) sends = Math.floor(sends / 4);
        const pOpen = 0.1 + 0.55 * (1 - Math.exp(-e));
        const pClick = 0.15 + 0.25 * Math.min(1, e / 5);
        const hasLead = this.leadOf(i) >= 0;
        for (let k = 0; k < sends; k++) {
            const t = this.at(i, r);
            const m = r.int(MESSAGES.length);
            const fate = r.float();
            const delay = r.between(1, 90) * 1000;
            const opens = r.float() < pOpen ? 1 + r.poisson(0.4) : 0;
            const msg = MESSAGES[m].id;
            const journey = JOURNEYS[Math.floor(m / 3)].id;
            const sending: Sending = { message: m, at: t };
            emit.sent(t, msg, journey, sending);
            if (fate < 0.006) {
                emit.bounced('email_hard_bounced', t + delay, msg, journey, sending, BOUNCE_HARD[m % BOUNCE_HARD.length]);
                continue;
            }
            if (fate < 0.035) {
                emit.bounced('email_soft_bounced', t + delay * 10, msg, journey, sending, BOUNCE_SOFT[k % BOUNCE_SOFT.length]);
                continue;
            }
            const delivered = t + delay;
            emit.delivered(delivered, msg, journey, sending);
            let seen = delivered;
            for (let o = 0; o < opens; o++) {
                seen += r.exponential(o === 0 ? 8 * HOUR : 30 * HOUR);
                const viaLead = hasLead && r.float() < 0.3;
                const elsewhere = r.float() < 0.1;
                emit.opened(seen, msg, journey, sending, viaLead, elsewhere);
                if (o === 0 && r.float() < pClick) {
                    const clicks = 1 + r.poisson(0.3);
                    let clicked = seen;
                    for (let q = 0; q < clicks; q++) {
                        clicked += r.exponential(2 * 60_000);
                        emit.clicked(clicked, msg, journey, sending, viaLead, PAGES[r.int(PAGES.length)]);
                    }
                }
            }
        }
    }

    private eventFamily(i: number, r: Rng, emit: Emitter): void {
        const e = this.contacts.engagement[i];
        const registrations = r.poisson(0.09 * (0.3 + Math.min(e, 20)));
        const cancellations = emit.table === 'event_registration_canceled';
        for (let k = 0; k < registrations; k++) {
            const ev = r.int(EVENTS.length);
            const event = EVENTS[ev];
            const starts = Math.floor((this.asOf - event.daysAgo * DAY) / DAY) * DAY + 16 * HOUR;
            const registered = starts - r.between(1, 45) * DAY + r.int(DAY);
            const attends = r.float() < 0.6;
            const arrival = starts + r.int(2 * HOUR);
            if (registered < this.contacts.start[i]) continue;
            emit.registered(registered, event.id, JOURNEYS[ev % JOURNEYS.length].id);
            if (attends) emit.checkedIn(arrival, event.id);
            else if (cancellations) this.cancellation(i, k, event, registered, starts, emit);
        }
    }

    /**
     * Whether registration k of contact i, one that did not check in, was
     * canceled, and when: most cancellations come within hours of a reminder
     * (three weeks before the event, and two days before it), the others any
     * time before the event. A stream of its own, so the registrations and
     * check-ins stay as they are. The upcoming summit's three-week reminder
     * went out 30 hours before asOf: its cancellations are the recent ones.
     */
    private cancellation(i: number, k: number, event: typeof EVENTS[number], registered: number, starts: number, emit: Emitter): void {
        const r = new Rng(hash(this.ns.cancel, i, k));
        const upcoming = event.daysAgo < 0;
        if (!r.chance(upcoming ? 0.75 : 0.45)) return;
        const nominal = this.asOf - event.daysAgo * DAY;
        const reminder = [nominal - 21 * DAY - 30 * HOUR, starts - 2 * DAY].find(t => t > registered && t < starts);
        let t = reminder !== undefined && r.chance(0.7) ? reminder + r.exponential(5 * HOUR) : registered + r.float() * (starts - registered);
        if (t >= starts) t = registered + r.float() * (starts - registered);
        emit.canceled(t, event.id);
    }

    private formFamily(i: number, r: Rng, emit: Emitter): void {
        const e = this.contacts.engagement[i];
        const visits = r.poisson(0.18 * (0.3 + Math.min(e, 20)) * this.span(i));
        const hasLead = this.leadOf(i) >= 0;
        for (let k = 0; k < visits; k++) {
            const t = this.at(i, r);
            const f = r.int(FORMS.length);
            const page = r.int(PAGE_IDS.length);
            const anonymous = r.float() < 0.1;
            const viaLead = hasLead && r.float() < 0.5;
            const submits = r.float() < 0.4;
            const took = r.between(20, 600) * 1000;
            emit.formVisited(t, FORMS[f].id, PAGE_IDS[page].id, anonymous, viaLead);
            if (submits) emit.formSubmitted(t + took, FORMS[f], PAGE_IDS[page].id, viaLead);
        }
    }

    private webFamily(i: number, r: Rng, emit: Emitter): void {
        const e = this.contacts.engagement[i];
        const sessions = r.poisson(0.45 * (0.2 + Math.min(e, 20)) * this.span(i));
        const hasLead = this.leadOf(i) >= 0;
        const clicks = emit.table === 'website_clicked';
        for (let k = 0; k < sessions; k++) {
            let t = this.at(i, r);
            const pages = 1 + r.poisson(0.8);
            const site = WEBSITES[r.float() < 0.7 ? 0 : r.int(WEBSITES.length)].id;
            const who = r.float();
            const visitor: Visitor = who < 0.15 ? 'anonymous' : who < 0.152 ? 'deleted' : 'contact';
            const viaLead = hasLead && r.float() < 0.3;
            for (let p = 0; p < pages; p++) {
                const page = r.int(PAGES.length);
                const duration = r.between(3, 400);
                emit.visited(t, site, page, duration, visitor, viaLead);
                if (clicks) this.pageClicks(i, k * 1024 + p, t, site, page, duration, visitor, viaLead, emit);
                t += duration * 1000;
            }
        }
    }

    /**
     * The link clicked during page view n of contact i, if any (a stream of
     * its own, so the visits stay as they are): the corporate website's
     * "50% off" banner while it is live, else now and then a link on the page.
     */
    private pageClicks(i: number, n: number, t: number, site: string, page: number, seconds: number, visitor: Visitor, viaLead: boolean, emit: Emitter): void {
        const r = new Rng(hash(this.ns.pageClick, i, n));
        const at = t + r.float() * seconds * 1000;
        if (site === WEBSITES[0].id && t > this.asOf - PROMO_BANNER.days * DAY && r.chance(PROMO_BANNER.clickRate)) {
            emit.websiteClicked(at, site, page, PROMO_BANNER.link, PROMO_BANNER.name, visitor, viaLead);
        } else if (r.chance(0.06)) {
            const [link, name] = WEBSITE_LINKS[r.int(WEBSITE_LINKS.length)];
            emit.websiteClicked(at, site, page, link, name, visitor, viaLead);
        }
    }

    /** Clicks on tracked short links: each link's clicks follow its posting, engaged contacts click more. */
    private linkFamily(i: number, r: Rng, emit: Emitter): void {
        const weight = (0.3 + Math.min(this.contacts.engagement[i], 10)) / 1.3;
        const hasLead = this.leadOf(i) >= 0;
        for (const link of SHORT_LINKS) {
            if (!r.chance(link.reach * weight)) continue;
            const clicks = r.chance(0.15) ? 2 : 1;
            const viaLead = hasLead && r.chance(0.3);
            let t = this.asOf - link.hoursAgo * HOUR;
            for (let q = 0; q < clicks; q++) {
                t += r.exponential(link.meanHours * HOUR);
                if (t >= this.contacts.start[i]) emit.linkClicked(t, link, viaLead);
            }
        }
    }

    /** LinkedIn Lead Gen form submissions: some contacts submit a campaign's form while it runs. */
    private linkedInFamily(i: number, r: Rng, emit: Emitter): void {
        this.campaignPeriods ??= LINKEDIN_CAMPAIGNS.map(c => {
            const year = new Date(this.asOf).getUTCFullYear() + (c.year ?? 0);
            return c.year === null ? [this.windowStart, this.asOf] : [Date.UTC(year, c.from - 1, 1), Date.UTC(year, c.to, 1)];
        });
        for (let c = 0; c < LINKEDIN_CAMPAIGNS.length; c++) {
            if (!r.chance(LINKEDIN_CAMPAIGNS[c].reach)) continue;
            const [from, to] = this.campaignPeriods[c];
            const t = from + r.float() * (to - from);
            if (t >= this.contacts.start[i]) emit.linkedIn(t, LINKEDIN_CAMPAIGNS[c].id, LINKEDIN_CAMPAIGNS[c].formId);
        }
    }

    private campaignPeriods?: Array<[number, number]>;

    private subscriptionFamily(i: number, r: Rng, emit: Emitter): void {
        const e = this.contacts.engagement[i];
        const span = this.span(i);
        const subscribed = r.poisson(0.05 * (0.5 + Math.min(e, 10)) * span);
        const unsubscribed = r.poisson(0.025 * (0.5 + Math.min(e, 10)) * span);
        const submitted = r.poisson(0.03 * (0.5 + Math.min(e, 10)) * span);
        for (let k = 0; k < subscribed; k++) {
            const t = this.at(i, r), s = r.int(SEGMENTS.length), m = r.int(MESSAGES.length);
            emit.segment('segment_subscribed', t, SEGMENTS[s].id, MESSAGES[m].id, JOURNEYS[Math.floor(m / 3)].id);
        }
        for (let k = 0; k < unsubscribed; k++) {
            const t = this.at(i, r), s = r.int(SEGMENTS.length), m = r.int(MESSAGES.length);
            emit.segment('segment_unsubscribed', t, SEGMENTS[s].id, MESSAGES[m].id, JOURNEYS[Math.floor(m / 3)].id);
        }
        for (let k = 0; k < submitted; k++) {
            const t = this.at(i, r), m = r.int(MESSAGES.length);
            emit.subscriptionSubmitted(t, MESSAGES[m].id, JOURNEYS[Math.floor(m / 3)].id);
        }
    }

    private boostFamily(i: number, r: Rng, emit: Emitter): void {
        const e = this.contacts.engagement[i];
        const boosts = r.poisson(0.12 * Math.min(e, 30) * this.span(i));
        for (let k = 0; k < boosts; k++) {
            const t = this.at(i, r);
            const value = [5, 10, 10, 15, 20, 25, 50][r.int(7)];
            emit.boost(t, JOURNEYS[r.int(JOURNEYS.length)].id, value);
        }
    }

    private surveyFamily(i: number, r: Rng, emit: Emitter): void {
        const e = this.contacts.engagement[i];
        const responses = r.poisson(0.04 * (0.5 + Math.min(e, 10)) * this.span(i));
        for (let k = 0; k < responses; k++) {
            const t = this.at(i, r);
            const s = r.int(SURVEYS.length);
            const score = Math.max(0, Math.min(10, Math.round(7.2 + 2.4 * r.normal())));
            emit.survey(t, SURVEYS[s].id, score, JOURNEYS[r.int(JOURNEYS.length)].id);
        }
    }

    /** Whether an interaction at t can be stored: none lies after asOf. */
    inWindow(t: number): boolean {
        return t <= this.asOf;
    }
}

function append(row: Row, ...cells: Cell[]): Row {
    for (const c of cells) row.push(c);
    return row;
}

/**
 * Turns simulated events into rows of the one table being generated (events
 * of other tables are simulated, for the same random stream, and dropped).
 * Interaction ids are unique per table: contact index and per-contact ordinal.
 */
class Emitter {
    private i = 0;
    private ordinal = 0;
    private out: Row[] = [];
    private contact!: ReturnType<DemoData['contactCells']>;
    private contactReady = false;

    constructor(private readonly data: DemoData, readonly table: string, private readonly ns: number) {}

    begin(i: number, out: Row[]): void {
        this.i = i;
        this.ordinal = 0;
        this.out = out;
        this.contactReady = false;
    }

    private c(): ReturnType<DemoData['contactCells']> {
        if (!this.contactReady) {
            this.contact = this.data.contactCells(this.i);
            this.contactReady = true;
        }
        return this.contact;
    }

    /** The common cells, or undefined when t is after asOf (a future interaction is never stored). */
    private common(t: number, contactId?: string | null): Row | undefined {
        if (!this.data.inWindow(t)) return undefined;
        const id = recordId(this.ns, this.i, this.ordinal++);
        const c = this.c();
        return [id, iso(t), contactId === undefined ? c.id : contactId, c.account];
    }

    /** The id of something the last interaction created (a registration, a submission). */
    private ownedId(kind: number): string {
        return recordId(hash(this.ns, kind), this.i, this.ordinal);
    }

    sent(t: number, msg: string, journey: string, sending: Sending): void {
        if (this.table !== 'email_sent') return;
        const row = this.common(t);
        if (row) this.out.push(append(row, msg, journey, this.data.sendingId(sending.message, sending.at), this.c().domain));
    }

    delivered(t: number, msg: string, journey: string, sending: Sending): void {
        if (this.table !== 'email_delivered') return;
        const row = this.common(t);
        if (row) this.out.push(append(row, msg, journey, this.data.sendingId(sending.message, sending.at), this.c().domain));
    }

    bounced(table: string, t: number, msg: string, journey: string, sending: Sending, category: string): void {
        if (this.table !== table) return;
        const row = this.common(t);
        if (row) this.out.push(append(row, msg, journey, this.data.sendingId(sending.message, sending.at), category));
    }

    opened(t: number, msg: string, journey: string, sending: Sending, viaLead: boolean, elsewhere: boolean): void {
        if (this.table !== 'email_opened') return;
        const row = this.common(t);
        if (!row) return;
        const c = this.c();
        const city = elsewhere ? CITIES[(this.i + this.ordinal) % CITIES.length] : c.city;
        this.out.push(append(row, msg, journey, this.data.sendingId(sending.message, sending.at), viaLead ? c.lead : null, city[0], city[3]));
    }

    clicked(t: number, msg: string, journey: string, sending: Sending, viaLead: boolean, page: string): void {
        if (this.table !== 'email_clicked') return;
        const row = this.common(t);
        if (!row) return;
        const c = this.c();
        this.out.push(append(row, msg, journey, this.data.sendingId(sending.message, sending.at), viaLead ? c.lead : null, `https://www.contoso.com${page}`, c.city[0], c.city[3]));
    }

    registered(t: number, event: string, journey: string): void {
        if (this.table !== 'event_registration') return;
        const row = this.common(t);
        if (row) this.out.push(append(row, event, this.ownedId(1), journey));
    }

    checkedIn(t: number, event: string): void {
        if (this.table !== 'event_check_in') return;
        const row = this.common(t);
        if (row) this.out.push(append(row, event, this.ownedId(2)));
    }

    formVisited(t: number, form: string, page: string, anonymous: boolean, viaLead: boolean): void {
        if (this.table !== 'form_visited') return;
        const row = this.common(t, anonymous ? null : undefined);
        if (!row) return;
        const c = this.c();
        this.out.push(append(row, form, page, viaLead && !anonymous ? c.lead : null, c.city[0], c.city[3]));
    }

    formSubmitted(t: number, form: { id: string; name: string }, page: string, viaLead: boolean): void {
        if (this.table !== 'form_submitted') return;
        const row = this.common(t);
        if (!row) return;
        const c = this.c();
        this.out.push(append(row, form.id, page, this.ownedId(3), form.name, 'Success', viaLead ? c.lead : null, c.city[0], c.city[3]));
    }

    visited(t: number, site: string, page: number, seconds: number, visitor: Visitor, viaLead: boolean): void {
        if (this.table !== 'website_visited') return;
        const row = this.common(t, this.visitor(visitor));
        if (!row) return;
        const c = this.c();
        this.out.push(append(row, site, PAGES[page], PAGE_IDS[page].id, viaLead && visitor === 'contact' ? c.lead : null, String(seconds), c.city[0], c.city[3]));
    }

    websiteClicked(t: number, site: string, page: number, link: string, name: string, visitor: Visitor, viaLead: boolean): void {
        if (this.table !== 'website_clicked') return;
        const row = this.common(t, this.visitor(visitor));
        if (!row) return;
        const c = this.c();
        this.out.push(append(row, site, PAGES[page], PAGE_IDS[page].id, link, name, viaLead && visitor === 'contact' ? c.lead : null, c.city[0], c.city[3]));
    }

    /** The contact id cell of a web interaction: the contact's (undefined), none, or a deleted contact's. */
    private visitor(visitor: Visitor): string | null | undefined {
        return visitor === 'contact' ? undefined : visitor === 'anonymous' ? null : this.data.deletedContact(this.i);
    }

    canceled(t: number, event: string): void {
        if (this.table !== 'event_registration_canceled') return;
        const row = this.common(t);
        if (row) this.out.push(append(row, event));
    }

    linkClicked(t: number, link: typeof SHORT_LINKS[number], viaLead: boolean): void {
        if (this.table !== 'redirect_link_clicked') return;
        const row = this.common(t);
        if (!row) return;
        const c = this.c();
        this.out.push(append(row, link.code, `https://contoso.link/${link.code}`, link.url, link.referrer || null, viaLead ? c.lead : null, c.city[0], c.city[3]));
    }

    linkedIn(t: number, campaign: string, form: string): void {
        if (this.table !== 'linked_in_form_submission') return;
        const row = this.common(t);
        if (row) this.out.push(append(row, campaign, form));
    }

    segment(table: string, t: number, segment: string, msg: string, journey: string): void {
        if (this.table !== table) return;
        const row = this.common(t);
        if (row) this.out.push(append(row, segment, msg, journey));
    }

    subscriptionSubmitted(t: number, msg: string, journey: string): void {
        if (this.table !== 'email_subscription_submit') return;
        const row = this.common(t);
        if (!row) return;
        const c = this.c();
        this.out.push(append(row, msg, journey, c.city[0], c.city[3]));
    }

    boost(t: number, journey: string, value: number): void {
        if (this.table !== 'lead_score_boost') return;
        const row = this.common(t);
        if (row) this.out.push(append(row, journey, String(value)));
    }

    survey(t: number, survey: string, score: number, journey: string): void {
        if (this.table !== 'survey_response') return;
        const row = this.common(t);
        if (row) this.out.push(append(row, survey, String(score), journey));
    }
}

// ---------------------------------------------------------------- loading

/**
 * Replaces the demo tables' contents with the demo data (contacts,
 * accounts, leads and the common interaction types), then ANALYZEs them.
 * The entity tables must exist ('seg db init'); interaction tables this
 * database lacks are skipped, and columns it lacks are left out.
 */
export async function seed(db: SegDatabase, options: SeedOptions): Promise<SeedCounts> {
    if (!Number.isInteger(options.contacts) || options.contacts < 0) throw new RangeError('contacts must be a whole number ≥ 0');
    if (!Number.isInteger(options.seed)) throw new RangeError('seed must be a whole number');
    if (Number.isNaN(options.asOf.getTime())) throw new RangeError('asOf must be a valid date');

    const data = new DemoData(options);
    const generic = options.project
        ? new GenericData(data, options.project, { seed: options.seed, skip: new Set(SEED_TABLES.map(t => t.name)) })
        : undefined;
    const all: ReadonlyArray<{ name: string; columns: readonly string[] }> = [...SEED_TABLES, ...(generic?.tables ?? [])];
    const existing = await existingColumns(db, all.map(t => t.name));
    for (const entity of ['account', 'contact', 'lead']) {
        // Let the database say it (with its own 'seg db init' hint).
        if (!existing.has(entity)) await db.query(`SELECT 1 FROM ${quoteIdent(entity)} LIMIT 0`);
    }
    const tables = all.filter(t => existing.has(t.name));

    const units = (table: string) => table === 'account' ? data.accountCount : table === 'contact' ? data.contactCount
        : table === 'lead' ? data.leadSlots : INTERACTIONS.some(i => i.name === table) ? data.contactCount : generic!.units(table);
    const total = tables.reduce((n, t) => n + units(t.name), 0);
    let done = 0;
    let phase = 'account';
    data.tick = units => {
        done += units;
        options.onProgress?.(done, total, phase);
    };
    if (generic) generic.tick = data.tick;
    options.onProgress?.(0, total, phase);

    const rows: Record<string, number> = {};
    for (const table of tables) {
        phase = table.name;
        const source = table.name === 'account' ? data.accountRows()
            : table.name === 'contact' ? data.contactRows()
            : table.name === 'lead' ? data.leadRows()
            : INTERACTIONS.some(i => i.name === table.name) ? data.interactionRows(table.name)
            : generic!.rows(table.name);
        const have = existing.get(table.name)!;
        const keep = table.columns.map((c, i) => (have.has(c) ? i : -1)).filter(i => i >= 0);
        const columns = keep.map(i => table.columns[i]);
        const projected = keep.length === table.columns.length ? source : project(source, keep);
        rows[table.name] = db.kind === 'postgres'
            ? await reload(db, table.name, columns, projected)
            : await replace(db, table.name, columns, projected);
        options.onTable?.(table.name, rows[table.name]);
    }
    options.onProgress?.(total, total, 'analyze');
    await db.exec(`ANALYZE ${tables.map(t => quoteIdent(t.name)).join(', ')}`);
    const sum = (names: string[]) => names.reduce((n, t) => n + (rows[t] ?? 0), 0);
    const entities = (generic?.tables ?? []).filter(t => t.kind === 'entity').map(t => t.name);
    const interactions = [...INTERACTIONS.map(t => t.name), ...(generic?.tables ?? []).filter(t => t.kind === 'interaction').map(t => t.name)];
    return { contacts: rows.contact ?? 0, accounts: rows.account ?? 0, leads: rows.lead ?? 0, interactions: sum(interactions), records: sum(entities) };
}

/** Empties the table and loads the rows. */
async function replace(db: SegDatabase, table: string, columns: string[], rows: Iterable<Row>): Promise<number> {
    await db.exec(`TRUNCATE ${quoteIdent(table)}`);
    return db.copyRows(table, columns, rows);
}

/**
 * On a server, in one transaction: empty the table, drop its indexes (and
 * primary key), load, and build them again, sorted (several times faster than
 * maintaining them row by row, for millions of random uuids). Any failure
 * rolls all of it back. Indexes that foreign keys rely on are kept.
 */
async function reload(db: SegDatabase, table: string, columns: string[], rows: Iterable<Row>): Promise<number> {
    const name = quoteIdent(table);
    await db.exec('BEGIN');
    try {
        await db.exec(`TRUNCATE ${name}; SET LOCAL maintenance_work_mem = '256MB'`);
        const indexes = (await db.query(
            `SELECT i.indexrelid::regclass::text AS "index", pg_get_indexdef(i.indexrelid) AS "definition",
                    con.conname AS "constraint", pg_get_constraintdef(con.oid) AS "constraintDefinition"
               FROM pg_catalog.pg_index i
               LEFT JOIN pg_catalog.pg_constraint con
                 ON con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
              WHERE i.indrelid = to_regclass($1)
                AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint f WHERE f.contype = 'f' AND f.conindid = i.indexrelid)`,
            [name])).rows as Array<{ index: string; definition: string; constraint: string | null; constraintDefinition: string | null }>;
        const drops = indexes.map(ix => ix.constraint
            ? `ALTER TABLE ${name} DROP CONSTRAINT ${quoteIdent(ix.constraint)}`
            : `DROP INDEX ${ix.index}`);
        const creates = indexes.map(ix => ix.constraint
            ? `ALTER TABLE ${name} ADD CONSTRAINT ${quoteIdent(ix.constraint)} ${ix.constraintDefinition}`
            : ix.definition);
        if (drops.length) await db.exec(drops.join(';\n'));
        const count = await db.copyRows(table, columns, rows);
        if (creates.length) await db.exec(creates.join(';\n'));
        await db.exec('COMMIT');
        return count;
    } catch (e) {
        await db.exec('ROLLBACK').catch(() => undefined);
        throw e;
    }
}

function* project(rows: Iterable<Row>, keep: number[]): Generator<Row> {
    for (const row of rows) yield keep.map(i => row[i]);
}

/** The columns of each named table that exists (on the search path). */
async function existingColumns(db: SegDatabase, tables: string[]): Promise<Map<string, Set<string>>> {
    const result = await db.query(
        `SELECT c.relname AS "table", a.attname AS "column"
           FROM pg_catalog.pg_class c
           JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
          WHERE c.oid IN (SELECT to_regclass(quote_ident(n))::oid FROM unnest($1::text[]) AS n)`,
        [tables]);
    const map = new Map<string, Set<string>>();
    for (const row of result.rows) {
        const table = String(row.table);
        if (!map.has(table)) map.set(table, new Set());
        map.get(table)!.add(String(row.column));
    }
    return map;
}
