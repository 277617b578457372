// "Did you mean": the bounded edit distance agrees with the full one, and suggestions
// over many candidates (a bad paste in a big workspace) stay the same and stay cheap.
import { describe, expect, it } from 'vitest';
import { boundedEditDistance, editDistance, suggest } from '../../language/check/suggest.js';

function rng(seed: number) {
    let s = seed >>> 0;
    return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('boundedEditDistance', () => {
    it('is editDistance when that is within the limit, limit + 1 otherwise', () => {
        const r = rng(7);
        const word = () => Array.from({ length: 1 + Math.floor(r() * 9) }, () => 'abcAB'[Math.floor(r() * 5)]).join('');
        for (let i = 0; i < 5000; i++) {
            const a = word(), b = word(), limit = Math.floor(r() * 5);
            expect(boundedEditDistance(a, b, limit), `${a} ${b} ${limit}`).toBe(Math.min(editDistance(a, b), limit + 1));
        }
    });

    it('counts a swap of neighbours as one edit', () => {
        expect(boundedEditDistance('alcie', 'alice', 1)).toBe(1);
        expect(boundedEditDistance('EmailOpend', 'emailopened', 2)).toBe(1);
    });
});

describe('suggest with many candidates', () => {
    const catalog = ['EmailOpened', 'EmailClicked', 'EmailSent', 'EmailDelivered', 'Male', 'Female', 'contact', 'account'];
    // A big workspace: thousands of names, some close to each other.
    const many = [...Array.from({ length: 20000 }, (_, i) => `S${i}`), ...catalog, ...Array.from({ length: 5000 }, (_, i) => `Segment${i}Name`)];

    it('gives the same suggestions as with few candidates', () => {
        for (const [name, expected] of [
            ['EmailOpend', ['EmailOpened']], ['Mal', ['Male']], ['Opened', ['EmailOpened']], ['contcat', ['contact']],
        ] as const) {
            expect(suggest(name, catalog)).toEqual(expected);
            expect(suggest(name, many)).toEqual(expected);
        }
        expect(suggest('S12x', many)).toEqual(['S12', 'S120', 'S121']);
        expect(suggest('Segment12Nam', many)).toEqual(['Segment12Name']);
        expect(suggest('Zzzzzzzz', many)).toEqual([]);
    });

    it('does not compare a pasted paragraph character by character', () => {
        const paragraph = 'x'.repeat(5000);
        expect(suggest(paragraph, many)).toEqual([]);
    });

    it('answers 600 unknown names against 25,000 candidates quickly', () => {
        const start = performance.now();
        for (let i = 0; i < 600; i++) suggest(`Sx${i}`, many);
        // The full edit distance on every candidate took 40 s here on a loaded machine, the bounded one 3 s.
        expect(performance.now() - start).toBeLessThan(15000);
    }, 60000);
});
