// Semantic tokens: segments as classes, interaction types as types, entities as
// structs, fields as properties, relations and choice labels as enum members.
import type { AstNode } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import {
    isBetweenTest, isChoiceType, isComparison, isCountAgg, isEntityDecl, isExistsTest, isFieldAgg, isFieldDecl, isFieldPath, isInteractionDecl,
    isInteractionQuery, isInTest, isKeyField, isLookupType, isProfileQuery, isRelationDecl, isSegmentDecl, isSegmentRef, isStringLiteral,
    isViaClause, type FieldPath, type Value,
} from '../language/generated/ast.js';

const declaration = [SemanticTokenModifiers.declaration];

export class SegSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        if (isSegmentDecl(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.class, modifier: declaration });
        } else if (isSegmentRef(node)) {
            acceptor({ node, property: 'segment', type: SemanticTokenTypes.class });
        } else if (isInteractionDecl(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.type, modifier: declaration });
        } else if (isInteractionQuery(node)) {
            acceptor({ node, property: 'type', type: SemanticTokenTypes.type });
        } else if (isEntityDecl(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.struct, modifier: declaration });
        } else if (isProfileQuery(node)) {
            acceptor({ node, property: 'entity', type: SemanticTokenTypes.struct });
        } else if (isLookupType(node)) {
            acceptor({ node, property: 'target', type: SemanticTokenTypes.struct });
        } else if (isExistsTest(node)) {
            acceptor({ node, property: 'entity', type: SemanticTokenTypes.struct });
            acceptor({ node, property: 'via', type: SemanticTokenTypes.property });
        } else if (isFieldDecl(node) || isKeyField(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.property, modifier: declaration });
        } else if (isFieldPath(node)) {
            acceptor({ node, property: 'field', type: SemanticTokenTypes.property });
        } else if (isFieldAgg(node) || (isCountAgg(node) && node.field)) {
            acceptor({ node, property: 'field', type: SemanticTokenTypes.property });
        } else if (isRelationDecl(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.enumMember, modifier: declaration });
        } else if (isViaClause(node)) {
            acceptor({ node, property: 'relation', type: SemanticTokenTypes.enumMember });
        } else if (isComparison(node) || isInTest(node) || isBetweenTest(node)) {
            if (!isChoicePath(node.path)) return;
            const values: Value[] = isComparison(node) ? [node.value] : isInTest(node) ? node.values : [node.low, node.high];
            for (const value of values) {
                if (isStringLiteral(value)) acceptor({ node: value, property: 'value', type: SemanticTokenTypes.enumMember });
            }
        }
    }
}

/** Whether the last step of the path is a field of a choice type. */
function isChoicePath(path: FieldPath | undefined): boolean {
    const field = path?.field?.ref;
    return isFieldDecl(field) && isChoiceType(field.type);
}
