// Demo data (deterministic, realistic) and loadTables (only what a plan
// reads, normalized cells), on both engines.
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SegDatabase } from '../../../compiler/db/database.js';
import { loadTables, planNeeds } from '../../../compiler/db/load-tables.js';
import { schemaStatements } from '../../../compiler/db/schema.js';
import { iso } from '../../../compiler/demo-data/cells.js';
import { seed } from '../../../compiler/demo-data/load.js';
import { DemoData } from '../../../compiler/demo-data/population.js';
import { SEED_TABLES } from '../../../compiler/demo-data/tables.js';
import { EVENTS, JOURNEYS } from '../../../compiler/demo-data/vocabulary.js';
import { copyLine } from '../../../compiler/db/sql-text.js';
import { createProgress } from '../../../compiler/db/progress.js';
import { checkFiles, planOf } from '../../helpers.js';
import { describeEngines } from '../../support/engines.js';

const AS_OF = new Date('2026-03-01T12:00:00Z');
const DAY = 86_400_000;

/** Every table's generated rows, as COPY text. */
function generate(contacts: number, seedValue: number): Record<string, string> {
    const data = new DemoData({ contacts, seed: seedValue, asOf: AS_OF });
    const out: Record<string, string> = {};
    for (const t of SEED_TABLES) {
        const rows = t.name === 'account' ? data.accountRows() : t.name === 'contact' ? data.contactRows()
            : t.name === 'lead' ? data.leadRows() : data.interactionRows(t.name);
        let text = '';
        for (const r of rows) text += copyLine(r);
        out[t.name] = text;
    }
    return out;
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const rowsOf = (text: string) => text.split('\n').filter(Boolean).map(l => l.split('\t'));

describe('demo data', () => {
    const small = generate(400, 7);
    const tables = Object.fromEntries(Object.entries(small).map(([k, v]) => [k, rowsOf(v)]));
    let bigCache: Record<string, string> | undefined;
    const big = () => (bigCache ??= generate(3000, 3));
    const column = (table: string, name: string) => {
        const i = SEED_TABLES.find(t => t.name === table)!.columns.indexOf(name);
        return tables[table].map(r => r[i]);
    };

    it('is the same for the same seed and differs for another', () => {
        expect(generate(400, 7)).toEqual(small);
        const other = generate(400, 8);
        for (const t of SEED_TABLES) expect(sha(other[t.name])).not.toBe(sha(small[t.name]));
    });

    it('is pinned: the same bytes on every machine and version (update on purpose only)', () => {
        // The tables added later (appended, with streams of their own) left the others' bytes as they were.
        const added = ['event_registration_canceled', 'website_clicked', 'redirect_link_clicked', 'linked_in_form_submission'];
        const tiny = generate(60, 1);
        const before = SEED_TABLES.filter(t => !added.includes(t.name)).map(t => `${t.name}\n${tiny[t.name]}`).join('');
        expect(sha(before)).toBe('7f6e2dd8fea858929267ed934a6fe120f9ad660e3e3fb601d594241e0a96e410');
        const small = generate(300, 1);
        const later = added.map(name => `${name}\n${small[name]}`).join('');
        for (const name of added) expect(rowsOf(small[name]).length, name).toBeGreaterThan(0);
        expect(sha(later)).toBe('b667525da1ba6cfb3ed3f1480eb31f7becdd0dcfa931b540ed0a027dcfbbe35f');
    });

    it('has the expected proportions', () => {
        expect(tables.contact).toHaveLength(400);
        expect(tables.account).toHaveLength(20);
        expect(tables.lead.length).toBeGreaterThan(60);
        expect(tables.lead.length).toBeLessThan(100);
        const interactions = SEED_TABLES.slice(3).reduce((n, t) => n + rowsOf(big()[t.name]).length, 0);
        expect(interactions / 3000).toBeGreaterThan(8);
        expect(interactions / 3000).toBeLessThan(12);
    });

    it('has unique keys and lower-case uuids', () => {
        for (const t of SEED_TABLES) {
            const keys = tables[t.name].map(r => r[0]);
            expect(new Set(keys).size, t.name).toBe(keys.length);
            for (const k of keys) expect(k).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        }
    });

    it('keeps interactions in the 400 days up to asOf', () => {
        for (const t of SEED_TABLES.slice(3)) {
            for (const ts of column(t.name, 'timestamp')) {
                const ms = Date.parse(ts!);
                expect(ms).toBeLessThanOrEqual(AS_OF.getTime());
                expect(ms).toBeGreaterThan(AS_OF.getTime() - 401 * DAY);
            }
        }
    });

    it('links records: lookups mostly resolve, a few dangle', () => {
        const contacts = new Set(column('contact', 'contactid'));
        const accounts = new Set(column('account', 'accountid'));
        const parents = column('contact', 'parentcustomerid');
        expect(parents.filter(p => p === '\\N').length).toBeGreaterThan(50);
        expect(parents.filter(p => p !== '\\N' && accounts.has(p)).length).toBeGreaterThan(250);
        const leadParents = column('lead', 'parentcontactid').filter(p => p !== '\\N');
        expect(leadParents.filter(p => contacts.has(p)).length / leadParents.length).toBeGreaterThan(0.9);
        const opened = column('email_opened', 'contact_id');
        expect(opened.every(c => contacts.has(c))).toBe(true);
        const viaLead = column('email_opened', 'lead_id').filter(l => l !== '\\N');
        expect(viaLead.length).toBeGreaterThan(0);
        expect(column('email_opened', 'customer_journey_id').every(j => JOURNEYS.some(p => p.id === j))).toBe(true);
        expect(column('event_registration', 'event_id').every(e => EVENTS.some(p => p.id === e))).toBe(true);
    });

    it('opens follow deliveries of the same email', () => {
        const delivered = new Map<string, number>();
        const sending = SEED_TABLES.find(t => t.name === 'email_delivered')!.columns.indexOf('sending_id');
        for (const r of tables.email_delivered) delivered.set(`${r[2]} ${r[sending]}`, Date.parse(r[1]));
        for (const r of tables.email_opened) {
            const at = delivered.get(`${r[2]} ${r[sending]}`);
            expect(at).toBeDefined();
            expect(Date.parse(r[1])).toBeGreaterThanOrEqual(at!);
        }
    });

    it('is skewed: a few very active contacts, many quiet ones', () => {
        const sent = rowsOf(big().email_sent);
        const perContact = new Map<string, number>();
        for (const r of sent) perContact.set(r[2], (perContact.get(r[2]) ?? 0) + 1);
        const counts = [...perContact.values()].sort((a, b) => b - a);
        const top1 = counts.slice(0, 30).reduce((a, b) => a + b, 0);
        expect(top1 / sent.length).toBeGreaterThan(0.05);
        expect(3000 - perContact.size).toBeGreaterThan(300);
    });

    it('formats timestamps like toISOString', () => {
        for (const ms of [0, 1, 999, 86_399_999, 1_700_000_000_123.7, AS_OF.getTime(), -1]) {
            expect(iso(ms)).toBe(new Date(Math.floor(ms)).toISOString());
        }
    });
});

describe('planNeeds', () => {
    it('collects tables and columns from every kind of node', async () => {
        const plan = await planOf(`
            segment A = interaction EmailOpened having count >= 2 within 30 days where customerJourneyId = "${JOURNEYS[0].id}"
            segment B = interaction EmailClicked via lead where city = "Seattle"
            segment C = profile contact where parentcustomerid.numberofemployees >= 500 and (exists lead via parentcontactid where statecode = "Qualified")
            segment D = interaction LeadScoreBoost having sum(boostValue) > 20
        `);
        const needs = Object.fromEntries(Object.entries(planNeeds(plan)).map(([t, s]) => [t, [...s].sort()]));
        expect(needs).toEqual({
            contact: ['contactid', 'parentcustomerid'],
            account: ['accountid', 'numberofemployees'],
            lead: ['leadid', 'parentcontactid', 'statecode'],
            email_opened: ['contact_id', 'customer_journey_id', 'timestamp'],
            email_clicked: ['city', 'lead_id', 'timestamp'],
            lead_score_boost: ['boost_value', 'contact_id', 'timestamp'],
        });
    });
});

const GADGETS = `
entity gadget key gadgetId {
  label: string
  units: integer
  ratio: number
  active: boolean
  madeOn: date
  soldAt: datetime
  tier: choice { "Gold" = 1, "Silver" = 2 }
  owner: -> contact
}
`;

describeEngines('seed and loadTables', get => {
    let checksums: Record<string, string>;
    const checksum = async () => {
        const out: Record<string, string> = {};
        for (const t of SEED_TABLES) {
            const { rows } = await get().query(`SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS h, count(*) AS n FROM "${t.name}" t`);
            out[t.name] = `${rows[0].n} ${rows[0].h}`;
        }
        return out;
    };

    beforeAll(async () => {
        const project = await checkFiles({}, { declarations: [{ path: 'gadgets.seg', text: GADGETS }] });
        await get().exec(schemaStatements(project).join(';\n'));
    }, 30_000);

    it('seeds deterministically and reports progress', async () => {
        const seen: string[] = [];
        const perTable: Record<string, number> = {};
        const counts = await seed(get(), {
            contacts: 300, seed: 11, asOf: AS_OF,
            onProgress: (done, total, phase) => { expect(done).toBeLessThanOrEqual(total); if (!seen.includes(phase)) seen.push(phase); },
            onTable: (t, n) => { perTable[t] = n; },
        });
        expect(counts.contacts).toBe(300);
        expect(counts.accounts).toBe(15);
        expect(counts.interactions).toBeGreaterThan(1500);
        expect(seen.slice(0, 4)).toEqual(['account', 'contact', 'lead', 'email_sent']);
        expect(seen.at(-1)).toBe('analyze');
        checksums = await checksum();
        for (const t of SEED_TABLES) expect(checksums[t.name].split(' ')[0]).toBe(String(perTable[t.name]));
        // Again: the tables are replaced, with the same bytes.
        await seed(get(), { contacts: 300, seed: 11, asOf: AS_OF, replace: true });
        expect(await checksum()).toEqual(checksums);
        await seed(get(), { contacts: 300, seed: 12, asOf: AS_OF, replace: true });
        const other = await checksum();
        for (const t of SEED_TABLES) expect(other[t.name], t.name).not.toBe(checksums[t.name]);
        // Indexes dropped for the load (on a server) are back.
        const { rows } = await get().query(`SELECT count(*) AS n FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'email_opened'`);
        expect(rows[0].n).toBe(4);
    }, 30_000);

    it('loads what a plan needs, normalized', async () => {
        const db = get();
        await seed(db, { contacts: 300, seed: 11, asOf: AS_OF, replace: true });
        const plan = await planOf(`
            segment A = interaction EmailOpened having count >= 2 within 30 days
            segment C = profile contact where parentcustomerid.numberofemployees >= 500 and birthdate > 1980-01-01
        `);
        const tables = await loadTables(db, plan);
        expect(Object.keys(tables).sort()).toEqual(['account', 'contact', 'email_opened']);
        const count = async (t: string) => (await db.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n;
        expect(tables.email_opened.rowCount).toBe(await count('email_opened'));
        expect(tables.contact.rowCount).toBe(300);
        expect(Object.keys(tables.email_opened.columns).sort()).toEqual(['contact_id', 'timestamp']);
        const { rows: [first] } = await db.query(`SELECT contact_id::text AS c, date_part('epoch', "timestamp") * 1000 AS ms FROM email_opened ORDER BY "timestamp" LIMIT 1`);
        const ts = tables.email_opened.columns.timestamp as number[];
        expect(Math.min(...ts)).toBe(first.ms);
        expect(tables.email_opened.columns.contact_id[ts.indexOf(first.ms as number)]).toBe(first.c);
        expect(tables.contact.columns.birthdate.filter(d => d !== null).every(d => /^\d{4}-\d{2}-\d{2}$/.test(d as string))).toBe(true);
        expect(tables.account.columns.numberofemployees.every(n => typeof n === 'number')).toBe(true);
        // The same uuid is one string everywhere (interned).
        const contactIds = new Set(tables.contact.columns.contactid);
        expect(tables.email_opened.columns.contact_id.every(c => contactIds.has(c))).toBe(true);
        // A SegDatabase without bulk reads gets the same tables through plain queries.
        const plain: SegDatabase = {
            kind: db.kind, description: db.description, query: (t, p) => db.query(t, p), exec: s => db.exec(s),
            copyRows: (t, c, r) => db.copyRows(t, c, r), transaction: w => db.transaction(w), readOnly: (ms, w) => db.readOnly(ms, w),
            close: async () => undefined,
        };
        expect(await loadTables(plain, plan)).toEqual(tables);
    }, 30_000);

    it('normalizes every type', async () => {
        const db = get();
        await db.exec(`INSERT INTO gadget (gadget_id, label, units, ratio, active, made_on, sold_at, tier, owner) VALUES
            ('A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', E'tab\\there\\nnew "q" \\\\ é', 9007199254740991, 0.1, true, '2024-02-29', '2024-03-01 10:20:30.123456+02', 2, '00000000-0000-4000-8000-000000000001'),
            ('b0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12', NULL, NULL, NULL, false, NULL, NULL, NULL, NULL)`);
        const plan = await planOf(`segment G = profile contact where exists gadget via owner where label contains "t" and units > 1 and ratio > 0 and active and madeOn > 2020-01-01 and soldAt > 2020-01-01T00:00:00Z and tier = "Silver"`,
            { declarations: [{ path: 'gadgets.seg', text: GADGETS }] });
        const { gadget } = await loadTables(db, plan);
        const rows = Array.from({ length: gadget.rowCount }, (_, i) => Object.fromEntries(Object.entries(gadget.columns).map(([c, v]) => [c, v[i]])));
        rows.sort((a, b) => String(a.active).localeCompare(String(b.active)));
        expect(rows).toEqual([
            { owner: null, label: null, units: null, ratio: null, active: false, made_on: null, sold_at: null, tier: null },
            {
                owner: '00000000-0000-4000-8000-000000000001', label: 'tab\there\nnew "q" \\ é', units: 9007199254740991, ratio: 0.1,
                active: true, made_on: '2024-02-29', sold_at: Date.UTC(2024, 2, 1, 8, 20, 30, 123) + 0.456, tier: 2,
            },
        ]);
    });

    it('says which table is missing', async () => {
        const plan = await planOf(`segment G = interaction Nothing`, { declarations: [{ path: 'n.seg', text: 'interaction Nothing { contactId: -> contact relation contact = contactId }' }] });
        await expect(loadTables(get(), plan)).rejects.toMatchObject({ kind: 'missing-table', message: expect.stringMatching(/^table "nothing" does not exist/) });
    });
});

describe('progress', () => {
    it('draws a bar on a terminal and plain lines elsewhere', () => {
        let t = 0;
        const tty = { isTTY: true, columns: 80, text: '', write(s: string) { this.text += s; } };
        const ci = process.env.CI;
        delete process.env.CI; // CI logs get plain lines even on a pseudo-terminal
        try {
            const bar = createProgress(tty, { now: () => t, label: 'seeding' });
            bar.update(0, 100, 'contact');
            t = 1000;
            bar.update(50, 100, 'email_sent');
            bar.done();
        } finally {
            if (ci !== undefined) process.env.CI = ci;
        }
        expect(tty.text).toContain('\rseeding email_sent [');
        expect(tty.text).toContain(' 50%');
        expect(tty.text.endsWith('\n')).toBe(true);

        const log = { isTTY: false, text: '', write(s: string) { this.text += s; } };
        const plain = createProgress(log, { now: () => t, lineMs: 0 });
        for (let i = 0; i <= 100; i++) plain.update(i, 100, 'contact');
        plain.done();
        const lines = log.text.trim().split('\n');
        expect(lines[0]).toMatch(/^seeding: 0% \(contact, /);
        expect(lines).toHaveLength(11);
        expect(log.text).not.toContain('\r');
    });
});
