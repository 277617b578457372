// docs/diagnostics.md and the codes of language/check/codes.ts kept in step:
// every code has a section whose example prints what the page shows, and a
// test in this folder's file for its family (SEG0xx syntax, 1xx names, 2xx
// references, 3xx types, 4xx queries, 5xx tests, 6xx config).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { formatDiagnostic, toReported } from '../../../compiler/report/diagnostic-report.js';
import { styleFor } from '../../../compiler/report/terminal.js';
import { Codes } from '../../../language/check/codes.js';
import { checkFiles } from '../../helpers.js';

const CLI_LEVEL = new Set<string>([Codes.Config]);
/** Codes whose real trigger is too long to print on the page; they have their own tests above. */
const SHORTENED = new Set<string>([Codes.TooComplex]);
const kebab = (key: string) => key.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase());

describe('docs/diagnostics.md', () => {
    const docs = readFileSync(new URL('../../../docs/diagnostics.md', import.meta.url), 'utf8');
    const sections = new Map<string, string>();
    for (const part of docs.split(/^## /m).slice(1)) sections.set(part.slice(0, part.indexOf('\n')).trim(), part);

    test('documents every code under a "SEGnnn kebab-name" heading', () => {
        expect([...sections.keys()]).toEqual(Object.entries(Codes).map(([key, code]) => `${code} ${kebab(key)}`));
    });

    test.each(Object.entries(Codes).filter(([, code]) => !CLI_LEVEL.has(code) && !SHORTENED.has(code)))('the example of %s prints what the page shows', async (key, code) => {
        const section = sections.get(`${code} ${kebab(key)}`)!;
        const example = /```seg\n([\s\S]*?)```/.exec(section)?.[1];
        const printed = /```text\n([\s\S]*?)```/.exec(section)?.[1];
        expect(example, `${code}: an example`).toBeDefined();
        expect(printed, `${code}: what seg check prints`).toBeDefined();
        // Checked as the file example.seg, the name the page shows (test.seg is emptied so its names cannot clash).
        const project = await checkFiles({ 'test.seg': '', 'example.seg': example! });
        const found = project.files.find(f => f.path === 'example.seg')!.diagnostics;
        expect(found.map(d => d.code), `${code}: the example triggers it and nothing else`).toEqual(found.map(() => code));
        expect(found.length).toBeGreaterThan(0);
        for (const d of found) {
            expect(printed, code).toContain(formatDiagnostic(toReported('example.seg', d), example, styleFor(process.stdout, false)).trimEnd());
        }
    });
});

test('every code has a test in this folder (its code named in a test file of its family)', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    const family = (code: string) => ({ 0: 'syntax', 1: 'names', 2: 'references', 3: 'types', 4: 'queries', 5: 'tests', 6: 'config' })[Number(code[3])];
    const missing = Object.values(Codes).filter(code => {
        const file = join(dir, `${family(code)}.test.ts`);
        return !existsSync(file) || !readFileSync(file, 'utf8').includes(`'${code}`) && !readFileSync(file, 'utf8').includes(`${code} `);
    });
    expect(missing).toEqual([]);
});
