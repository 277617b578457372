// Shared by the commands: a project checked without errors, and its plan (compiler/pipeline.ts),
// or its errors printed.
import type { OpenedProject } from '../project/open-project.js';
import { compileProject } from '../pipeline.js';
import type { Plan } from '../plan/plan.js';
import { UsageError } from '../project/discover.js';
import type { CommandContext } from './command.js';
import { collectDiagnostics, formatDiagnostic, formatSummary } from '../report/diagnostic-report.js';
import { didYouMean, suggest } from '../../language/check/suggest.js';

export interface CheckedPlan {
    project: OpenedProject;
    plan: Plan;
}

/** Opens and checks the project; prints its errors and returns undefined when it has any. */
export async function checkedPlan(ctx: CommandContext, paths: string[], timeZone?: string): Promise<CheckedPlan | undefined> {
    const { project, plan } = await compileProject(paths, { timeZone });
    if (!plan) {
        const reports = collectDiagnostics(project);
        for (const r of reports) for (const d of r.diagnostics) if (d.severity === 'error') ctx.err(formatDiagnostic(d, r.text, ctx.errStyle));
        ctx.err(formatSummary(reports.flatMap(r => r.diagnostics), project.files.filter(f => f.role !== 'builtin').length, ctx.errStyle));
        return undefined;
    }
    return { project, plan };
}

/** The segments a command works on: one named with --segment, else all (or all live ones). */
export function selectSegments(plan: Plan, name: string | undefined, options: { liveOnly: boolean }): Plan['segments'] {
    if (name === undefined) return plan.segments.filter(s => !options.liveOnly || !s.draft);
    const found = plan.segments.find(s => s.name === name);
    if (!found) throw new UsageError(`No segment named '${name}'.${didYouMean(suggest(name, plan.segments.map(s => s.name)))}`);
    return [found];
}

/** --as-of: an ISO date or date-time (default now). */
export function parseAsOf(text: string | undefined): Date {
    if (text === undefined) return new Date();
    const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(text);
    const date = new Date(/T/.test(text) && !/(Z|[+-]\d{2}:\d{2})$/.test(text) ? `${text}Z` : text);
    if (!ok || Number.isNaN(date.getTime())) {
        throw new UsageError(`--as-of must be an ISO date or date-time such as 2026-03-01 or 2026-03-01T08:00:00Z, not '${text}'.`);
    }
    return date;
}
