// `///` doc comments: the lines of `/// …` directly above a declaration (docs/language.md §2).
// Langium's default comment provider only knows `/** … */`.
import { AstUtils, type AstNode, type CommentProvider, type DocumentationProvider } from 'langium';

/** The text of the `///` lines right above `node`'s declaration, without the slashes, or undefined. */
export function docComment(node: AstNode): string | undefined {
    const cst = node.$cstNode;
    if (!cst) return undefined;
    let text: string;
    try {
        text = AstUtils.getDocument(node).textDocument.getText();
    } catch {
        return undefined;
    }
    const lineStart = text.lastIndexOf('\n', cst.offset - 1) + 1;
    // Only a declaration that starts its line has a doc comment above it.
    if (text.slice(lineStart, cst.offset).trim() !== '') return undefined;
    const lines: string[] = [];
    let end = lineStart - 1;
    while (end > 0) {
        const start = text.lastIndexOf('\n', end - 1) + 1;
        const line = text.slice(start, end).replace(/\r$/, '').trim();
        if (!line.startsWith('///')) break;
        lines.unshift(line.slice(3).replace(/^ /, ''));
        end = start - 1;
    }
    return lines.length ? lines.join('\n').trim() || undefined : undefined;
}

export class SegCommentProvider implements CommentProvider {
    getComment(node: AstNode): string | undefined {
        return docComment(node);
    }
}

export class SegDocumentationProvider implements DocumentationProvider {
    getDocumentation(node: AstNode): string | undefined {
        return docComment(node);
    }
}
