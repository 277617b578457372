// The language server's services in process, over an empty file system, for
// Langium's `<|>` marker helpers: the built-in catalog is added as workspace
// documents before each test (the in-process services have no workspace
// folder, so SegWorkspaceManager does not load it) and cleared after.
import { EmptyFileSystem, type LangiumDocument } from 'langium';
import { clearDocuments, expectCompletion, expectHover, expectSymbols, validationHelper } from 'langium/test';
import { afterEach, beforeEach } from 'vitest';
import type { CompletionList } from 'vscode-languageserver';
import { createSegLspServices } from '../../lsp/seg-lsp-module.js';
import { builtinCatalogFiles, uriOf } from '../../language/workspace/load-project.js';

export function inProcessServer() {
    const { shared, Seg } = createSegLspServices(EmptyFileSystem);
    const completion = expectCompletion(Seg);
    beforeEach(async () => {
        const factory = shared.workspace.LangiumDocumentFactory;
        const documents = shared.workspace.LangiumDocuments;
        const catalog: LangiumDocument[] = builtinCatalogFiles().map(f => {
            const doc = factory.fromString(f.text, uriOf(f.path));
            documents.addDocument(doc);
            return doc;
        });
        await shared.workspace.DocumentBuilder.build(catalog);
    });
    afterEach(async () => {
        await clearDocuments(shared);
    });
    return {
        shared, Seg,
        validate: validationHelper(Seg),
        hover: expectHover(Seg),
        symbols: expectSymbols(Seg),
        /** Completion at the first `<|>` of `text`; `check` gets the labels and the list. */
        async completeAt(text: string, check: (labels: string[], list: CompletionList) => void): Promise<void> {
            await completion({ text, index: 0, disposeAfterCheck: true, assert: list => check(list.items.map(i => i.label), list) });
        },
    };
}
