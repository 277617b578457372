// Diagnostics SEG2xx: segment references (cycles, drafts): one test (or a small describe) per code, with
// the code, the severity, the message and the exact range it underlines.
import { describe, expect, test } from 'vitest';
import { ERROR, all, one, clean } from './support.js';

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
