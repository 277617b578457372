// parse + link + check for a whole project: the built-in catalog (unless
// opted out), extra declaration files and the project's own files, as one
// Langium workspace so names resolve across all of them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Model } from '../generated/ast.js';
import type { SegCoreServices } from '../seg-module.js';
import { catalogDir } from './package-root.js';

export interface SourceFile {
    /** Absolute path (or any unique name for in-memory sources). */
    path: string;
    text: string;
}

export interface ProjectInput {
    files: SourceFile[];
    /** Extra declaration files (seg.json `include`), checked and in scope like the project's own. */
    declarations?: SourceFile[];
    /** Load the built-in Dynamics 365 catalog (default true). */
    builtinCatalog?: boolean;
}

export interface FileResult {
    path: string;
    text: string;
    role: 'source' | 'declarations' | 'builtin';
    document: LangiumDocument<Model>;
    diagnostics: Diagnostic[];
}

export interface LoadedProject {
    files: FileResult[];
    /** Every diagnostic count by severity, over source and declaration files. */
    errorCount: number;
    warningCount: number;
}

let builtinCache: SourceFile[] | undefined;

/**
 * Where no file system holds the catalog (the playground's Web Worker), its files are given
 * once, before any project loads; paths are absolute, e.g. /seg/language/catalog/NAME.seg.
 */
export function provideBuiltinCatalog(files: SourceFile[]): void {
    builtinCache = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function builtinCatalogFiles(): SourceFile[] {
    if (!builtinCache) {
        const dir = catalogDir();
        builtinCache = readdirSync(dir).filter(f => f.endsWith('.seg')).sort()
            .map(f => ({ path: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }));
    }
    return builtinCache;
}

export function uriOf(path: string): URI {
    return path.startsWith('/') ? URI.file(path) : URI.parse(`memory:///${encodeURI(path)}`);
}

export async function loadProject(services: SegCoreServices, input: ProjectInput): Promise<LoadedProject> {
    const { shared } = services;
    const factory = shared.workspace.LangiumDocumentFactory;
    const documents = shared.workspace.LangiumDocuments;
    const entries = uniqueByUri([
        ...(input.builtinCatalog === false ? [] : builtinCatalogFiles()).map(file => ({ file, role: 'builtin' as const })),
        ...(input.declarations ?? []).map(file => ({ file, role: 'declarations' as const })),
        ...input.files.map(file => ({ file, role: 'source' as const })),
    ]);
    // The workspace is exactly this project: documents of an earlier load must not linger.
    for (const old of documents.all.toArray()) {
        documents.deleteDocument(old.uri);
        shared.workspace.IndexManager.remove(old.uri);
    }
    const docs = entries.map(({ file }) => {
        const uri = uriOf(file.path);
        const doc = factory.fromString<Model>(file.text, uri);
        documents.addDocument(doc);
        return doc;
    });
    await shared.workspace.DocumentBuilder.build(docs, { validation: true });
    const files = entries.map(({ file, role }, i): FileResult => ({
        path: file.path, text: file.text, role, document: docs[i],
        diagnostics: [...(docs[i].diagnostics ?? [])].sort(byPosition),
    }));
    let errorCount = 0, warningCount = 0;
    for (const f of files) {
        if (f.role === 'builtin') continue;
        for (const d of f.diagnostics) {
            if (d.severity === 1) errorCount++;
            else if (d.severity === 2) warningCount++;
        }
    }
    return { files, errorCount, warningCount };
}

/**
 * One entry per document URI, the first kept. A folder searched for .seg files
 * can hold the built-in catalog itself (`seg check` in Seg's own repository, or
 * a path naming language/catalog): the catalog then stays built-in, and a file
 * that is both declarations and source stays declarations, rather than the
 * workspace refusing a second document with the same URI.
 */
function uniqueByUri<T extends { file: SourceFile }>(entries: T[]): T[] {
    const seen = new Set<string>();
    return entries.filter(({ file }) => {
        const key = uriOf(file.path).toString();
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
    return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
