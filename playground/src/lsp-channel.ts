// The page's side of the language worker. Monaco's LSP client (monaco-lsp-client,
// shipped with monaco-editor) speaks LSP to anything shaped like a Worker; this
// channel is that shape around the real worker, so the page can also:
//   - pass initializationOptions (the time zone) in the client's `initialize`;
//   - send Seg's own requests (seg/sql, seg/describe) and notifications
//     (workspace/didChangeConfiguration) with ids of its own, whose answers go
//     to the page and never reach the LSP client.

type Listener = (event: MessageEvent) => void;

interface JsonRpcMessage { jsonrpc: '2.0'; id?: number | string; method?: string; params?: unknown; result?: unknown; error?: { message: string } }

export class LanguageChannel {
    private readonly listeners = new Set<Listener>();
    private readonly diagnosticsListeners = new Set<() => void>();
    private readonly pending = new Map<string, { resolve(value: unknown): void; reject(error: Error): void }>();
    private next = 0;
    private initializationOptions: Record<string, unknown>;
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
            worker.postMessage(message);
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
            this.worker.postMessage({ jsonrpc: '2.0', id, method, params });
        });
    }

    async notify(method: string, params: unknown): Promise<void> {
        await this.initialized;
        this.worker.postMessage({ jsonrpc: '2.0', method, params });
    }

    /** The `seg` settings the server reads (seg.timezone), now and in the next `initialize`. */
    configure(settings: { timezone: string }): Promise<void> {
        this.initializationOptions = { ...this.initializationOptions, ...settings };
        return this.notify('workspace/didChangeConfiguration', { settings: { seg: settings } });
    }
}
