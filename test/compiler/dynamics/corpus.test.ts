// The import corpus: each corpus/*.txt (Dynamics queries, `Name: query` per
// line) imports to the reviewed corpus/*.seg, with the reviewed diagnostics
// in corpus/*.diagnostics. SEG_UPDATE_GOLDEN=1 rewrites them; read every
// changed one before committing it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importDynamicsQueries, type ImportResult } from '../../../compiler/dynamics/import-queries.js';
import { readEntries } from '../../../compiler/dynamics/input-formats.js';
import { checkFiles, services } from '../../helpers.js';
import { golden as goldenFile } from '../../support/golden.js';

const dir = join(__dirname, 'corpus');
const inputs = readdirSync(dir).filter(f => f.endsWith('.txt')).sort();

const golden = (file: string, actual: string) => goldenFile(dir, file, actual);

export function diagnosticsText(result: ImportResult): string {
    return result.queries.flatMap(q => q.diagnostics.map(d => `${q.segment} ${d.pos.line}:${d.pos.column} ${d.severity} ${d.code} ${d.message}`)).join('\n') + '\n';
}

describe('Dynamics import corpus', () => {
    it('has the corpus', () => expect(inputs.length).toBeGreaterThanOrEqual(7));

    for (const input of inputs) {
        it(`${input} imports to its reviewed .seg and diagnostics`, async () => {
            const result = await importDynamicsQueries(services, readEntries(readFileSync(join(dir, input), 'utf8'), input));
            const base = input.replace(/\.txt$/, '');
            golden(`${base}.seg`, result.text);
            golden(`${base}.diagnostics`, diagnosticsText(result));
            // Whatever imports is checked Seg, with no errors.
            const checked = await checkFiles({ [`${base}.seg`]: result.text });
            expect(checked.errorCount, checked.files.flatMap(f => f.diagnostics.map(d => d.message)).join('\n')).toBe(0);
        });
    }
});
