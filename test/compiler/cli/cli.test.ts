import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../compiler/cli/main.js';

const repo = join(__dirname, '..', '..', '..');
const examples = join(repo, 'examples');

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [], err: string[] = [];
    const code = await main([...args, '--no-color'], {
        out: t => out.push(t), err: t => err.push(t),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
}

function project(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'seg-cli-'));
    for (const [name, text] of Object.entries(files)) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), text);
    }
    return dir;
}

describe('seg check', () => {
    it('passes on the examples', async () => {
        const r = await run('check', examples);
        expect(r.code).toBe(0);
        expect(r.out).toMatch(/No problems found in \d+ files\./);
    });

    it('reports an unknown interaction type with a caret under the name and a suggestion, exit 1', async () => {
        const dir = project({ 'a.seg': 'segment A = interaction EmailOpend within 3 days\n' });
        const r = await run('check', dir);
        expect(r.code).toBe(1);
        const lines = r.out.split('\n');
        const head = lines.findIndex(l => l.includes('SEG103'));
        expect(lines[head]).toMatch(/a\.seg:1:25 - error SEG103: Unknown interaction type 'EmailOpend'\. Did you mean 'EmailOpened'\?$/);
        expect(lines[head + 2]).toBe('1 | segment A = interaction EmailOpend within 3 days');
        expect(lines[head + 3]).toBe('  |                         ^^^^^^^^^^');
        expect(r.out).toContain('Found 1 error and 0 warnings in 1 file (checked 1 file).');
    });

    it('prints one JSON object with --format json', async () => {
        const dir = project({ 'a.seg': 'segment A = profile contact where address1_city = 3\nsegment B = interaction EmailOpened having count = 0 within 9 days\n' });
        const r = await run('check', dir, '--format', 'json');
        expect(r.code).toBe(1);
        const report = JSON.parse(r.out);
        expect(report).toMatchObject({ version: 1, files: 1, errorCount: 1, warningCount: 0 });
        expect(report.diagnostics).toEqual(expect.arrayContaining([
            expect.objectContaining({ line: 1, column: 51, endLine: 1, endColumn: 52, severity: 'error', code: 'SEG301' }),
            expect.objectContaining({ line: 2, severity: 'hint', code: 'SEG406' }),
        ]));
    });

    it('shows hints only with --hints', async () => {
        const dir = project({ 'a.seg': 'segment B = interaction EmailOpened having count = 0 within 9 days\n' });
        expect((await run('check', dir)).out).not.toContain('SEG406');
        const r = await run('check', dir, '--hints');
        expect(r.code).toBe(0);
        expect(r.out).toContain('hint SEG406');
    });

    it('exits 2 on bad usage', async () => {
        expect((await run('check', '--bogus')).code).toBe(2);
        expect((await run('check', '--format', 'xml')).code).toBe(2);
        expect((await run('check', '/no/such/folder')).err).toContain('No such file or folder');
        expect((await run('frobnicate')).code).toBe(2);
    });

    it('reads seg.json from the project root: include folders, catalog opt-out, bad settings', async () => {
        const dir = project({
            'seg.json': '{ "timezone": "Europe/Amsterdam", "include": ["decl/"] }',
            'decl/webinar.seg': 'interaction WebinarAttended {\n  timestamp: datetime\n  contactId: -> contact\n  relation contact = contactId\n}\n',
            'segments/a.seg': 'segment W = interaction WebinarAttended within 30 days\n',
        });
        expect((await run('check', join(dir, 'segments'))).code).toBe(0);

        writeFileSync(join(dir, 'seg.json'), '{ "builtinCatalog": false, "include": ["decl/"] }');
        const noCatalog = await run('check', join(dir, 'segments'));
        expect(noCatalog.code).toBe(1);
        expect(noCatalog.out).toContain("Unknown entity 'contact'");

        writeFileSync(join(dir, 'seg.json'), '{\n  "timezone": "Mars/Olympus"\n}');
        const bad = await run('check', join(dir, 'segments'));
        expect(bad.code).toBe(2);
        expect(bad.err).toMatch(/seg\.json:2:3 - error SEG601: "timezone" must be an IANA time zone name/);

        writeFileSync(join(dir, 'seg.json'), '{ "timezone": ');
        expect((await run('check', dir)).err).toContain('seg.json is not valid JSON');
    });
});

describe('seg fmt', () => {
    it('--check passes on the examples', async () => {
        const r = await run('fmt', '--check', examples);
        expect(r.code).toBe(0);
    });

    it('--check lists files that would change and exits 1; without it rewrites them', async () => {
        const dir = project({ 'ok.seg': 'segment A = profile contact\n', 'messy.seg': 'segment   B=profile contact // keep me\n' });
        const check = await run('fmt', '--check', dir);
        expect(check.code).toBe(1);
        expect(check.out).toContain('messy.seg');
        expect(check.out).not.toContain('ok.seg');
        expect((await run('fmt', dir)).code).toBe(0);
        expect(readFileSync(join(dir, 'messy.seg'), 'utf8')).toBe('segment B = profile contact // keep me\n');
        expect((await run('fmt', '--check', dir)).code).toBe(0);
    });

    it('refuses files with syntax errors and leaves them untouched', async () => {
        const text = 'segment A = interaction EmailOpened having count >=\n';
        const dir = project({ 'bad.seg': text });
        const r = await run('fmt', dir);
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/bad\.seg:1:\d+ - error: cannot format a file with syntax errors/);
        expect(readFileSync(join(dir, 'bad.seg'), 'utf8')).toBe(text);
    });
});

describe('the seg binary', () => {
    it('runs from bin/seg.js with the built output', () => {
        // out/ is built by `npm ci` (prepare) or `npm run build`; rebuilding here would race the other test files that run it.
        const out = execFileSync(process.execPath, [join(repo, 'bin', 'seg.js'), 'check', examples], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
        expect(out).toMatch(/No problems found/);
        const usage = spawnSync(process.execPath, [join(repo, 'bin', 'seg.js'), 'check', join(repo, 'README.md')], { encoding: 'utf8' });
        expect(usage.status).toBe(2);
        expect(usage.stderr).toContain('README.md is not a .seg file.');
    });
});
