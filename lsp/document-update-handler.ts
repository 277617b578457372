// Keeps the workspace equal to what is on disk plus what is open: a closed editor's unsaved text leaves the
// project (the file is read again, or dropped when it is not a project file on disk), and a changed seg.json
// is read again at once (catalog, include folders, time zone), without restarting the server.
import { existsSync } from 'node:fs';
import { URI, UriUtils } from 'langium';
import { DefaultDocumentUpdateHandler, type LangiumSharedServices } from 'langium/lsp';
import type { DidChangeWatchedFilesParams, TextDocumentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SegWorkspaceManager } from './workspace-manager.js';

export class SegDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    private readonly segWorkspace: SegWorkspaceManager | undefined;

    constructor(services: LangiumSharedServices) {
        super(services);
        const manager = services.workspace.WorkspaceManager;
        this.segWorkspace = manager instanceof SegWorkspaceManager ? manager : undefined;
    }

    didCloseDocument(event: TextDocumentChangeEvent<TextDocument>): void {
        const uri = URI.parse(event.document.uri);
        const onDisk = uri.scheme === 'file' && existsSync(uri.fsPath);
        const keep = onDisk && (this.segWorkspace?.isProjectDocument(uri) ?? true);
        this.fireDocumentUpdate(keep ? [uri] : [], keep ? [] : [uri]);
    }

    override didChangeWatchedFiles(params: DidChangeWatchedFilesParams): void {
        // .seg files as usual (Langium skips seg.json: no language owns it), then seg.json.
        super.didChangeWatchedFiles(params);
        if (params.changes.some(c => UriUtils.basename(URI.parse(c.uri)) === 'seg.json')) this.reloadConfig();
    }

    /** Reads seg.json again and rebuilds the workspace (also run when the client's `seg` settings change). */
    reloadConfig(): void {
        const workspace = this.segWorkspace;
        if (!workspace) return;
        workspace.ready.then(() => this.workspaceLock.write(async token => {
            const { changed, deleted } = workspace.reloadConfig();
            await this.documentBuilder.update(changed, deleted, token);
        })).catch(err => console.error('Could not reload seg.json.', err));
    }
}
