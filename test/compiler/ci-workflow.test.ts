// The ready-made GitHub Actions workflow (examples/ci/segments.yml): every
// `npx seg …` step it runs, run by bash in order on a repository holding the
// example project, as the runner would run them on a pull request that widens
// a window — and a broken segment shows as an annotation.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const workflow = readFileSync(join(root, 'examples', 'ci', 'segments.yml'), 'utf8');
/** The one-line `run:` steps that call seg, in order. */
const steps = [...workflow.matchAll(/^\s+run: (npx seg .+)$/gm)].map(m => m[1]);

function git(cwd: string, ...args: string[]): string {
    return execFileSync('git', ['-c', 'user.name=Seg', '-c', 'user.email=seg@example.com', ...args], { cwd, encoding: 'utf8' }).trim();
}

/** Runs a workflow step with bash; `npx seg` is this checkout's seg. */
function step(cwd: string, command: string, env: Record<string, string> = {}) {
    const script = `npx() { shift; node ${JSON.stringify(join(root, 'bin', 'seg.js'))} "$@"; }\n${command}`;
    return spawnSync('bash', ['-c', script], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 });
}

/** Edits the example segments in `repo` (one replacement) and regenerates the compiled output. */
function widen(repo: string, before: string, after: string): void {
    const file = join(repo, 'segments', 'email-engagement.seg');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(before);
    writeFileSync(file, text.replace(before, after));
    expect(step(repo, 'npx seg compile segments --out compiled').status).toBe(0);
}

describe('examples/ci/segments.yml', () => {
    it('runs check, fmt, compile --check, test and diff on a pull request that widens a window', () => {
        expect(steps.map(s => s.split(' ').slice(0, 3).join(' '))).toEqual([
            'npx seg check', 'npx seg fmt', 'npx seg compile', 'npx seg test', 'npx seg diff', 'npx seg check',
        ]);
        const repo = mkdtempSync(join(tmpdir(), 'seg-workflow-'));
        git(repo, 'init', '-q', '-b', 'main');
        cpSync(join(root, 'examples'), join(repo, 'segments'), { recursive: true, filter: src => !src.includes(`${join('examples', 'ci')}`) });
        expect(step(repo, 'npx seg compile segments --out compiled').status).toBe(0);
        git(repo, 'add', '-A');
        git(repo, 'commit', '-qm', 'segments');
        const base = git(repo, 'rev-parse', 'HEAD');

        // The pull request: RecentlyMailed looks back 12 months instead of 6, compiled output regenerated.
        widen(repo, 'interaction EmailDelivered within 6 months', 'interaction EmailDelivered within 12 months');
        git(repo, 'commit', '-qam', 'widen the mailing window');

        for (const command of steps) {
            const r = step(repo, command, { BASE: base });
            expect(r.status, `${command}\n${r.stdout}\n${r.stderr}`).toBe(0);
        }
        const comment = readFileSync(join(repo, 'seg-diff.md'), 'utf8');
        expect(comment.startsWith('<!-- seg diff -->\n')).toBe(true);
        expect(comment).toContain('**1 changed, 2 affected** · 45 unchanged');
        expect(comment).toContain(`### Segment changes: \`merge base of ${base.slice(0, 7)} and HEAD\``);
        expect(comment).toContain('| `RecentlyMailed` | changed | window: within 6 months → within 12 months |');
        expect(comment).toContain('- window: `within 6 months` → `within 12 months`');
        expect(comment).toMatch(/^-\s+WHERE i\."timestamp" > .*make_interval\(months => 6\)/m);
        expect(comment).toMatch(/^\+\s+WHERE i\."timestamp" > .*make_interval\(months => 12\)/m);
        const sarif = JSON.parse(readFileSync(join(repo, 'seg.sarif'), 'utf8'));
        expect(sarif.version).toBe('2.1.0');
    }, 180_000);

    it('fails the build when a change makes a segment select a contact its test excludes, and says why', () => {
        const repo = mkdtempSync(join(tmpdir(), 'seg-workflow-'));
        cpSync(join(root, 'examples'), join(repo, 'segments'), { recursive: true });
        // WelcomeOpeners looks back 90 days instead of 60: Bob's open 61 days ago now counts.
        widen(repo, '    within 60 days\n', '    within 90 days\n');
        const r = step(repo, steps[3]);
        expect(r.status).toBe(1);
        expect(r.stdout).toContain('✗ welcome openers need two opens of the welcome journey in 60 days');
        expect(r.stdout).toMatch(/✗ expect WelcomeOpeners excludes bob, carol .*audiences\.test\.seg:\d+:3/);
        expect(r.stdout).toContain('bob has 2 matching EmailOpened of 2; count 2 satisfies count >= 2');
    }, 120_000);

    it('fails the build with an annotation on a broken segment, and on a stale compiled output', () => {
        const repo = mkdtempSync(join(tmpdir(), 'seg-workflow-'));
        cpSync(join(root, 'examples'), join(repo, 'segments'), { recursive: true });
        expect(step(repo, 'npx seg compile segments --out compiled').status).toBe(0);
        writeFileSync(join(repo, 'segments', 'broken.seg'), 'segment Broken = interaction EmailOpend within 3 days\n');
        const check = step(repo, steps[0]);
        expect(check.status).toBe(1);
        expect(check.stdout).toMatch(/^::error file=segments\/broken\.seg,line=1,col=30,endLine=1,endColumn=40,title=SEG103 unknown-interaction::Unknown interaction type 'EmailOpend'\. Did you mean 'EmailOpened'\?/m);
        writeFileSync(join(repo, 'segments', 'broken.seg'), 'segment NotBroken = interaction EmailOpened within 3 days\n');
        const compile = step(repo, steps[2]);
        expect(compile.status).toBe(1);
        expect(compile.stdout + compile.stderr).toContain('missing: NotBroken.sql');
    }, 120_000);
});
