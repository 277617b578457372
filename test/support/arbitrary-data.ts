// fast-check generators of small data sets in the physical schema of the
// tables that test/support/arbitrary-seg.ts programs read: nulls, dangling
// lookups, shared string and GUID pools, timestamps on window boundaries,
// month ends and daylight-saving changes.
import fc from 'fast-check';
import type { Cell, Tables } from '../../compiler/exec/tables.js';
import { minusInterval, timeZone } from '../../compiler/calendar/time-zone.js';
import type { CalendarUnit } from '../../compiler/plan/plan.js';
import { AMOUNT_POOL, GUID_POOL, STRING_POOL } from './arbitrary-seg.js';

export type Row = Record<string, Cell>;

export interface DataSet {
    asOf: Date;
    timeZone: string;
    rows: Record<string, Row[]>;
}

/** Column types of the generated tables, for DDL and COPY. */
export const TABLES: Record<string, Record<string, 'uuid' | 'text' | 'bigint' | 'double precision' | 'boolean' | 'date' | 'timestamptz' | 'integer'>> = {
    contact: {
        contactid: 'uuid', firstname: 'text', address1_city: 'text', jobtitle: 'text', numberofchildren: 'bigint',
        creditlimit: 'double precision', birthdate: 'date', createdon: 'timestamptz', donotemail: 'boolean',
        gendercode: 'integer', statecode: 'integer', parentcustomerid: 'uuid',
    },
    account: { accountid: 'uuid', name: 'text', numberofemployees: 'bigint', industrycode: 'integer' },
    lead: { leadid: 'uuid', subject: 'text', leadsourcecode: 'integer', budgetamount: 'double precision', parentcontactid: 'uuid', createdon: 'timestamptz' },
    email_opened: {
        internal_marketing_interaction_id: 'uuid', timestamp: 'timestamptz', contact_id: 'uuid', lead_id: 'uuid',
        message_id: 'uuid', email_domain: 'text', city: 'text', version: 'bigint',
    },
    email_clicked: {
        internal_marketing_interaction_id: 'uuid', timestamp: 'timestamptz', contact_id: 'uuid', lead_id: 'uuid',
        link_friendly_name: 'text', original_url: 'text', customer_journey_id: 'uuid', version: 'bigint',
    },
    lead_score_boost: { internal_marketing_interaction_id: 'uuid', timestamp: 'timestamptz', contact_id: 'uuid', boost_value: 'bigint', version: 'bigint' },
    survey_response: { internal_marketing_interaction_id: 'uuid', timestamp: 'timestamptz', contact_id: 'uuid', score: 'double precision', survey_id: 'uuid', version: 'bigint' },
};

const INTERACTION_TABLES = ['email_opened', 'email_clicked', 'lead_score_boost', 'survey_response'];

const id = (prefix: number, n: number) => `${String(prefix).padStart(8, '0')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const contactId = (n: number) => id(1, n);
const accountId = (n: number) => id(2, n);
const leadId = (n: number) => id(3, n);
const DANGLING = id(9, 999);

const HOUR = 3_600_000, DAY = 24 * HOUR;
const MODERN = Date.parse('1971-01-01T00:00:00Z');

/** As-of instants next to the awkward places: DST changes in Europe and the US, month ends, leap day. */
const AS_OF = fc.oneof(
    fc.constantFrom(
        '2026-03-29T01:30:00Z', '2026-03-29T12:00:00Z', '2026-03-30T00:30:00Z', '2026-10-25T00:30:00Z', '2026-10-25T01:30:00Z', '2026-10-26T09:00:00Z',
        '2026-03-08T07:30:00Z', '2026-11-01T06:30:00Z', '2026-03-31T10:00:00Z', '2026-05-31T22:30:00Z', '2024-02-29T12:00:00Z', '2026-01-01T00:00:00Z',
    ).map(s => new Date(s)),
    fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }).map(ms => new Date(ms - (ms % 1000))),
);

/**
 * A timestamp relative to as-of: exactly on a window boundary of the shared
 * amounts and every calendar unit in the data set's zone (computed with the
 * executor's calendar arithmetic, so both engines are tested right at the
 * edge), ± 1 ms or ± 1 h, sometimes after as-of, sometimes anywhere.
 */
function timestamp(asOf: number, zone: string, durations: Duration[]): fc.Arbitrary<number> {
    const tz = timeZone(zone);
    const units: CalendarUnit[] = ['minute', 'hour', 'day', 'week', 'month', 'year'];
    const pool: Duration[] = durations.length ? durations : units.flatMap(u => AMOUNT_POOL.map(n => [n, u] as Duration));
    return fc.oneof(
        { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...pool), fc.constantFrom(-HOUR, -1, 0, 0, 0, 1, HOUR))
            // Before 1970 the time-zone databases of Node (ICU), PGlite and Debian disagree (Debian links
            // Europe/Amsterdam to Brussels, dropping its history), so boundaries that far back are not
            // a test of Seg: they fall back to a recent instant.
            .map(([[n, u], d]) => Math.max(minusInterval(asOf, n, u, tz) + d, MODERN + d)) },
        { weight: 2, arbitrary: fc.integer({ min: 0, max: 400 * DAY }).map(off => asOf - off) },
        { weight: 1, arbitrary: fc.constantFrom(0, 1, 1000).map(d => asOf + d) },
        { weight: 1, arbitrary: fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2030-12-31T00:00:00Z') }) },
    );
}

/** An amount and a unit: a window or `within` test of the program under test. */
export type Duration = [number, CalendarUnit];

/** The durations a Seg program's windows and `within` tests use (`14 days`, `between 3 and 7 weeks ago`). */
export function durationsOf(program: string): Duration[] {
    const found: Duration[] = [];
    for (const m of program.matchAll(/\b(\d+)\s+(?:and\s+(\d+)\s+)?(minute|hour|day|week|month|year)s?\b/g)) {
        const unit = m[3] as CalendarUnit;
        found.push([Number(m[1]), unit]);
        if (m[2]) found.push([Number(m[2]), unit]);
    }
    return found;
}

const nullable = <T>(arb: fc.Arbitrary<T>, freq = 5): fc.Arbitrary<T | null> => fc.option(arb, { nil: null, freq });
const text = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...STRING_POOL) }, { weight: 1, arbitrary: fc.string({ maxLength: 6 }) });
const guid = fc.constantFrom(...GUID_POOL.map(g => g.toLowerCase()), id(7, 1));
const date = fc.integer({ min: Date.parse('1950-01-01T00:00:00Z'), max: Date.parse('2030-12-31T00:00:00Z') }).map(ms => new Date(ms).toISOString().slice(0, 10));

const ZONES = ['UTC', 'Europe/Amsterdam', 'America/New_York', 'Asia/Kolkata'];

/** Data sets whose timestamps sit on the boundaries of the given durations (any, when none). */
export const dataSetFor = (durations: Duration[]): fc.Arbitrary<DataSet> => fc.record({
    asOf: AS_OF,
    timeZone: fc.constantFrom(...ZONES),
    contacts: fc.integer({ min: 1, max: 12 }),
    accounts: fc.integer({ min: 0, max: 4 }),
    leads: fc.integer({ min: 0, max: 6 }),
    interactions: fc.integer({ min: 0, max: 40 }),
}).chain(shape => {
    const asOf = shape.asOf.getTime();
    const someContact = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: shape.contacts - 1 }).map(contactId) }, { weight: 1, arbitrary: fc.constant(DANGLING) });
    const someAccount = shape.accounts ? fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: shape.accounts - 1 }).map(accountId) }, { weight: 1, arbitrary: fc.constant(DANGLING) }) : fc.constant(DANGLING);
    const someLead = shape.leads ? fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: shape.leads - 1 }).map(leadId) }, { weight: 1, arbitrary: fc.constant(DANGLING) }) : fc.constant(DANGLING);
    const contact = (n: number) => fc.record({
        contactid: fc.constant(contactId(n)), firstname: nullable(text), address1_city: nullable(text), jobtitle: nullable(text),
        numberofchildren: nullable(fc.integer({ min: -1, max: 6 })), creditlimit: nullable(fc.constantFrom(0, 0.5, 99.99, 1000, -3.25)),
        birthdate: nullable(date), createdon: nullable(timestamp(asOf, shape.timeZone, durations)), donotemail: nullable(fc.boolean()),
        gendercode: nullable(fc.constantFrom(1, 2, 3)), statecode: nullable(fc.constantFrom(0, 1)), parentcustomerid: nullable(someAccount),
    });
    const account = (n: number) => fc.record({
        accountid: fc.constant(accountId(n)), name: nullable(text), numberofemployees: nullable(fc.constantFrom(0, 10, 499, 500, 5000)),
        industrycode: nullable(fc.constantFrom(1, 7, 16)),
    });
    const lead = (n: number) => fc.record({
        leadid: fc.constant(leadId(n)), subject: nullable(text), leadsourcecode: nullable(fc.constantFrom(4, 7, 8)),
        budgetamount: nullable(fc.constantFrom(0, 10.5, 1e6)), parentcontactid: nullable(someContact),
        createdon: nullable(timestamp(asOf, shape.timeZone, durations)),
    });
    const interaction = (n: number) => fc.constantFrom(...INTERACTION_TABLES).chain(table => fc.record({
        table: fc.constant(table),
        row: fc.record({
            internal_marketing_interaction_id: fc.constant(id(5, n)), timestamp: timestamp(asOf, shape.timeZone, durations), contact_id: nullable(someContact, 8),
            lead_id: nullable(someLead, 2), message_id: nullable(guid), email_domain: nullable(text), city: nullable(text),
            link_friendly_name: nullable(text), original_url: nullable(text), customer_journey_id: nullable(guid),
            boost_value: nullable(fc.integer({ min: -5, max: 12 })), score: nullable(fc.constantFrom(0, 1.5, 4, 10)), survey_id: nullable(guid),
            version: nullable(fc.integer({ min: 0, max: 3 })),
        }),
    }));
    const range = (n: number) => Array.from({ length: n }, (_, i) => i);
    return fc.record({
        contact: fc.tuple(...range(shape.contacts).map(contact)),
        account: shape.accounts ? fc.tuple(...range(shape.accounts).map(account)) : fc.constant([]),
        lead: shape.leads ? fc.tuple(...range(shape.leads).map(lead)) : fc.constant([]),
        interactions: shape.interactions ? fc.tuple(...range(shape.interactions).map(interaction)) : fc.constant([]),
    }).map(g => {
        const rows: Record<string, Row[]> = { contact: [...g.contact], account: [...g.account], lead: [...g.lead] };
        for (const t of INTERACTION_TABLES) rows[t] = [];
        for (const { table, row } of g.interactions as Array<{ table: string; row: Row }>) {
            const columns = TABLES[table];
            rows[table].push(Object.fromEntries(Object.keys(columns).map(c => [c, row[c] ?? null])));
        }
        return { asOf: shape.asOf, timeZone: shape.timeZone, rows };
    });
});

export const dataSet = dataSetFor([]);

/** The data set in the executor's columnar format. */
export function toTables(data: DataSet): Tables {
    const tables: Tables = {};
    for (const [name, columns] of Object.entries(TABLES)) {
        const rows = data.rows[name] ?? [];
        tables[name] = { rowCount: rows.length, columns: Object.fromEntries(Object.keys(columns).map(c => [c, rows.map(r => r[c] ?? null)])) };
    }
    return tables;
}

/** CREATE TABLE statements for the generated tables (the default physical schema's types). */
export function createTablesSql(): string[] {
    return Object.entries(TABLES).map(([name, columns]) =>
        `CREATE TABLE "${name}" (${Object.entries(columns).map(([c, t]) => `"${c}" ${t}`).join(', ')})`);
}

/** One INSERT per table with every value as a parameter (small data sets). */
export function insertStatements(data: DataSet): Array<{ text: string; params: unknown[] }> {
    const out: Array<{ text: string; params: unknown[] }> = [];
    for (const [name, columns] of Object.entries(TABLES)) {
        const rows = data.rows[name] ?? [];
        if (!rows.length) continue;
        const cols = Object.keys(columns);
        const params: unknown[] = [];
        const tuples = rows.map(r => `(${cols.map(c => {
            const v = r[c] ?? null;
            params.push(v === null ? null : columns[c] === 'timestamptz' ? new Date(v as number).toISOString() : v);
            return `$${params.length}::${columns[c]}`;
        }).join(', ')})`);
        out.push({ text: `INSERT INTO "${name}" (${cols.map(c => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, params });
    }
    return out;
}
