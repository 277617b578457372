// Document formatting: the layout of `seg fmt`, as one whole-document edit.
// No edit when the file does not parse (formatSeg refuses it).
import type { LangiumCoreServices, LangiumDocument } from 'langium';
import type { Formatter } from 'langium/lsp';
import type { DocumentOnTypeFormattingOptions, TextEdit } from 'vscode-languageserver';
import { formatSeg } from '../language/format/format-seg.js';

export class SegFormatter implements Formatter {
    constructor(private readonly services: LangiumCoreServices) {}

    formatDocument(document: LangiumDocument): TextEdit[] {
        const text = document.textDocument.getText();
        let result;
        try {
            result = formatSeg(this.services, text);
        } catch {
            return [];
        }
        if (!result.ok || !result.changed) return [];
        const end = document.textDocument.positionAt(text.length);
        return [{ range: { start: { line: 0, character: 0 }, end }, newText: result.text }];
    }

    /** The canonical layout is a whole-file property: a range formats the whole file. */
    formatDocumentRange(document: LangiumDocument): TextEdit[] {
        return this.formatDocument(document);
    }

    formatDocumentOnType(): TextEdit[] {
        return [];
    }

    get formatOnTypeOptions(): DocumentOnTypeFormattingOptions | undefined {
        return undefined;
    }
}
