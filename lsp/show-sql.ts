// "Show SQL": a code lens over each segment runs the `seg.showSql` command;
// the custom request `seg/sql` answers with the segment's compiled SQL.
import { AbstractExecuteCommandHandler, type CodeLensProvider, type ExecuteCommandAcceptor, type LangiumServices, type LangiumSharedServices } from 'langium/lsp';
import { DocumentState, URI, WorkspaceCache, type LangiumDocument } from 'langium';
import type { CodeLens, Connection, Position } from 'vscode-languageserver';
import { isSegmentDecl, type Model } from '../language/generated/ast.js';
import { decideTimeZone, planFiles, type PlanFile } from '../compiler/pipeline.js';
import type { Plan } from '../compiler/plan/plan.js';
import { segmentPlan as ownPlan } from '../compiler/plan/segment-plan.js';
import { planJson } from '../compiler/report/compiled-files.js';
import { findProjectRoot } from '../compiler/project/config.js';
import { builtinCatalogFiles } from '../language/workspace/load-project.js';
import { toSql } from '../compiler/sql/to-sql.js';
import { afterPendingEdits, projectDocuments, SegWorkspaceManager } from './workspace-manager.js';
import { countSegments, segmentCount, type CountResponse } from './count.js';
import { clientSettings } from './settings.js';
import { SHOW_TEST_RESULT_COMMAND, testLenses } from './test-lens.js';
import { segmentWhy, WHY_COMMAND } from './why.js';

export const SHOW_SQL_COMMAND = 'seg.showSql';
export const COUNT_MEMBERS_COMMAND = 'seg.countMembers';
export const SQL_REQUEST = 'seg/sql';
export const PLAN_REQUEST = 'seg/plan';

export interface SqlRequestParams {
    segment: string;
}

export interface SqlResponse { sql?: string; error?: string }

/**
 * "Show SQL" over each segment, a test's verdict over each test (test-lens.ts), and "≈ N contacts" beside it when a database is configured
 * and the client says the workspace is trusted (counts are cached per query, see count.ts).
 */
export class SegCodeLensProvider implements CodeLensProvider {
    constructor(private readonly shared: LangiumSharedServices) {}

    async provideCodeLens(document: LangiumDocument): Promise<CodeLens[]> {
        const model = document.parseResult?.value as Model | undefined;
        const segments: Array<{ name: string; start: Position }> = [];
        for (const decl of model?.declarations ?? []) {
            if (!isSegmentDecl(decl) || !decl.name || !decl.$cstNode) continue;
            segments.push({ name: decl.name, start: decl.$cstNode.range.start });
        }
        const settings = clientSettings(this.shared);
        const counts = segments.length && settings.trusted && settings.databaseUrl
            ? await countSegments(this.shared, segments.map(s => s.name))
            : undefined;
        const lenses: CodeLens[] = [];
        for (const { name, start } of segments) {
            const range = { start, end: start };
            lenses.push({ range, command: { title: 'Show SQL', command: SHOW_SQL_COMMAND, arguments: [name] } });
            const count = counts?.get(name);
            if (count) lenses.push({ range, command: { title: countTitle(count), command: COUNT_MEMBERS_COMMAND, arguments: [name] } });
        }
        lenses.push(...await testLenses(this.shared, document));
        return lenses;
    }
}

export function countTitle(count: CountResponse): string {
    if (count.error !== undefined || count.count === undefined) return `count unavailable: ${count.error ?? 'no answer'}`;
    return `≈ ${count.count.toLocaleString('en-US')} contact${count.count === 1 ? '' : 's'}`;
}

export class SegCommandHandler extends AbstractExecuteCommandHandler {
    constructor(private readonly shared: LangiumSharedServices) {
        super();
    }

    registerCommands(accept: ExecuteCommandAcceptor): void {
        accept(SHOW_SQL_COMMAND, args => segmentSql(this.shared, String(args?.[0] ?? '')));
        accept(COUNT_MEMBERS_COMMAND, args => segmentCount(this.shared, String(args?.[0] ?? '')));
        accept(WHY_COMMAND, args => segmentWhy(this.shared, args ?? []));
        // The lens carries the report; a client without its own handler gets it back.
        accept(SHOW_TEST_RESULT_COMMAND, args => args?.[0]);
    }
}

type WorkspacePlan = { plan: Plan } | { error: string };

/** The plan of each workspace state: lenses, requests and counts ask for it again and again between edits. */
const planCaches = new WeakMap<LangiumSharedServices, WorkspaceCache<'plan', WorkspacePlan>>();

/** The workspace's plan, or why there is none. */
export async function workspacePlan(shared: LangiumSharedServices): Promise<WorkspacePlan> {
    await shared.workspace.WorkspaceManager.ready;
    // Linked and checked first: a request may come before the workspace's first build ends.
    await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated);
    let cache = planCaches.get(shared);
    if (!cache) planCaches.set(shared, cache = new WorkspaceCache(shared));
    return cache.get('plan', () => lowerWorkspace(shared));
}

function lowerWorkspace(shared: LangiumSharedServices): WorkspacePlan {
    const documents = projectDocuments(shared);
    const broken = documents.filter(d => (d.diagnostics ?? []).some(x => x.severity === 1));
    if (broken.length) {
        return { error: `Fix the errors first (in ${broken.map(d => d.uri.path.split('/').pop()).join(', ')}): SQL is compiled from a checked project.` };
    }
    const manager = shared.workspace.WorkspaceManager;
    const config = manager instanceof SegWorkspaceManager ? manager.config : undefined;
    const { root, files } = workspaceFiles(shared);
    return { plan: planFiles(files, { root, timeZone: decideTimeZone(undefined, config) }) };
}

/**
 * The workspace's files as `seg compile` plans the folder: paths relative to its project root,
 * the catalog as <builtin>/NAME (planPath gives each file's name in the plan).
 */
export function workspaceFiles(shared: LangiumSharedServices): { root: string; files: Array<PlanFile & { text: string }> } {
    const folder = shared.workspace.WorkspaceManager.workspaceFolders?.[0];
    const root = folder ? findProjectRoot(URI.parse(folder.uri).fsPath) : '/';
    const builtin = new Set(builtinCatalogFiles().map(f => URI.file(f.path).toString()));
    const files = projectDocuments(shared).map(d => ({
        path: d.uri.scheme === 'file' ? d.uri.fsPath : d.uri.toString(),
        role: builtin.has(d.uri.toString()) ? 'builtin' as const : 'source' as const,
        model: d.parseResult.value as Model,
        text: d.textDocument.getText(),
    }));
    return { root, files };
}

/** The compiled PostgreSQL of one segment of the workspace, or why there is none. */
export async function segmentSql(shared: LangiumSharedServices, segment: string): Promise<SqlResponse> {
    try {
        const found = await workspacePlan(shared);
        if ('error' in found) return found;
        if (!found.plan.segments.some(s => s.name === segment)) return { error: `There is no segment named '${segment}'.` };
        return { sql: toSql(found.plan, segment).text };
    } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) };
    }
}

/** The plan of one segment: the file `seg compile --out` writes as NAME.plan.json. */
export async function segmentPlan(shared: LangiumSharedServices, segment: string): Promise<{ plan?: string; error?: string }> {
    try {
        const found = await workspacePlan(shared);
        if ('error' in found) return found;
        if (!found.plan.segments.some(s => s.name === segment)) return { error: `There is no segment named '${segment}'.` };
        return { plan: planJson(ownPlan(found.plan, segment)) };
    } catch (e) {
        return { error: e instanceof Error ? e.message : String(e) };
    }
}

export function registerSqlRequest(connection: Connection, services: LangiumServices): void {
    // Outside Langium's handlers (and its workspace lock): each first waits for the edits sent before it.
    connection.onRequest(SQL_REQUEST, async (params: SqlRequestParams) => {
        await afterPendingEdits(services.shared);
        return segmentSql(services.shared, String(params?.segment ?? ''));
    });
    connection.onRequest(PLAN_REQUEST, async (params: SqlRequestParams) => {
        await afterPendingEdits(services.shared);
        return segmentPlan(services.shared, String(params?.segment ?? ''));
    });
}
