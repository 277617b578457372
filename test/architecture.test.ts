// The import direction of the source folders (docs/architecture.md): data flows
// language → compiler → lsp, and each layer imports only those below it:
//   - language/ imports neither compiler/ nor lsp/;
//   - compiler/ does not import lsp/, except `seg lsp` starting the server
//     (compiler/cli/main.ts → lsp/main.ts);
//   - compiler/cli/ is the top of the compiler: nothing else imports it;
//   - the engines (compiler/plan, sql, exec, calendar) import no database,
//     command, diff, report or test-runner code;
//   - demo data uses the calendar arithmetic of compiler/calendar/, not the executor;
//   - lowering is composed once, in compiler/pipeline.ts;
//   - the playground (browser) uses lsp/server.ts and the compiler, not the CLI or Node-only start-up.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');

function sources(dir: string): string[] {
    return readdirSync(join(root, dir), { withFileTypes: true }).flatMap(e => {
        const path = join(dir, e.name);
        if (e.isDirectory()) return e.name === 'generated' || e.name === 'node_modules' ? [] : sources(path);
        return e.name.endsWith('.ts') ? [path] : [];
    });
}

/** Every relative import of every source file, as repository paths without extension. */
const imports: Array<{ from: string; to: string }> = ['language', 'compiler', 'lsp', 'playground'].flatMap(sources).flatMap(from => {
    const text = readFileSync(join(root, from), 'utf8');
    const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.[^']+)'/g)].map(m => m[1]);
    return specs.map(s => ({ from, to: relative(root, resolve(dirname(join(root, from)), s)).replace(/\.js$/, '') }));
});

const under = (path: string, ...folders: string[]) => folders.some(f => path === f || path.startsWith(`${f}/`));
const violations = (rule: (i: { from: string; to: string }) => boolean) => imports.filter(rule).map(i => `${i.from} → ${i.to}`);

describe('imports point down the pipeline', () => {
    it('scans the sources', () => expect(imports.length).toBeGreaterThan(200));

    it('language/ imports neither compiler/ nor lsp/', () => {
        expect(violations(i => under(i.from, 'language') && under(i.to, 'compiler', 'lsp'))).toEqual([]);
    });

    it('compiler/ imports nothing of lsp/ but the server `seg lsp` starts', () => {
        expect(violations(i => under(i.from, 'compiler') && under(i.to, 'lsp') && !(i.from === 'compiler/cli/main.ts' && i.to === 'lsp/main'))).toEqual([]);
    });

    it('the playground builds on the language server and the compiler, never on the command line or Node-only start-up', () => {
        expect(imports.some(i => under(i.from, 'playground') && under(i.to, 'lsp'))).toBe(true);
        expect(violations(i => under(i.from, 'playground') && (under(i.to, 'compiler/cli') || i.to === 'lsp/main' || i.to === 'compiler/db/pglite-start'))).toEqual([]);
    });

    it('nothing outside compiler/cli/ imports it', () => {
        expect(violations(i => !under(i.from, 'compiler/cli') && under(i.to, 'compiler/cli'))).toEqual([]);
    });

    it('the engines import no database, command, diff, report or test-runner code', () => {
        const engines = ['compiler/plan', 'compiler/sql', 'compiler/exec', 'compiler/calendar'];
        const above = ['compiler/db', 'compiler/cli', 'compiler/diff', 'compiler/report', 'compiler/testing', 'compiler/demo-data', 'compiler/pipeline', 'compiler/project'];
        expect(violations(i => under(i.from, ...engines) && under(i.to, ...above))).toEqual([]);
    });

    it('demo data uses compiler/calendar/, not the executor', () => {
        const demo = ['compiler/demo-data'];
        expect(violations(i => under(i.from.replace(/\.ts$/, ''), ...demo) && under(i.to, 'compiler/exec'))).toEqual([]);
    });

    it('lowering is composed once, in compiler/pipeline.ts', () => {
        // Others may use lower.ts's literal helpers, not `lower` itself.
        const lowering = ['language', 'compiler', 'lsp'].flatMap(sources).filter(from => {
            const text = readFileSync(join(root, from), 'utf8');
            return [...text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'[^']*plan\/lower\.js'/g)].some(m => /(^|[\s,])lower([\s,]|$)/.test(m[1]));
        });
        expect(lowering).toEqual(['compiler/pipeline.ts']);
    });
});
