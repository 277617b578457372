// The workspace of the language server: the project's own .seg files (Langium's
// folder traversal), plus the built-in catalog (unless seg.json opts out) and
// seg.json `include` folders, so names resolve as they do for `seg check`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultWorkspaceManager, URI, type LangiumDocument, type LangiumDocumentFactory, type WorkspaceFolder } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { builtinCatalogFiles } from '../language/workspace/load-project.js';
import { DEFAULT_CONFIG, loadConfig, type SegConfig } from '../compiler/project/config.js';

export class SegWorkspaceManager extends DefaultWorkspaceManager {
    private readonly factory: LangiumDocumentFactory;
    /** The project settings of the first workspace folder (defaults without one). */
    config: SegConfig = { ...DEFAULT_CONFIG };

    constructor(services: LangiumSharedServices) {
        super(services);
        this.factory = services.workspace.LangiumDocumentFactory;
        // Diagnostics for every file of the workspace from the start, the same checks as `seg check`.
        this.initialBuildOptions = { validation: true };
    }

    protected override async loadAdditionalDocuments(folders: WorkspaceFolder[], collector: (document: LangiumDocument) => void): Promise<void> {
        const configs = folders.map(f => readConfig(URI.parse(f.uri).fsPath));
        this.config = configs[0] ?? { ...DEFAULT_CONFIG };
        const seen = new Set<string>();
        const add = (path: string, text: string) => {
            const uri = URI.file(path);
            if (seen.has(uri.toString())) return;
            seen.add(uri.toString());
            collector(this.factory.fromString(text, uri));
        };
        // The catalog is in scope unless every folder's seg.json opts out.
        if (configs.length === 0 || configs.some(c => c.builtinCatalog)) {
            for (const f of builtinCatalogFiles()) add(f.path, f.text);
        }
        for (const c of configs) {
            for (const path of c.include.flatMap(segFilesUnder)) {
                try { add(path, readFileSync(path, 'utf8')); } catch { /* unreadable: skip */ }
            }
        }
    }
}

function readConfig(folder: string): SegConfig {
    try {
        return loadConfig(folder).config;
    } catch {
        // A broken seg.json must not stop the server; `seg check` reports it.
        return { ...DEFAULT_CONFIG };
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
