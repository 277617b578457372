// The editor on segment tests: completion of record kinds, fields, record
// names, segments and choice labels inside test and fixture blocks, and
// diagnostics as `seg check` reports them.
import { describe, expect, it } from 'vitest';
import { inProcessServer } from './in-process.js';

const { completeAt, validate, hover, symbols } = inProcessServer();

const SEGMENTS = 'segment Openers = interaction EmailOpened within 14 days\nsegment Seattle = profile contact where address1_city = "Seattle"\n';

describe('completion in segment tests', () => {
    it('offers entities and interaction types to start a record, and the test keywords', async () => {
        await completeAt(`${SEGMENTS}test "t" {\n  <|>\n}`, l => {
            expect(l).toEqual(expect.arrayContaining(['contact', 'account', 'EmailOpened', 'expect', 'as']));
        });
    });

    it('offers the fields of the record\'s entity inside its braces', async () => {
        await completeAt(`${SEGMENTS}test "t" {\n  contact alice { <|> }\n}`, l => {
            expect(l).toEqual(expect.arrayContaining(['firstname', 'address1_city', 'parentcustomerid']));
            expect(l).not.toContain('messageId');
        });
        await completeAt(`${SEGMENTS}test "t" {\n  contact alice { firstname: "A", <|> }\n}`, l => {
            expect(l).toContain('lastname');
        });
    });

    it('offers the fields of the interaction type in an interaction record', async () => {
        await completeAt(`${SEGMENTS}test "t" {\n  contact alice\n  EmailOpened by alice now { <|> }\n}`, l => {
            expect(l).toEqual(expect.arrayContaining(['messageId', 'emailDomain']));
            expect(l).not.toContain('firstname');
        });
    });

    it('offers the records of the test and its fixtures after `by`, after `includes` and for a lookup', async () => {
        const text = (at: string) => `${SEGMENTS}fixture F {\n  contact bob\n}\ntest "t" using F {\n  contact alice\n  account contoso\n  ${at}\n}`;
        await completeAt(text('EmailOpened by <|>'), l => expect(l).toEqual(expect.arrayContaining(['alice', 'bob', 'contoso'])));
        await completeAt(text('expect Openers includes <|>'), l => expect(l).toEqual(expect.arrayContaining(['alice', 'bob'])));
        await completeAt(text('contact carol { parentcustomerid: <|> }'), l => expect(l).toContain('contoso'));
    });

    it('offers segments after `expect` and in `count(`, and fixtures after `using`', async () => {
        await completeAt(`${SEGMENTS}test "t" {\n  expect <|>\n}`, l => expect(l).toEqual(expect.arrayContaining(['Openers', 'Seattle', 'count'])));
        await completeAt(`${SEGMENTS}test "t" {\n  expect count(<|>\n}`, l => expect(l).toEqual(expect.arrayContaining(['Openers', 'Seattle'])));
        await completeAt(`${SEGMENTS}fixture People {}\ntest "t" using <|> {}`, l => expect(l).toContain('People'));
    });

    it('offers a choice field\'s labels after its colon', async () => {
        await completeAt(`${SEGMENTS}test "t" {\n  contact alice { statecode: <|> }\n}`, l => expect(l).toEqual(['"Active"', '"Inactive"']));
    });

    it('offers units and `ago` for a relative time', async () => {
        await completeAt(`${SEGMENTS}test "t" {\n  contact alice\n  EmailOpened by alice 2 <|>\n}`, l => expect(l).toEqual(expect.arrayContaining(['days', 'hours'])));
    });
});

describe('diagnostics in segment tests', () => {
    it('reports an unknown record and a field of the wrong entity with Seg codes', async () => {
        const result = await validate(`${SEGMENTS}test "t" {\n  contact alice { messageId: "x" }\n  expect Openers includes alicia\n}`);
        const found = result.diagnostics.map(d => [d.code, d.message]);
        expect(found).toEqual(expect.arrayContaining([
            ['SEG104', "Entity 'contact' has no field 'messageId'."],
            ['SEG506', "No record 'alicia' in this test or the fixtures it uses. Did you mean 'alice'?"],
        ]));
        result.dispose();
    });
});

describe('hover and outline in segment tests', () => {
    const text = `${SEGMENTS}fixture People {\n  contact alice { firstname: "Alice" }\n}\ntest "t" using People {\n  contact bob\n  EmailOpened by <|>alice now\n  expect <|>Openers includes <|>bob\n}`;

    it('shows a record as written and where it comes from', async () => {
        await hover({ text, index: 0, hover: '```seg\ncontact alice { firstname: "Alice" }\n```\n\nRecord of fixture `People`.' });
        await hover({ text, index: 2, hover: '```seg\ncontact bob\n```\n\nRecord of this test.' });
        await hover({ text, index: 1, hover: /Contacts with at least one EmailOpened interaction in the last 14 days/ });
    });

    it('lists a test by its title with its records under it', async () => {
        await symbols({
            text: text.replace(/<\|>/g, ''),
            assert: list => {
                expect(list.map(s => s.name)).toEqual(['Openers', 'Seattle', 'People', 'test "t"']);
                expect(list[2].children?.map(c => c.name)).toEqual(['alice']);
                expect(list[3].children?.map(c => c.name)).toEqual(['bob']);
            },
        });
    });
});
