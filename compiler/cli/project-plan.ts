// Shared by the commands: a project checked without errors, and its plan (compiler/pipeline.ts),
// or its errors printed.
import type { OpenedProject } from '../project/open-project.js';
import { compileProject } from '../pipeline.js';
import type { Plan } from '../plan/plan.js';
import { UsageError } from '../project/discover.js';
import type { CommandContext } from './command.js';
import { collectDiagnostics, formatDiagnostic, formatSummary } from '../report/diagnostic-report.js';
import { didYouMean, suggest } from '../../language/check/suggest.js';
import { isValidDate, isValidDateTime } from '../../language/check/literal-rules.js';

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
    if (!ok) throw new UsageError(`--as-of must be an ISO date or date-time such as 2026-03-01 or 2026-03-01T08:00:00Z, not '${text}'.`);
    // Date() rolls 2026-02-30 over to 2 March and accepts 24:00; the language rejects both (SEG303), so --as-of does too.
    const dateTime = /T/.test(text);
    if (!dateTime && !isValidDate(text)) throw new UsageError(`--as-of ${text} is not a calendar date.`);
    if (dateTime && !isValidDateTime(text)) {
        throw new UsageError(`--as-of ${text} is not a valid date-time (a calendar date, hours 0–23, minutes and seconds 0–59, offset up to ±14:00).`);
    }
    const date = new Date(dateTime && !/(Z|[+-]\d{2}:\d{2})$/.test(text) ? `${text}Z` : text);
    if (Number.isNaN(date.getTime())) throw new UsageError(`--as-of ${text} is outside the dates Seg can represent.`);
    return date;
}
