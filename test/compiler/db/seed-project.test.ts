// Demo data beyond the core tables: the catalog types the generator added later
// (cancellations, website clicks, short links, LinkedIn forms), the generic
// rows of a project's own declarations (compiler/demo-data/generic/), and the examples'
// segments on a small demo through `seg run`.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../compiler/cli/main.js';
import { loadTables } from '../../../compiler/db/load-tables.js';
import { schemaStatements } from '../../../compiler/db/schema.js';
import type { SeedProject } from '../../../compiler/demo-data/generic/inputs.js';
import { seed } from '../../../compiler/demo-data/load.js';
import { DemoData } from '../../../compiler/demo-data/population.js';
import { SEED_TABLES } from '../../../compiler/demo-data/tables.js';
import { EVENTS, LINKEDIN_CAMPAIGNS, PAGE_IDS, PROMO_BANNER, SHORT_LINKS, WEBSITES } from '../../../compiler/demo-data/vocabulary.js';
import { GenericData } from '../../../compiler/demo-data/generic/generic-data.js';
import { copyLine } from '../../../compiler/db/sql-text.js';
import { execute } from '../../../compiler/exec/execute.js';
import { planProject } from '../../../compiler/pipeline.js';
import { postgresDialect } from '../../../compiler/sql/postgres-dialect.js';
import { bindParams, toSql } from '../../../compiler/sql/to-sql.js';
import { checkFiles } from '../../helpers.js';
import { describeEngines } from '../../support/engines.js';

const AS_OF = new Date('2026-11-28T12:00:00Z');
const DAY = 86_400_000;
const examples = join(__dirname, '..', '..', '..', 'examples');

const rowsOf = (data: DemoData, table: string) => [...data.interactionRows(table)];
const columnIndex = (table: string, column: string) => SEED_TABLES.find(t => t.name === table)!.columns.indexOf(column);

describe('demo data of the catalog types added later', () => {
    const data = new DemoData({ contacts: 3000, seed: 4, asOf: AS_OF });
    const cell = (table: string, row: Array<string | null>, column: string) => row[columnIndex(table, column)];

    it('cancels registrations that were made and not attended, before the event', () => {
        const registrations = rowsOf(data, 'event_registration');
        const checkIns = new Set(rowsOf(data, 'event_check_in').map(r => `${r[2]} ${cell('event_check_in', r, 'event_id')}`));
        const registered = new Map<string, number>();
        const twice = new Set<string>();
        for (const r of registrations) {
            const key = `${r[2]} ${cell('event_registration', r, 'event_id')}`;
            if (registered.has(key)) twice.add(key);
            registered.set(key, Math.min(registered.get(key) ?? Infinity, Date.parse(r[1]!)));
        }
        const canceled = rowsOf(data, 'event_registration_canceled');
        expect(canceled.length).toBeGreaterThan(20);
        let recent = 0;
        for (const r of canceled) {
            const key = `${r[2]} ${cell('event_registration_canceled', r, 'event_id')}`;
            expect(registered.get(key), key).toBeLessThan(Date.parse(r[1]!));
            // Checked in after all only on another registration for the same event.
            if (checkIns.has(key)) expect(twice.has(key), key).toBe(true);
            expect(EVENTS.some(e => e.id === cell('event_registration_canceled', r, 'event_id'))).toBe(true);
            if (Date.parse(r[1]!) > AS_OF.getTime() - 2 * DAY) recent++;
        }
        expect(recent).toBeGreaterThan(0);
    });

    it('clicks links on visited pages, the "50% off" banner only while it is live', () => {
        const clicks = rowsOf(data, 'website_clicked');
        expect(clicks.length).toBeGreaterThan(100);
        const banner = clicks.filter(r => cell('website_clicked', r, 'link') === PROMO_BANNER.link);
        expect(banner.length).toBeGreaterThan(3);
        for (const r of banner) {
            expect(Date.parse(r[1]!)).toBeGreaterThan(AS_OF.getTime() - PROMO_BANNER.days * DAY);
            expect(cell('website_clicked', r, 'website_id')).toBe(WEBSITES[0].id);
        }
        for (const r of clicks) expect(PAGE_IDS.some(p => p.id === cell('website_clicked', r, 'page_id'))).toBe(true);
    });

    it('follows short links to their pages, PDFs clicked in the last half hour', () => {
        const clicks = rowsOf(data, 'redirect_link_clicked');
        for (const r of clicks) {
            const link = SHORT_LINKS.find(l => l.code === cell('redirect_link_clicked', r, 'link_id'))!;
            expect(cell('redirect_link_clicked', r, 'original_url')).toBe(link.url);
            expect(cell('redirect_link_clicked', r, 'link')).toBe(`https://contoso.link/${link.code}`);
            expect(Date.parse(r[1]!)).toBeGreaterThan(AS_OF.getTime() - link.hoursAgo * 3_600_000);
        }
        const hot = clicks.filter(r => Date.parse(r[1]!) > AS_OF.getTime() - 30 * 60_000 && cell('redirect_link_clicked', r, 'original_url')!.endsWith('.pdf'));
        expect(hot.length).toBeGreaterThan(0);
    });

    it('submits LinkedIn forms while their campaign runs', () => {
        const submissions = rowsOf(data, 'linked_in_form_submission');
        expect(submissions.length).toBeGreaterThan(30);
        const yearEnd = submissions.filter(r => cell('linked_in_form_submission', r, 'linked_in_campaign_id') === LINKEDIN_CAMPAIGNS[0].id);
        expect(yearEnd.length).toBeGreaterThan(5);
        for (const r of yearEnd) {
            expect(r[1]! >= '2025-10-01' && r[1]! < '2026-01-01').toBe(true);
            expect(cell('linked_in_form_submission', r, 'linked_in_form_id')).toBe(LINKEDIN_CAMPAIGNS[0].formId);
        }
    });
});

// ---------------------------------------------------------------- generic rows

const DECLARATIONS = `
/// A shop (belongs to no contact: a small reference table).
entity store key storeId {
  name: string
  region: string
  openedOn: date
}

/// A loyalty membership: a contact's.
entity membership key membershipId {
  contactId: -> contact
  storeId: -> store
  tier: choice { "Bronze" = 1, "Silver" = 2, "Gold" = 3 }
  points: integer
  joinedOn: date
  active: boolean
}

/// A contract: an account's.
entity contract key contractId {
  accountId: -> account
  value: number
  renewsAt: datetime
}

interaction Purchase {
  timestamp: datetime
  amount: number
  items: integer
  channel: choice { "Store" = 1, "Online" = 2, "Phone" = 3 }
  couponCode: string
  storeId: -> store
  membershipId: -> membership
  contactId: -> contact
  leadId: -> lead
  relation contact = contactId
  relation lead = leadId.parentcontactid
}

/// Nothing reads it: generic rows all the same.
interaction AppLogin {
  device: string
  contactId: -> contact
  relation contact = contactId
}
`;

const SEGMENTS = `
segment BigOnlineSpenders = interaction Purchase having sum(amount) >= 500 within 90 days where channel = "Online"
segment SpringCouponLeads = interaction Purchase via lead having count >= 3 within 1 year where couponCode starts with "SPRING"
segment NewGold = profile contact where exists membership via contactId where tier = "Gold" and active and joinedOn within 6 months
segment EuStoreBuyers = interaction Purchase where storeId.region = "EU"
segment Forwarders = interaction EmailForwarded within 30 days
`;

async function projectOf(segments = SEGMENTS): Promise<SeedProject & { files: NonNullable<SeedProject['files']> }> {
    const project = await checkFiles({ 'segments.seg': segments }, { declarations: [{ path: 'shop.seg', text: DECLARATIONS }] });
    const errors = project.files.flatMap(f => f.diagnostics.filter(d => d.severity === 1));
    expect(errors).toEqual([]);
    return { files: project.files, plan: planProject(project, { root: '/', timeZone: 'Europe/Amsterdam' }) };
}

const CORE = new Set(SEED_TABLES.map(t => t.name));

function generic(project: SeedProject, contacts: number, seedValue: number): { data: DemoData; generic: GenericData; text: Record<string, string> } {
    const data = new DemoData({ contacts, seed: seedValue, asOf: AS_OF });
    const g = new GenericData(data, project, { seed: seedValue, skip: CORE });
    const text: Record<string, string> = {};
    for (const t of g.tables) {
        let s = '';
        for (const r of g.rows(t.name)) s += copyLine(r);
        text[t.name] = s;
    }
    return { data, generic: g, text };
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('generic demo data', () => {
    let project: Awaited<ReturnType<typeof projectOf>>;
    beforeAll(async () => { project = await projectOf(); }, 30_000);

    it('fills the project\'s own tables and the catalog types its segments read, nothing else', () => {
        const { generic: g } = generic(project, 500, 3);
        expect(g.tables.map(t => `${t.kind} ${t.name}`)).toEqual([
            'entity store', 'entity membership', 'entity contract',
            'interaction email_forwarded', 'interaction purchase', 'interaction app_login',
        ]);
        expect(g.tables.find(t => t.name === 'purchase')!.columns.slice(0, 3)).toEqual(['internal_marketing_interaction_id', 'timestamp', 'contact_id']);
    });

    it('is the same for the same project and seed, and differs for another seed', () => {
        const a = generic(project, 800, 3).text;
        expect(generic(project, 800, 3).text).toEqual(a);
        const b = generic(project, 800, 4).text;
        for (const t of Object.keys(a)) {
            expect(a[t].length, t).toBeGreaterThan(0);
            expect(sha(b[t]), t).not.toBe(sha(a[t]));
        }
    });

    it('points lookups at records that exist, and keeps values in their types', () => {
        const { data, generic: g, text } = generic(project, 2000, 3);
        const keysOf = (rows: Iterable<Array<string | null>>) => new Set([...rows].map(r => r[0]));
        const keys: Record<string, Set<string | null>> = {
            contact: keysOf(data.contactRows()), account: keysOf(data.accountRows()), lead: keysOf(data.leadRows()),
        };
        const rows: Record<string, string[][]> = {};
        for (const t of g.tables) {
            rows[t.name] = text[t.name].split('\n').filter(Boolean).map(l => l.split('\t'));
            if (t.kind === 'entity') keys[t.name] = new Set(rows[t.name].map(r => r[0]));
        }
        const lookups: Array<[string, string, string]> = [
            ['membership', 'contact_id', 'contact'], ['membership', 'store_id', 'store'], ['contract', 'account_id', 'account'],
            ['purchase', 'contact_id', 'contact'], ['purchase', 'store_id', 'store'], ['purchase', 'membership_id', 'membership'],
            ['purchase', 'lead_id', 'lead'], ['app_login', 'contact_id', 'contact'], ['email_forwarded', 'account_id', 'account'],
        ];
        for (const [table, column, target] of lookups) {
            const at = g.tables.find(t => t.name === table)!.columns.indexOf(column);
            const values = rows[table].map(r => r[at]).filter(v => v !== '\\N');
            expect(values.length, `${table}.${column}`).toBeGreaterThan(0);
            for (const v of values) expect(keys[target].has(v), `${table}.${column} → ${target}: ${v}`).toBe(true);
        }
        // Every interaction row belongs to a contact; membership rows to one each, some contacts have several.
        for (const table of ['purchase', 'app_login', 'email_forwarded']) {
            for (const r of rows[table]) expect(keys.contact.has(r[2])).toBe(true);
        }
        const col = (table: string, column: string) => {
            const at = g.tables.find(t => t.name === table)!.columns.indexOf(column);
            return rows[table].map(r => r[at]).filter(v => v !== '\\N');
        };
        expect(new Set(col('membership', 'tier'))).toEqual(new Set(['1', '2', '3']));
        expect(new Set(col('membership', 'active'))).toEqual(new Set(['t', 'f']));
        for (const v of col('membership', 'points')) expect(v).toMatch(/^\d+$/);
        for (const v of col('contract', 'value')) expect(Number.isFinite(Number(v))).toBe(true);
        for (const v of col('store', 'opened_on')) expect(v).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        for (const v of col('purchase', 'timestamp')) {
            expect(Date.parse(v)).toBeLessThanOrEqual(AS_OF.getTime());
            expect(Date.parse(v)).toBeGreaterThan(AS_OF.getTime() - 401 * DAY);
        }
        expect(rows.store.length).toBe(20);
        expect(rows.contract.length).toBeGreaterThan(50);
    });

    it('without a plan, still fills the project\'s own tables', () => {
        const { text } = generic({ files: project.files }, 500, 3);
        expect(Object.keys(text)).toEqual(['store', 'membership', 'contract', 'purchase', 'app_login']);
        expect(text.purchase.length).toBeGreaterThan(0);
    });
});

describeEngines('seeding a project', get => {
    let project: Awaited<ReturnType<typeof projectOf>>;
    beforeAll(async () => {
        project = await projectOf();
        await get().exec(schemaStatements(project.files.map(f => f.document.parseResult.value)).join(';\n'));
    }, 60_000);

    it('seeds its tables deterministically, and its segments select someone (SQL and in memory alike)', async () => {
        const db = get();
        const checksum = async (tables: string[]) => {
            const out: Record<string, string> = {};
            for (const t of tables) {
                const { rows } = await db.query(`SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS h, count(*) AS n FROM "${t}" t`);
                out[t] = `${rows[0].n} ${rows[0].h}`;
            }
            return out;
        };
        const tables = ['store', 'membership', 'contract', 'purchase', 'app_login', 'email_forwarded'];
        const counts = await seed(db, { contacts: 2000, seed: 9, asOf: AS_OF, project });
        expect(counts.records).toBeGreaterThan(100);
        const first = await checksum(tables);
        await seed(db, { contacts: 2000, seed: 9, asOf: AS_OF, project, replace: true });
        expect(await checksum(tables)).toEqual(first);

        const plan = project.plan!;
        const memory = execute(plan, await loadTables(db, plan), { asOf: AS_OF });
        for (const s of plan.segments) {
            const query = toSql(plan, s.name, postgresDialect);
            const { rows } = await db.query(query.text, bindParams(query, { asOf: AS_OF }));
            expect(rows.length, s.name).toBeGreaterThan(0);
            expect(memory.get(s.name)!.length, s.name).toBe(rows.length);
        }
    }, 60_000);
});

// ---------------------------------------------------------------- the examples

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [], err: string[] = [];
    const code = await main([...args, '--no-color'], { out: t => out.push(t), err: t => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the examples on a small demo', () => {
    const FORMERLY_EMPTY = [
        'JustCanceled', 'HalfPriceBannerClickers', 'HotPdfReaders', 'LinkedInLeads2025',
        'WebinarRegulars', 'WebinarDropOffs', 'LiveDeepDiveLeads', 'PushOpeners', 'NewGoldMembers',
    ];

    it('select someone in every segment that reads the added and the custom tables, on both engines', async () => {
        const before = [process.env.SEG_DEMO_CONTACTS, process.env.SEG_DEMO_AS_OF];
        process.env.SEG_DEMO_CONTACTS = '2000';
        // The demo's activity runs up to its own instant (not --as-of's): the one these segments were written for.
        process.env.SEG_DEMO_AS_OF = AS_OF.toISOString();
        try {
            const counts = async (engine: string) => {
                const r = await run('run', examples, '--as-of', AS_OF.toISOString(), '--format', 'json', '--engine', engine);
                expect(r.code, r.err).toBe(0);
                return new Map((JSON.parse(r.out).segments as Array<{ name: string; count: number }>).map(s => [s.name, s.count]));
            };
            const sql = await counts('sql');
            for (const name of FORMERLY_EMPTY) expect(sql.get(name), name).toBeGreaterThan(0);
            expect(await counts('memory')).toEqual(sql);
        } finally {
            if (before[0] === undefined) delete process.env.SEG_DEMO_CONTACTS;
            else process.env.SEG_DEMO_CONTACTS = before[0];
            if (before[1] === undefined) delete process.env.SEG_DEMO_AS_OF;
            else process.env.SEG_DEMO_AS_OF = before[1];
        }
    }, 120_000);
});
