// Rename refuses what would break the project or edit what the user does not own: a name of the built-in
// catalog (the bundled file, shared by every project), a new name that is a keyword or no name at all,
// and a new name already taken in the same namespace. Each refusal is an error response with a message
// the editor shows, from prepareRename (F2) as far as it can tell, else from rename.
import { AstUtils, CstUtils, URI, type AstNode, type LangiumDocument, type Lexer } from 'langium';
import { DefaultRenameProvider, type LangiumServices, type LangiumSharedServices } from 'langium/lsp';
import { LSPErrorCodes, ResponseError, type Position, type PrepareRenameParams, type Range, type RenameParams, type WorkspaceEdit } from 'vscode-languageserver';
import { isEntityRecord, isFieldDecl, isFixtureDecl, isKeyField, isRelationDecl, isTestDecl, type Model } from '../language/generated/ast.js';
import { fieldsOf, ownerOf, relationsOf } from '../language/model/field-types.js';
import { recordsInScope, type RecordOwner } from '../language/scope/records.js';
import { builtinCatalogFiles } from '../language/workspace/load-project.js';

type Named = AstNode & { name: string };

export class SegRenameProvider extends DefaultRenameProvider {
    private readonly lexer: Lexer;
    private readonly shared: LangiumSharedServices;

    constructor(services: LangiumServices) {
        super(services);
        this.lexer = services.parser.Lexer;
        this.shared = services.shared;
    }

    override async prepareRename(document: LangiumDocument, params: PrepareRenameParams): Promise<Range | undefined> {
        const target = this.target(document, params.position);
        if (!target) {
            const word = this.leafAt(document, params.position);
            if (word && /^[a-z]+$/.test(word.text) && word.tokenType?.name !== 'ID') {
                refuse(`'${word.text}' is a keyword of Seg; put the cursor on a name to rename it.`);
            }
            return undefined;
        }
        return super.prepareRename(document, params);
    }

    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        const target = this.target(document, params.position);
        if (target && params.newName !== target.name) this.checkNewName(target, params.newName);
        return super.rename(document, params);
    }

    /** The declaration named or referred to at `position`; refuses one of the built-in catalog. */
    private target(document: LangiumDocument, position: Position): Named | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const leaf = CstUtils.findDeclarationNodeAtOffset(root, document.textDocument.offsetAt(position), this.grammarConfig.nameRegexp);
        if (!leaf) return undefined;
        const node = this.references.findDeclarations(leaf)[0] ?? (this.isNameNode(leaf) ? leaf.astNode : undefined);
        if (!node || typeof (node as Partial<Named>).name !== 'string') return undefined;
        const uri = AstUtils.getDocument(node).uri.toString();
        const inCatalog = builtinCatalogFiles().find(f => URI.file(f.path).toString() === uri)?.path.split(/[\\/]/).pop();
        if (inCatalog) {
            refuse(`'${(node as Named).name}' is declared in the built-in catalog (${inCatalog}), which every project shares; it cannot be renamed.`);
        }
        return node as Named;
    }

    private leafAt(document: LangiumDocument, position: Position) {
        const root = document.parseResult.value.$cstNode;
        const leaf = root && CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(position));
        return leaf && 'tokenType' in leaf ? leaf as typeof leaf & { tokenType?: { name: string } } : undefined;
    }

    private checkNewName(target: Named, newName: string): void {
        const tokens = this.lexer.tokenize(newName);
        const token = tokens.tokens[0];
        if (tokens.errors.length === 0 && tokens.tokens.length === 1 && token.image === newName && token.tokenType.name !== 'ID' && /^[A-Za-z]+$/.test(newName)) {
            refuse(`'${newName}' is a keyword of Seg and cannot be a name.`);
        }
        if (tokens.errors.length || tokens.tokens.length !== 1 || token.image !== newName || token.tokenType.name !== 'ID') {
            refuse(`'${newName}' is not a valid name: a name starts with a letter or '_' and holds only letters, digits and '_'.`);
        }
        const taken = this.existing(target, newName);
        if (taken) refuse(`'${newName}' is already ${taken}.`);
    }

    /** What already bears `name` in the target's namespace, as a phrase, if anything. */
    private existing(target: Named, name: string): string | undefined {
        if (isEntityRecord(target)) {
            const owners: RecordOwner[] = isTestDecl(target.$container) ? [target.$container] : this.testsUsing(target.$container);
            if (isFixtureDecl(target.$container)) owners.push(target.$container);
            return owners.some(o => recordsInScope(o).some(r => r !== target && r.name === name)) ? `the name of a record where '${target.name}' is used` : undefined;
        }
        if (isRelationDecl(target)) {
            return relationsOf(target.$container).some(r => r.name === name) ? `a relation of '${target.$container.name}'` : undefined;
        }
        if (isFieldDecl(target) || isKeyField(target)) {
            const owner = ownerOf(target);
            return owner && fieldsOf(owner).some(f => f.name === name) ? `a field of '${owner.name}'` : undefined;
        }
        // Segments, entities, interaction types and fixtures share one namespace across the project.
        const other = this.shared.workspace.IndexManager.allElements().find(d => d.name === name);
        if (!other) return undefined;
        const line = (other.nameSegment?.range.start.line ?? 0) + 1;
        return `the name of ${article(kindOf(other.type))} (${other.documentUri.path.split('/').pop()}:${line}); names are shared by all files of a project`;
    }

    private testsUsing(fixture: AstNode): RecordOwner[] {
        return this.shared.workspace.LangiumDocuments.all
            .flatMap(d => (d.parseResult.value as Model).declarations ?? [])
            .filter(isTestDecl)
            .filter(t => t.fixtures.some(f => f.ref === fixture))
            .toArray();
    }
}

function refuse(message: string): never {
    throw new ResponseError(LSPErrorCodes.RequestFailed, message);
}

function kindOf(type: string): string {
    return { SegmentDecl: 'segment', EntityDecl: 'entity', InteractionDecl: 'interaction type', FixtureDecl: 'fixture' }[type] ?? 'declaration';
}

function article(word: string): string {
    return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}
