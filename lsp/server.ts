// The Seg language server on any connection: the services, the client's
// settings (database URL, time zone, trust) and Seg's own requests. lsp/main.ts
// serves it over stdio in Node; the playground serves it in a Web Worker.
import { startLanguageServer, type DefaultSharedModuleContext } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { clearCountCache, registerCountRequest } from './count.js';
import { registerDescribeRequest } from './describe-request.js';
import { SegDocumentUpdateHandler } from './document-update-handler.js';
import { createSegLspServices } from './seg-lsp-module.js';
import { clientSettings } from './settings.js';
import { registerSqlRequest } from './show-sql.js';

/** Sent by the VS Code extension when the user trusts the workspace. */
export const TRUST_NOTIFICATION = 'seg/didGrantTrust';

export interface ServeOptions {
    /** The file system the workspace is read from (Node's, or Langium's empty one in a browser). */
    fileSystemProvider: DefaultSharedModuleContext['fileSystemProvider'];
    /** Answer `seg/count` from the configured database (not in a browser: it has no PostgreSQL driver). */
    counts: boolean;
}

export function serveSeg(connection: Connection, options: ServeOptions): void {
    const { shared, Seg } = createSegLspServices({ connection, fileSystemProvider: options.fileSystemProvider });
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
    registerDescribeRequest(connection, Seg);
    if (options.counts) registerCountRequest(connection, shared);
    startLanguageServer(shared);
}
