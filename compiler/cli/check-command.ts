// seg check [paths] [--format text|json] [--hints]: diagnostics; exit 0 clean, 1 on errors.
import { collectDiagnostics, formatDiagnostic, formatSummary } from './diagnostic-report.js';
import { openProject } from '../project/open-project.js';
import type { CommandContext } from './command.js';

export interface CheckOptions {
    format: 'text' | 'json';
    /** Also print hints (such as counts that admit zero) in text output. */
    hints: boolean;
}

export async function checkCommand(ctx: CommandContext, paths: string[], options: CheckOptions): Promise<number> {
    const project = await openProject(paths);
    const reports = collectDiagnostics(project);
    const all = reports.flatMap(r => r.diagnostics);
    const checked = project.files.filter(f => f.role !== 'builtin').length;
    if (options.format === 'json') {
        ctx.out(JSON.stringify({
            version: 1,
            root: project.project.root,
            files: checked,
            errorCount: project.errorCount,
            warningCount: project.warningCount,
            diagnostics: all,
        }, null, 2));
    } else {
        for (const report of reports) {
            for (const d of report.diagnostics) {
                if (options.hints || d.severity === 'error' || d.severity === 'warning') ctx.out(formatDiagnostic(d, report.text, ctx.style));
            }
        }
        ctx.out(formatSummary(all, checked, ctx.style));
    }
    return project.errorCount > 0 ? 1 : 0;
}
