// The English of a segment keeps its grouping: bracketed operands read
// differently, and `seg explain` and the editor's hover say the same sentence.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../compiler/cli/main.js';
import { isSegmentDecl } from '../../language/generated/ast.js';
import { describeSegment } from '../../language/describe/describe.js';
import { checkFiles } from '../helpers.js';
import { inProcessServer } from '../lsp/in-process.js';

const BASE = ['A', 'B', 'C', 'D'].map(n => `segment ${n} = profile contact where address1_city = "${n}"`).join('\n');
const CASES: Record<string, string> = {
    S1: 'A intersect (B union C) intersect D',
    S2: '(A intersect B) union (C intersect D)',
    S3: 'A except (B except C)',
    S4: '(A except B) except C',
};
const SOURCE = `${BASE}\n${Object.entries(CASES).map(([n, body]) => `segment ${n} = ${body}`).join('\n')}\n`;

const EXPECTED: Record<string, string> = {
    S1: 'Members of A, who are also (members of B, or members of C), who are also members of D.',
    S2: '(Members of A, who are also members of B), or (members of C, who are also members of D).',
    S3: 'Members of A, except (members of B, except members of C).',
    S4: '(Members of A, except members of B), except members of C.',
};

async function sentences(): Promise<Record<string, string>> {
    const project = await checkFiles({ 'g.seg': SOURCE });
    const decls = project.files.find(f => f.path === 'g.seg')!.document.parseResult.value.declarations.filter(isSegmentDecl);
    return Object.fromEntries(decls.filter(d => d.name in CASES).map(d => [d.name, describeSegment(d.body)]));
}

describe('describing set expressions keeps their grouping', () => {
    it('reads each grouping differently', async () => {
        const got = await sentences();
        expect(got).toEqual(EXPECTED);
        expect(new Set(Object.values(got)).size).toBe(4);
    });

    it('a chain of one associative operator reads without brackets, however grouped', async () => {
        const project = await checkFiles({ 'g.seg': `${BASE}\nsegment L = (A union B) union C\nsegment R = A union (B union C)\n` });
        const decls = project.files.find(f => f.path === 'g.seg')!.document.parseResult.value.declarations.filter(isSegmentDecl);
        const [l, r] = ['L', 'R'].map(n => describeSegment(decls.find(d => d.name === n)!.body));
        expect(l).toBe('Members of A, or members of B, or members of C.');
        expect(r).toBe(l);
    });
});

describe('seg explain and the hover agree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seg-describe-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'g.seg'), SOURCE);
    const { hover } = inProcessServer();

    for (const name of Object.keys(CASES)) {
        it(`on ${CASES[name]}`, async () => {
            const out: string[] = [];
            const code = await main(['explain', name, dir, '--no-color'], { out: t => out.push(t), err: () => undefined });
            expect(code).toBe(0);
            const sentence = out.join('\n').split('\n')[2];
            expect(sentence).toBe(EXPECTED[name]);
            const marked = SOURCE.replace(`segment ${name} =`, `segment <|>${name} =`);
            await hover({ text: marked, index: 0, hover: new RegExp(`\\n\\n${sentence.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
        });
    }
});
