// --as-of is read like a date or date-time literal: 2026-02-30 and 25:00 are
// errors (as SEG303 in the language), not rolled over into March or the next day.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../compiler/cli/main.js';
import { parseAsOf } from '../../../compiler/cli/project-plan.js';

const examples = join(__dirname, '..', '..', '..', 'examples');

async function run(...args: string[]): Promise<{ code: number; err: string }> {
    const err: string[] = [];
    const code = await main([...args, '--no-color'], { out: () => {}, err: t => err.push(t) });
    return { code, err: err.join('\n') };
}

describe('--as-of', () => {
    it('rejects days that are not in the calendar', () => {
        for (const text of ['2026-02-30T00:00:00Z', '2026-02-29', '2025-04-31T08:00', '2026-13-01', '2026-00-10']) {
            expect(() => parseAsOf(text), text).toThrow(/is not a (calendar date|valid date-time)/);
        }
    });

    it('rejects times and offsets out of range', () => {
        for (const text of ['2026-03-01T25:00:00Z', '2026-03-01T24:00Z', '2026-03-01T08:60:00Z', '2026-03-01T08:00:60Z', '2026-03-01T08:00:00+15:00']) {
            expect(() => parseAsOf(text), text).toThrow(/is not a valid date-time/);
        }
    });

    it('still reads valid dates and date-times, a leap day included', () => {
        expect(parseAsOf('2028-02-29').toISOString()).toBe('2028-02-29T00:00:00.000Z');
        expect(parseAsOf('2026-03-01T08:00').toISOString()).toBe('2026-03-01T08:00:00.000Z');
        expect(parseAsOf('2026-03-01T23:59:59.5+14:00').toISOString()).toBe('2026-03-01T09:59:59.500Z');
    });

    const commands = [
        ['run', examples],
        ['compile', examples, '--inline'],
        ['test', examples],
        ['db', 'seed', examples, '--data-dir', join(examples, 'no-such-dir')],
        ['diff', 'HEAD', examples, '--data-dir', join(examples, 'no-such-dir')],
    ];
    for (const args of commands) {
        it(`seg ${args[0]}${args[1] === 'seed' ? ' seed' : ''} gives a one-line usage error, exit 2`, async () => {
            const r = await run(...args, '--as-of', '2026-02-30T00:00:00Z');
            expect(r.code).toBe(2);
            expect(r.err).toContain('--as-of 2026-02-30T00:00:00Z is not a valid date-time');
            expect(r.err.trim().split('\n')).toHaveLength(1);
            expect(existsSync(join(examples, 'no-such-dir')), 'no database is created').toBe(false);
        }, 60_000);
    }
});
