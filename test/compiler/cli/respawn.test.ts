// bin/seg.js restarts itself once with V8 heap flags that suit the command
// (#9.17, #9.25): a fixed 16 MB semi-space for batch commands, 1 MB for the
// language server; never twice, not when the node command line sizes the heap,
// not with SEG_NO_RESPAWN, and the exit code and output come through unchanged.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(__dirname, '..', '..', '..', 'bin', 'seg.js');
// Each node process prints its V8 flags on exit.
const REPORT = 'data:text/javascript,process.on("exit",()=>process.stderr.write(`seg-test-argv ${JSON.stringify(process.execArgv.filter(a=>a.startsWith("--")&&a.includes("semi-space")))}\\n`))';

function seg(args: string[], options: { node?: string[]; env?: Record<string, string> } = {}) {
    const r = spawnSync(process.execPath, [...(options.node ?? []), '--import', REPORT, bin, ...args], {
        encoding: 'utf8', env: { ...process.env, SEG_NO_RESPAWN: '', ...options.env },
    });
    const processes = [...r.stderr.matchAll(/^seg-test-argv (.*)$/gm)].map(m => JSON.parse(m[1]) as string[]);
    return { code: r.status, out: r.stdout, err: r.stderr.replace(/^seg-test-argv .*\n/gm, ''), processes };
}

// Run as a program (the shebang line), as an installed `seg` is; each process reports through
// NODE_OPTIONS (which takes a file path, not the data: URL's quotes).
const reportFile = join(mkdtempSync(join(tmpdir(), 'seg-respawn-')), 'report.mjs');
writeFileSync(reportFile, decodeURIComponent(REPORT.slice('data:text/javascript,'.length)));
function segDirect(args: string[]) {
    const r = spawnSync(bin, args, {
        encoding: 'utf8', input: '', timeout: 20_000,
        env: { ...process.env, SEG_NO_RESPAWN: '', NODE_OPTIONS: `--import=${reportFile}`, PATH: `${dirname(process.execPath)}:${process.env.PATH}` },
    });
    const processes = [...r.stderr.matchAll(/^seg-test-argv (.*)$/gm)].map(m => JSON.parse(m[1]) as string[]);
    return { code: r.status, out: r.stdout, err: r.stderr.replace(/^seg-test-argv .*\n/gm, ''), processes };
}

function project(text: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'seg-respawn-'));
    writeFileSync(join(dir, 'a.seg'), text);
    return dir;
}

describe('bin/seg.js heap flags', () => {
    it('a batch command runs once more with a fixed 16 MB semi-space; its output and exit code come through', () => {
        const r = seg(['check', project('segment S = interaction EmailOpend within 7 days\n')]);
        expect(r.code).toBe(1);
        expect(r.out + r.err).toContain('SEG103');
        expect(r.processes).toEqual([['--min-semi-space-size=16', '--max-semi-space-size=16'], []]);
    });

    it('a clean check exits 0 through the restart', () => {
        const r = seg(['check', project('segment S = interaction EmailOpened within 7 days\n')]);
        expect(r.code).toBe(0);
        expect(r.processes).toHaveLength(2);
    });

    it('not when the node command line sizes the heap, nor with SEG_NO_RESPAWN, nor for a quick command', () => {
        const dir = project('segment S = interaction EmailOpened within 7 days\n');
        expect(seg(['check', dir], { node: ['--max-semi-space-size=4'] }).processes).toEqual([['--max-semi-space-size=4']]);
        expect(seg(['check', dir], { env: { SEG_NO_RESPAWN: '1' } }).processes).toEqual([[]]);
        const version = seg(['--version']);
        expect(version.processes).toEqual([[]]);
        expect(version.out).toMatch(/^seg \d/);
    });

    it('run as a program, the shebang line gives batch commands their heap at once: no restart', () => {
        const r = segDirect(['check', project('segment S = interaction EmailOpend within 7 days\n')]);
        expect(r.code).toBe(1);
        expect(r.out + r.err).toContain('SEG103');
        expect(r.processes).toEqual([['--min-semi-space-size=16', '--max-semi-space-size=16']]);
    });

    it('run as a program, the language server still restarts with its own 1 MB semi-space', () => {
        // stdin is empty and closed: the server starts, sees end of input and exits.
        const r = segDirect(['lsp', '--stdio']);
        // The restarted server exits (and reports) before the process that started it.
        expect(r.processes).toEqual([['--max-semi-space-size=1'], ['--min-semi-space-size=16', '--max-semi-space-size=16']]);
    });
});
