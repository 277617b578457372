// The LSP client monaco-editor ships (esm/external/monaco-lsp-client), reached
// through the build's alias 'seg:monaco-lsp-client'; typed by monaco-editor's own declarations.
declare module 'seg:monaco-lsp-client' {
    import type { lsp } from 'monaco-editor';
    export const MonacoLspClient: typeof lsp.MonacoLspClient;
    export const createTransportToWorker: typeof lsp.createTransportToWorker;
}
