// `seg check` loads only what diagnostics need (issue 9, item 25): no database drivers,
// SQL backend, diff or language-server code; and each file is lexed once.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmptyFileSystem } from 'langium';
import { describe, expect, it, vi } from 'vitest';
import { createSegServices } from '../../../language/seg-module.js';

const repo = join(__dirname, '..', '..', '..');

describe('seg check start-up', () => {
    it('does not import database, SQL, diff or LSP modules', () => {
        const dir = mkdtempSync(join(tmpdir(), 'seg-startup-'));
        writeFileSync(join(dir, 'hooks.mjs'), 'export async function load(url, c, next) { process._rawDebug("LOAD " + url); return next(url, c); }\n');
        writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module'; register(${JSON.stringify(`file://${dir}/hooks.mjs`)});\n`);
        const r = spawnSync(process.execPath, ['--import', join(dir, 'register.mjs'), join(repo, 'bin', 'seg.js'), 'check', join(repo, 'examples')], { encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        const loaded = sourcesOf(r.stderr.split('\n').filter(l => l.startsWith('LOAD ')).map(l => l.slice(5)));
        expect(loaded.some(u => u.includes('/compiler/cli/check-command.js'))).toBe(true);
        const heavy = loaded.filter(u => /node_modules\/(pg|pg-copy-streams|@electric-sql)\/|\/out\/(compiler\/(db|sql|diff|exec|plan|testing)|lsp)\//.test(u));
        expect(heavy).toEqual([]);
    }, 60_000);

    it('lexes a document once (the complexity guard shares its tokens with the parser)', () => {
        const { Seg } = createSegServices(EmptyFileSystem);
        const spy = vi.spyOn(Seg.parser.Lexer, 'tokenize');
        const result = Seg.parser.LangiumParser.parse('segment A = interaction EmailOpened within 3 days\n');
        expect(result.parserErrors).toEqual([]);
        expect(spy).toHaveBeenCalledTimes(1);
    });
});

/**
 * The files loaded, with each chunk of the command's bundle (out/bundle/, when
 * `npm run build` made it) replaced by the compiled files it holds, from the
 * bundle's metafile.
 */
function sourcesOf(urls: string[]): string[] {
    const metafile = join(repo, 'out', 'bundle', 'metafile.json');
    if (!existsSync(metafile)) return urls;
    const outputs = (JSON.parse(readFileSync(metafile, 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> }).outputs;
    return urls.flatMap(url => {
        const chunk = Object.entries(outputs).find(([path]) => url.endsWith(`/${path}`));
        return chunk ? Object.keys(chunk[1].inputs).map(input => `file://${join(repo, input)}`) : [url];
    });
}
