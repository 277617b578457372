// A stand-in language server, bundled only when ../lsp/main.ts does not build yet (SEG_SERVER_PLACEHOLDER=1).
// It answers initialize and shutdown and nothing else.
import { createConnection, ProposedFeatures, TextDocumentSyncKind } from 'vscode-languageserver/node';

const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
connection.onInitialize(() => ({
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: 'seg (placeholder)', version: '0.0.0' },
}));
connection.listen();
