// Strings as PostgreSQL sees them: lower() with simple case mappings, code point order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortKeys } from '../../../compiler/exec/sort-keys.js';
import { compareCodePoints, pgLower } from '../../../compiler/exec/text.js';

const codePoints = (s: string) => [...s].map(c => c.codePointAt(0)!);

describe('pgLower', () => {
    it('lowers each code point by its simple mapping', () => {
        expect(pgLower('Hello WORLD')).toBe('hello world');
        expect(pgLower('İstanbul')).toBe('istanbul');
        expect(pgLower('ΟΔΟΣ ΣΑΣ')).toBe('οδοσ σασ');
        expect(pgLower('ǅ')).toBe('ǆ');
        expect(pgLower('𐐀')).toBe('𐐨'); // Deseret, astral
        expect(pgLower('ß')).toBe('ß');
    });

    it('agrees with lowering code point by code point', () => {
        fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), s => {
            const one = [...s].map(c => (c === 'İ' ? 'i' : c === 'Σ' ? 'σ' : c.toLowerCase())).join('');
            expect(pgLower(s)).toBe(one);
        }), { numRuns: 500 });
    });
});

describe('compareCodePoints', () => {
    it('orders astral characters above the rest of the BMP', () => {
        expect(compareCodePoints('\u{1F600}', '\uFFFD')).toBeGreaterThan(0);
        expect('\u{1F600}' < '\uFFFD').toBe(true); // what JavaScript's UTF-16 order says
        expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
        expect(compareCodePoints('abc', 'abc')).toBe(0);
    });

    it('is the order of the code point sequences', () => {
        const text = fc.string({ unit: fc.constantFrom('a', 'z', 'é', '\uD7FF', '\uE000', '\uFFFD', '\u{10000}', '\u{1F600}', '\u{10FFFF}'), maxLength: 5 });
        fc.assert(fc.property(text, text, (a, b) => {
            const x = codePoints(a), y = codePoints(b);
            let expected = 0;
            for (let i = 0; i < Math.min(x.length, y.length) && expected === 0; i++) expected = Math.sign(x[i] - y[i]);
            if (expected === 0) expected = Math.sign(x.length - y.length);
            expect(Math.sign(compareCodePoints(a, b))).toBe(expected);
        }), { numRuns: 1000 });
    });
});

describe('sortKeys', () => {
    const uuid = fc.uuid();
    const reference = (keys: string[]) => [...keys].sort(compareCodePoints);

    it('sorts uuids, shared prefixes and all, like a code point sort', () => {
        fc.assert(fc.property(fc.array(uuid, { minLength: 200, maxLength: 1500 }), keys => {
            expect(sortKeys(keys)).toEqual(reference(keys));
            const shared = keys.map(k => `00000000-0000-4000-8000-${k.slice(-12)}`);
            expect(sortKeys(shared)).toEqual(reference(shared));
        }), { numRuns: 20 });
    });

    it('sorts any strings: short, equal, NUL, non-ASCII, astral', () => {
        const unit = fc.constantFrom('\u0000', 'a', 'b', 'z', '0', '-', 'é', '\uFFFD', '\u{1F600}', '\u{10FFFF}');
        const key = fc.string({ unit, maxLength: 8 });
        fc.assert(fc.property(fc.array(key, { minLength: 0, maxLength: 800 }), keys => {
            expect(sortKeys(keys)).toEqual(reference(keys));
            const ascii = keys.map(k => k.replace(/[^\u0000-\u007f]/gu, 'q'));
            expect(sortKeys(ascii)).toEqual(reference(ascii));
        }), { numRuns: 40 });
    });

    it('leaves its input alone', () => {
        const keys = Array.from({ length: 300 }, (_, i) => String(300 - i));
        const copy = [...keys];
        sortKeys(keys);
        expect(keys).toEqual(copy);
    });
});
