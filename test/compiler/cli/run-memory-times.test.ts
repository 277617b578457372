// seg run --engine memory times each segment on its own (issue 9, item 19): before, every
// segment showed the same share of one evaluation of all of them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// The executor, slowed down by 60 ms whenever it evaluates the segment Slow.
vi.mock('../../../compiler/exec/execute.js', async original => {
    const real = await original<typeof import('../../../compiler/exec/execute.js')>();
    return {
        ...real,
        execute: (...args: Parameters<typeof real.execute>) => {
            const [plan, , options] = args;
            const names = options.segments ?? plan.segments.map(s => s.name);
            if (names.includes('Slow')) { const until = performance.now() + 60; while (performance.now() < until) { /* busy */ } }
            return real.execute(...args);
        },
    };
});

const { runMain } = await import('./run-main.js');

describe('seg run --engine memory', () => {
    it('shows each segment its own time', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'seg-memtime-'));
        writeFileSync(join(dir, 'seg.json'), '{}');
        writeFileSync(join(dir, 'a.seg'), 'segment Slow = interaction EmailOpened within 30 days\nsegment Fast = interaction EmailClicked within 30 days\n');
        const r = await runMain('run', dir, '--engine', 'memory');
        expect(r.code, r.err).toBe(0);
        const ms = (name: string) => Number(new RegExp(`^${name}\\s+[\\d,]+\\s+([\\d.]+) ms$`, 'm').exec(r.out)?.[1]);
        expect(ms('Slow')).toBeGreaterThanOrEqual(55);
        expect(ms('Fast')).toBeLessThan(55);
    }, 120_000);
});
