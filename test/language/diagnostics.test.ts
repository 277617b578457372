// One test (or a small describe) per diagnostic code: the code, the severity,
// the message and the exact range it underlines. docs/diagnostics.md shows the
// same diagnostics to users; the last tests keep the two in step.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import { formatDiagnostic, toReported } from '../../compiler/report/diagnostic-report.js';
import { styleFor } from '../../compiler/report/terminal.js';
import { Codes } from '../../language/check/codes.js';
import { checkFiles, diagnosticsOf, rangeText } from '../helpers.js';

const ERROR = 1, WARNING = 2, HINT = 4;

interface Seen { code: string; severity: number; message: string; underlined: string }

/** Every code some test below has seen, to prove each code is covered. */
const seenCodes = new Set<string>();

function summarize(text: string, d: Diagnostic): Seen {
    const code = String(d.code);
    seenCodes.add(code);
    return { code, severity: d.severity!, message: d.message, underlined: rangeText(text, d) };
}

async function all(text: string): Promise<Seen[]> {
    return (await diagnosticsOf(text)).map(d => summarize(text, d));
}

/** The one diagnostic of `text` (fails when there are none or several). */
async function one(text: string): Promise<Seen> {
    const found = await all(text);
    expect(found, text).toHaveLength(1);
    return found[0];
}

async function clean(text: string): Promise<void> {
    expect(await all(text), text).toEqual([]);
}

const profile = (cond: string) => `segment S = profile contact where ${cond}`;
const GUID = '5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a';

// ---------------------------------------------------------------- lexical and syntax

describe('SEG001 syntax error', () => {
    test('a missing name: the offending token is underlined', async () => {
        expect(await one('segment = profile contact')).toEqual({
            code: 'SEG001', severity: ERROR, message: `Expected a name but found '='.`, underlined: '=',
        });
    });

    test('a condition cut off at the end of the file points just past the last token', async () => {
        const text = profile('');
        const [d] = await diagnosticsOf(text);
        expect(d.message).toBe(`Expected 'not', '(', 'exists' or a name but found end of file.`);
        expect(d.code).toBe('SEG001');
        expect(rangeText(text, d)).toBe('');
        expect(d.range.start.character).toBe(text.trimEnd().length);
    });

    test('an unfinished comparison names what the operator needs and underlines what came instead', async () => {
        const text = `${profile('firstname = "Ada"\n  and lastname =')}\nsegment T = profile contact`;
        expect(await all(text)).toEqual([
            { code: 'SEG001', severity: ERROR, message: `Expected a value after '=' but found 'segment'.`, underlined: 'segment' },
        ]);
        const [d] = await diagnosticsOf(text);
        expect(d.range.start).toEqual({ line: 2, character: 0 });
    });

    test('a doubled operator', async () => {
        const text = profile('firstname = = "x"');
        const [d] = await diagnosticsOf(text);
        expect(summarize(text, d)).toEqual({ code: 'SEG001', severity: ERROR, message: `Expected a value after '=' but found '='.`, underlined: '=' });
        expect(d.range.start.character).toBe(text.indexOf('= "x"'));
    });

    test('a dangling and/or', async () => {
        expect(await one(`${profile('firstname = "x" and')}\nsegment T = profile contact`)).toMatchObject({
            message: `Expected a condition after 'and' but found 'segment'.`, underlined: 'segment',
        });
        expect(await one(profile('(firstname = "x" or)'))).toMatchObject({
            message: `Expected a condition after 'or' but found ')'.`, underlined: ')',
        });
    });

    test('broken lists, text tests, null tests and windows', async () => {
        expect(await one(profile('firstname in ["a" "b"]'))).toMatchObject({ message: `Expected ',' or ']' after '"a"' but found '"b"'.`, underlined: '"b"' });
        expect(await one(profile('firstname starts "A"'))).toMatchObject({ message: `Expected 'with' after 'starts' but found '"A"'.`, underlined: '"A"' });
        expect(await one(profile('firstname not like "A"'))).toMatchObject({
            message: `Expected 'in', 'contains', 'starts with' or 'ends with' after 'not' but found 'like'.`, underlined: 'like',
        });
        expect(await one(profile('firstname is nul'))).toMatchObject({ message: `Expected 'null' after 'is' but found 'nul'.`, underlined: 'nul' });
        expect(await one(profile('createdon within 3'))).toMatchObject({
            message: `Expected a unit ('days', 'weeks', 'months', …) after '3' but found end of file.`, underlined: '',
        });
    });

    test('two comparisons in one having clause', async () => {
        expect(await one('segment S = interaction EmailOpened having count >= 1 and count < 3')).toEqual({
            code: 'SEG001', severity: ERROR, underlined: 'and',
            message: `A 'having' clause takes one comparison; for a range write 'having count between 1 and 3', or intersect two queries.`,
        });
    });

    test('text after a complete declaration', async () => {
        expect(await one(`${profile('firstname = "x")')}`)).toEqual({
            code: 'SEG001', severity: ERROR, underlined: ')',
            message: `Expected a new declaration ('segment', 'draft segment', 'entity', 'interaction', 'fixture' or 'test') but found ')'.`,
        });
    });

    test('habits from SQL and other languages', async () => {
        expect(await one(profile('firstname == "x"'))).toMatchObject({ message: `Unexpected '==': write '='.`, underlined: '==' });
        expect(await one(profile('firstname <> "x"'))).toMatchObject({ message: `Unexpected '<>': write '!='.`, underlined: '<>' });
        expect(await one(profile('firstname like "A%"'))).toMatchObject({
            message: `Unexpected 'like': write 'contains', 'starts with' or 'ends with'.`, underlined: 'like',
        });
        expect(await one(profile('firstname = "x" AND lastname = "y"'))).toMatchObject({
            message: `Unexpected 'AND': keywords are lower case (write 'and').`, underlined: 'AND',
        });
        expect(await one('segment S = interaction EmailOpened within 30 d')).toMatchObject({
            message: `Expected a unit ('days', 'weeks', 'months', …) but found 'd'.`, underlined: 'd',
        });
    });

    test('a rolling window written inside a where', async () => {
        expect(await one('segment S = interaction EmailOpened where version between 30 and 90 days ago')).toEqual({
            code: 'SEG001', severity: ERROR, underlined: 'days',
            message: `'between 30 and 90 days ago' is a time window: write it before 'where' (inside a condition, 'between' tests a field).`,
        });
    });

    test('a misplaced keyword keeps the parser\'s own expectation', async () => {
        expect(await one('segment S = or')).toMatchObject({
            message: `Expected '(', a name, 'profile' or 'interaction' but found 'or'.`, underlined: 'or',
        });
    });
});

describe('SEG002 invalid character', () => {
    test('an unknown character is underlined and nothing else is reported', async () => {
        expect(await one(profile('firstname = "x" #'))).toEqual({
            code: 'SEG002', severity: ERROR, message: `Unexpected character '#'.`, underlined: '#',
        });
    });

    test('operators from other languages', async () => {
        expect(await one(profile('firstname = "x" && lastname = "y"'))).toMatchObject({ message: `Unexpected characters '&&': write 'and'.`, underlined: '&&' });
        expect(await one(profile('!donotemail'))).toMatchObject({ message: `Unexpected character '!': write 'not'.`, underlined: '!' });
    });

    test('an unterminated string', async () => {
        expect(await one(profile('firstname = "Ada'))).toEqual({
            code: 'SEG002', severity: ERROR, message: `Unterminated string: it needs a closing " on the same line.`, underlined: '"',
        });
    });
});

describe('SEG003 unknown escape', () => {
    test('a warning on the two characters of the escape', async () => {
        const text = profile('firstname = "a\\qb"');
        const d = await one(text);
        expect(d).toEqual({
            code: 'SEG003', severity: WARNING, message: `Unknown escape '\\q': it stands for 'q'. Write '\\\\' for a backslash.`, underlined: '\\q',
        });
    });

    test('every escape of a string is reported; the contract\'s escapes are fine', async () => {
        expect((await all(profile('firstname = "\\x\\y"'))).map(d => d.underlined)).toEqual(['\\x', '\\y']);
        await clean(profile(`firstname = 'a\\'b' or firstname = "a\\\\b\\"c\\n\\t"`));
    });
});

describe('strings and durations PostgreSQL cannot hold', () => {
    test('a NUL character in a string is SEG002 on that character', async () => {
        const d = await one(profile('firstname = "a\u0000b"'));
        expect(d).toMatchObject({ code: 'SEG002', severity: ERROR, message: 'A string cannot contain the NUL character (U+0000).', underlined: '\u0000' });
    });

    test('a duration beyond 2^31 - 1 is SEG409', async () => {
        const d = await one('segment S = interaction EmailOpened within 2147483648 days');
        expect(d).toMatchObject({ code: 'SEG409', message: 'A duration is at most 2,147,483,647 days; found 2147483648.', underlined: '2147483648' });
    });
});

describe('SEG004 too complex', () => {
    test('a declaration nested beyond the limit is set aside with one error at the token past the limit; the rest is checked', async () => {
        const text = `segment Deep = profile contact where ${'not '.repeat(151)}donotemail\nsegment After = profile contact where firstname = 3`;
        const found = await all(text);
        expect(found.map(d => d.code)).toEqual(['SEG004', 'SEG301']);
        expect(found[0]).toMatchObject({
            severity: ERROR, underlined: 'not',
            message: "This declaration nests more than 150 levels of parentheses, 'not' and 'exists'; split it into smaller segments that refer to each other.",
        });
    });

    test('chains of more than 1000 operators and 300 lookup steps', async () => {
        expect((await all(`segment A = profile contact\nsegment S = A${' union A'.repeat(1001)}`)).map(d => d.message))
            .toEqual(['This declaration chains more than 1000 operators; split it into smaller segments that refer to each other.']);
        expect((await all(`segment S = profile contact where parentcustomerid${'.primarycontactid.parentcustomerid'.repeat(151)}.name = "x"`)).map(d => d.code))
            .toEqual(['SEG004']);
    });

    test('150 levels are fine', async () => {
        await clean(`segment S = profile contact where ${'not '.repeat(75)}${'('.repeat(75)}donotemail${')'.repeat(75)}`);
    });
});

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

// ---------------------------------------------------------------- segment references

describe('SEG201 reference cycle', () => {
    test('a segment that refers to itself', async () => {
        expect(await one('segment A = A union profile contact')).toEqual({
            code: 'SEG201', severity: ERROR, message: `Segment 'A' refers to itself: A → A.`, underlined: 'A',
        });
    });

    test('two segments', async () => {
        expect(await all('segment A = B\nsegment B = A')).toEqual([
            { code: 'SEG201', severity: ERROR, message: `Segment 'A' refers to itself: A → B → A.`, underlined: 'B' },
            { code: 'SEG201', severity: ERROR, message: `Segment 'B' refers to itself: B → A → B.`, underlined: 'A' },
        ]);
    });

    test('three segments, with the path in each message; a segment outside the cycle is not reported', async () => {
        const found = await all('segment A = B\nsegment B = C intersect profile contact\nsegment C = A union profile contact\nsegment D = A');
        expect(found.map(d => d.message)).toEqual([
            `Segment 'A' refers to itself: A → B → C → A.`,
            `Segment 'B' refers to itself: B → C → A → B.`,
            `Segment 'C' refers to itself: C → A → B → C.`,
        ]);
    });
});

describe('SEG202 live depends on draft', () => {
    test('a live segment using a draft one', async () => {
        expect(await one('draft segment Trial = profile contact\nsegment Live = Trial union profile contact')).toEqual({
            code: 'SEG202', severity: ERROR, underlined: 'Trial',
            message: `Live segment 'Live' cannot use draft segment 'Trial': only live segments can be combined into live ones. Make 'Trial' live or 'Live' a draft.`,
        });
    });

    test('drafts may use drafts and live segments', async () => {
        await clean('draft segment Trial = profile contact\ndraft segment Trial2 = Trial\nsegment Live = profile contact\ndraft segment Mix = Live except Trial2');
    });
});

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

// ---------------------------------------------------------------- segment tests

describe('segment tests', () => {
    const OPENERS = 'segment Openers = interaction EmailOpened within 14 days';
    /** The Openers segment (line 1), then a test whose items start on line 3 and end with an expectation. */
    const inTest = (...items: string[]) => [OPENERS, 'test "t" {', ...items.map(i => `  ${i}`), '  expect count(Openers) = 0', '}'].join('\n');

    describe('SEG501 duplicate record', () => {
        test('two records of one test: the second is underlined', async () => {
            const text = inTest('contact alice', 'contact alice { firstname: "Alicia" }');
            expect(await one(text)).toEqual({
                code: 'SEG501', severity: ERROR, underlined: 'alice',
                message: `Record 'alice' is defined twice (line 3 and line 4); records of a test and the fixtures it uses share one set of names.`,
            });
            expect((await diagnosticsOf(text))[0].range.start.line).toBe(3);
        });

        test('a test\'s record with the name of a record of a fixture it uses: the test\'s record is underlined', async () => {
            const text = [OPENERS, 'fixture People {', '  contact alice', '}', 'test "t" using People {', '  contact alice', '  expect count(Openers) = 0', '}'].join('\n');
            expect(await one(text)).toEqual({
                code: 'SEG501', severity: ERROR, underlined: 'alice',
                message: `Record 'alice' is defined twice (fixture 'People' and line 6); records of a test and the fixtures it uses share one set of names.`,
            });
            expect((await diagnosticsOf(text))[0].range.start.line).toBe(5);
        });

        test('two fixtures a test uses: \'using\' is underlined', async () => {
            expect(await one(`${OPENERS}\nfixture A { contact alice }\nfixture B { contact alice }\ntest "t" using A, B { expect count(Openers) = 0 }`)).toEqual({
                code: 'SEG501', severity: ERROR, underlined: 'using',
                message: `Record 'alice' is defined twice (fixture 'A' and fixture 'B'); records of a test and the fixtures it uses share one set of names.`,
            });
        });

        test('two records of one fixture are reported by the fixture only, not again by each test that uses it', async () => {
            const found = await all(`${OPENERS}\nfixture People {\n  contact bob\n  contact bob\n}\ntest "t" using People { expect count(Openers) = 0 }\ntest "u" using People { expect count(Openers) = 1 }`);
            expect(found).toEqual([{
                code: 'SEG501', severity: ERROR, underlined: 'bob',
                message: `Record 'bob' is defined twice (line 3 and line 4); records of a test and the fixtures it uses share one set of names.`,
            }]);
        });

        test('records of different tests, and of a test and a fixture it does not use, may share a name', async () => {
            await clean(`${OPENERS}\nfixture People { contact alice }\ntest "t" { contact alice\n expect Openers excludes alice }\ntest "u" { contact alice\n expect Openers excludes alice }`);
        });
    });

    describe('SEG501 the same row twice', () => {
        test('a fixture used twice, and two records with one key', async () => {
            const KEY = '"5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a"';
            const text = [
                OPENERS,
                `fixture One { contact alice { contactid: ${KEY} } }`,
                `fixture Two { contact bob { contactid: ${KEY.toUpperCase()} } }`,
                'test "twice" using One, One { expect count(Openers) = 0 }',
                `test "keys" using One, Two {\n  contact carol { contactid: ${KEY} }\n  expect count(Openers) = 0\n}`,
            ].join('\n');
            expect(await all(text)).toEqual([
                { code: 'SEG501', severity: ERROR, underlined: 'One', message: `Fixture 'One' is used twice; its records would be added twice.` },
                { code: 'SEG501', severity: ERROR, underlined: 'using', message: `Records 'alice' and 'bob' have the same contactid; each record is a row of its own.` },
                { code: 'SEG501', severity: ERROR, underlined: KEY, message: `Records 'alice' and 'carol' have the same contactid; each record is a row of its own.` },
            ]);
        });
    });

    describe('SEG502 record kind mismatch', () => {
        test('includes or excludes a record that is not a contact', async () => {
            expect(await one(inTest('account contoso', 'contact alice', 'expect Openers excludes alice, contoso'))).toEqual({
                code: 'SEG502', severity: ERROR, message: `Segments hold contacts; 'contoso' is an account.`, underlined: 'contoso',
            });
        });

        test('by a record of another entity than the relation\'s', async () => {
            expect(await one(inTest('account contoso', 'EmailOpened by contoso now'))).toEqual({
                code: 'SEG502', severity: ERROR, underlined: 'contoso',
                message: `'by' sets 'contactId' of EmailOpened, which refers to contact records; 'contoso' is an account.`,
            });
        });

        test('a lookup set to a record of another entity', async () => {
            expect(await one(inTest('contact alice', 'contact bob { parentcustomerid: alice }'))).toEqual({
                code: 'SEG502', severity: ERROR, message: `'parentcustomerid' refers to account records; 'alice' is a contact.`, underlined: 'alice',
            });
        });
    });

    describe('SEG503 no expectations', () => {
        test('a warning on the title', async () => {
            expect(await one('test "nothing yet" {\n  contact alice\n}')).toEqual({
                code: 'SEG503', severity: WARNING, underlined: '"nothing yet"',
                message: `Test "nothing yet" expects nothing, so it cannot fail: add 'expect SEGMENT includes …', 'excludes …' or 'expect count(SEGMENT) = N'.`,
            });
            expect(await one('test "empty" {}')).toMatchObject({ code: 'SEG503' });
        });

        test('a fixture needs no expectations', async () => {
            await clean('fixture People { contact alice }');
        });

        test('a test whose title does not parse has only the syntax error', async () => {
            expect((await all(`${OPENERS}\ntest t {\n  expect count(Openers) = 0\n}`)).map(d => d.code)).toEqual(['SEG001']);
        });
    });

    describe('SEG504 duplicate test', () => {
        test('the second test of a title is reported, with the line of the first', async () => {
            expect(await one(`${OPENERS}\ntest "openers" { expect count(Openers) = 0 }\ntest "openers" { expect count(Openers) = 1 }`)).toEqual({
                code: 'SEG504', severity: ERROR, underlined: '"openers"',
                message: `Another test in this file is called "openers" (line 2); give each test its own name.`,
            });
        });

        test('tests of different files may share a title', async () => {
            const project = await checkFiles({
                'a.seg': `${OPENERS}\ntest "openers" { expect count(Openers) = 0 }`,
                'b.seg': 'test "openers" { expect count(Openers) = 1 }',
            });
            expect(project.files.flatMap(f => f.diagnostics)).toEqual([]);
            await checkFiles({ 'a.seg': '', 'b.seg': '' });
        });
    });

    describe('SEG505 timestamp in body', () => {
        test('an interaction record that sets its timestamp in braces', async () => {
            expect(await one(inTest('contact alice', 'EmailOpened by alice now { timestamp: 2026-03-01T12:00:00Z }'))).toEqual({
                code: 'SEG505', severity: ERROR, underlined: 'timestamp',
                message: `An interaction's time is given after its type ('EmailOpened … 2 days ago'), not as a field.`,
            });
        });
    });

    describe('SEG506 unknown record', () => {
        test('after by, with a suggestion', async () => {
            expect(await one(inTest('contact alice', 'EmailOpened by alise now'))).toEqual({
                code: 'SEG506', severity: ERROR, message: `No record 'alise' in this test or the fixtures it uses. Did you mean 'alice'?`, underlined: 'alise',
            });
        });

        test('two letters swapped still get a suggestion', async () => {
            expect(await one(inTest('contact alice', 'expect Openers includes alcie'))).toMatchObject({
                code: 'SEG506', message: `No record 'alcie' in this test or the fixtures it uses. Did you mean 'alice'?`, underlined: 'alcie',
            });
            expect((await one('segment S = interaction EmailOpnede within 3 days')).message).toBe(`Unknown interaction type 'EmailOpnede'. Did you mean 'EmailOpened'?`);
        });

        test('in includes and excludes, and as a lookup value', async () => {
            expect((await all(inTest('contact alice', 'expect Openers includes alice, bob', 'expect Openers excludes carol')))).toEqual([
                { code: 'SEG506', severity: ERROR, message: `No record 'bob' in this test or the fixtures it uses.`, underlined: 'bob' },
                { code: 'SEG506', severity: ERROR, message: `No record 'carol' in this test or the fixtures it uses.`, underlined: 'carol' },
            ]);
            expect(await one(inTest('account contoso', 'contact alice { parentcustomerid: contso }'))).toMatchObject({
                code: 'SEG506', message: `No record 'contso' in this test or the fixtures it uses. Did you mean 'contoso'?`, underlined: 'contso',
            });
        });

        test('a test sees neither the records of another test nor those of a fixture it does not use', async () => {
            const found = await all(`${OPENERS}\nfixture People { contact bob }\ntest "t" {\n  contact alice\n  expect Openers excludes alice\n}\ntest "u" {\n  expect Openers excludes alice, bob\n}`);
            expect(found.map(d => [d.code, d.underlined])).toEqual([['SEG506', 'alice'], ['SEG506', 'bob']]);
        });
    });

    describe('SEG508 vacuous expectation', () => {
        test('a count compared with 0 that cannot fail, or cannot pass', async () => {
            expect(await one(inTest('expect count(Openers) >= 0'))).toEqual({
                code: 'SEG508', severity: WARNING, underlined: '>=',
                message: `This expectation cannot fail: a count is never below 0. Did you mean 'expect count(Openers) > 0' or '= 0'?`,
            });
            expect(await one(inTest('expect count(Openers) < 0'))).toMatchObject({
                code: 'SEG508', underlined: '<', message: `This expectation cannot pass: a count is never below 0. Did you mean 'expect count(Openers) = 0'?`,
            });
            await clean(inTest('expect count(Openers) > 0', 'expect count(Openers) <= 0', 'expect count(Openers) != 0'));
        });
    });

    describe('syntax errors in tests', () => {
        test('a misspelt keyword is one error with a suggestion, not also the record the parser recovered into', async () => {
            expect(await all(inTest('contact alice', 'expect Openers incudes alice'))).toEqual([{
                code: 'SEG001', severity: ERROR, underlined: 'incudes',
                message: `Expected 'includes' or 'excludes' but found 'incudes'. Did you mean 'includes'?`,
            }]);
        });

        test('a negative relative time', async () => {
            expect(await all(inTest('contact alice', 'EmailOpened by alice -2 days ago'))).toEqual([
                { code: 'SEG409', severity: ERROR, underlined: '-2', message: 'A duration is a whole number (0 or more) of days; found -2.' },
            ]);
        });

        test('`==` in a count expectation', async () => {
            expect(await all(inTest('expect count(Openers) == 1'))).toEqual([
                { code: 'SEG001', severity: ERROR, underlined: '==', message: `Unexpected '==': write '='.` },
            ]);
        });
    });

    describe('unquoted values in records', () => {
        test('a bare word on a field that is not a lookup asks for quotes, and is not reported as an unknown record', async () => {
            expect(await all(inTest('contact alice { firstname: Alice, statecode: inactive, numberofchildren: two }'))).toEqual([
                { code: 'SEG301', severity: ERROR, underlined: 'Alice', message: `'firstname' is a string field, not a lookup, so 'Alice' is not a record name here: write a string in quotes: "Alice".` },
                { code: 'SEG301', severity: ERROR, underlined: 'inactive', message: `'statecode' is a choice field, not a lookup, so 'inactive' is not a record name here: write one of its labels in quotes, such as "Inactive".` },
                { code: 'SEG301', severity: ERROR, underlined: 'two', message: `'numberofchildren' is an integer field, not a lookup, so 'two' is not a record name here: write a whole number.` },
            ]);
        });

        test('a test using an unknown fixture reports the fixture, not each of its missing records', async () => {
            expect((await all(`${OPENERS}\ntest "t" using Peple {\n  EmailOpened by alice now\n  expect Openers includes alice\n}`)).map(d => [d.code, d.underlined]))
                .toEqual([['SEG507', 'Peple']]);
        });
    });

    describe('SEG507 unknown fixture', () => {
        test('a typo suggests the fixture', async () => {
            expect(await one(`${OPENERS}\nfixture People { contact alice }\ntest "t" using Peple { expect count(Openers) = 0 }`)).toEqual({
                code: 'SEG507', severity: ERROR, message: `Unknown fixture 'Peple'. Did you mean 'People'?`, underlined: 'Peple',
            });
        });

        test('a declaration of another kind', async () => {
            expect(await one(`${OPENERS}\ntest "t" using Openers { expect count(Openers) = 0 }`)).toEqual({
                code: 'SEG507', severity: ERROR, message: `'Openers' is a segment, not a fixture.`, underlined: 'Openers',
            });
            expect(await one(`${OPENERS}\ntest "t" using contact { expect count(Openers) = 0 }`)).toMatchObject({
                code: 'SEG507', message: `'contact' is an entity, not a fixture.`,
            });
        });
    });

    describe('codes of segments, in tests', () => {
        test('SEG101: an unknown segment, or another kind of declaration, in an expectation', async () => {
            expect(await one(inTest('contact alice', 'expect Opener includes alice'))).toEqual({
                code: 'SEG101', severity: ERROR, message: `Unknown segment 'Opener'. Did you mean 'Openers'?`, underlined: 'Opener',
            });
            expect(await one(inTest('expect count(EmailOpened) = 1'))).toEqual({
                code: 'SEG101', severity: ERROR, underlined: 'EmailOpened',
                message: `'EmailOpened' is an interaction type, not a segment. Did you mean 'interaction EmailOpened'?`,
            });
        });

        test('SEG102: an unknown entity in a record; an interaction type written as an entity record', async () => {
            expect(await one(inTest('contcat alice'))).toEqual({
                code: 'SEG102', severity: ERROR, message: `Unknown entity 'contcat'. Did you mean 'contact'?`, underlined: 'contcat',
            });
            expect(await one(inTest('EmailOpened alice'))).toEqual({
                code: 'SEG102', severity: ERROR, underlined: 'EmailOpened',
                message: `'EmailOpened' is an interaction type, not an entity. An interaction record is written 'EmailOpened by RECORD 2 days ago'.`,
            });
        });

        test('SEG103: an unknown interaction type in a record; an entity written as an interaction record', async () => {
            expect(await one(inTest('contact alice', 'EmailOpend by alice now'))).toEqual({
                code: 'SEG103', severity: ERROR, message: `Unknown interaction type 'EmailOpend'. Did you mean 'EmailOpened'?`, underlined: 'EmailOpend',
            });
            expect(await one(inTest('contact now'))).toEqual({
                code: 'SEG103', severity: ERROR, underlined: 'contact',
                message: `'contact' is an entity, not an interaction type. An entity record is written 'contact NAME { … }'.`,
            });
        });

        test('SEG104: an unknown field in an entity or interaction record', async () => {
            expect(await one(inTest('contact alice { firstnam: "Alice" }'))).toEqual({
                code: 'SEG104', severity: ERROR, message: `Entity 'contact' has no field 'firstnam'. Did you mean 'firstname'?`, underlined: 'firstnam',
            });
            expect(await one(inTest('contact alice', 'EmailOpened by alice now { emailDomian: "contoso.com" }'))).toMatchObject({
                code: 'SEG104', message: `Interaction 'EmailOpened' has no field 'emailDomian'. Did you mean 'emailDomain'?`, underlined: 'emailDomian',
            });
        });

        test('an unknown entity or interaction type hides the fields of its record', async () => {
            expect((await all(inTest('contcat alice { firstnam: "x", numberofchildren: "3" }'))).map(d => d.code)).toEqual(['SEG102']);
            expect((await all(inTest('EmailOpend now { emailDomian: 3, timestamp: now }'))).map(d => d.code)).toEqual(['SEG103']);
        });

        test('SEG106: a choice label that is not one of the field\'s', async () => {
            expect(await one(inTest('contact alice { gendercode: "Mal" }'))).toEqual({
                code: 'SEG106', severity: ERROR, message: `"Mal" is not a label of 'gendercode'. Did you mean "Male"?`, underlined: '"Mal"',
            });
        });

        test('SEG108: a field set twice, or set by \'by\' and in braces', async () => {
            expect(await one(inTest('contact alice {', '  firstname: "Alice",', '  firstname: "Alicia",', '}'))).toEqual({
                code: 'SEG108', severity: ERROR, message: `'firstname' is set twice in this record (first on line 4).`, underlined: 'firstname',
            });
            expect(await one(inTest('contact alice', 'contact bob', 'EmailOpened by alice now { contactId: bob }'))).toEqual({
                code: 'SEG108', severity: ERROR, message: `'contactId' is already set by 'by alice'; set it in one place.`, underlined: 'contactId',
            });
        });

        test('SEG301: a value of the wrong type, a relative time for a field that is not a date, a record for a field that is not a lookup', async () => {
            expect(await one(inTest('contact alice { numberofchildren: "3" }'))).toEqual({
                code: 'SEG301', severity: ERROR, message: `'numberofchildren' is an integer field: expected a whole number, found a string.`, underlined: '"3"',
            });
            expect(await one(inTest('contact alice { numberofchildren: 2 days ago }'))).toEqual({
                code: 'SEG301', severity: ERROR, underlined: '2 days ago',
                message: `'numberofchildren' is an integer field; a relative time ('now', '2 days ago') fits only date and datetime fields.`,
            });
            expect(await one(inTest('contact alice { donotemail: now }'))).toMatchObject({ code: 'SEG301', underlined: 'now' });
            expect(await one(inTest('contact alice', 'contact bob { firstname: alice }'))).toEqual({
                code: 'SEG301', severity: ERROR, message: `'firstname' is a string field, not a lookup, so 'alice' is not a record name here: write a string in quotes: "alice".`, underlined: 'alice',
            });
        });

        test('SEG402: a count of contacts that is not a whole number', async () => {
            expect(await one(inTest('expect count(Openers) = 1.5'))).toEqual({
                code: 'SEG402', severity: ERROR, message: `A count of contacts is a whole number (0 or more); found 1.5.`, underlined: '1.5',
            });
            expect(await one(inTest('expect count(Openers) >= -1'))).toMatchObject({ code: 'SEG402', underlined: '-1' });
        });

        test('SEG404: by on an interaction type without a relation to contacts', async () => {
            expect(await one(inTest('contact alice', 'ContactDeleted by alice now'))).toEqual({
                code: 'SEG404', severity: ERROR, underlined: 'by',
                message: `'ContactDeleted' has no relation to contacts, so 'by' has nothing to set; set its fields in braces instead.`,
            });
            await clean(inTest(`ContactDeleted now { deletedContactId: "${GUID}" }`));
        });

        test('SEG405: as of twice', async () => {
            expect(await one(inTest('as of 2026-03-01T12:00:00Z', 'as of 2026-03-02'))).toEqual({
                code: 'SEG405', severity: ERROR, message: `'as of' is given twice here (first on line 3).`, underlined: 'as of 2026-03-02',
            });
        });
    });

    test('a valid test with a fixture, null values, a key set explicitly and relative times is clean', async () => {
        await clean(`segment Openers = interaction EmailOpened having count >= 2 within 14 days
fixture People {
  contact alice { firstname: "Alice", address1_city: "Seattle" }
}
test "openers" using People {
  as of 2026-03-01T12:00:00Z
  account contoso { accountid: "${GUID}", name: "Contoso", industrycode: null }
  contact carol { parentcustomerid: contoso, createdon: 3 days ago, birthdate: 3 days ago, lastname: null }
  contact dave { parentcustomerid: null, donotemail: null }
  EmailOpened by alice 2 days ago { messageId: "${GUID}" }
  EmailOpened by alice 0 days ago
  EmailOpened by alice now { emailDomain: null }
  EmailOpened 2026-02-27T08:00:00Z { contactId: carol }
  expect Openers includes alice
  expect Openers excludes carol, dave
  expect count(Openers) = 1
}`);
    });
});

// ---------------------------------------------------------------- across the checker

describe('no cascades', () => {
    test('an unknown interaction type hides the fields of its where and having', async () => {
        expect(await all('segment S = interaction EmailOpend having sum(x) < 3 via contact where foo = 1 and bar.baz = 2 and qux')).toEqual([
            { code: 'SEG103', severity: ERROR, underlined: 'EmailOpend', message: `Unknown interaction type 'EmailOpend'. Did you mean 'EmailOpened'?` },
        ]);
    });

    test('an unknown entity hides its fields', async () => {
        expect(await all('segment S = profile contcat where foo = 1 and bar.baz')).toHaveLength(1);
    });

    test('an unknown lookup step hides the steps after it', async () => {
        expect(await all(profile('parentcustomeri.name.x = 1'))).toHaveLength(1);
    });

    test('an unfinished test is a syntax error, not also a bare-field error', async () => {
        expect((await all(profile('firstname in ['))).map(d => d.code)).toEqual(['SEG001']);
    });
});

test('error recovery: a syntax error in one segment does not hide a type error in a later one', async () => {
    const text = [
        'segment Broken = profile contact where firstname = "x" and',
        'segment AlsoBroken = ',
        'segment Typed = profile contact where numberofchildren = "three"',
    ].join('\n');
    expect((await all(text)).map(d => [d.code, d.underlined])).toEqual([
        ['SEG001', 'segment'],
        ['SEG001', 'segment'],
        ['SEG301', '"three"'],
    ]);
});

test('a realistic file is clean', async () => {
    await clean(`
/// Opened a welcome email at least 3 times in the last 14 days.
segment WelcomeOpeners =
  interaction EmailOpened
    having count >= 3
    within 14 days
    where customerJourneyId = "${GUID}"

segment RecentRegistrants =
  interaction EventRegistration within 30 days
    where eventId in ["49929f3e-2161-4542-b69c-c1be8aec58e9", "db5d6513-5934-4cc4-b807-a72ae3dfe6c7"]

segment SeattleDecisionMakers =
  profile contact
    where address1_city = "Seattle"
      and jobtitle contains "director"
      and parentcustomerid.numberofemployees >= 500
      and parentcustomerid.industrycode in ["Financial", 16]
      and (birthdate between 1970-01-01 and 1990-12-31 or createdon within 1 year)
      and not donotemail
      and exists lead via parentcontactid where leadqualitycode = "hot" and estimatedvalue > 10000.5

segment LeadClickers = interaction EmailClicked via lead between 30 and 90 days ago where originalUrl ends with ".pdf"
segment Surveyed = interaction SurveyResponse having avg(score) between 8 and 10 between 2025-09-01 and 2025-11-30T23:59:59+01:00
segment Engaged = WelcomeOpeners union RecentRegistrants
draft segment Target = SeattleDecisionMakers intersect Engaged except (LeadClickers union Surveyed)

interaction Call {
  timestamp: datetime
  durationMinutes: integer
  outcome: choice { "Reached" = 1, "Voicemail" = 2 }
  contactId: -> contact
  relation contact = contactId
}
segment Reached = interaction Call before 2026-01-01T00:00:00 where outcome = "reached" and durationMinutes > 5
`);
});

test('nothing a user types crashes the checker: every prefix gives only coded diagnostics', async () => {
    const text = `segment A = interaction EmailOpened via lead having sum(version) between 1 and 2 between 3 and 9 days ago where (emailDomain != "x" or not exists lead via parentcontactid where leadqualitycode in ["Hot", 2])
draft segment B = A union profile contact where parentcustomerid.name starts with 'C\\'s' and createdon >= 2026-01-01T08:00:00+01:00 and birthdate is not null
entity e key id { c: -> contact, k: choice { "A" = 1 } }
interaction I { timestamp: datetime, c: -> e, relation contact = c.c }`;
    const cuts = new Set<number>();
    for (const m of text.matchAll(/[\s().,[\]]/g)) cuts.add(m.index);
    for (const cut of cuts) {
        const prefix = text.slice(0, cut);
        for (const d of await diagnosticsOf(prefix)) {
            expect(String(d.code), `${prefix}\n→ ${d.message}`).toMatch(/^SEG\d{3}$/);
        }
    }
}, 120_000);

// ---------------------------------------------------------------- coverage and docs

const CLI_LEVEL = new Set<string>([Codes.Config]);
/** Codes whose real trigger is too long to print on the page; they have their own tests above. */
const SHORTENED = new Set<string>([Codes.TooComplex]);
const kebab = (key: string) => key.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase());

describe('docs/diagnostics.md', () => {
    const docs = readFileSync(new URL('../../docs/diagnostics.md', import.meta.url), 'utf8');
    const sections = new Map<string, string>();
    for (const part of docs.split(/^## /m).slice(1)) sections.set(part.slice(0, part.indexOf('\n')).trim(), part);

    test('documents every code under a "SEGnnn kebab-name" heading', () => {
        expect([...sections.keys()]).toEqual(Object.entries(Codes).map(([key, code]) => `${code} ${kebab(key)}`));
    });

    test.each(Object.entries(Codes).filter(([, code]) => !CLI_LEVEL.has(code) && !SHORTENED.has(code)))('the example of %s prints what the page shows', async (key, code) => {
        const section = sections.get(`${code} ${kebab(key)}`)!;
        const example = /```seg\n([\s\S]*?)```/.exec(section)?.[1];
        const printed = /```text\n([\s\S]*?)```/.exec(section)?.[1];
        expect(example, `${code}: an example`).toBeDefined();
        expect(printed, `${code}: what seg check prints`).toBeDefined();
        // Checked as the file example.seg, the name the page shows (test.seg is emptied so its names cannot clash).
        const project = await checkFiles({ 'test.seg': '', 'example.seg': example! });
        const found = project.files.find(f => f.path === 'example.seg')!.diagnostics;
        expect(found.map(d => d.code), `${code}: the example triggers it and nothing else`).toEqual(found.map(() => code));
        expect(found.length).toBeGreaterThan(0);
        for (const d of found) {
            expect(printed, code).toContain(formatDiagnostic(toReported('example.seg', d), example, styleFor(process.stdout, false)).trimEnd());
        }
    });
});

test('every code of the checker has a test above (the config code is the CLI\'s)', () => {
    const missing = Object.values(Codes).filter(code => !CLI_LEVEL.has(code) && !seenCodes.has(code));
    expect(missing).toEqual([]);
});
