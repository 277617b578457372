// `seg/describe` { segment } → { text } | { error }: a segment of the workspace in
// plain English, as `seg explain` and the hover word it (the playground shows it
// beside the editor for the segment under the cursor).
import { DocumentState } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { isSegmentDecl, type Model } from '../language/generated/ast.js';
import { describeSegment } from '../language/describe/describe.js';
import { afterPendingEdits, projectDocuments } from './workspace-manager.js';

export const DESCRIBE_REQUEST = 'seg/describe';

export interface DescribeResponse { text?: string; draft?: boolean; error?: string }

export async function describeWorkspaceSegment(services: LangiumServices, segment: string): Promise<DescribeResponse> {
    const shared = services.shared;
    await shared.workspace.WorkspaceManager.ready;
    await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Linked);
    try {
        return findAndDescribe(shared, segment);
    } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) };
    }
}

function findAndDescribe(shared: LangiumServices['shared'], segment: string): DescribeResponse {
    for (const document of projectDocuments(shared)) {
        const decl = (document.parseResult.value as Model).declarations.find(d => isSegmentDecl(d) && d.name === segment);
        if (decl && isSegmentDecl(decl)) return { text: describeSegment(decl.body), draft: decl.draft === true };
    }
    return { error: `There is no segment named '${segment}'.` };
}

export function registerDescribeRequest(connection: Connection, services: LangiumServices): void {
    // Outside Langium's handlers (and its workspace lock): it first waits for the edits sent before it.
    connection.onRequest(DESCRIBE_REQUEST, async (params: { segment?: unknown }) => {
        await afterPendingEdits(services.shared);
        return describeWorkspaceSegment(services, typeof params?.segment === 'string' ? params.segment : '');
    });
}
