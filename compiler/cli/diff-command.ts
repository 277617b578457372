// seg diff BASE [HEAD] [paths] [--format text|markdown|json] [--db URL | --data-dir DIR]
//          [--as-of ISO] [--timeout S] [--exit-code]
// The segments of two git revisions compared (HEAD defaults to the working
// tree): added, removed, changed (with what changed and the SQL diff) and
// affected through the segments they use; with a database, member counts
// before and after. Exit 0 whether or not anything differs (1 with
// --exit-code when something does), 1 when a side does not check or a count
// fails, 2 on bad usage (not a repository, an unknown revision).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseError, type SegDatabase } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { compareProjects, type ProjectComparison } from '../diff/compare-plans.js';
import { hasDifferences, renderJson, renderMarkdown, renderText, type DiffReport } from '../diff/diff-report.js';
import { mergeBase, repositoryOf, repositoryPath, requireCommit, resolveCommit } from '../diff/git-revision.js';
import { countMembers } from '../diff/member-counts.js';
import { openVersion, revisionTitle, type CheckedVersion, type Revision } from '../diff/open-version.js';
import { UsageError } from '../project/discover.js';
import { SqlError } from '../sql/to-sql.js';
import type { CommandContext } from './command.js';
import { formatDiagnostic, formatSummary } from '../report/diagnostic-report.js';
import { parseAsOf } from './project-plan.js';
import { plural } from '../report/terminal.js';

export interface DiffOptions {
    format: 'text' | 'markdown' | 'json';
    db?: string;
    dataDir?: string;
    asOf?: string;
    timeoutSeconds: number;
    /** Exit 1 when there are differences, like `git diff --exit-code`. */
    exitCode: boolean;
}

const WORKING_TREE: Revision = { label: 'working tree' };

/**
 * `args` are the positionals before `--`: BASE, then HEAD or paths;
 * `explicitPaths` are those after `--` (undefined without `--`).
 */
export async function diffCommand(ctx: CommandContext, args: string[], explicitPaths: string[] | undefined, options: DiffOptions): Promise<number> {
    const { base, head, paths, top } = resolveArguments(args, explicitPaths);
    if (options.db && options.dataDir) throw new UsageError('Give --db URL or --data-dir DIR, not both.');
    const asOf = options.db || options.dataDir ? parseAsOf(options.asOf) : undefined;
    if (options.asOf !== undefined && !asOf) throw new UsageError('--as-of is for member counts: give --db URL or --data-dir DIR too.');
    if (options.dataDir && !options.db && !existsSync(options.dataDir)) {
        throw new UsageError(`No embedded database in ${options.dataDir}. Create one with 'seg db seed --data-dir ${options.dataDir}', or give --db URL.`);
    }
    const absolute = paths.map(p => resolve(p));
    const repoPaths = paths.map(p => repositoryPath(top, p));

    const before = await openChecked(ctx, base, top, absolute, repoPaths);
    if (!before) return 1;
    const after = await openChecked(ctx, head, top, absolute, repoPaths);
    if (!after) return 1;
    const nowhere = paths.filter((_, i) => before.missing.includes(repoPaths[i] || '.') && after.missing.includes(repoPaths[i] || '.'));
    if (nowhere.length) throw new UsageError(`No such file or folder at ${revisionTitle(base)} or ${revisionTitle(head)}: ${nowhere.join(', ')}`);
    for (const p of before.missing) ctx.err(`seg diff: ${p} does not exist at ${revisionTitle(base)}; its segments count as added.`);
    for (const p of after.missing) ctx.err(`seg diff: ${p} does not exist ${head.commit ? `at ${revisionTitle(head)}` : 'in the working tree'}; its segments count as removed.`);

    let comparison: ProjectComparison;
    try {
        comparison = compareProjects(before.version, after.version);
    } catch (e) {
        if (!(e instanceof SqlError)) throw e;
        ctx.err(`seg diff: ${e.message}`);
        return 1;
    }
    const report: DiffReport = { base, head, comparison };
    let countsFailed = 0;
    if (asOf && comparison.segments.length) {
        let db: SegDatabase | undefined;
        try {
            db = await openDatabase({ url: options.db, dataDir: options.dataDir });
            await countMembers(db, before.version.plan, after.version.plan, comparison.segments, { asOf, timeoutMs: options.timeoutSeconds * 1000 });
            report.counts = { asOf, database: db.description };
        } catch (e) {
            if (e instanceof DatabaseError || e instanceof SqlError) {
                ctx.err(`seg diff: counting members: ${e.message}`);
                return 1;
            }
            throw e;
        } finally {
            await db?.close();
        }
        countsFailed = comparison.segments.filter(d => d.count && 'error' in d.count).length;
    }

    ctx.out(options.format === 'json' ? renderJson(report)
        : options.format === 'markdown' ? renderMarkdown(report).trimEnd()
        : renderText(report, ctx.style));
    if (countsFailed) {
        ctx.err(`seg diff: ${plural(countsFailed, 'segment')} could not be counted (see the report).`);
        return 1;
    }
    return options.exitCode && hasDifferences(report) ? 1 : 0;
}

/** The project at a revision, or undefined after printing its errors. */
async function openChecked(ctx: CommandContext, revision: Revision, top: string, paths: string[], repoPaths: string[]): Promise<CheckedVersion | undefined> {
    const side = await openVersion(revision, top, paths, repoPaths);
    if (side.ok) return side;
    ctx.err(`seg diff: the project has errors ${revision.commit ? `at ${revisionTitle(revision)}` : 'in the working tree'}:`);
    for (const r of side.reports) for (const d of r.diagnostics) if (d.severity === 'error') ctx.err(formatDiagnostic(d, r.text, ctx.errStyle));
    ctx.err(formatSummary(side.reports.flatMap(r => r.diagnostics), side.fileCount, ctx.errStyle));
    return undefined;
}

interface Arguments {
    base: Revision;
    head: Revision;
    paths: string[];
    /** The repository's top folder. */
    top: string;
}

/**
 * BASE [HEAD] [paths], like git diff: `A..B` and `A...B` (from the merge base)
 * name both revisions; otherwise a second argument is HEAD when it names a
 * commit and no file or folder; `--` ends the revisions.
 */
function resolveArguments(args: string[], explicitPaths: string[] | undefined): Arguments {
    const [first, ...rest] = args;
    if (first === undefined) throw new UsageError(`diff needs a base revision: seg diff BASE [HEAD] [paths], e.g. seg diff main.`);
    let revisions: string[];
    let paths: string[];
    if (explicitPaths) {
        if (args.length > 2) throw new UsageError(`diff compares two revisions; '${args[2]}' is a third. Paths go after '--'.`);
        revisions = args;
        paths = explicitPaths;
    } else if (/\.\.\.?/.test(first)) {
        revisions = [first];
        paths = rest;
    } else if (rest.length && isRevisionArgument(rest[0], rest.slice(1))) {
        revisions = [first, rest[0]];
        paths = rest.slice(1);
    } else {
        revisions = [first];
        paths = rest;
    }
    if (paths.length === 0) paths = ['.'];
    const top = repositoryOf(paths[0]);
    const range = /^(.*?)(\.\.\.?)(.*)$/.exec(revisions[0]);
    if (range && revisions.length === 1) {
        const [, from, dots, to] = range;
        const left = from || 'HEAD', right = to || 'HEAD';
        const leftSha = requireCommit(top, left), rightSha = requireCommit(top, right);
        const base: Revision = dots === '...' ? { label: `merge base of ${short(left)} and ${short(right)}`, commit: mergeBase(top, leftSha, rightSha) } : { label: short(left), commit: leftSha };
        return { base, head: { label: short(right), commit: rightSha }, paths, top };
    }
    if (revisions.some(r => /\.\.\.?/.test(r))) throw new UsageError(`A range (A..B or A...B) names both revisions: give it alone.`);
    const base: Revision = { label: revisions[0], commit: requireCommit(top, revisions[0]) };
    const head: Revision = revisions[1] === undefined ? WORKING_TREE : { label: revisions[1], commit: requireCommit(top, revisions[1]) };
    return { base, head, paths, top };
}

/** Whether the argument after BASE is HEAD (a commit) rather than a path; both is ambiguous, as in git. */
function isRevisionArgument(arg: string, laterPaths: string[]): boolean {
    const isPath = existsSync(arg);
    const top = (() => {
        try {
            return repositoryOf(isPath ? arg : laterPaths[0] ?? '.');
        } catch {
            return undefined;
        }
    })();
    const isCommit = top !== undefined && resolveCommit(top, arg) !== undefined;
    if (isPath && isCommit) {
        throw new UsageError(`'${arg}' is both a revision and a file or folder. Use 'seg diff BASE ${arg} -- [paths]' for the revision or 'seg diff BASE -- ${arg}' for the path.`);
    }
    if (!isPath && !isCommit && top !== undefined) {
        throw new UsageError(`Unknown revision '${arg}': git knows no commit by that name, and there is no such file or folder. A path that exists only in a revision goes after '--'.`);
    }
    return isCommit;
}

/** A full commit hash as git abbreviates it; other revision names as given. */
function short(revision: string): string {
    return /^[0-9a-f]{40}$/i.test(revision) ? revision.slice(0, 7) : revision;
}
