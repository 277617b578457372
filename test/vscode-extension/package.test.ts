// Builds the extension (esbuild bundles + vsce package), checks what the .vsix holds, and starts the
// language server from the unpacked .vsix (no node_modules around it) to see that it initializes and
// finds the built-in catalog shipped in extension/dist/language/catalog.
import { spawn, spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const extensionDir = join(root, 'vscode-extension');

/** The entries of a zip file, read from its central directory. */
function readZip(file: string): Map<string, Buffer> {
    const zip = readFileSync(file);
    let eocd = zip.length - 22;
    while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
    if (eocd < 0) throw new Error(`${file} is not a zip file`);
    const count = zip.readUInt16LE(eocd + 10);
    let at = zip.readUInt32LE(eocd + 16);
    const entries = new Map<string, Buffer>();
    for (let i = 0; i < count; i++) {
        if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
        const method = zip.readUInt16LE(at + 10);
        const compressedSize = zip.readUInt32LE(at + 20);
        const nameLength = zip.readUInt16LE(at + 28);
        const extraLength = zip.readUInt16LE(at + 30);
        const commentLength = zip.readUInt16LE(at + 32);
        const localHeader = zip.readUInt32LE(at + 42);
        const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
        const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
        const data = zip.subarray(dataStart, dataStart + compressedSize);
        entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
        at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
}

let vsix: Map<string, Buffer>;
let unpacked: string;

beforeAll(() => {
    const build = spawnSync(process.execPath, [join(extensionDir, 'build.mjs')], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const out = join(mkdtempSync(join(tmpdir(), 'seg-vsix-')), 'seg-vscode.vsix');
    const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    const pack = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: extensionDir, encoding: 'utf8', timeout: 120_000 });
    expect(pack.status, pack.stdout + pack.stderr).toBe(0);
    vsix = readZip(out);
    unpacked = mkdtempSync(join(tmpdir(), 'seg-vsix-unpacked-'));
    for (const [name, data] of vsix) {
        if (name.endsWith('/')) continue;
        mkdirSync(dirname(join(unpacked, name)), { recursive: true });
        writeFileSync(join(unpacked, name), data);
    }
}, 240_000);

describe('the .vsix', () => {
    it('holds the manifest, both bundles, the grammar, the icon and the catalog', () => {
        const names = [...vsix.keys()];
        for (const expected of [
            'extension.vsixmanifest',
            'extension/package.json',
            'extension/dist/extension.cjs',
            'extension/dist/server.cjs',
            'extension/syntaxes/seg.tmLanguage.json',
            'extension/language-configuration.json',
            'extension/snippets/seg.json',
            'extension/icon.png',
            'extension/dist/language/catalog/dynamics365-entities.seg',
            'extension/dist/language/catalog/dynamics365-interactions.seg',
            'extension/dist/docs/diagnostics.md',
            'extension/schemas/seg.schema.json',
        ]) {
            expect(names).toContain(expected);
        }
        // Nothing from the sources or the build tooling, and no stale generated grammar.
        expect(names.filter(n => /\/src\/|build\.mjs|tsconfig|node_modules|syntaxes\/generated|\.map$/.test(n))).toEqual([]);
    });

    it('has a complete manifest', () => {
        const manifest = JSON.parse(vsix.get('extension/package.json')!.toString('utf8'));
        expect(manifest).toMatchObject({ name: 'seg-vscode', publisher: 'seg-lang', version: '0.1.0', main: './dist/extension.cjs', icon: 'icon.png' });
        expect(manifest.activationEvents).toEqual(expect.arrayContaining(['onLanguage:seg', 'workspaceContains:**/*.seg']));
        expect(manifest.contributes.languages[0]).toMatchObject({ id: 'seg', extensions: ['.seg'] });
        expect(manifest.contributes.commands.map((c: { command: string }) => c.command).sort())
            .toEqual(['seg.countMembers', 'seg.restartServer', 'seg.showPlan', 'seg.showSql', 'seg.showTestResult', 'seg.why']);
        // Restricted Mode: everything but database access, said in the manifest and the description.
        expect(manifest.capabilities.untrustedWorkspaces).toMatchObject({ supported: 'limited', description: expect.stringMatching(/database/) });
        expect(manifest.description).toMatch(/trusted workspace/);
        // seg.json is validated against the shipped schema.
        expect(manifest.contributes.jsonValidation).toEqual([{ fileMatch: 'seg.json', url: './schemas/seg.schema.json' }]);
        expect(JSON.parse(vsix.get('extension/schemas/seg.schema.json')!.toString('utf8')).properties).toHaveProperty('timezone');
        const settings = manifest.contributes.configuration.properties;
        expect(settings['seg.database.url'].scope).toBe('machine-overridable');
        expect(settings['seg.trace.server'].enum).toEqual(['off', 'messages', 'verbose']);
        expect(settings['seg.timezone']).toBeDefined();
        // The snippets parse, and offer only what the server's completion does not (its segment snippets): each snippet once.
        const snippets = JSON.parse(vsix.get('extension/snippets/seg.json')!.toString('utf8')) as Record<string, { prefix: string[] }>;
        expect(Object.keys(snippets)).toEqual(['Entity declaration', 'Interaction declaration']);
        expect(Object.values(snippets).flatMap(s => s.prefix).filter(p => p.startsWith('segment'))).toEqual([]);
        expect(JSON.parse(vsix.get('extension/language-configuration.json')!.toString('utf8')).comments).toEqual({ lineComment: '//', blockComment: ['/*', '*/'] });
    });

    it('has a 128×128 PNG icon', () => {
        const png = vsix.get('extension/icon.png')!;
        expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([128, 128]);
    });

    it('ships minified bundles without their source maps', () => {
        for (const name of ['extension/dist/extension.cjs', 'extension/dist/server.cjs']) {
            const text = vsix.get(name)!.toString('utf8');
            const lines = text.split('\n');
            // Minified: few, long lines (an unminified server bundle has over 100,000 lines).
            expect(lines.length, name).toBeLessThan(text.length / 500);
        }
        expect([...vsix.keys()].filter(n => n.endsWith('.map'))).toEqual([]);
    });

    it('ships an extension bundle that leaves only vscode external', () => {
        const bundle = vsix.get('extension/dist/extension.cjs')!.toString('utf8');
        const required = new Set([...bundle.matchAll(/\brequire\("([^"]+)"\)/g)].map(m => m[1]).filter(m => !m.startsWith('node:')));
        const builtins = new Set(['vscode', ...builtinModules]);
        expect([...required].filter(m => !builtins.has(m))).toEqual([]);
    });
});

describe('the bundled language server', () => {
    it('answers initialize over stdio and checks against the shipped catalog', async () => {
        const server = spawn(process.execPath, [join(unpacked, 'extension', 'dist', 'server.cjs'), '--stdio'], {
            cwd: unpacked,
            stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stderr = '';
        server.stderr.on('data', d => (stderr += d));
        const messages: Array<{ id?: number; method?: string; result?: unknown; params?: any }> = [];
        let buffer = Buffer.alloc(0);
        server.stdout.on('data', (chunk: Buffer) => {
            buffer = Buffer.concat([buffer, chunk]);
            for (;;) {
                const headerEnd = buffer.indexOf('\r\n\r\n');
                if (headerEnd < 0) return;
                const length = Number(/Content-Length: (\d+)/i.exec(buffer.toString('ascii', 0, headerEnd))![1]);
                if (buffer.length < headerEnd + 4 + length) return;
                messages.push(JSON.parse(buffer.toString('utf8', headerEnd + 4, headerEnd + 4 + length)));
                buffer = buffer.subarray(headerEnd + 4 + length);
            }
        });
        const send = (message: object) => {
            const text = JSON.stringify({ jsonrpc: '2.0', ...message });
            server.stdin.write(`Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
        };
        const waitFor = async (predicate: (m: (typeof messages)[number]) => boolean, what: string) => {
            for (let i = 0; i < 200; i++) {
                const found = messages.find(predicate);
                if (found) return found;
                await new Promise(r => setTimeout(r, 50));
            }
            throw new Error(`no ${what} from the server; stderr: ${stderr}`);
        };
        try {
            send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {}, workspaceFolders: null } });
            const initialize = await waitFor(m => m.id === 1, 'initialize result');
            expect(initialize.result).toMatchObject({ capabilities: { textDocumentSync: expect.anything() } });
            send({ method: 'initialized', params: {} });
            const uri = 'file:///tmp/seg-vsix-test/audiences.seg';
            send({
                method: 'textDocument/didOpen',
                params: { textDocument: { uri, languageId: 'seg', version: 1, text: 'segment Openers = interaction EmailOpenedd within 14 days\n' } },
            });
            // The suggestion comes from the catalog the bundle found next to itself.
            const diagnostics = await waitFor(m => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.diagnostics.length > 0, 'diagnostics');
            expect(diagnostics.params.diagnostics.map((d: { message: string }) => d.message).join('\n')).toContain('EmailOpened');
            send({ id: 2, method: 'shutdown' });
            await waitFor(m => m.id === 2, 'shutdown result');
            send({ method: 'exit' });
        } finally {
            server.kill();
        }
    }, 30_000);
});
