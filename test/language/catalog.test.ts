// The built-in Dynamics 365 catalog: the interaction types match the TSV they
// are generated from (read here independently of the generator), the entities
// have the fields segments rely on, both files check clean, and the committed
// interactions file is what the generator writes today.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CstUtils } from 'langium';
import {
    isEntityDecl, isFieldDecl, isInteractionDecl, isRelationDecl,
    type EntityDecl, type FieldDecl, type FieldPath, type InteractionDecl, type TypeRef,
} from '../../language/generated/ast.js';
import { checkFiles } from '../helpers.js';
import type { FileResult } from '../../language/workspace/load-project.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSV = join(root, 'test', 'fixtures', 'dynamics365-interactions.tsv');
const INTERACTIONS = join(root, 'language', 'catalog', 'dynamics365-interactions.seg');
const ENTITIES = join(root, 'language', 'catalog', 'dynamics365-entities.seg');

// ---------------------------------------------------------------- the TSV, read independently

interface Row { type: string; field: string; sourceType: string }

function readTsv(): Row[] {
    const lines = readFileSync(TSV, 'utf8').split(/\r?\n/).filter(l => l !== '');
    const header = lines.shift();
    if (header !== 'interaction_type\tfield\tsource_type') throw new Error(`unexpected TSV header ${header}`);
    return lines.map(line => {
        const cols = line.split('\t');
        if (cols.length !== 3 || cols.some(c => c === '')) throw new Error(`bad TSV row ${JSON.stringify(line)}`);
        return { type: cols[0], field: cols[1], sourceType: cols[2] };
    });
}

/** MessageId → messageId, URLPath → urlPath (a leading acronym is lower-cased except the capital that starts the next word). */
function camel(name: string): string {
    const acronym = /^[A-Z]{2,}(?=[A-Z][a-z])/.exec(name) ?? /^[A-Z]+(?=[0-9]|$)/.exec(name);
    const head = acronym ? acronym[0] : name[0];
    return head.toLowerCase() + name.slice(head.length);
}

// The TSV's `string` fields that hold a Dataverse record id (same list as scripts/generate-catalog.mjs).
const GUID_FIELDS = new Set([
    'ActivityId', 'NextActivityId', 'OrganizationId', 'InternalMarketingInteractionId', 'MessageId',
    'CustomerJourneyId', 'CustomerJourneyIterationId', 'EventId', 'EventRegistrationId',
    'EventCheckInId', 'FormId', 'FormSubmissionId', 'PageId', 'WebsiteId', 'SegmentId', 'WorkflowId',
    'SurveyId', 'SendingId', 'DeletedContactId', 'EntityId', 'DeletedEntityId',
]);
const LOOKUPS: Record<string, string> = { ContactId: 'contact', AccountId: 'account', LeadId: 'lead' };
const SOURCE_TYPES: Record<string, string> = { string: 'string', dateTimeOffset: 'datetime', int64: 'integer', double: 'number' };

function expectedType(row: Row): string {
    if (LOOKUPS[row.field]) return `-> ${LOOKUPS[row.field]}`;
    if (GUID_FIELDS.has(row.field)) return 'guid';
    const t = SOURCE_TYPES[row.sourceType];
    if (!t) throw new Error(`unexpected source type ${row.sourceType} in ${row.type}.${row.field}`);
    return t;
}

/** Interaction types in TSV order, each with its fields in TSV order, InteractionType dropped. */
function expectedInteractions(): Map<string, Array<{ source: string; name: string; type: string }>> {
    const types = new Map<string, Array<{ source: string; name: string; type: string }>>();
    for (const row of readTsv()) {
        if (!types.has(row.type)) types.set(row.type, []);
        if (row.field === 'InteractionType') continue;
        types.get(row.type)!.push({ source: row.field, name: camel(row.field), type: expectedType(row) });
    }
    return types;
}

// ---------------------------------------------------------------- the catalog as parsed

function typeText(t: TypeRef): string {
    switch (t.$type) {
        case 'PrimitiveType': return t.name;
        case 'LookupType': return `-> ${t.target.$refText}`;
        case 'ChoiceType': return 'choice';
    }
}

function pathText(p: FieldPath): string {
    return (p.previous ? pathText(p.previous) + '.' : '') + p.field.$refText;
}

let builtin: FileResult[] = [];
let interactions: InteractionDecl[] = [];
let entities: EntityDecl[] = [];

beforeAll(async () => {
    const project = await checkFiles({ 'empty.seg': '' });
    builtin = project.files.filter(f => f.role === 'builtin');
    const byPath = (p: string) => builtin.find(f => f.path === p)!;
    interactions = byPath(INTERACTIONS).document.parseResult.value.declarations.filter(isInteractionDecl);
    entities = byPath(ENTITIES).document.parseResult.value.declarations.filter(isEntityDecl);
});

describe('the catalog files', () => {
    it('are exactly the two built-in files', () => {
        expect(builtin.map(f => f.path).sort()).toEqual([ENTITIES, INTERACTIONS].sort());
    });

    it('parse and check with zero diagnostics', () => {
        for (const f of builtin) {
            expect(f.document.parseResult.lexerErrors, f.path).toEqual([]);
            expect(f.document.parseResult.parserErrors, f.path).toEqual([]);
            expect(f.diagnostics.map(d => `${d.range.start.line + 1}: ${d.message}`), f.path).toEqual([]);
        }
    });

    it('the entities file declares only entities, the interactions file only interaction types', () => {
        const decls = (p: string) => builtin.find(f => f.path === p)!.document.parseResult.value.declarations;
        expect(decls(ENTITIES).every(isEntityDecl)).toBe(true);
        expect(decls(INTERACTIONS).every(isInteractionDecl)).toBe(true);
    });
});

describe('interaction types (from test/fixtures/dynamics365-interactions.tsv)', () => {
    const expected = expectedInteractions();

    it('the TSV lists 65 interaction types, each in one block of rows', () => {
        expect(expected.size).toBe(65);
        const rows = readTsv();
        const blocks = rows.map(r => r.type).filter((t, i, all) => i === 0 || all[i - 1] !== t);
        expect(blocks).toHaveLength(65);
    });

    it('the catalog has all 65 types, in TSV order', () => {
        expect(interactions.map(i => i.name)).toEqual([...expected.keys()]);
    });

    it('each type has exactly the TSV fields, camelCase, in TSV order, with the mapped types', () => {
        for (const decl of interactions) {
            const fields = decl.members.filter(isFieldDecl);
            expect(fields.map(f => `${f.name}: ${typeText(f.type)}`), decl.name)
                .toEqual(expected.get(decl.name)!.map(f => `${f.name}: ${f.type}`));
        }
    });

    it('no type has an InteractionType field', () => {
        for (const decl of interactions) {
            expect(decl.members.filter(isFieldDecl).map(f => f.name.toLowerCase()), decl.name).not.toContain('interactiontype');
        }
    });

    it('the type mapping covers every source type and special field', () => {
        const all = [...expected.values()].flat();
        const count = (pred: (f: { source: string; type: string }) => boolean) => all.filter(pred).length;
        expect(count(f => f.type === 'datetime')).toBe(65); // one Timestamp per type
        expect(count(f => f.type === 'integer')).toBeGreaterThan(0);
        expect(count(f => f.type === 'number')).toBeGreaterThan(0);
        expect(count(f => f.type === 'guid')).toBeGreaterThan(0);
        for (const target of ['contact', 'account', 'lead']) expect(count(f => f.type === `-> ${target}`), target).toBeGreaterThan(0);
        // Sanity of the camelCase rule on names seen in the TSV.
        expect(camel('MessageId')).toBe('messageId');
        expect(camel('LinkedInFormId')).toBe('linkedInFormId');
        expect(camel('URLPath')).toBe('urlPath');
        expect(camel('ID')).toBe('id');
        expect(camel('Timestamp')).toBe('timestamp');
    });

    it('relations: contact = contactId first where there is a ContactId, lead = leadId.parentcontactid where there is a LeadId', () => {
        for (const decl of interactions) {
            const sources = expected.get(decl.name)!.map(f => f.source);
            const want: string[] = [];
            if (sources.includes('ContactId')) want.push('contact = contactId');
            if (sources.includes('LeadId')) want.push('lead = leadId.parentcontactid');
            const relations = decl.members.filter(isRelationDecl);
            expect(relations.map(r => `${r.name} = ${pathText(r.path)}`), decl.name).toEqual(want);
            // Relations follow the fields.
            const firstRelation = decl.members.findIndex(isRelationDecl);
            if (firstRelation >= 0) expect(decl.members.slice(firstRelation).every(isRelationDecl), decl.name).toBe(true);
        }
        expect(interactions.filter(d => d.members.some(m => isRelationDecl(m) && m.name === 'lead')).length).toBeGreaterThan(0);
    });

    it('every type has a non-empty one-line /// description right above it', () => {
        const lines = readFileSync(INTERACTIONS, 'utf8').split('\n');
        for (const decl of interactions) {
            const comment = CstUtils.findCommentNode(decl.$cstNode, ['SL_COMMENT'])?.text;
            expect(comment, decl.name).toMatch(/^\/\/\/ \S.*\S$/);
            expect(comment!.slice(4).trim().length, decl.name).toBeGreaterThan(10);
            const at = lines.indexOf(`interaction ${decl.name} {`);
            expect(at, decl.name).toBeGreaterThan(0);
            expect(lines[at - 1], decl.name).toBe(comment);
            expect(lines[at - 2].startsWith('///'), `${decl.name}: the description is one line`).toBe(false);
        }
    });
});

describe('entities', () => {
    const entity = (name: string) => {
        const e = entities.find(d => d.name === name);
        expect(e, name).toBeDefined();
        return e!;
    };
    const field = (e: EntityDecl, name: string): FieldDecl => {
        const f = e.fields.find(x => x.name === name);
        expect(f, `${e.name}.${name}`).toBeDefined();
        return f!;
    };
    const expectFields = (e: EntityDecl, spec: Record<string, string>) => {
        for (const [name, type] of Object.entries(spec)) {
            expect(typeText(field(e, name).type), `${e.name}.${name}`).toBe(type);
        }
    };
    const choice = (f: FieldDecl) => {
        expect(f.type.$type, f.name).toBe('ChoiceType');
        return (f.type as Extract<TypeRef, { $type: 'ChoiceType' }>).options.map(o => [o.label, Number(o.code)] as const);
    };

    it('contact, account and lead, each with its key', () => {
        expect(entities.map(e => `${e.name} key ${e.key.name}`).sort()).toEqual(['account key accountid', 'contact key contactid', 'lead key leadid']);
    });

    it('contact has the fields segments rely on', () => {
        const contact = entity('contact');
        expectFields(contact, {
            firstname: 'string', lastname: 'string', fullname: 'string', emailaddress1: 'string', jobtitle: 'string',
            telephone1: 'string', address1_city: 'string', address1_stateorprovince: 'string', address1_country: 'string',
            address1_postalcode: 'string', birthdate: 'date', gendercode: 'choice', donotemail: 'boolean',
            donotbulkemail: 'boolean', statecode: 'choice', createdon: 'datetime', modifiedon: 'datetime',
            parentcustomerid: '-> account',
        });
        expect(choice(field(contact, 'statecode'))).toEqual([['Active', 0], ['Inactive', 1]]);
        expect(choice(field(contact, 'gendercode')).length).toBeGreaterThan(0);
    });

    it('account has the fields segments rely on; industrycode has 33 labels with codes 1..33', () => {
        const account = entity('account');
        expectFields(account, {
            name: 'string', industrycode: 'choice', numberofemployees: 'integer', revenue: 'number',
            address1_city: 'string', address1_country: 'string', statecode: 'choice', createdon: 'datetime',
            primarycontactid: '-> contact',
        });
        const industries = choice(field(account, 'industrycode'));
        expect(industries).toHaveLength(33);
        expect(industries.map(o => o[1])).toEqual(Array.from({ length: 33 }, (_, i) => i + 1));
        expect(new Set(industries.map(o => o[0].toLowerCase())).size).toBe(33);
        for (const [label] of industries) expect(label.trim()).not.toBe('');
        expect(choice(field(account, 'statecode'))).toEqual([['Active', 0], ['Inactive', 1]]);
    });

    it('lead has the fields segments rely on; leadsourcecode has 10 labels with codes 1..10', () => {
        const lead = entity('lead');
        expectFields(lead, {
            subject: 'string', firstname: 'string', lastname: 'string', emailaddress1: 'string', companyname: 'string',
            leadsourcecode: 'choice', statecode: 'choice', createdon: 'datetime',
            parentcontactid: '-> contact', parentaccountid: '-> account',
        });
        const sources = choice(field(lead, 'leadsourcecode'));
        expect(sources).toHaveLength(10);
        expect(sources.map(o => o[1])).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
        expect(new Set(sources.map(o => o[0].toLowerCase())).size).toBe(10);
    });

    it('every entity has a /// description', () => {
        for (const e of entities) {
            expect(CstUtils.findCommentNode(e.$cstNode, ['SL_COMMENT'])?.text, e.name).toMatch(/^\/\/\/ \S/);
        }
    });
});

describe('the generator', () => {
    let dir: string;
    beforeAll(() => {
        dir = mkdtempSync(join(tmpdir(), 'seg-catalog-'));
        cpSync(join(root, 'scripts', 'generate-catalog.mjs'), join(dir, 'scripts', 'generate-catalog.mjs'));
        cpSync(TSV, join(dir, 'test', 'fixtures', 'dynamics365-interactions.tsv'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const generate = () => {
        execFileSync(process.execPath, [join(dir, 'scripts', 'generate-catalog.mjs')], { cwd: dir, stdio: 'pipe' });
        return readFileSync(join(dir, 'language', 'catalog', 'dynamics365-interactions.seg'), 'utf8');
    };

    it('writes exactly the committed interactions file, deterministically', () => {
        const first = generate();
        expect(first).toBe(readFileSync(INTERACTIONS, 'utf8'));
        expect(generate()).toBe(first);
    });
});
