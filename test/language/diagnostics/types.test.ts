// Diagnostics SEG3xx: types and values: one test (or a small describe) per code, with
// the code, the severity, the message and the exact range it underlines.
import { describe, expect, test } from 'vitest';
import { ERROR, all, one, clean, profile, GUID } from './support.js';

// ---------------------------------------------------------------- types

describe('SEG301 type mismatch', () => {
    const mismatch = async (cond: string, message: string, underlined: string) =>
        expect(await one(profile(cond))).toEqual({ code: 'SEG301', severity: ERROR, message, underlined });

    test('a number for a string field', () =>
        mismatch('firstname = 3', `'firstname' is a string field: expected a string, found the number 3.`, '3'));
    test('a string for an integer field', () =>
        mismatch('numberofchildren = "3"', `'numberofchildren' is an integer field: expected a whole number, found a string.`, '"3"'));
    test('a fraction for an integer field', () =>
        mismatch('numberofchildren >= 2.5', `'numberofchildren' is an integer field: expected a whole number, found the number 2.5.`, '2.5'));
    test('a date for a number field', () =>
        mismatch('creditlimit = 2026-01-01', `'creditlimit' is a number field: expected a number, found the date 2026-01-01.`, '2026-01-01'));
    test('a date-time for a date field', () =>
        mismatch('birthdate < 2026-01-01T00:00:00Z', `'birthdate' is a date field: expected a date such as 2026-01-31, found the date-time 2026-01-01T00:00:00Z.`, '2026-01-01T00:00:00Z'));
    test('a number for a boolean field', () =>
        mismatch('donotemail = 1', `'donotemail' is a boolean field: expected true or false, found the number 1.`, '1'));
    test('a string for a boolean field', () =>
        mismatch('donotemail = "yes"', `'donotemail' is a boolean field: expected true or false, found a string.`, '"yes"'));
    test('a number for a lookup', () =>
        mismatch('parentcustomerid = 3', `'parentcustomerid' is a lookup to 'account': expected a GUID string such as "${GUID}", found the number 3.`, '3'));
    test('a string for a datetime field', () =>
        mismatch('createdon < "2026-01-01"', `'createdon' is a datetime field: expected a date-time such as 2026-01-31T08:00:00Z (or a date), found a string.`, '"2026-01-01"'));

    test('a date for a datetime field is fine', async () => {
        await clean(profile('createdon >= 2026-01-01 and modifiedon < 2026-01-01T08:00:00+01:00'));
    });

    test('each bad value of a list and of a between', async () => {
        expect((await all(profile('numberofchildren in [1, "2", 3.5]'))).map(d => d.underlined)).toEqual(['"2"', '3.5']);
        expect((await all(profile('firstname between 1 and 2'))).map(d => d.underlined)).toEqual(['1', '2']);
        expect(await one(profile('firstname contains 3'))).toMatchObject({ code: 'SEG301', underlined: '3' });
    });

    test('a fractional choice code', async () => {
        expect(await one('entity ticket key ticketid { priority: choice { "High" = 1.5 } }')).toEqual({
            code: 'SEG301', severity: ERROR, message: `Choice codes are whole numbers; found 1.5.`, underlined: '1.5',
        });
    });
});

describe('SEG302 invalid GUID', () => {
    test('a malformed GUID string', async () => {
        expect(await one('segment S = interaction EmailOpened where messageId = "abc-123"')).toEqual({
            code: 'SEG302', severity: ERROR, underlined: '"abc-123"',
            message: `"abc-123" is not a GUID: 'messageId' expects 32 hex digits as 8-4-4-4-12, such as "${GUID}".`,
        });
        expect(await one(profile(`contactid = "{${GUID}}"`))).toMatchObject({ code: 'SEG302' });
    });

    test('GUIDs in either case, for guid fields, keys and lookups', async () => {
        await clean(profile(`contactid = "${GUID.toUpperCase()}" or parentcustomerid in ["${GUID}"]`));
    });
});

describe('SEG303 invalid date', () => {
    test('a day that does not exist', async () => {
        expect(await one(profile('birthdate = 2026-02-30'))).toEqual({
            code: 'SEG303', severity: ERROR, message: `2026-02-30 is not a calendar date.`, underlined: '2026-02-30',
        });
        expect(await one('segment S = interaction EmailOpened since 2026-13-01')).toMatchObject({ code: 'SEG303', underlined: '2026-13-01' });
        await clean(profile('birthdate = 2024-02-29'));
    });

    test('an hour that does not exist', async () => {
        expect(await one(profile('createdon < 2026-01-01T25:00:00Z'))).toEqual({
            code: 'SEG303', severity: ERROR, underlined: '2026-01-01T25:00:00Z',
            message: `2026-01-01T25:00:00Z is not a valid date-time (hours 0–23, minutes and seconds 0–59, offset up to ±14:00).`,
        });
    });
});

describe('SEG304 aggregate not numeric', () => {
    test('avg of a guid field', async () => {
        expect(await one('segment S = interaction SurveyResponse having avg(surveyId) > 3')).toEqual({
            code: 'SEG304', severity: ERROR, message: `'avg' needs a numeric field; 'surveyId' is a guid field.`, underlined: 'surveyId',
        });
    });

    test('max of a datetime field', async () => {
        expect(await one('segment S = interaction EmailOpened having max(timestamp) > 3')).toMatchObject({
            code: 'SEG304', message: `'max' needs a numeric field; 'timestamp' is a datetime field.`,
        });
    });
});

describe('SEG305 within on a non-date field', () => {
    test('in a profile condition', async () => {
        expect(await one(profile('firstname within 3 days'))).toEqual({
            code: 'SEG305', severity: ERROR, message: `'within' applies to date and datetime fields; 'firstname' is a string field.`, underlined: 'within',
        });
    });

    test('directly in an interaction where, with a hint about windows', async () => {
        expect(await one('segment S = interaction EmailOpened where emailDomain within 3 days')).toMatchObject({
            code: 'SEG305', underlined: 'within',
            message: `'within' applies to date and datetime fields; 'emailDomain' is a string field. To keep only the interactions of that period, write 'within 3 days' as a clause before 'where'.`,
        });
    });

    test('no hint when the query has a window already', async () => {
        expect(await one('segment S = interaction EmailOpened within 7 days where emailDomain within 3 days')).toMatchObject({
            message: `'within' applies to date and datetime fields; 'emailDomain' is a string field.`,
        });
    });

    test('date and datetime fields are fine', async () => {
        await clean(profile('birthdate within 30 days or createdon within 2 hours'));
        await clean('segment S = interaction EmailOpened where timestamp within 3 days');
    });
});

describe('SEG306 not a boolean', () => {
    test('a bare string field', async () => {
        expect(await one(profile('firstname'))).toEqual({
            code: 'SEG306', severity: ERROR, message: `'firstname' is a string field, not a boolean: compare it, for example 'firstname = …'.`, underlined: 'firstname',
        });
    });

    test('under not, and, in an exists, and a lookup path', async () => {
        expect(await one(profile('donotemail and not lastname'))).toMatchObject({ code: 'SEG306', underlined: 'lastname' });
        expect(await one(profile('exists lead via parentcontactid where subject'))).toMatchObject({ code: 'SEG306', underlined: 'subject' });
        expect(await one(profile('parentcustomerid'))).toMatchObject({
            message: `'parentcustomerid' is a lookup to 'account', not a boolean: compare it, for example 'parentcustomerid = …'.`,
        });
    });

    test('boolean fields stand alone, through lookups too', async () => {
        await clean(profile('donotemail or not donotphone or parentcustomerid.donotemail'));
    });
});

describe('SEG307 null comparison', () => {
    test('= null', async () => {
        expect(await one(profile('firstname = null'))).toEqual({
            code: 'SEG307', severity: ERROR, message: `Nothing equals null: write 'firstname is null' or 'firstname is not null'.`, underlined: 'null',
        });
    });

    test('!= null and null in a list', async () => {
        expect(await one(profile('firstname != null'))).toMatchObject({ code: 'SEG307' });
        expect(await one(profile('firstname in ["a", null]'))).toMatchObject({ code: 'SEG307', underlined: 'null' });
        await clean(profile('firstname is null or lastname is not null'));
    });
});

describe('SEG308 operator not applicable', () => {
    test('ordering a boolean, a choice, a guid', async () => {
        expect(await one(profile('donotemail > true'))).toEqual({
            code: 'SEG308', severity: ERROR, message: `'>' does not apply to 'donotemail', a boolean field; use '=' or '!='.`, underlined: '>',
        });
        expect(await one(profile('gendercode < "Male"'))).toMatchObject({ message: `'<' does not apply to 'gendercode', a choice field; use '=' or '!='.`, underlined: '<' });
        expect(await one(profile(`contactid >= "${GUID}"`))).toMatchObject({ message: `'>=' does not apply to 'contactid', a guid field; use '=' or '!='.`, underlined: '>=' });
    });

    test('text tests on a non-string field underline the whole operator', async () => {
        expect(await one(profile('numberofchildren contains "1"'))).toEqual({
            code: 'SEG308', severity: ERROR, message: `'contains' applies to string fields; 'numberofchildren' is an integer field.`, underlined: 'contains',
        });
        expect(await one(profile('donotemail starts with "t"'))).toMatchObject({
            message: `'starts with' applies to string fields; 'donotemail' is a boolean field.`, underlined: 'starts with',
        });
    });

    test('between on a choice', async () => {
        expect(await one(profile('gendercode between 1 and 2'))).toMatchObject({
            code: 'SEG308', message: `'between' does not apply to 'gendercode', a choice field.`, underlined: 'between',
        });
    });
});
