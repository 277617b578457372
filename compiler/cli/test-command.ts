// seg test [paths] [--db URL|embedded] [--as-of ISO] [--timezone TZ] [--filter TEXT] [--format text|json|junit|github]:
// runs the project's segment tests; exit 0 when all pass, 1 when any fails
// (or none is found), 2 on bad usage.
import { DatabaseError } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { schemaTables } from '../db/schema.js';
import { planPath } from '../pipeline.js';
import { UsageError } from '../project/discover.js';
import { SqlError } from '../sql/to-sql.js';
import { runTests, type TestResult } from '../testing/run-tests.js';
import { collectTests } from '../testing/test-cases.js';
import { databaseEngine, memoryEngine, type TestEngine } from '../testing/test-engines.js';
import type { CommandContext } from './command.js';
import { checkedPlan, parseAsOf } from './project-plan.js';
import { coverage, failed, githubAnnotations, jsonReport, junitReport, type Coverage } from './test-reports.js';
import { displayPath, plural } from '../report/terminal.js';

export interface TestOptions {
    /** A postgresql:// URL, or `embedded` for a fresh embedded database; default the in-memory executor. */
    db?: string;
    asOf?: string;
    timeZone?: string;
    filter?: string;
    /** text; json; junit (JUnit XML); github (text, then an annotation per failed expectation). */
    format: 'text' | 'json' | 'junit' | 'github';
    /** Also report which segments the tests name, reach through others, or leave untested. */
    coverage?: boolean;
}

export async function testCommand(ctx: CommandContext, paths: string[], options: TestOptions): Promise<number> {
    if (options.db !== undefined && options.db !== 'embedded' && !/^postgres(ql)?:\/\//i.test(options.db)) {
        throw new UsageError(`--db takes a postgresql:// URL, or 'embedded' for the embedded database; not '${options.db}'.`);
    }
    const defaultAsOf = parseAsOf(options.asOf).getTime();
    const checked = await checkedPlan(ctx, paths, options.timeZone);
    if (!checked) return 1;
    const { project, plan } = checked;
    const files = project.files.filter(f => f.role !== 'builtin');
    const tests = collectTests(files.map(f => ({ path: displayPath(f.path), document: f.document })))
        .filter(t => options.filter === undefined || t.title.toLowerCase().includes(options.filter.toLowerCase()));
    if (!tests.length) {
        const what = options.filter === undefined ? 'No segment tests found' : `No segment test matches '${options.filter}'`;
        ctx.err(`${what} (looked in ${plural(files.length, 'file')}). A test is a block such as: test "openers" { contact alice … expect Openers includes alice }.`);
        return 1;
    }
    let engine: TestEngine = memoryEngine;
    try {
        if (options.db !== undefined) engine = databaseEngine(await openDatabase(options.db === 'embedded' ? {} : { url: options.db }));
        let file: string | undefined;
        const results = await runTests(tests, {
            plan, engine, defaultAsOf,
            specs: schemaTables(project),
            models: project.files.map(f => f.document.parseResult.value),
            texts: new Map(project.files.map(f => [planPath(f, project.project.root), f.text])),
            onResult: r => {
                if (options.format !== 'text' && options.format !== 'github') return;
                if (r.test.source.file !== file) {
                    file = r.test.source.file;
                    ctx.out(ctx.style.bold(file));
                }
                printResult(ctx, r);
            },
        });
        const covered = options.coverage ? coverage(plan, results) : undefined;
        if (options.format === 'json') ctx.out(JSON.stringify({ ...jsonReport(results, engine.description), ...(covered ? { coverage: covered } : {}) }, null, 2));
        else if (options.format === 'junit') ctx.out(junitReport(results, engine.description));
        else {
            printSummary(ctx, results, engine.description);
            if (covered) printCoverage(ctx, covered);
        }
        if (options.format === 'github') for (const line of githubAnnotations(results)) ctx.out(line);
        return results.some(failed) ? 1 : 0;
    } catch (e) {
        if (e instanceof DatabaseError || e instanceof SqlError) {
            ctx.err(`seg test: ${e.message}`);
            return 1;
        }
        throw e;
    } finally {
        await engine.close();
    }
}

function printResult(ctx: CommandContext, r: TestResult): void {
    const s = ctx.style;
    const ms = s.dim(`(${r.ms.toFixed(0)} ms)`);
    if (!failed(r)) {
        ctx.out(`  ${s.green('✓')} ${r.test.title} ${ms}`);
        return;
    }
    ctx.out(`  ${s.red('✗')} ${r.test.title} ${ms}`);
    if (r.error !== undefined) ctx.out(`      ${s.red(r.error)}`);
    for (const x of r.results) {
        const { file, line, column } = x.expectation.source;
        if (x.passed) {
            ctx.out(`      ${s.green('✓')} ${s.dim(`expect ${x.title}`)}`);
            continue;
        }
        ctx.out(`      ${s.red('✗')} expect ${x.title}  ${s.dim(`${file}:${line}:${column}`)}`);
        for (const d of x.details) ctx.out(`          ${d}`);
    }
}

function printSummary(ctx: CommandContext, results: TestResult[], engine: string): void {
    const s = ctx.style;
    const bad = results.filter(failed).length;
    const expectations = results.flatMap(r => r.results);
    const badExpectations = expectations.filter(x => !x.passed).length;
    const parts = [bad ? s.red(`${bad} failed`) : '', s.green(`${results.length - bad} passed`)].filter(Boolean);
    ctx.out('');
    ctx.out(`Tests: ${parts.join(', ')}, ${results.length} total (${plural(expectations.length, 'expectation')}${badExpectations ? `, ${badExpectations} failed` : ''})`);
    ctx.out(s.dim(`engine: ${engine}`));
}

function printCoverage(ctx: CommandContext, c: Coverage): void {
    const total = c.tested.length + c.usedByTested.length + c.untested.length;
    ctx.out(`Coverage: ${c.tested.length} of ${plural(total, 'segment')} named in a test, ${c.usedByTested.length} more used by one, ${c.untested.length} untested`);
    if (c.untested.length) ctx.out(`  untested: ${c.untested.join(', ')}`);
}
