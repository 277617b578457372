// `seg lsp --stdio`: the Seg language server over standard input and output.
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { clearCountCache, registerCountRequest } from './count.js';
import { SegDocumentUpdateHandler } from './document-update-handler.js';
import { createSegLspServices } from './seg-lsp-module.js';
import { clientSettings } from './settings.js';
import { registerSqlRequest } from './show-sql.js';

/** Sent by the VS Code extension when the user trusts the workspace. */
export const TRUST_NOTIFICATION = 'seg/didGrantTrust';

export function startSegLanguageServer(): void {
    const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
    // Nothing a client sends may take the server down: log and carry on.
    process.on('uncaughtException', e => connection.console.error(`seg lsp: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
    process.on('unhandledRejection', e => connection.console.error(`seg lsp: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
    const { shared, Seg } = createSegLspServices({ connection, ...NodeFileSystem });
    const settings = clientSettings(shared);
    const refreshLenses = () => {
        clearCountCache();
        if (settings.codeLensRefresh) connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    };
    shared.lsp.LanguageServer.onInitialize(params => {
        settings.fromInitializationOptions(params.initializationOptions);
        settings.codeLensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    });
    shared.workspace.ConfigurationProvider.onConfigurationSectionUpdate(update => {
        if (update.section !== 'seg') return;
        const timezone = settings.timezone;
        settings.fromSection(update.configuration);
        // The time zone is part of the plan (SQL, counts, test lenses): rebuild when the setting changes.
        const updates = shared.lsp.DocumentUpdateHandler;
        if (settings.timezone !== timezone && updates instanceof SegDocumentUpdateHandler) updates.reloadConfig();
        refreshLenses();
    });
    connection.onNotification(TRUST_NOTIFICATION, () => {
        settings.trusted = true;
        refreshLenses();
    });
    registerSqlRequest(connection, Seg);
    registerCountRequest(connection, shared);
    startLanguageServer(shared);
}
