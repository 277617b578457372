// The Seg extension: starts the bundled language server and adds the Show SQL / Show Plan / Count Members /
// Why is a contact (not) in this segment? commands, and shows a segment test's report from its code lens.
import * as vscode from 'vscode';
import {
    ExecuteCommandRequest,
    LanguageClient,
    TransportKind,
    type LanguageClientOptions,
    type ServerOptions,
} from 'vscode-languageclient/node';

const SQL_SCHEME = 'seg-sql';
/** Commands this extension implements itself. The server may advertise them too (its code lenses run
 * `seg.showSql` with the segment name); the client must not register a second handler for them. */
const CLIENT_COMMANDS = new Set(['seg.showSql', 'seg.showPlan', 'seg.countMembers', 'seg.showTestResult', 'seg.why']);

let client: LanguageClient | undefined;

interface SegRequestParams {
    uri: string;
    segment?: string;
}

/** Holds the text of the read-only `seg-sql:` documents, keyed by URI. */
class CompiledContentProvider implements vscode.TextDocumentContentProvider {
    private readonly contents = new Map<string, string>();
    private readonly changed = new vscode.EventEmitter<vscode.Uri>();
    readonly onDidChange = this.changed.event;

    set(uri: vscode.Uri, text: string): void {
        this.contents.set(uri.toString(), text);
        this.changed.fire(uri);
    }

    provideTextDocumentContent(uri: vscode.Uri): string {
        return this.contents.get(uri.toString()) ?? '';
    }

    dispose(): void {
        this.changed.dispose();
        this.contents.clear();
    }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const serverModule = context.asAbsolutePath('dist/server.cjs');
    // A 1 MB young generation keeps the long-lived server smaller and its answers to keystrokes
    // quicker (shorter scavenges); bin/seg.js gives `seg lsp` the same (npm run bench:lsp).
    const heap = ['--max-semi-space-size=1'];
    const serverOptions: ServerOptions = {
        run: { module: serverModule, transport: TransportKind.stdio, args: ['--stdio'], options: { execArgv: heap } },
        debug: {
            module: serverModule,
            transport: TransportKind.stdio,
            args: ['--stdio'],
            options: { execArgv: [...heap, '--nolazy', '--inspect=6009'] },
        },
    };
    const config = vscode.workspace.getConfiguration('seg');
    const clientOptions: LanguageClientOptions = {
        documentSelector: [{ language: 'seg' }],
        synchronize: {
            configurationSection: 'seg',
            fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.seg,seg.json}'),
        },
        initializationOptions: {
            databaseUrl: config.get<string>('database.url') || undefined,
            timezone: config.get<string>('timezone') || undefined,
            // The server queries the database on its own (member-count code lenses) only in a trusted workspace.
            trusted: vscode.workspace.isTrusted,
        },
    };
    client = new LanguageClient('seg', 'Seg Language Server', serverOptions, clientOptions);
    keepClientCommands(client);

    const provider = new CompiledContentProvider();
    const testOutput = vscode.window.createOutputChannel('Seg tests');
    const whyOutput = vscode.window.createOutputChannel('Seg: why');
    context.subscriptions.push(
        provider,
        vscode.workspace.registerTextDocumentContentProvider(SQL_SCHEME, provider),
        vscode.commands.registerCommand('seg.showSql', async (...args: unknown[]) =>
            showCompiled('seg/sql', 'sql', provider, await segmentTarget(args))),
        vscode.commands.registerCommand('seg.showPlan', async (...args: unknown[]) =>
            showCompiled('seg/plan', 'plan', provider, await segmentTarget(args))),
        vscode.commands.registerCommand('seg.countMembers', async (...args: unknown[]) => countMembers(await segmentTarget(args))),
        // A fresh server reads everything again (seg.json, settings, files), for when the editor and the disk have drifted apart.
        vscode.commands.registerCommand('seg.restartServer', async () => {
            if (!client) return;
            try {
                await client.restart();
            } catch (e) {
                void vscode.window.showErrorMessage(`Seg: could not restart the language server: ${errorMessage(e)}`);
            }
        }),
        testOutput,
        whyOutput,
        vscode.commands.registerCommand('seg.why', async (...args: unknown[]) => explainContact(whyOutput, await segmentTarget(args))),
        vscode.commands.registerCommand('seg.showTestResult', (result?: { test?: string; lines?: string[] }) => {
            // The test lens's report, as `seg test` prints it.
            testOutput.clear();
            for (const line of result?.lines ?? ['Run the test from its code lens.']) testOutput.appendLine(line);
            testOutput.show(true);
        }),
    );

    await client.start();
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => {
        void client?.sendNotification('seg/didGrantTrust');
    }));
}

export async function deactivate(): Promise<void> {
    const c = client;
    client = undefined;
    await c?.stop();
}

/** Stops the client from registering a proxy for server-advertised commands that this extension implements. */
function keepClientCommands(languageClient: LanguageClient): void {
    const feature = languageClient.getFeature(ExecuteCommandRequest.method);
    const register = feature.register.bind(feature);
    feature.register = data => register({
        ...data,
        registerOptions: { ...data.registerOptions, commands: data.registerOptions.commands.filter(c => !CLIENT_COMMANDS.has(c)) },
    });
}

/**
 * The .seg document and segment a command applies to. Arguments may be `(uri, segment?)` (explorer, other
 * extensions), `(segment)` (the server's code lenses), or nothing: the active editor and the segment under the cursor.
 */
function target(args: unknown[]): SegRequestParams | undefined {
    const [first, second] = args;
    if (first instanceof vscode.Uri) return { uri: first.toString(), segment: typeof second === 'string' ? second : undefined };
    const segment = typeof first === 'string' ? first : undefined;
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'seg') {
        void vscode.window.showWarningMessage('Seg: open a .seg file first.');
        return undefined;
    }
    return { uri: editor.document.uri.toString(), segment: segment ?? segmentAt(editor.document, editor.selection.active) };
}

/** Like target(), but asks for a segment of the document when the cursor is not inside one. */
async function segmentTarget(args: unknown[]): Promise<SegRequestParams | undefined> {
    const params = target(args);
    if (!params || params.segment) return params;
    const document = vscode.workspace.textDocuments.find(d => d.uri.toString() === params.uri);
    const names = document ? [...document.getText().matchAll(/^\s*(?:draft\s+)?segment\s+([A-Za-z_][A-Za-z0-9_]*)/gm)].map(m => m[1]) : [];
    if (names.length === 0) {
        void vscode.window.showWarningMessage('Seg: this file declares no segment.');
        return undefined;
    }
    const segment = names.length === 1 ? names[0] : await vscode.window.showQuickPick(names, { placeHolder: 'Segment' });
    return segment ? { ...params, segment } : undefined;
}

/** The name of the `segment` declaration that contains the position, if any (the server falls back to every segment). */
export function segmentAt(document: vscode.TextDocument, position: vscode.Position): string | undefined {
    const declaration = /^\s*(?:draft\s+)?segment\s+([A-Za-z_][A-Za-z0-9_]*)/;
    const otherDeclaration = /^\s*(?:entity|interaction\s+[A-Za-z_][A-Za-z0-9_]*\s*\{)/;
    for (let line = position.line; line >= 0; line--) {
        const text = document.lineAt(line).text;
        const m = declaration.exec(text);
        if (m) return m[1];
        if (otherDeclaration.test(text)) return undefined;
    }
    return undefined;
}

function errorMessage(e: unknown): string {
    return e instanceof Error ? e.message : String(e);
}

/** The text of a `seg/sql` or `seg/plan` answer: a string, `{ sql }`, `{ plan }` or `{ text }`; or `{ error }`. */
export function compiledText(result: unknown): { text: string; json: boolean } | { error: string } {
    if (typeof result === 'string') return { text: result, json: false };
    if (result && typeof result === 'object') {
        const r = result as Record<string, unknown>;
        if (typeof r.error === 'string') return { error: r.error };
        for (const key of ['sql', 'text', 'plan']) {
            if (typeof r[key] === 'string') return { text: r[key], json: false };
        }
        if (r.plan !== undefined) return { text: JSON.stringify(r.plan, null, 2), json: true };
    }
    if (result === null || result === undefined) return { error: 'the language server sent no result' };
    return { text: JSON.stringify(result, null, 2), json: true };
}

async function showCompiled(
    method: 'seg/sql' | 'seg/plan',
    kind: 'sql' | 'plan',
    provider: CompiledContentProvider,
    params: SegRequestParams | undefined,
): Promise<void> {
    if (!params || !client) return;
    const what = params.segment ? ` ${params.segment}` : '';
    let answer: ReturnType<typeof compiledText>;
    try {
        answer = compiledText(await client.sendRequest(method, params));
    } catch (e) {
        const message = errorMessage(e);
        void vscode.window.showErrorMessage(/unhandled method|method not found/i.test(message)
            ? `Seg: this version of the Seg language server does not answer ${method} yet.`
            : `Seg: could not compile${what}: ${message}`);
        return;
    }
    if ('error' in answer) {
        void vscode.window.showErrorMessage(`Seg: could not compile${what}: ${answer.error}`);
        return;
    }
    const { text, json } = answer;
    const source = vscode.Uri.parse(params.uri);
    const base = (params.segment ?? source.path.split('/').pop() ?? 'segments').replace(/\.seg$/, '');
    const docUri = vscode.Uri.from({
        scheme: SQL_SCHEME,
        path: `/${base}.${kind === 'sql' ? 'sql' : 'plan.json'}`,
        query: new URLSearchParams({ source: params.uri }).toString(),
    });
    provider.set(docUri, text);
    let doc = await vscode.workspace.openTextDocument(docUri);
    if (kind === 'sql' && doc.languageId !== 'sql') doc = await vscode.languages.setTextDocumentLanguage(doc, 'sql');
    if (kind === 'plan' && json && doc.languageId !== 'json') {
        doc = await vscode.languages.setTextDocumentLanguage(doc, 'json');
    }
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
}

async function countMembers(params: SegRequestParams | undefined): Promise<void> {
    if (!params || !client) return;
    const label = params.segment ?? 'segments';
    try {
        const result = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `Seg: counting ${label}…` },
            () => client!.sendRequest<unknown>('seg/count', params),
        );
        if (result && typeof result === 'object' && typeof (result as { error?: unknown }).error === 'string') {
            void vscode.window.showErrorMessage(`Seg: could not count ${label}: ${(result as { error: string }).error}`);
            return;
        }
        void vscode.window.showInformationMessage(`Seg: ${describeCount(result, label)}`);
    } catch (e) {
        const message = errorMessage(e);
        const unsupported = /unhandled method|method not found|-32601/i.test(message)
            || (typeof e === 'object' && e !== null && 'code' in e && e.code === -32601);
        void vscode.window.showErrorMessage(unsupported
            ? 'Seg: this version of the Seg language server cannot count members yet (seg/count is not implemented). Use `seg run` in a terminal.'
            : `Seg: could not count ${label}: ${message}`);
    }
}

function describeCount(result: unknown, label: string): string {
    if (typeof result === 'number') return `${label} has ${result} member${result === 1 ? '' : 's'}.`;
    if (result && typeof result === 'object') {
        const r = result as { count?: unknown; asOf?: unknown; segments?: Array<{ name?: unknown; count?: unknown }> };
        if (typeof r.count === 'number') return `${label} has ${r.count} member${r.count === 1 ? '' : 's'}${r.asOf ? ` as of ${String(r.asOf)}` : ''}.`;
        if (Array.isArray(r.segments)) {
            return r.segments.map(s => `${String(s.name)}: ${String(s.count)}`).join(', ') + (r.asOf ? ` (as of ${String(r.asOf)})` : '');
        }
    }
    return JSON.stringify(result);
}

const GUID = /^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/;

/** Asks for a contact id, then shows the server's `seg.why` answer (what `seg why` prints) in an output channel. */
async function explainContact(output: vscode.OutputChannel, params: SegRequestParams | undefined): Promise<void> {
    if (!params?.segment || !client) return;
    const segment = params.segment;
    const contact = await vscode.window.showInputBox({
        title: `Seg: why is a contact (not) in ${segment}?`,
        prompt: 'The contact id (contactid, a GUID)',
        placeHolder: '0f055697-f2cf-42a8-9904-5eda06ed95da',
        ignoreFocusOut: true,
        validateInput: value => (GUID.test(value.trim()) ? undefined : 'A contact id is a GUID, such as 0f055697-f2cf-42a8-9904-5eda06ed95da.'),
    });
    if (!contact) return;
    try {
        const result = await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `Seg: explaining ${segment} for ${contact.trim()}…` },
            () => client!.sendRequest(ExecuteCommandRequest.type, { command: 'seg.why', arguments: [params.uri, segment, contact.trim()] }),
        ) as { text?: unknown; error?: unknown } | null;
        if (typeof result?.error === 'string' || typeof result?.text !== 'string') {
            void vscode.window.showErrorMessage(`Seg: could not explain ${segment}: ${typeof result?.error === 'string' ? result.error : 'the language server sent no answer'}`);
            return;
        }
        output.clear();
        output.appendLine(result.text);
        output.show(true);
    } catch (e) {
        void vscode.window.showErrorMessage(`Seg: could not explain ${segment}: ${errorMessage(e)}`);
    }
}
