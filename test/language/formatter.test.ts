import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSeg } from '../../language/format/format-seg.js';
import { services } from '../helpers.js';
import { noisyProgram, segProgram } from '../support/arbitrary-seg.js';
import { normalizeAst } from '../support/normalize-ast.js';

const Seg = services.Seg;

function fmt(text: string, width?: number): string {
    const r = formatSeg(Seg, text, { width });
    if (!r.ok) throw new Error(`does not parse: ${JSON.stringify(r.problems)}\n${text}`);
    return r.text;
}

function parse(text: string) {
    const r = Seg.parser.LangiumParser.parse(text);
    expect([...r.lexerErrors, ...r.parserErrors]).toEqual([]);
    return normalizeAst(r.value);
}

function comments(text: string): string[] {
    return Seg.parser.Lexer.tokenize(text).hidden.map(t => t.image.trimEnd()).filter(t => t.startsWith('/')).sort();
}

function segFiles(dir: string): string[] {
    return readdirSync(dir).flatMap(f => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? segFiles(p) : p.endsWith('.seg') ? [p] : [];
    });
}

describe('canonical layout', () => {
    it('puts a short segment on one line and normalizes spacing and quotes', () => {
        expect(fmt(`segment   A=interaction   EmailOpened within 14 days\n`))
            .toBe('segment A = interaction EmailOpened within 14 days\n');
        expect(fmt(`segment A = profile contact where address1_city = 'Seattle'`))
            .toBe('segment A = profile contact where address1_city = "Seattle"\n');
    });

    it('breaks a long interaction query into one clause per line in the order via, having, window, where', () => {
        const src = 'segment WelcomeOpeners = interaction EmailOpened where customerJourneyId = "5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a" within 14 days having count >= 3 via contact';
        expect(fmt(src)).toBe([
            'segment WelcomeOpeners =',
            '  interaction EmailOpened',
            '    via contact',
            '    having count >= 3',
            '    within 14 days',
            '    where customerJourneyId = "5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a"',
            '',
        ].join('\n'));
    });

    it('breaks long conditions before and/or, indented under where', () => {
        const src = 'segment C = profile contact where address1_city = "Seattle" and jobtitle contains "director" and parentcustomerid.numberofemployees >= 500 or donotemail';
        expect(fmt(src)).toBe([
            'segment C =',
            '  profile contact',
            '    where address1_city = "Seattle"',
            '      and jobtitle contains "director"',
            '      and parentcustomerid.numberofemployees >= 500',
            '      or donotemail',
            '',
        ].join('\n'));
    });

    it('separates declarations by exactly one blank line and lays out declarations one member per line', () => {
        const src = 'segment A = B\n\n\n\nsegment B = profile contact\nentity x key xid { a: string, b: choice { "A" = 1, "B" = 2 } c: -> contact }';
        expect(fmt(src)).toBe([
            'segment A = B', '', 'segment B = profile contact', '',
            'entity x key xid {', '  a: string', '  b: choice { "A" = 1, "B" = 2 }', '  c: -> contact', '}', '',
        ].join('\n'));
    });

    it('keeps parentheses and breaks long lists with a trailing comma', () => {
        const ids = ['0b6f7c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e', '9c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5', '11111111-2222-4333-8444-555555555555'];
        const out = fmt(`segment R = (A union B) intersect interaction EventRegistration where eventId in [${ids.map(i => `"${i}"`).join(', ')}]`);
        expect(out).toBe([
            'segment R =',
            '  (A union B)',
            '  intersect interaction EventRegistration',
            '    where eventId in [',
            ...ids.map(i => `      "${i}",`),
            '    ]',
            '',
        ].join('\n'));
    });
});

describe('comments', () => {
    const src = [
        '// file header',
        '',
        '/// Doc for A.',
        'segment A = interaction EmailOpened within 3 days // trailing A',
        '',
        'segment B =',
        '  // before the body',
        '  profile contact',
        '    where donotemail // why',
        '      and /* inline */ firstname is null',
        '',
        'entity x key xid {',
        '  a: string /* a */',
        '  // last',
        '}',
        '// end of file',
    ].join('\n');

    it('keeps every comment, with own-line comments on their own line and trailing ones trailing', () => {
        const out = fmt(src);
        expect(comments(out)).toEqual(comments(src));
        expect(out).toContain('// file header\n\n/// Doc for A.\nsegment A = interaction EmailOpened within 3 days // trailing A\n');
        expect(out).toContain('    where donotemail // why\n');
        expect(out).toContain('  a: string /* a */\n  // last\n}');
        expect(out.endsWith('// end of file\n')).toBe(true);
    });

    it('is idempotent on commented code', () => {
        const once = fmt(src);
        expect(fmt(once)).toBe(once);
    });
});

describe('refuses what does not parse', () => {
    it('returns the syntax problems instead of text', () => {
        const r = formatSeg(Seg, 'segment A = interaction EmailOpened having count >=\n');
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.problems[0]).toMatchObject({ line: 1, column: 52 });
    });
});

describe('properties', () => {
    const files = [...segFiles(join(__dirname, '../../examples')), ...segFiles(join(__dirname, '../../language/catalog'))];

    it.each(files.map(f => [f.replace(/.*\/(examples|language)\//, '$1/'), f]))('%s: parse(fmt(x)) = parse(x), idempotent, comments kept', (_name, file) => {
        const text = readFileSync(file, 'utf8');
        const once = fmt(text);
        expect(parse(once)).toEqual(parse(text));
        expect(fmt(once)).toBe(once);
        expect(comments(once)).toEqual(comments(text));
    });

    it('holds for generated programs with random layout and comments', () => {
        fc.assert(fc.property(fc.oneof(segProgram, noisyProgram), fc.constantFrom(40, 80, 100), ({ text }, width) => {
            const once = fmt(text, width);
            expect(parse(once)).toEqual(parse(text));
            expect(fmt(once, width)).toBe(once);
            expect(comments(once)).toEqual(comments(text));
        }), { numRuns: 300 });
    });
});
