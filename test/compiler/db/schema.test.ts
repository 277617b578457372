// The default physical schema (docs/language.md §11, "Physical schema"): DDL for the catalog and custom
// declarations, idempotent, with the indexes the generated SQL needs.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../../../language/generated/ast.js';
import { indexName, schemaStatements, schemaTables } from '../../../compiler/db/schema.js';
import { checkFiles } from '../../helpers.js';
import { describeEngines } from '../../support/engines.js';

const CUSTOM = `
entity gadget key gadgetId {
  label: string
  weightKg: number
  units: integer
  active: boolean
  madeOn: date
  soldAt: datetime
  serial: guid
  tier: choice { "Gold" = 1, "Silver" = 2 }
  owner: -> contact
}

interaction GadgetPinged {
  gadgetRef: -> gadget
  strength: number
  relation contact = gadgetRef.owner
}

interaction AVeryLongInteractionTypeNameThatGoesOnAndOnForeverAndEver {
  someRatherLongLookupFieldNameForTesting: -> lead
  relation lead = someRatherLongLookupFieldNameForTesting.parentcontactid
}
`;

let models: Model[];
let catalogOnly: Model[];

beforeAll(async () => {
    const project = await checkFiles({}, { declarations: [{ path: 'custom.seg', text: CUSTOM }] });
    const errors = project.files.flatMap(f => f.diagnostics.filter(d => d.severity === 1));
    expect(errors).toEqual([]);
    models = project.files.map(f => f.document.parseResult.value);
    catalogOnly = (await checkFiles({})).files.map(f => f.document.parseResult.value);
}, 30_000);

describe('schemaStatements', () => {
    it('has a table per entity and interaction type of the catalog', () => {
        const tables = schemaTables(catalogOnly);
        expect(tables.filter(t => t.kind === 'entity').map(t => t.name)).toEqual(['contact', 'account', 'lead']);
        expect(tables.filter(t => t.kind === 'interaction')).toHaveLength(65);
        expect(tables.map(t => t.name)).toContain('email_opened');
        expect(tables.map(t => t.name)).toContain('email_subscription_submit');
    });

    it('gives interaction tables the fixed columns once, first', () => {
        const opened = schemaTables(catalogOnly).find(t => t.name === 'email_opened')!;
        expect(opened.columns.slice(0, 3)).toEqual([
            { name: 'internal_marketing_interaction_id', type: 'uuid', primaryKey: true },
            { name: 'timestamp', type: 'timestamptz', notNull: true },
            { name: 'contact_id', type: 'uuid' },
        ]);
        const names = opened.columns.map(c => c.name);
        expect(new Set(names).size).toBe(names.length);
        expect(names).toEqual(expect.arrayContaining(['message_id', 'customer_journey_id', 'lead_id', 'country_iso_code']));
        expect(opened.indexes).toEqual([['contact_id', 'timestamp'], ['timestamp'], ['lead_id', 'timestamp']]);
    });

    it('maps every field type', () => {
        const gadget = schemaTables(models).find(t => t.name === 'gadget')!;
        expect(Object.fromEntries(gadget.columns.map(c => [c.name, c.type]))).toEqual({
            gadget_id: 'uuid', label: 'text', weight_kg: 'double precision', units: 'bigint', active: 'boolean',
            made_on: 'date', sold_at: 'timestamptz', serial: 'uuid', tier: 'integer', owner: 'uuid',
        });
        expect(gadget.columns[0].primaryKey).toBe(true);
        expect(gadget.indexes).toEqual([['owner']]);
        const pinged = schemaTables(models).find(t => t.name === 'gadget_pinged')!;
        // contact_id although not declared; the relation's first column is indexed for joins.
        expect(pinged.columns.map(c => c.name)).toEqual(['internal_marketing_interaction_id', 'timestamp', 'contact_id', 'gadget_ref', 'strength']);
        expect(pinged.indexes).toContainEqual(['gadget_ref', 'timestamp']);
    });

    it('indexes the lookups joins use', () => {
        const sql = schemaStatements(catalogOnly).join(';\n');
        expect(sql).toContain('CREATE INDEX IF NOT EXISTS "contact_parentcustomerid_idx" ON "contact" ("parentcustomerid")');
        expect(sql).toContain('CREATE INDEX IF NOT EXISTS "lead_parentcontactid_idx" ON "lead" ("parentcontactid")');
        expect(sql).toContain('CREATE INDEX IF NOT EXISTS "email_opened_contact_id_timestamp_idx" ON "email_opened" ("contact_id", "timestamp")');
        expect(sql).toContain('CREATE INDEX IF NOT EXISTS "email_opened_timestamp_idx" ON "email_opened" ("timestamp")');
    });

    it('is idempotent DDL with quoted identifiers and no foreign keys', () => {
        const statements = schemaStatements(models);
        for (const s of statements) {
            expect(s).toMatch(/^(CREATE TABLE IF NOT EXISTS|ALTER TABLE "[a-z0-9_]+"\n  ADD COLUMN IF NOT EXISTS|CREATE INDEX IF NOT EXISTS) /);
            expect(s).not.toMatch(/REFERENCES|FOREIGN KEY|;/i);
        }
        expect(schemaStatements(models)).toEqual(statements);
    });

    it('keeps index names within 63 bytes, distinct and stable', () => {
        const names = schemaTables(models).flatMap(t => t.indexes.map(ix => indexName(t.name, ix)));
        for (const n of names) expect(Buffer.byteLength(n)).toBeLessThanOrEqual(63);
        expect(new Set(names).size).toBe(names.length);
        const long = indexName('a_very_long_interaction_type_name_that_goes_on_and_on_forever_and_ever', ['contact_id', 'timestamp']);
        expect(long).toHaveLength(63);
        expect(long).toBe(indexName('a_very_long_interaction_type_name_that_goes_on_and_on_forever_and_ever', ['contact_id', 'timestamp']));
        expect(long).not.toBe(indexName('a_very_long_interaction_type_name_that_goes_on_and_on_forever_and_ever', ['timestamp']));
    });
});

describeEngines('schema', get => {
    it('creates the catalog and custom tables, twice without harm', async () => {
        const db = get();
        const statements = schemaStatements(models);
        await db.exec(statements.join(';\n'));
        const snapshot = async () => (await db.query(`
            SELECT c.relname AS name, c.relkind AS kind FROM pg_class c
             WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'i') ORDER BY 1`)).rows;
        const first = await snapshot();
        for (const s of statements) await db.exec(s);
        expect(await snapshot()).toEqual(first);
        const tables = first.filter(r => r.kind === 'r').map(r => r.name);
        expect(tables).toHaveLength(3 + 65 + 3);
        const indexes = first.filter(r => r.kind === 'i').map(r => r.name);
        expect(indexes).toEqual(expect.arrayContaining([
            'email_opened_pkey', 'email_opened_contact_id_timestamp_idx', 'email_opened_timestamp_idx', 'email_opened_lead_id_timestamp_idx',
            'lead_parentcontactid_idx', 'contact_parentcustomerid_idx', 'gadget_pinged_gadget_ref_timestamp_idx',
            indexName('a_very_long_interaction_type_name_that_goes_on_and_on_forever_and_ever', ['contact_id', 'timestamp']),
        ]));
    });

    it('uses the contract types and nullability', async () => {
        const { rows } = await get().query(`
            SELECT column_name AS name, data_type AS type, is_nullable AS nullable FROM information_schema.columns
             WHERE table_schema = current_schema() AND table_name = 'email_opened' AND column_name IN ('internal_marketing_interaction_id', 'timestamp', 'contact_id', 'version', 'city')
             ORDER BY 1`);
        expect(rows).toEqual([
            { name: 'city', type: 'text', nullable: 'YES' },
            { name: 'contact_id', type: 'uuid', nullable: 'YES' },
            { name: 'internal_marketing_interaction_id', type: 'uuid', nullable: 'NO' },
            { name: 'timestamp', type: 'timestamp with time zone', nullable: 'NO' },
            { name: 'version', type: 'bigint', nullable: 'YES' },
        ]);
    });

    it('adds columns declared after the table was made', async () => {
        const db = get();
        await db.exec('CREATE TABLE "later" ("later_id" uuid PRIMARY KEY)');
        const project = await checkFiles({}, { builtinCatalog: false, declarations: [{ path: 'later.seg', text: 'entity later key laterId { note: string }' }] });
        await db.exec(schemaStatements(project).join(';\n'));
        const { rows } = await db.query(`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'later' ORDER BY 1`);
        expect(rows.map(r => r.name)).toEqual(['later_id', 'note']);
    });

    it('stores dangling lookups', async () => {
        const db = get();
        await db.exec(`INSERT INTO contact (contactid, parentcustomerid) VALUES ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-0000000000ff')`);
        expect((await db.query('SELECT count(*) AS n FROM contact')).rows[0].n).toBe(1);
    });
});
