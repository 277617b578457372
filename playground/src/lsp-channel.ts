// The page's side of the language worker. Monaco's LSP client (monaco-lsp-client,
// shipped with monaco-editor) speaks LSP to anything shaped like a Worker; this
// channel is that shape around the real worker, so the page can also:
//   - pass initializationOptions (the time zone) in the client's `initialize`;
//   - send Seg's own requests (seg/sql, seg/describe) and notifications
//     (workspace/didChangeConfiguration) with ids of its own, whose answers go
//     to the page and never reach the LSP client;
//   - hold a request about a document until the document is open: Monaco's client
//     asks for code actions (and the page for symbols) before it sends didOpen, and
//     the server cannot answer about a document it has not been given.

type Listener = (event: MessageEvent) => void;

/** How long a request about a document that is not open waits for it before the server answers anyway. */
export const HOLD_FOR_OPEN_MS = 10_000;

interface JsonRpcMessage { jsonrpc: '2.0'; id?: number | string; method?: string; params?: unknown; result?: unknown; error?: { message: string } }

export class LanguageChannel {
    private readonly listeners = new Set<Listener>();
    private readonly diagnosticsListeners = new Set<() => void>();
    private readonly pending = new Map<string, { resolve(value: unknown): void; reject(error: Error): void }>();
    private next = 0;
    private initializationOptions: Record<string, unknown>;
    /** Documents the server has been given (didOpen without didClose), and requests waiting for one. */
    private readonly opened = new Set<string>();
    private readonly held = new Map<string, Array<{ message: JsonRpcMessage; timer: ReturnType<typeof setTimeout> }>>();
    /** Resolves once the server answered `initialize`. */
    readonly initialized: Promise<void>;
    private markInitialized!: () => void;

    constructor(private readonly worker: Worker, initializationOptions: Record<string, unknown>) {
        this.initializationOptions = initializationOptions;
        this.initialized = new Promise(resolve => { this.markInitialized = resolve; });
        let initializeId: number | string | undefined;
        this.postMessage = (message: JsonRpcMessage) => {
            if (message?.method === 'initialize') {
                initializeId = message.id;
                message = { ...message, params: { ...(message.params as object), initializationOptions: this.initializationOptions } };
            }
            this.send(message);
        };
        // A worker that fails fails what waits on it, instead of leaving it pending.
        worker.addEventListener('error', event => {
            const error = new Error(`the language server failed: ${event.message || 'it could not start'}`);
            for (const waiter of this.pending.values()) waiter.reject(error);
            this.pending.clear();
        });
        worker.addEventListener('message', (event: MessageEvent<JsonRpcMessage>) => {
            const data = event.data;
            const key = typeof data?.id === 'string' ? data.id : undefined;
            if (key !== undefined && data.method === undefined && this.pending.has(key)) {
                const waiter = this.pending.get(key)!;
                this.pending.delete(key);
                if (data.error) waiter.reject(new Error(data.error.message));
                else waiter.resolve(data.result);
                return;
            }
            if (data?.id !== undefined && data.id === initializeId && data.method === undefined) this.markInitialized();
            for (const l of this.listeners) l(event);
            if (data?.method === 'textDocument/publishDiagnostics') for (const d of this.diagnosticsListeners) setTimeout(d, 0);
        });
    }

    /** What the LSP client sends: forwarded to the worker (see the constructor). */
    postMessage: (message: JsonRpcMessage) => void;

    addEventListener(type: string, listener: Listener): void {
        if (type === 'message') this.listeners.add(listener);
    }

    removeEventListener(type: string, listener: Listener): void {
        if (type === 'message') this.listeners.delete(listener);
    }

    /** Called after the server published diagnostics (and the LSP client made them markers). */
    onDiagnostics(listener: () => void): void {
        this.diagnosticsListeners.add(listener);
    }

    /** A request of the page's own, after the client's `initialize`. */
    async request<T>(method: string, params: unknown): Promise<T> {
        await this.initialized;
        const id = `seg-page-${++this.next}`;
        return new Promise<T>((resolve, reject) => {
            this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
            this.send({ jsonrpc: '2.0', id, method, params });
        });
    }

    /** To the worker, in order, except a request about a document not yet open: that waits for its didOpen. */
    private send(message: JsonRpcMessage): void {
        const uri = (message.params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
        if (typeof uri !== 'string') { this.worker.postMessage(message); return; }
        if (message.method === 'textDocument/didOpen') {
            this.opened.add(uri);
            this.worker.postMessage(message);
            const waiting = this.held.get(uri) ?? [];
            this.held.delete(uri);
            for (const w of waiting) { clearTimeout(w.timer); this.worker.postMessage(w.message); }
            return;
        }
        if (message.method === 'textDocument/didClose') this.opened.delete(uri);
        if (message.id === undefined || this.opened.has(uri)) { this.worker.postMessage(message); return; }
        const waiting = this.held.get(uri) ?? [];
        this.held.set(uri, waiting);
        const entry = {
            message,
            timer: setTimeout(() => {
                waiting.splice(waiting.indexOf(entry), 1);
                this.worker.postMessage(message);
            }, HOLD_FOR_OPEN_MS),
        };
        waiting.push(entry);
    }

    async notify(method: string, params: unknown): Promise<void> {
        await this.initialized;
        this.send({ jsonrpc: '2.0', method, params });
    }

    /** The `seg` settings the server reads (seg.timezone), now and in the next `initialize`. */
    configure(settings: { timezone: string }): Promise<void> {
        this.initializationOptions = { ...this.initializationOptions, ...settings };
        return this.notify('workspace/didChangeConfiguration', { settings: { seg: settings } });
    }
}
