// "Show SQL": a code lens over each segment runs the `seg.showSql` command;
// the custom request `seg/sql` answers with the segment's compiled SQL.
import { AbstractExecuteCommandHandler, type CodeLensProvider, type ExecuteCommandAcceptor, type LangiumServices, type LangiumSharedServices } from 'langium/lsp';
import type { LangiumDocument } from 'langium';
import type { CodeLens, Connection } from 'vscode-languageserver';
import { isSegmentDecl, type Model } from '../language/generated/ast.js';
import { lower } from '../compiler/plan/lower.js';
import { toSql } from '../compiler/sql/to-sql.js';
import { SegWorkspaceManager } from './workspace-manager.js';

export const SHOW_SQL_COMMAND = 'seg.showSql';
export const SQL_REQUEST = 'seg/sql';

export interface SqlRequestParams {
    segment: string;
}

export interface SqlResponse { sql?: string; error?: string }

export class SegCodeLensProvider implements CodeLensProvider {
    provideCodeLens(document: LangiumDocument): CodeLens[] {
        const model = document.parseResult?.value as Model | undefined;
        const lenses: CodeLens[] = [];
        for (const decl of model?.declarations ?? []) {
            if (!isSegmentDecl(decl) || !decl.name || !decl.$cstNode) continue;
            const start = decl.$cstNode.range.start;
            lenses.push({
                range: { start, end: start },
                command: { title: 'Show SQL', command: SHOW_SQL_COMMAND, arguments: [decl.name] },
            });
        }
        return lenses;
    }
}

export class SegCommandHandler extends AbstractExecuteCommandHandler {
    constructor(private readonly shared: LangiumSharedServices) {
        super();
    }

    registerCommands(accept: ExecuteCommandAcceptor): void {
        accept(SHOW_SQL_COMMAND, args => segmentSql(this.shared, String(args?.[0] ?? '')));
    }
}

/** The compiled PostgreSQL of one segment of the workspace, or why there is none. */
export async function segmentSql(shared: LangiumSharedServices, segment: string): Promise<SqlResponse> {
    try {
        await shared.workspace.WorkspaceManager.ready;
        const documents = shared.workspace.LangiumDocuments.all.toArray();
        const broken = documents.filter(d => (d.diagnostics ?? []).some(x => x.severity === 1));
        if (broken.length) {
            return { error: `Fix the errors first (in ${broken.map(d => d.uri.path.split('/').pop()).join(', ')}): SQL is compiled from a checked project.` };
        }
        const manager = shared.workspace.WorkspaceManager;
        const timeZone = manager instanceof SegWorkspaceManager ? manager.config.timezone : 'UTC';
        const plan = lower({ timeZone, files: documents.map(d => ({ path: d.uri.fsPath, model: d.parseResult.value as Model })) });
        if (!plan.segments.some(s => s.name === segment)) return { error: `There is no segment named '${segment}'.` };
        return { sql: toSql(plan, segment).text };
    } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) };
    }
}

export function registerSqlRequest(connection: Connection, services: LangiumServices): void {
    connection.onRequest(SQL_REQUEST, (params: SqlRequestParams) => segmentSql(services.shared, String(params?.segment ?? '')));
}
