// Langium relinks and re-checks a document after an edit elsewhere only when its references may point
// there. A duplicate name (SEG107) involves no reference: once the other declaration is renamed, closed
// or deleted, the error would stay until the document itself is edited. Documents reporting one are
// checked again after every change.
//
// Langium also decides by the index of a document's references, which a build cancelled after linking it
// (by the next edit) has not rebuilt yet: such a document would keep links to the old version of the
// changed one (a renamed segment still found). A document linked but not indexed is always relinked.
//
// A request about a document the editor has just opened can arrive before the build that adds it to the
// workspace (the opening's update waits for the workspace lock). Langium then answers "No document
// found"; Monaco's LSP client, among others, shows that as an error. Such a request waits for that build.
import { DefaultDocumentBuilder, DocumentState, OperationCancelled, UriUtils, type LangiumDocument, type URI } from 'langium';
import type { CancellationToken } from 'vscode-languageserver';
import { Codes } from '../language/check/codes.js';

export class SegDocumentBuilder extends DefaultDocumentBuilder {
    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        const unindexed = document.state >= DocumentState.Linked && document.state < DocumentState.IndexedReferences;
        return unindexed || super.shouldRelink(document, changedUris) || (document.diagnostics ?? []).some(d => d.code === Codes.DuplicateName);
    }

    protected override awaitDocumentState(state: DocumentState, uri: URI, cancelToken: CancellationToken): Promise<URI> {
        const opened = !this.langiumDocuments.hasDocument(uri) && this.textDocuments?.get(uri) !== undefined;
        if (!opened) return super.awaitDocumentState(state, uri, cancelToken);
        if (cancelToken.isCancellationRequested) return Promise.reject(OperationCancelled);
        return new Promise<URI>((resolve, reject) => {
            const stop = () => { reached.dispose(); built.dispose(); cancelled.dispose(); };
            const reached = this.onDocumentPhase(state, document => {
                if (UriUtils.equals(document.uri, uri)) { stop(); resolve(uri); }
            });
            // A build reached the state without it (it is not a project document after all): Langium's answer.
            const built = this.onBuildPhase(state, () => { stop(); super.awaitDocumentState(state, uri, cancelToken).then(resolve, reject); });
            const cancelled = cancelToken.onCancellationRequested(() => { stop(); reject(OperationCancelled); });
        });
    }
}
