// Langium relinks and re-checks a document after an edit elsewhere only when its references may point
// there. A duplicate name (SEG107) involves no reference: once the other declaration is renamed, closed
// or deleted, the error would stay until the document itself is edited. Documents reporting one are
// checked again after every change.
import { DefaultDocumentBuilder, type LangiumDocument } from 'langium';
import { Codes } from '../language/check/codes.js';

export class SegDocumentBuilder extends DefaultDocumentBuilder {
    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        return super.shouldRelink(document, changedUris) || (document.diagnostics ?? []).some(d => d.code === Codes.DuplicateName);
    }
}
