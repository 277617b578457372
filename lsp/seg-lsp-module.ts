// The Seg language server's services: Langium's LSP defaults, the Seg core
// module (scoping, parser, the same validator as `seg check`) and Seg's own
// completion, hover, formatting, code actions, code lenses and semantic tokens.
import { inject, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumServices, type PartialLangiumSharedServices,
} from 'langium/lsp';
import { SegGeneratedModule, SegGeneratedSharedModule } from '../language/generated/module.js';
import { registerSegChecks } from '../language/check/seg-validator.js';
import { SegModule } from '../language/seg-module.js';
import { SegCodeActionProvider } from './code-actions.js';
import { SegCodeLensProvider, SegCommandHandler } from './show-sql.js';
import { SegCompletionProvider } from './completion.js';
import { SegLspDocumentValidator } from './diagnostic-links.js';
import { SegCommentProvider, SegDocumentationProvider } from './doc-comments.js';
import { SegFormatter } from './formatter.js';
import { SegHoverProvider } from './hover.js';
import { SegDocumentBuilder } from './document-builder.js';
import { SegDocumentSymbolProvider } from './document-symbols.js';
import { SegDocumentUpdateHandler } from './document-update-handler.js';
import { SegIndexManager, SegLspScopeProvider } from './loose-documents.js';
import { SegRenameProvider } from './rename.js';
import { SegSemanticTokenProvider } from './semantic-tokens.js';
import { SegWorkspaceManager } from './workspace-manager.js';

export type SegLspServices = LangiumServices;

export const SegLspModule: Module<SegLspServices, PartialLangiumServices> = {
    validation: {
        DocumentValidator: (s) => new SegLspDocumentValidator(s),
    },
    references: {
        ScopeProvider: (s) => new SegLspScopeProvider(s),
    },
    documentation: {
        CommentProvider: () => new SegCommentProvider(),
        DocumentationProvider: () => new SegDocumentationProvider(),
    },
    lsp: {
        CompletionProvider: (s) => new SegCompletionProvider(s),
        HoverProvider: (s) => new SegHoverProvider(s),
        DocumentSymbolProvider: (s) => new SegDocumentSymbolProvider(s),
        Formatter: (s) => new SegFormatter(s),
        CodeActionProvider: (s) => new SegCodeActionProvider(s),
        CodeLensProvider: (s) => new SegCodeLensProvider(s.shared),
        SemanticTokenProvider: (s) => new SegSemanticTokenProvider(s),
        RenameProvider: (s) => new SegRenameProvider(s),
    },
};

export const SegSharedLspModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        WorkspaceManager: (s) => new SegWorkspaceManager(s),
        DocumentBuilder: (s) => new SegDocumentBuilder(s),
        IndexManager: (s) => new SegIndexManager(s),
    },
    lsp: {
        ExecuteCommandHandler: (s) => new SegCommandHandler(s),
        DocumentUpdateHandler: (s) => new SegDocumentUpdateHandler(s),
    },
};

export function createSegLspServices(context: DefaultSharedModuleContext): { shared: LangiumSharedServices; Seg: SegLspServices } {
    const shared = inject(createDefaultSharedModule(context), SegGeneratedSharedModule, SegSharedLspModule);
    const Seg = inject(createDefaultModule({ shared }), SegGeneratedModule, SegModule as Module<SegLspServices, PartialLangiumServices>, SegLspModule);
    shared.ServiceRegistry.register(Seg);
    registerSegChecks(Seg);
    return { shared, Seg };
}
