// SEG409: a duration is at most 1,000 years in every unit, wherever a duration
// is written (rolling windows, `between … ago`, a field's `within`, a test
// record's `N days ago`), so both engines can compute as-of − duration.
import { describe, expect, it } from 'vitest';
import { MAX_DURATION } from '../../language/model/duration-limits.js';
import { diagnosticsOf, rangeText } from '../helpers.js';

const places = (n: number | string, unit: string): Record<string, string> => ({
    'rolling window': `segment S = interaction EmailOpened within ${n} ${unit}`,
    'between … ago': `segment S = interaction EmailOpened between 1 and ${n} ${unit} ago`,
    'field within (datetime)': `segment S = profile contact where createdon within ${n} ${unit}`,
    'field within (date)': `segment S = profile contact where birthdate within ${n} ${unit}`,
    'test record': [
        'segment S = interaction EmailOpened',
        'test "t" {',
        '  as of 2026-03-01T00:00:00Z',
        '  contact alice { firstname: "Alice" }',
        `  EmailOpened by alice ${n} ${unit} ago`,
        '  expect S includes alice',
        '}',
    ].join('\n'),
});

const invalid = async (text: string) => (await diagnosticsOf(text)).filter(d => d.code === 'SEG409');

describe('durations up to 1,000 years', () => {
    for (const [unit, max] of Object.entries(MAX_DURATION)) {
        it(`${max} ${unit}s is accepted everywhere, ${max + 1} is SEG409`, async () => {
            for (const [where, text] of Object.entries(places(max, `${unit}s`))) {
                expect(await invalid(text), where).toEqual([]);
            }
            for (const [where, text] of Object.entries(places(max + 1, `${unit}s`))) {
                const found = await invalid(text);
                expect(found, where).toHaveLength(1);
                expect(found[0].severity, where).toBe(1);
                expect(found[0].message).toBe(`A duration is at most 1,000 years: ${max.toLocaleString('en-US')} ${unit}s; found ${max + 1}.`);
                expect(rangeText(text, found[0])).toBe(String(max + 1));
            }
        });
    }

    it('the sizes that gave wrong or failing SQL are errors', async () => {
        for (const text of ['within 357913942 years', 'within 2147483647 years', 'within 10000 years', 'within 1001 year', 'within 12001 months']) {
            expect(await invalid(`segment S = interaction EmailOpened ${text}`), text).toHaveLength(1);
        }
    });

    it('the limits are no more than 1,000 calendar years and fit make_interval', () => {
        const minutesIn1000Years = 1000 * 365 * 24 * 60;
        expect(MAX_DURATION.minute).toBeLessThanOrEqual(minutesIn1000Years);
        expect(MAX_DURATION.hour * 60).toBeLessThanOrEqual(minutesIn1000Years);
        expect(MAX_DURATION.day * 24 * 60).toBeLessThanOrEqual(minutesIn1000Years);
        expect(MAX_DURATION.week * 7 * 24 * 60).toBeLessThanOrEqual(minutesIn1000Years);
        expect(MAX_DURATION.month).toBeLessThanOrEqual(12 * 1000);
        expect(MAX_DURATION.year).toBe(1000);
        for (const n of Object.values(MAX_DURATION)) expect(n).toBeLessThan(2 ** 31);
    });
});
