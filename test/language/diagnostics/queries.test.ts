// Diagnostics SEG4xx: queries (exists, counts, windows, relations, clauses): one test (or a small describe) per code, with
// the code, the severity, the message and the exact range it underlines.
import { describe, expect, test } from 'vitest';
import { ERROR, WARNING, HINT, one, clean, profile } from './support.js';

// ---------------------------------------------------------------- queries

describe('SEG401 exists outside a profile query', () => {
    test('in an interaction where', async () => {
        expect(await one('segment S = interaction EmailOpened where exists lead via parentcontactid')).toEqual({
            code: 'SEG401', severity: ERROR, underlined: 'exists',
            message: `'exists' can only be used in a profile query's condition (it follows one-to-many links from the profile's records).`,
        });
    });
});

describe('SEG402 invalid count', () => {
    test('a negative count, without a zero hint next to it', async () => {
        expect(await one('segment S = interaction EmailOpened having count >= -1')).toEqual({
            code: 'SEG402', severity: ERROR, message: `A count is a whole number of interactions (0 or more); found -1.`, underlined: '-1',
        });
    });

    test('a fractional count', async () => {
        expect(await one('segment S = interaction EmailOpened having count > 1.5')).toMatchObject({ code: 'SEG402', underlined: '1.5' });
    });
});

describe('SEG403 empty window', () => {
    const query = (window: string) => `segment S = interaction EmailOpened ${window}`;

    test('within 0 days', async () => {
        expect(await one(query('within 0 days'))).toEqual({
            code: 'SEG403', severity: ERROR, message: `A window of 0 days is empty: nothing can fall inside it.`, underlined: '0 days',
        });
        expect(await one(profile('createdon within 0 hours'))).toMatchObject({ code: 'SEG403', underlined: '0 hours' });
    });

    test('between N and N days ago', async () => {
        expect(await one(query('between 30 and 30 days ago'))).toEqual({
            code: 'SEG403', severity: ERROR, underlined: 'between 30 and 30 days ago',
            message: `This window is empty: 'between 30 and 30 days ago' needs the first number smaller than the second.`,
        });
    });

    test('reversed bounds suggest the swap', async () => {
        expect(await one(query('between 90 and 30 days ago'))).toMatchObject({
            message: `This window is empty: 'between 90 and 30 days ago' needs the first number smaller than the second (write 'between 30 and 90 days ago').`,
        });
    });

    test('dates in the wrong order', async () => {
        expect(await one(query('between 2026-02-01 and 2026-01-01'))).toEqual({
            code: 'SEG403', severity: ERROR, message: `This window is empty: 2026-02-01 is not before 2026-01-01.`, underlined: 'between 2026-02-01 and 2026-01-01',
        });
        expect(await one(query('between 2026-02-01 and 2026-01-01T12:00:00Z'))).toMatchObject({ code: 'SEG403' });
        expect(await one(query('between 2026-01-01T10:00:00Z and 2026-01-01T10:00:00Z'))).toMatchObject({
            message: `This window is empty: it starts where it ends.`,
        });
    });

    test('a single day, now-relative windows from 0, and bounds that depend on the time zone are fine', async () => {
        await clean(query('between 2026-01-01 and 2026-01-01'));
        await clean(query('between 0 and 7 days ago'));
        // 10:00 in the project time zone can be before 09:00Z (east of UTC).
        await clean(query('between 2026-01-01T10:00:00 and 2026-01-01T09:00:00Z'));
    });
});

describe('SEG404 no default relation', () => {
    test('an interaction type without relations, queried without via', async () => {
        expect(await one('interaction Ping { timestamp: datetime }\nsegment S = interaction Ping within 7 days')).toEqual({
            code: 'SEG404', severity: ERROR, underlined: 'Ping',
            message: `Interaction 'Ping' has no relation to contacts, so it cannot select any: declare one in 'Ping' (for example 'relation contact = contactId').`,
        });
    });
});

describe('SEG405 duplicate clause', () => {
    const query = (clauses: string) => `segment S = interaction EmailOpened ${clauses}`;

    test('two windows', async () => {
        expect(await one(query('within 3 days\n  since 2026-01-01'))).toEqual({
            code: 'SEG405', severity: ERROR, message: `This query already has a time window (line 1); each clause may appear once.`, underlined: 'since 2026-01-01',
        });
    });

    test('two where, having and via clauses', async () => {
        expect(await one(query('where version = 1 where version = 2'))).toMatchObject({
            message: `This query already has a 'where' clause (line 1); each clause may appear once.`, underlined: 'where version = 2',
        });
        expect(await one(query('having count >= 1 having count >= 2'))).toMatchObject({ underlined: 'having count >= 2' });
        expect(await one(query('via contact via lead'))).toMatchObject({ message: `This query already has a 'via' clause (line 1); each clause may appear once.` });
    });
});

describe('SEG406 count admits zero', () => {
    const having = (h: string, type = 'EmailOpened') => `segment S = interaction ${type} having ${h} within 90 days`;

    test.each(['count = 0', 'count < 3', 'count <= 2', 'count != 1', 'count between 0 and 2'])('a hint for %s', async h => {
        expect(await one(having(h))).toEqual({
            code: 'SEG406', severity: HINT, underlined: `having ${h}`,
            message: `This condition also selects contacts with no EmailOpened interactions at all (their count is 0).`,
        });
    });

    test('a sum can be 0 too', async () => {
        expect(await one(having('sum(score) < 10', 'SurveyResponse'))).toMatchObject({
            message: `This condition also selects contacts with no SurveyResponse interactions at all (their sum is 0).`,
        });
    });

    test.each(['count >= 1', 'count > 0', 'count = 2', 'count between 1 and 2', 'avg(score) < 3'])('no hint for %s', async h => {
        await clean(having(h, 'SurveyResponse'));
    });
});

describe('SEG407 profile not on the audience', () => {
    test('a profile of accounts', async () => {
        expect(await one('segment S = profile account where numberofemployees > 500')).toEqual({
            code: 'SEG407', severity: ERROR, underlined: 'account',
            message: `Segments select contacts: 'profile account' has no path to them yet. Query 'contact' and follow a lookup (e.g. 'parentcustomerid.name') or use 'exists account via …'.`,
        });
    });
});

describe('SEG408 exists via mismatch', () => {
    test('a lookup to another entity', async () => {
        expect(await one(profile('exists lead via parentaccountid'))).toEqual({
            code: 'SEG408', severity: ERROR, underlined: 'parentaccountid',
            message: `'parentaccountid' must be a lookup from 'lead' to 'contact', but it refers to 'account'.`,
        });
    });

    test('not a lookup at all', async () => {
        expect(await one(profile('exists lead via firstname'))).toMatchObject({
            message: `'firstname' must be a lookup from 'lead' to 'contact', but it is a string field.`,
        });
    });
});

describe('SEG409 invalid duration', () => {
    test('a fractional duration', async () => {
        expect(await one('segment S = interaction EmailOpened within 1.5 days')).toEqual({
            code: 'SEG409', severity: ERROR, message: `A duration is a positive whole number of days; found 1.5.`, underlined: '1.5',
        });
        expect(await one(profile('createdon within 2.5 hours'))).toMatchObject({ code: 'SEG409', underlined: '2.5' });
    });

    test('negative and fractional bounds of an ago window', async () => {
        expect(await one('segment S = interaction EmailOpened within -1 week')).toMatchObject({
            message: `A duration is a positive whole number of weeks; found -1.`, underlined: '-1',
        });
        expect(await one('segment S = interaction EmailOpened between 1.5 and 3 days ago')).toMatchObject({
            code: 'SEG409', message: `The first number of 'between … ago' is a whole number of days (0 or more); found 1.5.`, underlined: '1.5',
        });
    });
});

describe('SEG410 relation not to the audience', () => {
    test('a relation ending at a string field', async () => {
        expect(await one('interaction Call { timestamp: datetime, phone: string, relation contact = phone }')).toEqual({
            code: 'SEG410', severity: ERROR, message: `A relation must end at a lookup to 'contact'; 'phone' is a string field.`, underlined: 'phone',
        });
    });

    test('a path ending at a lookup to another entity', async () => {
        expect(await one('interaction Call { timestamp: datetime, leadId: -> lead, relation lead = leadId.parentaccountid }')).toMatchObject({
            message: `A relation must end at a lookup to 'contact'; 'parentaccountid' is a lookup to 'account'.`, underlined: 'leadId.parentaccountid',
        });
    });
});

describe('SEG411 empty range', () => {
    test('numbers in a condition', async () => {
        expect(await one(profile('numberofchildren between 5 and 2'))).toEqual({
            code: 'SEG411', severity: WARNING, message: `This range is empty: 5 is greater than 2, so no value is between them.`, underlined: 'between 5 and 2',
        });
    });

    test('dates in a condition, compared as dates', async () => {
        expect(await one(profile('birthdate between 2026-10-01 and 2026-02-01'))).toMatchObject({
            message: `This range is empty: 2026-10-01 is after 2026-02-01, so no value is between them.`,
        });
        await clean(profile('birthdate between 2026-02-01 and 2026-10-01'));
        await clean(profile('birthdate between 2026-02-01 and 2026-02-01'));
    });

    test('a having range', async () => {
        expect(await one('segment S = interaction SurveyResponse having avg(score) between 8 and 6')).toEqual({
            code: 'SEG411', severity: WARNING, message: `This range is empty: 8 is greater than 6, so no value is between them.`, underlined: 'between 8 and 6',
        });
    });
});

describe('SEG412 first or last with having', () => {
    test('first/last pick one interaction: a having clause is refused', async () => {
        expect(await one('segment S = first interaction EmailOpened having count >= 2 within 7 days')).toEqual({
            code: 'SEG412', severity: ERROR,
            message: `'first interaction' picks one interaction per contact, its oldest: a 'having' clause does not apply (remove it, or drop 'first' to count interactions).`,
            underlined: 'having count >= 2',
        });
        expect(await one('segment S = last interaction EmailOpened having count(distinct messageId) >= 2')).toMatchObject({ code: 'SEG412' });
    });

    test('first, last, count(distinct …) and before … ago are otherwise fine', async () => {
        await clean('segment S = first interaction WebsiteVisited within 7 days');
        await clean('segment S = last interaction EmailOpened before 90 days ago where messageId is not null');
        await clean('segment S = interaction EmailOpened having count(distinct messageId) >= 3 within 30 days');
        await clean('segment S = interaction EmailOpened before 0 days ago');
    });
});

describe('SEG413 correlation mismatch', () => {
    test('a field the first type lacks, or of another type', async () => {
        expect(await one('segment S = interaction EmailOpened then EmailClicked on linkFriendlyName within 1 day')).toEqual({
            code: 'SEG413', severity: ERROR,
            message: `'on linkFriendlyName' correlates a field both interactions have, but 'EmailOpened' has no field 'linkFriendlyName'.`,
            underlined: 'linkFriendlyName',
        });
        await clean('segment S = interaction EmailOpened within 30 days then EmailClicked on messageId within 1 day');
    });
});

describe('SEG414 gap longer than window', () => {
    test('the part of the gap past the window never counts', async () => {
        expect(await one('segment S = interaction EmailOpened within 1 day then EmailClicked within 3 days')).toMatchObject({
            code: 'SEG414', severity: WARNING, underlined: '3 days',
        });
        await clean('segment S = interaction EmailOpened within 3 days then EmailClicked within 3 days');
    });
});

describe('SEG415 sequence with an aggregate', () => {
    test('having, first and last do not apply to a sequence', async () => {
        expect(await one('segment S = interaction EmailOpened having count >= 2 within 30 days then EmailClicked within 1 day')).toMatchObject({
            code: 'SEG415', severity: ERROR, underlined: 'having count >= 2',
        });
        expect(await one('segment S = first interaction EmailOpened within 30 days then EmailClicked within 1 day')).toMatchObject({
            code: 'SEG415', underlined: 'first',
        });
        await clean('segment S = interaction EventRegistration within 60 days then not EventCheckIn on eventId within 3 days where eventId is not null');
    });
});
