// seg check [paths] [--format text|json|sarif|github] [--hints]: diagnostics; exit 0 clean, 1 on errors.
import { collectDiagnostics, formatDiagnostic, formatSummary } from '../report/diagnostic-report.js';
import { openProject } from '../project/open-project.js';
import { githubAnnotations } from './report-github.js';
import { sarifLog } from './report-sarif.js';
import type { Style } from '../report/terminal.js';
import type { CommandContext } from './command.js';

const id = (s: string) => s;
const plainStyle: Style = { red: id, yellow: id, cyan: id, blue: id, bold: id, dim: id, green: id };

export interface CheckOptions {
    format: 'text' | 'json' | 'sarif' | 'github';
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
    } else if (options.format === 'sarif') {
        ctx.out(JSON.stringify(sarifLog(reports, project.project.root), null, 2));
    } else if (options.format === 'github') {
        // Every diagnostic, hints as notices; the summary is a plain line (no colour codes in CI logs).
        for (const line of githubAnnotations(reports)) ctx.out(line);
        ctx.out(formatSummary(all, checked, plainStyle));
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
