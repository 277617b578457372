// The README's examples are what newcomers copy first: they must check clean.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { diagnosticsOf } from './helpers.js';

it('every ```seg block of the README checks without errors or warnings, as one project', async () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```seg\n([\s\S]*?)```/g)].map(m => m[1]);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    const diagnostics = await diagnosticsOf(blocks.join('\n'));
    expect(diagnostics.filter(d => d.severity === 1 || d.severity === 2).map(d => d.message)).toEqual([]);
});
