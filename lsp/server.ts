// The Seg language server on any connection: the services, the client's
// settings (database URL, time zone, trust) and Seg's own requests. lsp/main.ts
// serves it over stdio in Node; the playground serves it in a Web Worker.
import { setInterruptionPeriod } from 'langium';
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
    /**
     * Once the workspace is loaded, yield to the event loop this often (ms) while building. Langium builds
     * in slices and by default yields every 10 ms; each incoming message waits for a yield. So a
     * keystroke's didChange, and the completion request right after it, waited while the previous
     * keystroke's build, stale by then (relinking and checking the files that refer to the edited one),
     * ran on. Yielding every millisecond lets the new keystroke cancel it at once: completion right after
     * a keystroke went from p95 ~60 ms to ~25 ms in bench:lsp. Node's setImmediate makes a yield cost
     * microseconds; in a browser a yield is a setTimeout(0) of milliseconds, so the playground keeps the
     * default. The first build of the workspace keeps it too: it has no stale work to cancel.
     */
    editingInterruptionMs?: number;
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
    const period = options.editingInterruptionMs;
    if (period !== undefined) shared.workspace.WorkspaceManager.ready.then(() => setInterruptionPeriod(period), () => undefined);
}
