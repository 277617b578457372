// An untitled document, or a file outside the workspace folders, is not part of the project: project files
// never see its names (no duplicate-name errors, no references into it), and it sees only the library (the
// built-in catalog and `include` files) and itself. SegWorkspaceManager.isProjectDocument decides.
import { AstUtils, DefaultIndexManager, MultiMapScope, type AstNodeDescription, type LangiumCoreServices, type LangiumSharedCoreServices, type ReferenceInfo, type Scope, type Stream } from 'langium';
import { SegScopeProvider } from '../language/scope/seg-scope-provider.js';
import { SegWorkspaceManager } from './workspace-manager.js';

function segWorkspace(shared: LangiumSharedCoreServices): SegWorkspaceManager | undefined {
    const manager = shared.workspace.WorkspaceManager;
    return manager instanceof SegWorkspaceManager ? manager : undefined;
}

/** The index as the project sees it: without loose documents, unless asked for given documents. */
export class SegIndexManager extends DefaultIndexManager {
    constructor(private readonly shared: LangiumSharedCoreServices) {
        super(shared);
    }

    override allElements(nodeType?: string, uris?: Set<string>): Stream<AstNodeDescription> {
        // The workspace manager is looked up lazily: it is built after the index (it needs the document builder).
        const workspace = uris ? undefined : segWorkspace(this.shared);
        if (!workspace) return super.allElements(nodeType, uris);
        const project = new Set([...this.symbolIndex.keys()].filter(u => workspace.isProjectDocument(u)));
        return super.allElements(nodeType, project);
    }
}

/** A loose document resolves names against the library and itself. */
export class SegLspScopeProvider extends SegScopeProvider {
    private readonly shared: LangiumSharedCoreServices;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.shared = services.shared;
    }

    protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
        const workspace = segWorkspace(this.shared);
        const uri = AstUtils.getDocument(context.container).uri.toString();
        if (!workspace || workspace.isProjectDocument(uri)) return super.getGlobalScope(referenceType, context);
        return new MultiMapScope(this.indexManager.allElements(referenceType, new Set([...workspace.libraryUris, uri])));
    }
}
