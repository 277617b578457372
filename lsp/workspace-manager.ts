// The workspace of the language server: the project's own .seg files (Langium's
// folder traversal), plus the built-in catalog (unless seg.json opts out) and
// seg.json `include` folders, so names resolve as they do for `seg check`.
// seg.json is read again when it changes (reloadConfig, from the file watcher).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultWorkspaceManager, URI, UriUtils, type LangiumDocument, type LangiumDocumentFactory, type LangiumDocuments, type WorkspaceFolder } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { builtinCatalogFiles } from '../language/workspace/load-project.js';
import { DEFAULT_CONFIG, isValidTimeZone, loadConfig, type SegConfig } from '../compiler/project/config.js';
import { clientSettings, type SegClientSettings } from './settings.js';

/** The settings of one seg.json, and whether it names a time zone itself. */
interface FolderConfig { config: SegConfig; setsTimezone: boolean }

export class SegWorkspaceManager extends DefaultWorkspaceManager {
    private readonly factory: LangiumDocumentFactory;
    private readonly documents: LangiumDocuments;
    private readonly settings: SegClientSettings;
    private folderConfigs: FolderConfig[] = [];
    /** The documents the workspace loads besides its folders' files: the catalog and `include` files. */
    private library = new Set<string>();
    /** isProjectDocument's answers, until seg.json changes the library. */
    private membership = new Map<string, boolean>();

    constructor(services: LangiumSharedServices) {
        super(services);
        this.factory = services.workspace.LangiumDocumentFactory;
        this.documents = services.workspace.LangiumDocuments;
        this.settings = clientSettings(services);
        // Diagnostics for every file of the workspace from the start, the same checks as `seg check`.
        this.initialBuildOptions = { validation: true };
    }

    /**
     * The project settings of the first workspace folder (defaults without one). The time zone is seg.json's
     * when it names one, so the editor shows the SQL `seg compile` writes; else the client's `seg.timezone`
     * setting; else UTC.
     */
    get config(): SegConfig {
        const first = this.folderConfigs[0];
        const config = first?.config ?? { ...DEFAULT_CONFIG };
        if (first?.setsTimezone) return config;
        const setting = this.settings.timezone;
        return { ...config, timezone: setting && isValidTimeZone(setting) ? setting : DEFAULT_CONFIG.timezone };
    }

    protected override async loadAdditionalDocuments(folders: WorkspaceFolder[], collector: (document: LangiumDocument) => void): Promise<void> {
        this.folderConfigs = folders.map(f => readConfig(URI.parse(f.uri).fsPath));
        this.library = new Set();
        this.membership.clear();
        for (const { path, text } of this.libraryFiles()) {
            const uri = URI.file(path);
            this.library.add(uri.toString());
            collector(this.factory.fromString(text ?? readFileSync(path, 'utf8'), uri));
        }
    }

    /** The catalog (unless every folder's seg.json opts out) and the `include` files, each once; unreadable ones are left out. */
    private libraryFiles(): Array<{ path: string; text?: string }> {
        const files = new Map<string, { path: string; text?: string }>();
        const configs = this.folderConfigs.map(c => c.config);
        if (configs.length === 0 || configs.some(c => c.builtinCatalog)) {
            for (const f of builtinCatalogFiles()) files.set(URI.file(f.path).toString(), f);
        }
        for (const path of configs.flatMap(c => c.include.flatMap(segFilesUnder))) {
            const key = URI.file(path).toString();
            if (files.has(key)) continue;
            try { files.set(key, { path, text: readFileSync(path, 'utf8') }); } catch { /* unreadable: skip */ }
        }
        return [...files.values()];
    }

    /**
     * Reads every folder's seg.json again and brings the library documents in line with it. Answers the
     * documents to rebuild (all of them: the time zone and the names in scope may have changed) and those to remove.
     */
    reloadConfig(): { changed: URI[]; deleted: URI[] } {
        this.folderConfigs = (this.workspaceFolders ?? []).map(f => readConfig(URI.parse(f.uri).fsPath));
        const wanted = this.libraryFiles();
        const wantedUris = new Set(wanted.map(f => URI.file(f.path).toString()));
        const deleted = [...this.library].filter(u => !wantedUris.has(u)).map(u => URI.parse(u))
            // A library file that is also a file of a workspace folder stays, as a project file.
            .filter(u => !this.inWorkspaceFolder(u));
        for (const { path, text } of wanted) {
            const uri = URI.file(path);
            if (!this.documents.hasDocument(uri)) this.documents.addDocument(this.factory.fromString(text ?? '', uri));
        }
        this.library = wantedUris;
        this.membership.clear();
        const gone = new Set(deleted.map(u => u.toString()));
        return { changed: this.documents.all.map(d => d.uri).filter(u => !gone.has(u.toString())).toArray(), deleted };
    }

    /**
     * Whether a document belongs to the project: a file of a workspace folder, the catalog or an `include` file.
     * Untitled documents and files outside the folders are checked on their own against the library only.
     * Without workspace folders every file belongs (a single-file session).
     */
    isProjectDocument(uri: URI | string): boolean {
        const key = uri.toString();
        let answer = this.membership.get(key);
        if (answer === undefined) {
            const parsed = typeof uri === 'string' ? URI.parse(uri) : uri;
            answer = this.library.has(key) || (parsed.scheme === 'file' && (!this.workspaceFolders?.length || this.inWorkspaceFolder(parsed)));
            this.membership.set(key, answer);
        }
        return answer;
    }

    /** The catalog and `include` files: what a loose document sees besides itself. */
    get libraryUris(): ReadonlySet<string> {
        return this.library;
    }

    private inWorkspaceFolder(uri: URI): boolean {
        return uri.scheme === 'file' && (this.workspaceFolders ?? []).some(f => UriUtils.contains(URI.parse(f.uri), uri));
    }
}

/**
 * Resolves once the edits the client sent before now are built (parsed, linked, checked): a request that
 * reads the workspace (SQL, plan, meaning) answers for the text the user sees, not the text before the last
 * keystroke. Edits queue a build under the workspace lock; a normal read waits for the queued builds.
 * Only for handlers outside the lock (connection.onRequest): inside one of Langium's it would deadlock.
 */
export async function afterPendingEdits(shared: LangiumSharedServices): Promise<void> {
    await shared.workspace.WorkspaceManager.ready;
    await shared.workspace.WorkspaceLock.read(() => undefined);
}

/** The documents of the project (loose ones left out): what SQL, counts and test lenses are computed from. */
export function projectDocuments(shared: LangiumSharedServices): LangiumDocument[] {
    const manager = shared.workspace.WorkspaceManager;
    const all = shared.workspace.LangiumDocuments.all;
    return (manager instanceof SegWorkspaceManager ? all.filter(d => manager.isProjectDocument(d.uri)) : all).toArray();
}

function readConfig(folder: string): FolderConfig {
    try {
        const { config, file } = loadConfig(folder);
        const raw = file ? JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> : {};
        return { config, setsTimezone: raw.timezone !== undefined };
    } catch {
        // A broken seg.json must not stop the server; `seg check` reports it.
        return { config: { ...DEFAULT_CONFIG }, setsTimezone: false };
    }
}

function segFilesUnder(path: string): string[] {
    try {
        if (!existsSync(path)) return [];
        if (!statSync(path).isDirectory()) return path.endsWith('.seg') ? [path] : [];
        return readdirSync(path).sort().flatMap(n => n === 'node_modules' || n.startsWith('.') ? [] : segFilesUnder(join(path, n)));
    } catch {
        return [];
    }
}
