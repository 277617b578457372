// Comments cite the language by docs/language.md's section numbers (not the
// external contract's, whose numbering differs): each cited § must exist there.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const files = (dir: string): string[] => readdirSync(join(root, dir), { withFileTypes: true }).flatMap(e => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'generated' || e.name === 'node_modules' || e.name === 'fixtures' ? [] : files(path);
    return /\.(ts|js|langium)$/.test(e.name) ? [path] : [];
});
const sources = ['language', 'compiler', 'lsp', 'test', 'bench'].flatMap(files).map(path => ({ path, text: readFileSync(join(root, path), 'utf8') }));
const sections = new Set([...readFileSync(join(root, 'docs/language.md'), 'utf8').matchAll(/^## (\d+)\. /gm)].map(m => Number(m[1])));

describe('section references', () => {
    it('no comment cites the contract by section number', () => {
        const cited = sources.filter(f => /contract('s)? §|contract \(§/.test(f.text)).map(f => f.path);
        expect(cited).toEqual([]);
    });

    it('every docs/language.md § cited exists', () => {
        expect(sections.size).toBeGreaterThan(10);
        const bad: string[] = [];
        let count = 0;
        for (const f of sources) {
            for (const m of f.text.matchAll(/docs\/language\.md (§[\d§–, and]+)/g)) {
                for (const n of m[1].matchAll(/§(\d+)/g)) {
                    count++;
                    if (!sections.has(Number(n[1]))) bad.push(`${f.path}: §${n[1]}`);
                }
            }
        }
        expect(count).toBeGreaterThan(10);
        expect(bad).toEqual([]);
    });
});
