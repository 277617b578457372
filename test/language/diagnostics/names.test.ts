// Diagnostics SEG1xx: names (unknown and duplicate names, lookups): one test (or a small describe) per code, with
// the code, the severity, the message and the exact range it underlines.
import { describe, expect, test } from 'vitest';
import { checkFiles, diagnosticsOf } from '../../helpers.js';
import { ERROR, all, one, profile, summarize } from './support.js';

// ---------------------------------------------------------------- names

describe('SEG101 unknown segment', () => {
    test('with a suggestion', async () => {
        expect(await one('segment WelcomeOpeners = interaction EmailOpened\nsegment S = WelcomeOpener')).toEqual({
            code: 'SEG101', severity: ERROR, message: `Unknown segment 'WelcomeOpener'. Did you mean 'WelcomeOpeners'?`, underlined: 'WelcomeOpener',
        });
    });

    test('without one', async () => {
        expect(await one('segment S = Xyzzy')).toMatchObject({ message: `Unknown segment 'Xyzzy'.`, underlined: 'Xyzzy' });
    });

    test('an interaction type or entity used as a segment', async () => {
        expect(await one('segment S = EmailOpened')).toEqual({
            code: 'SEG101', severity: ERROR, underlined: 'EmailOpened',
            message: `'EmailOpened' is an interaction type, not a segment. Did you mean 'interaction EmailOpened'?`,
        });
        expect(await one('segment S = contact')).toMatchObject({
            message: `'contact' is an entity, not a segment. Did you mean 'profile contact'?`,
        });
    });
});

describe('SEG102 unknown entity', () => {
    test('in a profile query', async () => {
        expect(await one('segment S = profile contcat')).toEqual({
            code: 'SEG102', severity: ERROR, message: `Unknown entity 'contcat'. Did you mean 'contact'?`, underlined: 'contcat',
        });
    });

    test('in a lookup type and an exists', async () => {
        expect(await one('entity ticket key ticketid { owner: -> acount }')).toMatchObject({
            code: 'SEG102', message: `Unknown entity 'acount'. Did you mean 'account'?`, underlined: 'acount',
        });
        expect(await one(profile('exists leads via parentcontactid'))).toMatchObject({
            code: 'SEG102', message: `Unknown entity 'leads'. Did you mean 'lead'?`, underlined: 'leads',
        });
    });

    test('an interaction type where an entity belongs', async () => {
        expect(await one('segment S = profile EmailOpened')).toMatchObject({
            code: 'SEG102', message: `'EmailOpened' is an interaction type, not an entity. Did you mean 'interaction EmailOpened'?`,
        });
        expect(await one('entity ticket key ticketid { opened: -> EmailOpened }')).toMatchObject({
            code: 'SEG102', message: `'EmailOpened' is an interaction type, not an entity. Lookups refer to entities.`,
        });
    });
});

describe('SEG103 unknown interaction type', () => {
    test('a typo', async () => {
        expect(await one('segment S = interaction EmailOpend')).toEqual({
            code: 'SEG103', severity: ERROR, message: `Unknown interaction type 'EmailOpend'. Did you mean 'EmailOpened'?`, underlined: 'EmailOpend',
        });
    });

    test('part of the name', async () => {
        expect(await one('segment S = interaction Opened')).toMatchObject({ message: `Unknown interaction type 'Opened'. Did you mean 'EmailOpened'?` });
    });

    test('an entity or a segment where an interaction type belongs', async () => {
        expect(await one('segment S = interaction contact')).toMatchObject({
            code: 'SEG103', message: `'contact' is an entity, not an interaction type. Did you mean 'profile contact'?`, underlined: 'contact',
        });
        expect(await one('segment A = profile contact\nsegment S = interaction A')).toMatchObject({
            code: 'SEG103', message: `'A' is a segment, not an interaction type. Refer to a segment by its name alone.`,
        });
    });
});

describe('SEG104 unknown field', () => {
    test('an interaction field in a where', async () => {
        expect(await one('segment S = interaction EmailOpened where emailDomian = "contoso.com"')).toEqual({
            code: 'SEG104', severity: ERROR, message: `Interaction 'EmailOpened' has no field 'emailDomian'. Did you mean 'emailDomain'?`, underlined: 'emailDomian',
        });
    });

    test('a profile field', async () => {
        expect(await one(profile('firstnam = "Ada"'))).toMatchObject({
            code: 'SEG104', message: `Entity 'contact' has no field 'firstnam'. Did you mean 'firstname'?`, underlined: 'firstnam',
        });
    });

    test('a step after a lookup reads the target entity', async () => {
        expect(await one(profile('parentcustomerid.nam = "Contoso"'))).toMatchObject({
            code: 'SEG104', message: `Entity 'account' has no field 'nam'. Did you mean 'name'?`, underlined: 'nam',
        });
    });

    test('an aggregate field', async () => {
        expect(await one('segment S = interaction SurveyResponse having avg(scor) > 8')).toMatchObject({
            code: 'SEG104', message: `Interaction 'SurveyResponse' has no field 'scor'. Did you mean 'score'?`, underlined: 'scor',
        });
    });

    test('the via field of an exists reads the exists entity', async () => {
        expect(await one(profile('exists lead via parentcontact'))).toMatchObject({
            code: 'SEG104', message: `Entity 'lead' has no field 'parentcontact'. Did you mean 'parentcontactid'?`, underlined: 'parentcontact',
        });
    });

    test('a relation path', async () => {
        expect(await one('interaction Call { timestamp: datetime, contactId: -> contact, relation contact = contactid }')).toMatchObject({
            code: 'SEG104', message: `Interaction 'Call' has no field 'contactid'. Did you mean 'contactId'?`, underlined: 'contactid',
        });
    });

    test('only the first unknown step of a path is reported', async () => {
        expect(await one(profile('parentcustomerid.nope.name = "x"'))).toMatchObject({ code: 'SEG104', underlined: 'nope' });
    });
});

describe('SEG105 unknown relation', () => {
    test('with a suggestion', async () => {
        expect(await one('segment S = interaction EmailOpened via leed')).toEqual({
            code: 'SEG105', severity: ERROR, message: `Interaction 'EmailOpened' has no relation 'leed'. Did you mean 'lead'?`, underlined: 'leed',
        });
    });

    test('lists the relations there are', async () => {
        expect(await one('segment S = interaction EmailOpened via account')).toMatchObject({
            message: `Interaction 'EmailOpened' has no relation 'account'. Its relations: contact, lead.`, underlined: 'account',
        });
    });

    test('an interaction without relations', async () => {
        expect(await one('interaction Ping { timestamp: datetime }\nsegment S = interaction Ping via contact')).toMatchObject({
            code: 'SEG105', message: `Interaction 'Ping' has no relation 'contact'. It declares no relations.`,
        });
    });
});

describe('SEG106 unknown choice label', () => {
    test('a near miss suggests the label', async () => {
        expect(await one(profile('parentcustomerid.industrycode = "Acounting"'))).toEqual({
            code: 'SEG106', severity: ERROR, message: `"Acounting" is not a label of 'parentcustomerid.industrycode'. Did you mean "Accounting"?`, underlined: '"Acounting"',
        });
        expect(await one(profile('gendercode = "Mal"'))).toMatchObject({ message: `"Mal" is not a label of 'gendercode'. Did you mean "Male"?` });
    });

    test('a short choice lists its labels', async () => {
        expect(await one(profile('gendercode = "Unknown"'))).toMatchObject({
            message: `"Unknown" is not a label of 'gendercode'. Its labels: "Male", "Female".`,
        });
    });

    test('a numeric code that is not one of the choice', async () => {
        expect(await one(profile('gendercode = 7'))).toEqual({
            code: 'SEG106', severity: ERROR, message: `7 is not a code of 'gendercode': its codes are 1 (Male), 2 (Female).`, underlined: '7',
        });
    });

    test('in a list, each wrong value; labels match case-insensitively', async () => {
        expect((await all(profile('gendercode in ["female", "Mael", 2, 3]'))).map(d => [d.code, d.underlined])).toEqual([
            ['SEG106', '"Mael"'], ['SEG106', '3'],
        ]);
    });
});

describe('SEG107 duplicate name', () => {
    test('across two files, each declaration is reported with the other place', async () => {
        const project = await checkFiles({
            'a.seg': 'segment Engaged = interaction EmailOpened',
            'b.seg': '\n\nsegment Engaged = interaction EmailClicked',
        });
        const a = project.files.find(f => f.path === 'a.seg')!, b = project.files.find(f => f.path === 'b.seg')!;
        expect(a.diagnostics.map(d => summarize(a.text, d))).toEqual([{
            code: 'SEG107', severity: ERROR, underlined: 'Engaged',
            message: `'Engaged' is declared more than once (also at b.seg:3); names are shared by all files of a project.`,
        }]);
        expect(b.diagnostics.map(d => d.message)).toEqual([
            `'Engaged' is declared more than once (also at a.seg:1); names are shared by all files of a project.`,
        ]);
        // The shared workspace keeps documents between checks: empty these two for the tests after this one.
        await checkFiles({ 'a.seg': '', 'b.seg': '' });
    });

    test('within one file, and across kinds', async () => {
        expect((await all('segment A = profile contact\ndraft segment A = profile contact')).map(d => d.message)).toEqual([
            `'A' is declared more than once (also at test.seg:2); names are shared by all files of a project.`,
            `'A' is declared more than once (also at test.seg:1); names are shared by all files of a project.`,
        ]);
        expect(await one('segment lead = profile contact')).toMatchObject({
            code: 'SEG107', underlined: 'lead',
            message: `'lead' is declared more than once (also at dynamics365-entities.seg:105); names are shared by all files of a project.`,
        });
    });
});

describe('SEG108 duplicate member', () => {
    test('a field declared twice', async () => {
        const text = 'entity ticket key ticketid {\n  title: string\n  title: integer\n}';
        const d = await one(text);
        expect(d).toEqual({ code: 'SEG108', severity: ERROR, message: `Field 'title' is declared twice in 'ticket' (first on line 2).`, underlined: 'title' });
        expect((await diagnosticsOf(text))[0].range.start.line).toBe(2);
    });

    test('a field named like the key', async () => {
        expect(await one('entity ticket key ticketid { ticketid: string }')).toMatchObject({
            code: 'SEG108', message: `Field 'ticketid' is declared twice in 'ticket' (first on line 1).`,
        });
    });

    test('a relation declared twice', async () => {
        expect(await one('interaction Call { timestamp: datetime, c: -> contact, relation contact = c, relation contact = c }')).toMatchObject({
            code: 'SEG108', message: `Relation 'contact' is declared twice in 'Call' (first on line 1).`, underlined: 'contact',
        });
    });

    test('choice labels (case-insensitively) and codes', async () => {
        expect(await all('entity ticket key ticketid { priority: choice { "High" = 1, "high" = 2, "Low" = 1 } }')).toEqual([
            { code: 'SEG108', severity: ERROR, underlined: '"high"', message: `Label "high" appears twice in this choice (labels match case-insensitively; first on line 1).` },
            { code: 'SEG108', severity: ERROR, underlined: '1', message: `Code 1 appears twice in this choice (first on line 1).` },
        ]);
    });
});

describe('SEG109 not a lookup', () => {
    test('a dot after a plain field', async () => {
        expect(await one(profile('address1_city.x = "y"'))).toEqual({
            code: 'SEG109', severity: ERROR, message: `'address1_city' is a string field, not a lookup: only a lookup can be followed with '.'.`, underlined: 'x',
        });
        expect(await one(profile('numberofchildren.x = 1'))).toMatchObject({ message: `'numberofchildren' is an integer field, not a lookup: only a lookup can be followed with '.'.` });
    });
});
