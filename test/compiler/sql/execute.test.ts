// The generated SQL executed: real membership on a small hand-made schema,
// at the edges the contract names (window boundaries, DST, month ends, zero
// counts, nulls, dangling keys, pattern characters, set algebra). PGlite
// always; the PostgreSQL server at SEG_TEST_DATABASE_URL too when it is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../../compiler/plan/plan.js';
import { bindParams, toInlineSql, toSql } from '../../../compiler/sql/to-sql.js';
import { planOf } from '../../helpers.js';
import { openPglite, openServer, SERVER_URL, type Engine } from '../../support/engines.js';

const SCHEMA = `
CREATE TABLE contact (
  contactid uuid PRIMARY KEY, firstname text /* COLLATION */, lastname text, fullname text, jobtitle text, emailaddress1 text,
  address1_city text, birthdate date, createdon timestamptz, numberofchildren bigint, creditlimit double precision,
  donotemail boolean, statecode integer, parentcustomerid uuid
);
CREATE TABLE account (accountid uuid PRIMARY KEY, name text, numberofemployees bigint, parentaccountid uuid);
CREATE TABLE lead (leadid uuid PRIMARY KEY, subject text, leadqualitycode integer, parentcontactid uuid);
CREATE TABLE email_opened (
  internal_marketing_interaction_id uuid PRIMARY KEY, "timestamp" timestamptz NOT NULL, contact_id uuid,
  lead_id uuid, account_id uuid, message_id uuid, browser_id text
);
CREATE TABLE lead_score_boost (internal_marketing_interaction_id uuid PRIMARY KEY, "timestamp" timestamptz NOT NULL, contact_id uuid, boost_value bigint);
CREATE TABLE survey_response (internal_marketing_interaction_id uuid PRIMARY KEY, "timestamp" timestamptz NOT NULL, contact_id uuid, score double precision);
`;
const TABLES = ['contact', 'account', 'lead', 'email_opened', 'lead_score_boost', 'survey_response'];
const INTERACTIONS = new Set(['email_opened', 'lead_score_boost', 'survey_response']);

// Every segment the tests run, planned once.
const SOURCE = `
segment Within14 = interaction EmailOpened within 14 days
segment Within1Day = interaction EmailOpened within 1 day
segment Within1Month = interaction EmailOpened within 1 month
segment MonthsAgo = interaction EmailOpened between 1 and 2 months ago
segment Within90Minutes = interaction EmailOpened within 90 minutes
segment SinceMarch = interaction EmailOpened since 2026-03-01
segment BeforeMarch = interaction EmailOpened before 2026-03-01
segment SinceInstant = interaction EmailOpened since 2026-03-01T00:00:00Z
segment March = interaction EmailOpened between 2026-03-01 and 2026-03-31
segment AnyOpen = interaction EmailOpened
segment ThreeOfMessage = interaction EmailOpened having count >= 3 where messageId = "5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a"
segment NoOpens = interaction EmailOpened having count = 0 within 7 days
segment FewOpens = interaction EmailOpened having count < 2 within 7 days
segment SmallBoosts = interaction LeadScoreBoost having sum(boostValue) <= 10
segment BigBoosts = interaction LeadScoreBoost having sum(boostValue) between 11 and 100
segment Happy = interaction SurveyResponse having avg(score) >= 8.5
segment LowMin = interaction SurveyResponse having min(score) < 3
segment NotPerfect = interaction SurveyResponse having max(score) != 10
segment LeadOpeners = interaction EmailOpened via lead
segment ContosoOpeners = interaction EmailOpened where accountId.name = "contoso"
segment NotOne = profile contact where numberofchildren != 1
segment NotTwo = profile contact where not (numberofchildren = 2)
segment Percent = profile contact where jobtitle contains "50%"
segment Underscore = profile contact where jobtitle starts with "50_"
segment Backslash = profile contact where jobtitle ends with "a\\\\b"
segment NotX = profile contact where jobtitle not contains "x"
segment OBrien = profile contact where lastname = "o'brien"
segment LastnameIn = profile contact where lastname in ["O'BRIEN", "smith"]
segment LastnameNotIn = profile contact where lastname not in ["O'BRIEN", "smith"]
segment BeforeB = profile contact where firstname < "b"
segment AtoC = profile contact where firstname between "A" and "c"
segment Unicode = profile contact where lastname = "ÄRGER"
segment Big = profile contact where parentcustomerid.numberofemployees >= 500
segment NotBig = profile contact where not (parentcustomerid.numberofemployees >= 500)
segment InGroup = profile contact where parentcustomerid.parentaccountid.name = "Contoso Group" and parentcustomerid.name contains "nl"
segment NoAccount = profile contact where parentcustomerid is null
segment HotLead = profile contact where exists lead via parentcontactid where leadqualitycode = "Hot"
segment NoLead = profile contact where not (exists lead via parentcontactid)
segment Emailable = profile contact where not donotemail
segment OptedOut = profile contact where donotemail
segment BornThisWeek = profile contact where birthdate within 7 days
segment CreatedLately = profile contact where createdon within 2 hours
segment CreatedThisMonth = profile contact where createdon within 1 month
segment Active = profile contact where statecode = "Active"
segment Rich = profile contact where creditlimit > 1000.5
segment S1 = profile contact where numberofchildren in [1, 2, 3]
segment S2 = profile contact where numberofchildren in [2, 3, 4]
segment S3 = profile contact where numberofchildren in [3, 4, 5]
segment Union = S1 union S2
segment Precedence = S1 union S2 intersect S3 except S1
segment Grouped = (S1 union S2) intersect (S3 except S1)
segment Twice = (S1 intersect S2) union (S1 except S3)
segment ZeroInSet = S1 except NoOpens
segment SharedSet = Union intersect (Union except S3)
`;

type Row = Record<string, string | number | boolean | null>;
type Data = Partial<Record<string, Row[]>>;

const id = (prefix: number, n: number) => `0000000${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const contact = (n: number) => id(0, n);
const account = (n: number) => id(1, n);
const lead = (n: number) => id(2, n);
const MESSAGE = '5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a';
/** Contacts 1…n, with extra columns per contact. */
const contacts = (n: number, extra: (i: number) => Row = () => ({})): Row[] => Array.from({ length: n }, (_, i) => ({ contactid: contact(i + 1), ...extra(i + 1) }));
/** An instant `ms` milliseconds from an ISO instant. */
const at = (iso: string, ms = 0) => new Date(Date.parse(iso) + ms).toISOString();
const HOUR = 3_600_000, DAY = 24 * HOUR;

let plan: Plan;
beforeAll(async () => { plan = await planOf(SOURCE); });

const engines: Array<[string, () => Promise<Engine>]> = [['PGlite', openPglite]];
if (SERVER_URL) engines.push(['PostgreSQL server', () => openServer(SERVER_URL as string)]);

describe.each(engines)('generated SQL on %s', (_name, open) => {
    let db: Engine;
    beforeAll(async () => {
        db = await open();
        // A linguistic collation where there is one, so ordering by code point is tested, not assumed.
        const icu = (await db.query(`SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'`)).length > 0;
        await db.exec(SCHEMA.replace('/* COLLATION */', icu ? 'COLLATE "und-x-icu"' : ''));
    }, 60_000);
    afterAll(async () => { await db?.close(); });

    let serial = 0;
    async function load(data: Data): Promise<void> {
        await db.exec(`TRUNCATE ${TABLES.join(', ')}`);
        for (const [table, rows] of Object.entries(data)) {
            if (!rows?.length) continue;
            const full: Row[] = INTERACTIONS.has(table) ? rows.map(r => ({ internal_marketing_interaction_id: id(9, ++serial), contact_id: null, ...r })) : rows;
            const columns = [...new Set(full.flatMap(r => Object.keys(r)))];
            const params: unknown[] = [];
            const values = full.map(r => `(${columns.map(c => { params.push(r[c] ?? null); return `$${params.length}`; }).join(', ')})`);
            await db.query(`INSERT INTO ${table} (${columns.map(c => `"${c}"`).join(', ')}) VALUES ${values.join(', ')}`, params);
        }
    }

    /** The segment's members as contact numbers, in result order. */
    async function members(segment: string, asOf: string, timeZone = 'UTC'): Promise<number[]> {
        const query = toSql({ ...plan, timeZone }, segment);
        const rows = await db.query(query.text, bindParams(query, { asOf }));
        for (const r of rows) expect(Object.keys(r)).toEqual(['contact_id']);
        return rows.map(r => contactNumber(String(r.contact_id)));
    }

    function contactNumber(key: string): number {
        expect(key.slice(0, 8), `${key} is not a contact key`).toBe('00000000');
        return Number(key.slice(-12));
    }

    describe('windows', () => {
        const asOf = '2026-03-15T12:00:00.000Z';

        it('within 14 days: asOf − 14 days is out, asOf is in, after asOf is out', async () => {
            await load({
                contact: contacts(5),
                email_opened: [
                    { contact_id: contact(1), timestamp: at(asOf, -14 * DAY) },
                    { contact_id: contact(2), timestamp: at(asOf, -14 * DAY + 1) },
                    { contact_id: contact(3), timestamp: asOf },
                    { contact_id: contact(4), timestamp: at(asOf, 1) },
                ],
            });
            expect(await members('Within14', asOf)).toEqual([2, 3]);
            // Minutes are exact: 90 minutes before is out, 89:59.999 in.
            await load({
                contact: contacts(2),
                email_opened: [
                    { contact_id: contact(1), timestamp: at(asOf, -90 * 60_000) },
                    { contact_id: contact(2), timestamp: at(asOf, -90 * 60_000 + 1) },
                ],
            });
            expect(await members('Within90Minutes', asOf, 'Europe/Amsterdam')).toEqual([2]);
        });

        it('within 1 day is 23 hours across the spring DST change in Europe/Amsterdam', async () => {
            const spring = '2026-03-29T12:00:00.000Z'; // 14:00 CEST; 24 hours earlier it was 13:00 CET
            await load({
                contact: contacts(3),
                email_opened: [
                    { contact_id: contact(1), timestamp: at(spring, -23.5 * HOUR) },
                    { contact_id: contact(2), timestamp: at(spring, -23 * HOUR) },
                    { contact_id: contact(3), timestamp: at(spring, -23 * HOUR + 1000) },
                ],
            });
            expect(await members('Within1Day', spring, 'Europe/Amsterdam')).toEqual([3]);
            expect(await members('Within1Day', spring, 'UTC')).toEqual([1, 2, 3]);
        });

        it('within 1 day is 25 hours across the autumn DST change in Europe/Amsterdam', async () => {
            const autumn = '2026-10-25T12:00:00.000Z'; // 13:00 CET; the day before at 13:00 was 11:00Z
            await load({
                contact: contacts(3),
                email_opened: [
                    { contact_id: contact(1), timestamp: at(autumn, -24.5 * HOUR) },
                    { contact_id: contact(2), timestamp: at(autumn, -25 * HOUR) },
                    { contact_id: contact(3), timestamp: at(autumn, -23 * HOUR) },
                ],
            });
            expect(await members('Within1Day', autumn, 'Europe/Amsterdam')).toEqual([1, 3]);
            expect(await members('Within1Day', autumn, 'UTC')).toEqual([3]);
        });

        it('within 1 month at March 31 starts at February 28; 1 to 2 months ago ends there', async () => {
            const asOfMarch31 = '2026-03-31T10:00:00.000Z';
            await load({
                contact: contacts(4),
                email_opened: [
                    { contact_id: contact(1), timestamp: '2026-02-28T10:00:00.000Z' },
                    { contact_id: contact(2), timestamp: '2026-02-28T10:00:00.001Z' },
                    { contact_id: contact(3), timestamp: '2026-01-31T10:00:00.001Z' },
                    { contact_id: contact(4), timestamp: '2026-01-31T10:00:00.000Z' },
                ],
            });
            expect(await members('Within1Month', asOfMarch31)).toEqual([2]);
            expect(await members('MonthsAgo', asOfMarch31)).toEqual([1, 3]);
        });

        it('since, before and between dates are local midnights; a date end includes its day', async () => {
            const asOfApril = '2026-04-15T00:00:00.000Z';
            await load({
                contact: contacts(5),
                email_opened: [
                    { contact_id: contact(1), timestamp: '2026-02-28T23:00:00.000Z' }, // March 1, 00:00 in Amsterdam
                    { contact_id: contact(2), timestamp: '2026-02-28T22:59:59.999Z' },
                    { contact_id: contact(3), timestamp: '2026-03-31T21:59:59.999Z' }, // March 31, 23:59:59.999 CEST
                    { contact_id: contact(4), timestamp: '2026-03-31T22:00:00.000Z' }, // April 1, 00:00 CEST
                    { contact_id: contact(5), timestamp: '2026-04-15T00:00:00.001Z' }, // after as-of
                ],
            });
            expect(await members('SinceMarch', asOfApril, 'Europe/Amsterdam')).toEqual([1, 3, 4]);
            expect(await members('BeforeMarch', asOfApril, 'Europe/Amsterdam')).toEqual([2]);
            expect(await members('March', asOfApril, 'Europe/Amsterdam')).toEqual([1, 3]);
            expect(await members('SinceMarch', asOfApril, 'UTC')).toEqual([3, 4]);
            expect(await members('SinceInstant', asOfApril, 'Europe/Amsterdam')).toEqual([3, 4]);
            // Before as-of only: nothing counts after it, even with no window.
            expect(await members('AnyOpen', asOfApril)).toEqual([1, 2, 3, 4]);
        });
    });

    describe('interaction aggregates', () => {
        const asOf = '2026-03-15T12:00:00.000Z';

        it('count >= 3 with a where on a guid; keys not in contact and null keys reach no one', async () => {
            const opens = (c: string | null, n: number, message = MESSAGE) => Array.from({ length: n }, (_, k) => ({ contact_id: c, message_id: message, timestamp: at(asOf, -k * HOUR) }));
            await load({
                contact: contacts(3),
                email_opened: [
                    ...opens(contact(1), 3), ...opens(contact(2), 2), ...opens(contact(2), 2, id(7, 1)),
                    ...opens(contact(99), 5), ...opens(null, 5),
                ],
            });
            expect(await members('ThreeOfMessage', asOf)).toEqual([1]);
            expect(await members('AnyOpen', asOf)).toEqual([1, 2]);
        });

        it('count = 0 and count < 2 include contacts with no rows, not keys missing from contact', async () => {
            await load({
                contact: contacts(5),
                email_opened: [
                    { contact_id: contact(2), timestamp: at(asOf, -DAY) },
                    { contact_id: contact(3), timestamp: at(asOf, -DAY) },
                    { contact_id: contact(3), timestamp: at(asOf, -2 * DAY) },
                    { contact_id: contact(4), timestamp: at(asOf, -8 * DAY) }, // outside the window
                    { contact_id: contact(5), timestamp: at(asOf, HOUR) }, // after as-of
                    { contact_id: contact(98), timestamp: at(asOf, -DAY) },
                    { contact_id: null, timestamp: at(asOf, -DAY) },
                ],
            });
            expect(await members('NoOpens', asOf)).toEqual([1, 4, 5]);
            expect(await members('FewOpens', asOf)).toEqual([1, 2, 4, 5]);
        });

        it('sum of nothing and of only nulls is 0; avg, min and max of nothing never qualify', async () => {
            await load({
                contact: contacts(5),
                lead_score_boost: [
                    { contact_id: contact(2), boost_value: 5, timestamp: asOf },
                    { contact_id: contact(2), boost_value: null, timestamp: asOf },
                    { contact_id: contact(3), boost_value: 20, timestamp: asOf },
                    { contact_id: contact(4), boost_value: null, timestamp: asOf },
                ],
                survey_response: [
                    { contact_id: contact(1), score: 9, timestamp: asOf },
                    { contact_id: contact(1), score: 8, timestamp: asOf },
                    { contact_id: contact(2), score: null, timestamp: asOf },
                    { contact_id: contact(3), score: 10, timestamp: asOf },
                    { contact_id: contact(3), score: null, timestamp: asOf },
                    { contact_id: contact(3), score: 2.5, timestamp: asOf },
                ],
            });
            expect(await members('SmallBoosts', asOf)).toEqual([1, 2, 4, 5]);
            expect(await members('BigBoosts', asOf)).toEqual([3]);
            expect(await members('Happy', asOf)).toEqual([1]); // (9 + 8) / 2; 2's only score is null
            expect(await members('LowMin', asOf)).toEqual([3]);
            expect(await members('NotPerfect', asOf)).toEqual([1]);
        });

        it('avg compares as double precision', async () => {
            await load({
                contact: contacts(2),
                survey_response: [
                    { contact_id: contact(1), score: 9, timestamp: asOf },
                    { contact_id: contact(1), score: 8, timestamp: asOf },
                    { contact_id: contact(2), score: 8.4, timestamp: asOf },
                ],
            });
            expect(await members('Happy', asOf)).toEqual([1]);
        });

        it('a relation through lookups: null, dangling and non-contact keys reach no one', async () => {
            await load({
                contact: contacts(3),
                lead: [
                    { leadid: lead(1), parentcontactid: contact(1) },
                    { leadid: lead(2), parentcontactid: null },
                    { leadid: lead(3), parentcontactid: contact(99) },
                    { leadid: lead(4), parentcontactid: contact(3) },
                ],
                email_opened: [
                    { contact_id: contact(2), lead_id: lead(1), timestamp: asOf },
                    { contact_id: contact(2), lead_id: lead(2), timestamp: asOf },
                    { contact_id: contact(2), lead_id: lead(3), timestamp: asOf },
                    { contact_id: contact(2), lead_id: lead(9), timestamp: asOf },
                    { contact_id: contact(2), lead_id: null, timestamp: asOf },
                    { contact_id: contact(2), lead_id: lead(4), timestamp: at(asOf, 1) },
                ],
            });
            expect(await members('LeadOpeners', asOf)).toEqual([1]);
        });

        it('a lookup in an interaction where: dangling is unknown', async () => {
            await load({
                contact: contacts(3),
                account: [{ accountid: account(1), name: 'Contoso' }, { accountid: account(2), name: 'Fabrikam' }],
                email_opened: [
                    { contact_id: contact(1), account_id: account(1), timestamp: asOf },
                    { contact_id: contact(2), account_id: account(2), timestamp: asOf },
                    { contact_id: contact(3), account_id: account(9), timestamp: asOf },
                ],
            });
            expect(await members('ContosoOpeners', asOf)).toEqual([1]);
        });
    });

    describe('profile conditions', () => {
        const asOf = '2026-03-31T23:30:00.000Z'; // April 1, 01:30 in Amsterdam

        it('x != 1 and not (x = 2) exclude nulls', async () => {
            await load({ contact: contacts(3, i => ({ numberofchildren: i === 1 ? null : i - 1 })) });
            expect(await members('NotOne', asOf)).toEqual([3]);
            expect(await members('NotTwo', asOf)).toEqual([2]);
        });

        it('substring tests match %, _ and \\ literally and ignore case', async () => {
            const titles = ['50% off', '500 off', '50_ off', '50x off', 'A\\B', 'ab', null, 'X-ray'];
            await load({ contact: contacts(titles.length, i => ({ jobtitle: titles[i - 1] })) });
            expect(await members('Percent', asOf)).toEqual([1]);
            expect(await members('Underscore', asOf)).toEqual([3]);
            expect(await members('Backslash', asOf)).toEqual([5]);
            expect(await members('NotX', asOf)).toEqual([1, 2, 3, 5, 6]); // not '50x off', 'X-ray' or null
        });

        it('string equality, in and not in ignore case; ordering is by code point of the lowered strings', async () => {
            const people: Array<[string | null, string | null]> = [
                ["O'Brien", 'anna'], ['Smith', 'Bob'], ['Jones', 'Álvaro'], [null, null], ['ärger', 'Zoë'], ['Brown', 'C'],
            ];
            await load({ contact: contacts(people.length, i => ({ lastname: people[i - 1][0], firstname: people[i - 1][1] })) });
            expect(await members('OBrien', asOf)).toEqual([1]);
            expect(await members('LastnameIn', asOf)).toEqual([1, 2]);
            expect(await members('LastnameNotIn', asOf)).toEqual([3, 5, 6]);
            // In a linguistic order 'álvaro' sorts before 'b'; by code point (U+00E1) after 'c'.
            expect(await members('BeforeB', asOf)).toEqual([1]);
            expect(await members('AtoC', asOf)).toEqual([1, 2, 6]);
            const [{ unicode }] = await db.query(`SELECT lower('Ä') = 'ä' AS unicode`);
            if (unicode) expect(await members('Unicode', asOf)).toEqual([5]);
        });

        it('lookups: a null or dangling key makes the test unknown, also under not', async () => {
            await load({
                account: [
                    { accountid: account(1), name: 'Bank NL', numberofemployees: 600, parentaccountid: account(4) },
                    { accountid: account(3), name: 'Shop NL', numberofemployees: 10, parentaccountid: account(5) },
                    { accountid: account(4), name: 'contoso group' },
                ],
                contact: [
                    { contactid: contact(1), parentcustomerid: account(1) },
                    { contactid: contact(2), parentcustomerid: account(2) }, // dangling
                    { contactid: contact(3), parentcustomerid: null },
                    { contactid: contact(4), parentcustomerid: account(3) }, // its parent account is dangling
                ],
            });
            expect(await members('Big', asOf)).toEqual([1]);
            expect(await members('NotBig', asOf)).toEqual([4]);
            expect(await members('InGroup', asOf)).toEqual([1]);
            expect(await members('NoAccount', asOf)).toEqual([3]);
        });

        it('exists, and not exists', async () => {
            await load({
                contact: contacts(4),
                lead: [
                    { leadid: lead(1), parentcontactid: contact(1), leadqualitycode: 1 },
                    { leadid: lead(2), parentcontactid: contact(2), leadqualitycode: 3 },
                    { leadid: lead(3), parentcontactid: contact(2), leadqualitycode: null },
                    { leadid: lead(4), parentcontactid: null, leadqualitycode: 1 },
                    { leadid: lead(5), parentcontactid: contact(99), leadqualitycode: 1 },
                ],
            });
            expect(await members('HotLead', asOf)).toEqual([1]);
            expect(await members('NoLead', asOf)).toEqual([3, 4]);
        });

        it('booleans, choices and numbers', async () => {
            await load({
                contact: contacts(3, i => ({ donotemail: i === 1 ? true : i === 2 ? false : null, statecode: i === 3 ? 1 : 0, creditlimit: i * 500.25 })),
            });
            expect(await members('OptedOut', asOf)).toEqual([1]);
            expect(await members('Emailable', asOf)).toEqual([2]);
            expect(await members('Active', asOf)).toEqual([1, 2]);
            expect(await members('Rich', asOf)).toEqual([3]);
        });

        it('within on a date column uses the as-of date in the time zone', async () => {
            const days = ['2026-03-25', '2026-03-26', '2026-04-01', '2026-04-02', '2026-03-31', null];
            await load({ contact: contacts(days.length, i => ({ birthdate: days[i - 1] })) });
            expect(await members('BornThisWeek', asOf, 'Europe/Amsterdam')).toEqual([2, 3, 5]);
            expect(await members('BornThisWeek', asOf, 'UTC')).toEqual([1, 2, 5]);
        });

        it('within on a datetime column: exact hours, calendar months', async () => {
            await load({
                contact: contacts(5, i => ({
                    createdon: [at(asOf, -2 * HOUR), at(asOf, -2 * HOUR + 1), asOf, at(asOf, 1), '2026-02-28T23:30:00.001Z'][i - 1],
                })),
            });
            expect(await members('CreatedLately', asOf, 'Europe/Amsterdam')).toEqual([2, 3]);
            // April 1, 01:30 CEST minus a month is March 1, 01:30 CET = 2026-03-01T00:30Z.
            expect(await members('CreatedThisMonth', asOf, 'Europe/Amsterdam')).toEqual([1, 2, 3]);
            // In UTC: March 31, 23:30 minus a month is February 28, 23:30 (clamped).
            expect(await members('CreatedThisMonth', asOf, 'UTC')).toEqual([1, 2, 3, 5]);
        });
    });

    describe('set algebra', () => {
        const asOf = '2026-03-15T12:00:00.000Z';

        it('union, intersect binding tighter, except, parentheses, and shared sub-plans', async () => {
            await load({ contact: contacts(6, i => ({ numberofchildren: i })) });
            expect(await members('Union', asOf)).toEqual([1, 2, 3, 4]);
            expect(await members('Precedence', asOf)).toEqual([4]);
            expect(await members('Grouped', asOf)).toEqual([4]);
            expect(await members('Twice', asOf)).toEqual([1, 2, 3]);
            expect(await members('SharedSet', asOf)).toEqual([1, 2]);
            const twice = toSql(plan, 'Twice').text;
            expect(twice).toMatch(/q1 AS MATERIALIZED \(/);
        });

        it('a zero-admitting node inside a set operation', async () => {
            await load({
                contact: contacts(4, i => ({ numberofchildren: i })),
                email_opened: [{ contact_id: contact(2), timestamp: at(asOf, -HOUR) }],
            });
            expect(await members('ZeroInSet', asOf)).toEqual([2]);
        });
    });

    describe('inline SQL', () => {
        it('returns the same members as the parameterized query', async () => {
            const asOf = '2026-03-29T12:00:00.000Z';
            await load({
                contact: contacts(3, i => ({ lastname: ["O'Brien", 'Smith', 'x'][i - 1] })),
                email_opened: [{ contact_id: contact(1), timestamp: at(asOf, -23.5 * HOUR) }, { contact_id: contact(3), timestamp: at(asOf, -HOUR) }],
            });
            for (const [segment, timeZone] of [['Within1Day', 'Europe/Amsterdam'], ['LastnameIn', 'UTC'], ['Precedence', 'UTC']]) {
                const query = toSql({ ...plan, timeZone }, segment);
                const inline = toInlineSql(query, { asOf });
                const rows = await db.query(inline);
                expect(rows.map(r => contactNumber(String(r.contact_id)))).toEqual(await members(segment, asOf, timeZone));
            }
        });

        it('round-trips tricky strings through inline literals', async () => {
            const tricky = ["it's", 'back\\slash', 'new\nline', "'; DROP TABLE contact; --", '$1 $$ $q$', '"quoted"', 'é ☃ 🎉', 'x'.repeat(10_240)];
            const plan = await planOf(tricky.map((s, i) => `segment T${i} = profile contact where lastname = ${JSON.stringify(s)}`).join('\n'));
            await load({ contact: contacts(tricky.length, i => ({ lastname: tricky[i - 1] })) });
            for (let i = 0; i < tricky.length; i++) {
                const query = toSql(plan, `T${i}`);
                expect(query.text).not.toContain(tricky[i]);
                const rows = await db.query(toInlineSql(query, { asOf: '2026-01-01T00:00:00Z' }));
                expect(rows.map(r => contactNumber(String(r.contact_id)))).toEqual([i + 1]);
            }
            const [{ count }] = await db.query('SELECT count(*)::int AS count FROM contact');
            expect(count).toBe(tricky.length);
        });
    });

    it('quoted identifiers: names with quotes and spaces reach the right table and columns', async () => {
        await db.exec(`CREATE TABLE "we""ird contact" ("the ""key""" uuid PRIMARY KEY, "Mixed Case" text)`);
        try {
            await db.query(`INSERT INTO "we""ird contact" VALUES ($1, 'Yes'), ($2, 'no'), ($3, NULL)`, [contact(1), contact(2), contact(3)]);
            const weird: Plan = {
                version: 1, timeZone: 'UTC', audience: { table: 'we"ird contact', key: 'the "key"' },
                nodes: [{
                    kind: 'profile', id: 0, refCount: 1, source: { file: 'x', line: 1, column: 1, endLine: 1, endColumn: 1 },
                    table: 'we"ird contact', key: 'the "key"',
                    where: { op: 'cmp', cmp: '=', column: { path: [], column: 'Mixed Case', type: 'string' }, value: { type: 'string', value: 'YES' } },
                }],
                segments: [{ name: 'W', draft: false, source: { file: 'x', line: 1, column: 1, endLine: 1, endColumn: 1 }, node: 0, uses: [] }],
            };
            const query = toSql(weird, 'W');
            const rows = await db.query(query.text, bindParams(query, { asOf: '2026-01-01T00:00:00Z' }));
            expect(rows.map(r => contactNumber(String(r.contact_id)))).toEqual([1]);
        } finally {
            await db.exec(`DROP TABLE "we""ird contact"`);
        }
    });
});
