// `seg lsp --stdio`: the Seg language server over standard input and output.
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { serveSeg } from './server.js';

export { TRUST_NOTIFICATION } from './server.js';

export function startSegLanguageServer(): void {
    const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
    // Nothing a client sends may take the server down: log and carry on.
    process.on('uncaughtException', e => connection.console.error(`seg lsp: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
    process.on('unhandledRejection', e => connection.console.error(`seg lsp: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
    serveSeg(connection, { ...NodeFileSystem, counts: true, editingInterruptionMs: 1 });
}
