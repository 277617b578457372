// seg explain NAME: the description, dependencies and dependents, the plan and the SQL.
import { mkdtempSync, writeFileSync } from 'node:fs';
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
segment Openers = interaction EmailOpened having count >= 2 within 7 days
segment Seattle = profile contact where address1_city = "seattle"
segment Both = Openers intersect Seattle
segment Either = Both union Seattle
`;

function project(): string {
    const dir = mkdtempSync(join(tmpdir(), 'seg-explain-'));
    writeFileSync(join(dir, 'seg.json'), '{ "timezone": "UTC" }');
    writeFileSync(join(dir, 'segments.seg'), SEGMENTS);
    return dir;
}

describe('seg explain', () => {
    it('explains a compound segment', async () => {
        const r = await run('explain', 'Both', project());
        expect(r.code).toBe(0);
        expect(r.out).toMatch(/^Both — segments\.seg:4:1\n/);
        expect(r.out).toContain('Members of Openers, who are also members of Seattle.');
        expect(r.out).toContain('Uses:\n  Openers\n  Seattle\n');
        expect(r.out).toContain('Used by:\n  Either\n');
        const plan = JSON.parse(r.out.split('\nPlan:\n')[1].split('\n\nSQL:\n')[0]);
        expect(plan.segments.map((s: { name: string }) => s.name)).toEqual(['Both']);
        expect(plan.nodes.map((n: { kind: string }) => n.kind)).toEqual(['interaction', 'profile', 'intersect']);
        const sql = r.out.split('\nSQL:\n')[1];
        expect(sql).toMatch(/^-- Segment: Both\n-- Source: segments\.seg:4:1\n-- Parameters:\n/);
        expect(sql).toContain('INTERSECT');
    });

    it('shows dependencies recursively, indented', async () => {
        const r = await run('explain', 'Either', project());
        expect(r.code).toBe(0);
        expect(r.out).toContain('Uses:\n  Both\n    Openers\n    Seattle\n  Seattle\n');
        expect(r.out).toContain('Used by:\n  (none)\n');
        const o = await run('explain', 'Openers', project());
        expect(o.out).toContain('Used by:\n  Both\n    Either\n');
    });

    it('an unknown name is a usage error with a suggestion', async () => {
        const r = await run('explain', 'Opener', project());
        expect(r.code).toBe(2);
        expect(r.err).toContain("Did you mean 'Openers'?");
        expect((await run('explain')).code).toBe(2);
    });
});
