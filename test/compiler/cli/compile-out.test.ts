// seg compile --out DIR writes NAME.sql and NAME.plan.json per segment; --check compares DIR with them.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../compiler/cli/main.js';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [], err: string[] = [];
    const code = await main([...args, '--no-color'], { out: t => out.push(t), err: t => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
}

const SEGMENTS = `
segment A = interaction EmailOpened having count >= 2 within 7 days
segment B = profile contact where address1_city = "seattle"
segment C = A intersect B
`;

function project(segments = SEGMENTS): string {
    const dir = mkdtempSync(join(tmpdir(), 'seg-out-'));
    writeFileSync(join(dir, 'seg.json'), '{ "timezone": "Europe/Amsterdam" }');
    writeFileSync(join(dir, 'segments.seg'), segments);
    return dir;
}

function tree(dir: string): Record<string, string> {
    return Object.fromEntries(readdirSync(dir).sort().map(n => [n, readFileSync(join(dir, n), 'utf8')]));
}

describe('seg compile --out', () => {
    it('writes a .sql and a .plan.json per segment, and --check finds them up to date', async () => {
        const dir = project(), out = join(dir, 'compiled');
        expect((await run('compile', dir, '--out', out)).code).toBe(0);
        expect(readdirSync(out).sort()).toEqual(['A.plan.json', 'A.sql', 'B.plan.json', 'B.sql', 'C.plan.json', 'C.sql']);
        const check = await run('compile', dir, '--out', out, '--check');
        expect(check.code).toBe(0);
        expect(check.out).toContain('up to date');
    });

    it('a segment plan has only its own entry and the nodes it reaches, renumbered from 0', async () => {
        const dir = project(), out = join(dir, 'compiled');
        await run('compile', dir, '--out', out);
        const b = JSON.parse(readFileSync(join(out, 'B.plan.json'), 'utf8'));
        expect(b.version).toBe(1);
        expect(b.segments.map((s: { name: string }) => s.name)).toEqual(['B']);
        expect(b.nodes.map((n: { id: number; kind: string }) => [n.id, n.kind])).toEqual([[0, 'profile']]);
        expect(b.segments[0].node).toBe(0);
        expect(b.nodes[0].refCount).toBe(1);
        const c = JSON.parse(readFileSync(join(out, 'C.plan.json'), 'utf8'));
        expect(c.segments).toEqual([expect.objectContaining({ name: 'C', uses: ['A', 'B'], node: 2 })]);
        expect(c.nodes.map((n: { id: number; kind: string }) => [n.id, n.kind])).toEqual([[0, 'interaction'], [1, 'profile'], [2, 'intersect']]);
        expect(c.nodes[2]).toMatchObject({ left: 0, right: 1, refCount: 1 });
        expect(readFileSync(join(out, 'C.plan.json'), 'utf8')).toMatch(/\n}\n$/);
    });

    it('is byte-identical across runs, and the SQL does not depend on the current time', async () => {
        const dir = project();
        const one = join(dir, 'one'), two = join(dir, 'two');
        await run('compile', dir, '--out', one);
        await new Promise(r => setTimeout(r, 20));
        await run('compile', dir, '--out', two);
        expect(tree(two)).toEqual(tree(one));
        const a = readFileSync(join(one, 'A.sql'), 'utf8');
        expect(a).toContain('--   $1 asOf (timestamptz)\n');
        expect(a).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    });

    it('--check lists changed, missing and extra files and exits 1, writing nothing', async () => {
        const dir = project(), out = join(dir, 'compiled');
        await run('compile', dir, '--out', out);
        const before = tree(out);

        // C uses A: its plan and its SQL change too; B's do not.
        writeFileSync(join(dir, 'segments.seg'), SEGMENTS.replace('within 7 days', 'within 14 days'));
        const changed = await run('compile', dir, '--out', out, '--check');
        expect(changed.code).toBe(1);
        expect(changed.out.split('\n')).toEqual(['changed: A.plan.json', 'changed: A.sql', 'changed: C.plan.json', 'changed: C.sql']);
        expect(tree(out)).toEqual(before);

        writeFileSync(join(dir, 'segments.seg'), SEGMENTS.replace('segment C = A intersect B\n', ''));
        const extra = await run('compile', dir, '--out', out, '--check');
        expect(extra.code).toBe(1);
        expect(extra.out.split('\n')).toEqual(['extra: C.plan.json', 'extra: C.sql']);

        writeFileSync(join(dir, 'segments.seg'), SEGMENTS + 'segment D = A union B\n');
        const missing = await run('compile', dir, '--out', out, '--check');
        expect(missing.code).toBe(1);
        expect(missing.out.split('\n')).toEqual(['missing: D.plan.json', 'missing: D.sql']);
        expect(tree(out)).toEqual(before);

        expect((await run('compile', dir, '--out', out)).code).toBe(0);
        expect((await run('compile', dir, '--out', out, '--check')).code).toBe(0);
    });

    it('--check needs --out', async () => {
        const r = await run('compile', project(), '--check');
        expect(r.code).toBe(2);
        expect(r.err).toContain('--check needs --out');
    });
});
