// A real JSON-RPC client for protocol tests: spawns `node bin/seg.js lsp --stdio`
// (the compiled server: run `npx tsc -p .` first) over a temporary project.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface LspSession {
    connection: MessageConnection;
    process: ChildProcess;
    dir: string;
    /** The server's answer to initialize. */
    initialize: { capabilities: Record<string, any> };
    uri(name: string): string;
    open(name: string, text: string): Promise<void>;
    change(name: string, text: string, version: number): Promise<void>;
    /** The next diagnostics published for `name` that satisfy `accept`. */
    diagnostics(name: string, accept?: (d: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
    stderr(): string;
    /** Error messages the server logged to the client. */
    errors(): string[];
    close(): Promise<void>;
}

export interface SessionOptions {
    /** initializationOptions of the initialize request (databaseUrl, trusted…). */
    initializationOptions?: Record<string, unknown>;
}

export async function startSession(files: Record<string, string> = {}, options: SessionOptions = {}): Promise<LspSession> {
    if (!existsSync(join(repoRoot, 'out', 'lsp', 'main.js'))) throw new Error('Build first: npx tsc -p . (out/lsp/main.js is missing).');
    const dir = mkdtempSync(join(tmpdir(), 'seg-lsp-'));
    for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
    }
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'seg.js'), 'lsp', '--stdio'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let errText = '';
    child.stderr!.on('data', d => { errText += String(d); });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const latest = new Map<string, Diagnostic[]>();
    const waiters: Array<{ uri: string; accept: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }> = [];
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
        latest.set(p.uri, p.diagnostics);
        for (const w of [...waiters]) {
            if (w.uri === p.uri && w.accept(p.diagnostics)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(p.diagnostics); }
        }
    });
    const logs: string[] = [];
    connection.onNotification('window/logMessage', (m: { type: number; message: string }) => { if (m.type === 1) logs.push(m.message); });
    connection.onRequest('workspace/configuration', () => []);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    const rootUri = pathToFileURL(dir).toString();
    const initialize = await connection.sendRequest('initialize', {
        processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'test' }],
        capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } } } },
        initializationOptions: options.initializationOptions,
    }) as LspSession['initialize'];
    await connection.sendNotification('initialized', {});
    /** A name relative to the project folder, or a whole URI (`untitled:…`, `file:///…`). */
    const uri = (name: string) => /^[a-z]+:/.test(name) ? name : pathToFileURL(join(dir, name)).toString();
    return {
        connection, process: child, dir, uri, initialize,
        open: (name, text) => connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(name), languageId: 'seg', version: 1, text } }),
        change: (name, text, version) => connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(name), version }, contentChanges: [{ text }] }),
        diagnostics: (name, accept = () => true, timeoutMs = 10000) => new Promise((res, rej) => {
            const key = uri(name);
            const have = latest.get(key);
            if (have && accept(have)) return res(have);
            const timer = setTimeout(() => rej(new Error(`No matching diagnostics for ${name} in ${timeoutMs} ms; last: ${JSON.stringify(latest.get(key))}\n${errText}`)), timeoutMs);
            waiters.push({ uri: key, accept, resolve: d => { clearTimeout(timer); res(d); } });
        }),
        stderr: () => errText,
        errors: () => logs,
        close: async () => {
            try {
                await Promise.race([connection.sendRequest('shutdown'), new Promise(r => setTimeout(r, 2000))]);
                await connection.sendNotification('exit');
            } catch { /* already gone */ }
            connection.dispose();
            child.kill();
            rmSync(dir, { recursive: true, force: true });
        },
    };
}

/** The position of the `<|>` marker in `text`, and the text without it. */
export function cursor(text: string): { text: string; position: { line: number; character: number } } {
    const at = text.indexOf('<|>');
    if (at < 0) throw new Error('no <|> marker');
    const before = text.slice(0, at);
    const line = before.split('\n').length - 1;
    return { text: before + text.slice(at + 3), position: { line, character: at - (before.lastIndexOf('\n') + 1) } };
}
