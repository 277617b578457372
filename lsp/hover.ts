// Hover: `///` doc comments, field types, interaction families, and for a
// segment a sentence saying what it selects.
import type { AstNode, LangiumDocument } from 'langium';
import { AstNodeHoverProvider, type LangiumServices } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import {
    isEntityDecl, isEntityRecord, isFieldDecl, isFixtureDecl, isInteractionDecl, isKeyField, isRelationDecl, isSegmentDecl,
} from '../language/generated/ast.js';
import { fieldType, ownerOf, pathText, typeLabel } from '../language/model/field-types.js';
import { docComment } from './doc-comments.js';
import { categoryOf, describeSegment } from '../language/describe/describe.js';

export class SegHoverProvider extends AstNodeHoverProvider {
    constructor(services: LangiumServices) {
        super(services);
    }

    override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        try {
            return await super.getHoverContent(document, params);
        } catch {
            return undefined;
        }
    }

    protected getAstNodeHoverContent(node: AstNode): string | undefined {
        const doc = docComment(node);
        const parts: string[] = [];
        const code = (s: string) => parts.push('```seg\n' + s + '\n```');
        if (isSegmentDecl(node)) {
            code(`${node.draft ? 'draft ' : ''}segment ${node.name}`);
            if (doc) parts.push(doc);
            parts.push(describeSegment(node.body));
        } else if (isInteractionDecl(node)) {
            code(`interaction ${node.name}`);
            if (doc) parts.push(doc);
            parts.push(`*${categoryOf(node.name)} interaction*`);
        } else if (isEntityDecl(node)) {
            code(`entity ${node.name} key ${node.key?.name ?? '…'}`);
            if (doc) parts.push(doc);
        } else if (isFieldDecl(node) || isKeyField(node)) {
            const owner = ownerOf(node);
            code(`${node.name}: ${isKeyField(node) ? 'guid (key)' : typeLabel(fieldType(node))}`);
            const type = fieldType(node);
            if (type.kind === 'choice') parts.push(type.options.map(o => `\`${o.label}\` = ${o.code}`).join(', '));
            if (owner) parts.push(`Field of ${isEntityDecl(owner) ? 'entity' : 'interaction'} \`${owner.name}\`.`);
            if (doc) parts.push(doc);
        } else if (isRelationDecl(node)) {
            code(`relation ${node.name} = ${node.path ? pathText(node.path) : '…'}`);
            parts.push(`How \`${node.$container.name}\` interactions reach the audience.`);
        } else if (isEntityRecord(node)) {
            // A test record: as written, and where it comes from when that is a fixture.
            code(node.$cstNode?.text ?? `${node.entity?.$refText} ${node.name}`);
            parts.push(isFixtureDecl(node.$container) ? `Record of fixture \`${node.$container.name}\`.` : 'Record of this test.');
        } else if (isFixtureDecl(node)) {
            code(`fixture ${node.name}`);
            if (doc) parts.push(doc);
            parts.push(`${node.items.filter(isEntityRecord).length} records: ${node.items.filter(isEntityRecord).map(r => r.name).join(', ')}.`);
        } else {
            return doc;
        }
        return parts.join('\n\n');
    }
}
