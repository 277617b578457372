// Any part of a segment (a condition, a clause, a whole definition) as the
// canonical Seg source the formatter writes, on one line and without
// comments: what a user reads in a change summary, independent of layout.
import type { AstNode } from 'langium';
import type { Attachments } from '../../language/format/comments.js';
import { printDoc } from '../../language/format/doc.js';
import { SegPrinter } from '../../language/format/print-seg.js';

/** Width no group reaches, so every group prints flat (one line). */
const ONE_LINE = Number.MAX_SAFE_INTEGER;

const NO_COMMENTS: Attachments = { leading: new Map(), trailing: new Map(), bodyEnd: new Map(), fileEnd: [] };

export function sourceText(node: AstNode | undefined): string {
    if (!node) return '';
    try {
        return printDoc(new SegPrinter(NO_COMMENTS).fragment(node), ONE_LINE).trim();
    } catch {
        // A node the printer does not know: its source with whitespace collapsed.
        return (node.$cstNode?.text ?? '').replace(/\s+/g, ' ').trim();
    }
}
