// Diagnostics SEG0xx: syntax, characters, escapes, limits: one test (or a small describe) per code, with
// the code, the severity, the message and the exact range it underlines.
import { describe, expect, test } from 'vitest';
import { diagnosticsOf, rangeText } from '../../helpers.js';
import { ERROR, WARNING, all, one, clean, profile, summarize } from './support.js';

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
            message: `Expected '(', a name, 'profile', 'first', 'last' or 'interaction' but found 'or'.`, underlined: 'or',
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
        expect(d).toMatchObject({ code: 'SEG409', message: 'A duration is at most 1,000 years: 365,000 days; found 2147483648.', underlined: '2147483648' });
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
