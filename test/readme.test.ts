// The README's examples are what newcomers copy first: they must check clean.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../compiler/cli/main.js';
import { expect, it } from 'vitest';
import { diagnosticsOf } from './helpers.js';

it('every ```seg block of the README checks without errors or warnings, as one project', async () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```seg\n([\s\S]*?)```/g)].map(m => m[1]);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    const diagnostics = await diagnosticsOf(blocks.join('\n'));
    expect(diagnostics.filter(d => d.severity === 1 || d.severity === 2).map(d => d.message)).toEqual([]);
});

it('the README\'s segment test passes, and its failure output is what seg test prints when Bob is expected instead', async () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const source = [...readme.matchAll(/```seg\n([\s\S]*?)```/g)].map(m => m[1]).join('\n');
    const run = async (text: string) => {
        const dir = mkdtempSync(join(tmpdir(), 'seg-readme-'));
        writeFileSync(join(dir, 'readme.seg'), text);
        const out: string[] = [];
        const code = await main(['test', dir, '--no-color'], { out: t => out.push(t), err: t => out.push(t) });
        return { code, out: out.join('\n') };
    };
    const passing = await run(source);
    expect(passing.out).toContain('Tests: 1 passed, 1 total (3 expectations)');
    expect(passing.code).toBe(0);
    const failing = await run(source.replace('expect WelcomeOpeners excludes bob', 'expect WelcomeOpeners includes bob'));
    expect(failing.code).toBe(1);
    const shown = /```text\n( {2}✗ welcome openers[\s\S]*?)```/.exec(readme)![1].trimEnd().split('\n');
    const printed = failing.out.split('\n');
    const normalize = (l: string) => l.replace(/\(\d+ ms\)/, '').replace(/ {2}\S+\.seg:\d+:\d+$/, '').trimEnd();
    expect(shown.length).toBeGreaterThan(5);
    for (const line of shown) expect(printed.map(normalize)).toContain(normalize(line));
});
