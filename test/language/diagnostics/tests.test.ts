// Diagnostics SEG5xx: segment tests (records, fixtures, expectations): one test (or a small describe) per code, with
// the code, the severity, the message and the exact range it underlines.
import { describe, expect, test } from 'vitest';
import { checkFiles, diagnosticsOf } from '../../helpers.js';
import { ERROR, WARNING, all, one, clean, GUID } from './support.js';

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
