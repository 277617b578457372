// Outline: segments, declarations, fixtures and tests, each with a kind and a
// detail of its own. Langium's default makes a symbol of every node with a
// `name`, so a field's type (`string`, whose node has a `name` too) showed as a
// child; here only declarations and the records of fixtures and tests are symbols.
// A test (named by its title, not an identifier) holds its records, so they do
// not appear at the top level.
import type { AstNode, CstNode, LangiumDocument } from 'langium';
import { GrammarUtils } from 'langium';
import { DefaultDocumentSymbolProvider } from 'langium/lsp';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import {
    isEntityDecl, isEntityRecord, isFieldDecl, isFixtureDecl, isInteractionDecl, isKeyField, isRelationDecl, isSegmentDecl, isTestDecl,
    type SetExpr,
} from '../language/generated/ast.js';
import { fieldType, typeLabel } from '../language/model/field-types.js';
import { categoryOf } from '../language/describe/describe.js';

export class SegDocumentSymbolProvider extends DefaultDocumentSymbolProvider {
    protected override getSymbol(document: LangiumDocument, node: AstNode): DocumentSymbol[] {
        const cst = node.$cstNode;
        if (!cst) return [];
        const symbol = (name: string, kind: SymbolKind, detail: string | undefined, selection: CstNode | undefined, children: DocumentSymbol[] = []): DocumentSymbol[] => [{
            name: name || '…', kind, detail, range: cst.range, selectionRange: (selection ?? cst).range, children: children.length ? children : undefined,
        }];
        const nameNode = () => GrammarUtils.findNodeForProperty(cst, 'name');
        const members = (items: readonly AstNode[]) => items.flatMap(i => this.getSymbol(document, i));
        if (isSegmentDecl(node)) return symbol(node.name, SymbolKind.Module, `${node.draft ? 'draft segment' : 'segment'}: ${headOf(node.body)}`, nameNode());
        if (isEntityDecl(node)) return symbol(node.name, SymbolKind.Class, 'entity', nameNode(), members(node.key ? [node.key, ...node.fields] : node.fields));
        if (isInteractionDecl(node)) return symbol(node.name, SymbolKind.Event, `${categoryOf(node.name)} interaction`, nameNode(), members(node.members));
        if (isKeyField(node)) return symbol(node.name, SymbolKind.Key, 'guid (key)', nameNode());
        if (isFieldDecl(node)) return symbol(node.name, SymbolKind.Field, typeLabel(fieldType(node)), nameNode());
        if (isRelationDecl(node)) return symbol(node.name, SymbolKind.Interface, 'relation', nameNode());
        if (isFixtureDecl(node)) return symbol(node.name, SymbolKind.Namespace, 'fixture', nameNode(), members(node.items));
        if (isTestDecl(node)) {
            const title = GrammarUtils.findNodeForProperty(cst, 'title');
            return symbol(node.title === undefined ? 'test' : `test "${node.title}"`, SymbolKind.Method, undefined, title, members(node.items));
        }
        if (isEntityRecord(node)) return symbol(node.name, SymbolKind.Variable, node.entity?.$refText, nameNode());
        // The model's children are the declarations; nothing else is a symbol of its own.
        return node.$type === 'Model' ? members((node as AstNode & { declarations: AstNode[] }).declarations) : [];
    }
}

/** What a segment is at a glance: `interaction EmailOpened`, `profile contact`, `union`. */
function headOf(body: SetExpr | undefined): string {
    switch (body?.$type) {
        case 'InteractionQuery': return `interaction ${body.type?.$refText ?? '…'}`;
        case 'ProfileQuery': return `profile ${body.entity?.$refText ?? '…'}`;
        case 'SegmentRef': return body.segment?.$refText ?? '…';
        case 'SetOp': return body.op;
        case 'SetParen': return headOf(body.inner);
        default: return '…';
    }
}
