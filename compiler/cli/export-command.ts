// seg export dynamics [paths] [--segment NAME]: segments as Dynamics 365
// segment queries, one `Name: query` line each (what `seg import dynamics` reads).
import { isSegmentDecl } from '../../language/generated/ast.js';
import { suggest, didYouMean } from '../../language/check/suggest.js';
import { exportSegments } from '../dynamics/export-segments.js';
import { openProject } from '../project/open-project.js';
import { UsageError } from '../project/discover.js';
import { collectDiagnostics, formatDiagnostic } from '../report/diagnostic-report.js';
import { displayPath, plural } from '../report/terminal.js';
import type { CommandContext } from './command.js';

export async function exportCommand(ctx: CommandContext, target: string | undefined, paths: string[], options: { segment?: string }): Promise<number> {
    if (target !== 'dynamics') throw new UsageError(`seg export takes a target: 'seg export dynamics [paths]'${target ? `, not '${target}'` : ''}.`);
    const project = await openProject(paths);
    if (project.errorCount > 0) {
        for (const r of collectDiagnostics(project)) for (const d of r.diagnostics) if (d.severity === 'error') ctx.err(formatDiagnostic(d, r.text, ctx.errStyle));
        return 1;
    }
    const sources = project.files.filter(f => f.role === 'source');
    const models = sources.map(f => f.document.parseResult.value);
    if (options.segment !== undefined && !models.some(m => m.declarations.some(d => isSegmentDecl(d) && d.name === options.segment))) {
        const names = models.flatMap(m => m.declarations.filter(isSegmentDecl).map(d => d.name));
        throw new UsageError(`No segment named '${options.segment}'.${didYouMean(suggest(options.segment, names))}`);
    }
    if (project.project.config.timezone !== 'UTC') {
        ctx.err(`${ctx.errStyle.yellow('warning')}: this project's time zone is ${project.project.config.timezone}; Dynamics reads windows and date-times in UTC, so exported windows are UTC windows there.`);
    }
    let failed = 0;
    for (const result of exportSegments(models, options.segment)) {
        if ('query' in result) {
            ctx.out(`${result.segment.name}: ${result.query}`);
            continue;
        }
        failed++;
        const node = result.error.node.$cstNode;
        const file = sources.find(f => f.document.parseResult.value === result.segment.$container)!;
        const where = node ? `${node.range.start.line + 1}:${node.range.start.character + 1}` : '1:1';
        ctx.err(`${displayPath(file.path)}:${where} - ${ctx.errStyle.red('error')}: ${result.segment.name} cannot be exported to Dynamics: ${result.error.message}`);
    }
    if (failed) ctx.err(`${plural(failed, 'segment')} not exported.`);
    return failed ? 1 : 0;
}
