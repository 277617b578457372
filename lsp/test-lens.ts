// Segment tests in the editor: a code lens over each `test` block with its
// verdict ("✓ 3 expectations pass" / "✗ expect Openers includes bob fails"),
// run on the in-memory executor whenever lenses are asked for. Clicking it runs
// `seg.showTestResult` with the report lines (the VS Code extension prints
// them; other clients get them back from the server).
import { WorkspaceCache, type AstNode, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { CodeLens } from 'vscode-languageserver';
import { isTestDecl, type Model, type TestDecl } from '../language/generated/ast.js';
import { schemaTables } from '../compiler/db/schema.js';
import { runTests, type TestResult } from '../compiler/testing/run-tests.js';
import { collectTests } from '../compiler/testing/test-cases.js';
import { memoryEngine } from '../compiler/testing/test-engines.js';
import { workspacePlan } from './show-sql.js';
import { projectDocuments } from './workspace-manager.js';

export const SHOW_TEST_RESULT_COMMAND = 'seg.showTestResult';

/** Lenses per document, until the workspace changes: editors ask again on scrolls and focus changes. */
const caches = new WeakMap<LangiumSharedServices, WorkspaceCache<string, Promise<CodeLens[]>>>();

/** One lens per test of the document; a single explaining lens on each when the workspace has errors. */
export function testLenses(shared: LangiumSharedServices, document: LangiumDocument): Promise<CodeLens[]> {
    let cache = caches.get(shared);
    if (!cache) caches.set(shared, cache = new WorkspaceCache(shared));
    return cache.get(document.uri.toString(), () => computeLenses(shared, document));
}

async function computeLenses(shared: LangiumSharedServices, document: LangiumDocument): Promise<CodeLens[]> {
    const model = document.parseResult?.value as Model | undefined;
    const tests = (model?.declarations ?? []).filter((d): d is TestDecl => isTestDecl(d) && !!d.$cstNode);
    if (!tests.length) return [];
    const lens = (test: TestDecl, title: string, lines: string[]): CodeLens => {
        const start = test.$cstNode!.range.start;
        return { range: { start, end: start }, command: { title, command: SHOW_TEST_RESULT_COMMAND, arguments: [{ test: test.title, lines }] } };
    };
    let results: TestResult[];
    try {
        const found = await workspacePlan(shared);
        if ('error' in found) return tests.map(t => lens(t, 'test not run: fix the errors first', [found.error]));
        const documents = projectDocuments(shared);
        const models = documents.map(d => d.parseResult.value as Model);
        const cases = collectTests([{ path: document.uri.fsPath, document: document as LangiumDocument<Model> }]);
        results = await runTests(cases, {
            plan: found.plan, engine: memoryEngine, defaultAsOf: Date.now(),
            specs: schemaTables(models), models: models as Array<{ declarations: AstNode[] }>,
            texts: new Map(documents.map(d => [d.uri.fsPath, d.textDocument.getText()])),
        });
    } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        return tests.map(t => lens(t, 'test not run', [message]));
    }
    return results.map(r => lens(r.test.decl, verdict(r), report(r)));
}

export function verdict(r: TestResult): string {
    if (r.error !== undefined) return `✗ test failed to run`;
    const failed = r.results.filter(x => !x.passed);
    if (!failed.length) return `✓ ${r.results.length} expectation${r.results.length === 1 ? '' : 's'} pass${r.results.length === 1 ? 'es' : ''}`;
    return failed.length === 1 ? `✗ expect ${failed[0].title} fails` : `✗ ${failed.length} of ${r.results.length} expectations fail`;
}

/** The lines `seg test` prints for this test. */
function report(r: TestResult): string[] {
    const lines = [`test "${r.test.title}" (as of ${new Date(r.asOf).toISOString()})`];
    if (r.error !== undefined) lines.push(`  ${r.error}`);
    for (const x of r.results) {
        lines.push(`  ${x.passed ? '✓' : '✗'} expect ${x.title}`);
        for (const d of x.details) lines.push(`      ${d}`);
    }
    return lines;
}
