// Outline: segments, declarations, fixtures and tests; a test (named by its
// title, not an identifier) holds its records, so they do not appear at the top level.
import type { AstNode, LangiumDocument } from 'langium';
import { GrammarUtils } from 'langium';
import { DefaultDocumentSymbolProvider } from 'langium/lsp';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { isTestDecl } from '../language/generated/ast.js';

export class SegDocumentSymbolProvider extends DefaultDocumentSymbolProvider {
    protected override getSymbol(document: LangiumDocument, node: AstNode): DocumentSymbol[] {
        if (!isTestDecl(node) || !node.$cstNode) return super.getSymbol(document, node);
        const title = GrammarUtils.findNodeForProperty(node.$cstNode, 'title') ?? node.$cstNode;
        return [{
            name: node.title === undefined ? 'test' : `test "${node.title}"`,
            kind: SymbolKind.Method,
            range: node.$cstNode.range,
            selectionRange: title.range,
            children: this.getChildSymbols(document, node),
        }];
    }
}
