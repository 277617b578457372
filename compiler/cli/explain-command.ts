// seg explain NAME [paths] [--timezone TZ]: one segment in plain English, what
// it uses and what uses it, its own plan and its SQL.
import { isSegmentDecl } from '../../language/generated/ast.js';
import { describeSegment } from '../../language/describe/describe.js';
import type { Plan } from '../plan/plan.js';
import { UsageError } from '../project/discover.js';
import { SqlError } from '../sql/to-sql.js';
import type { CommandContext } from './command.js';
import { planJson, segmentSqlFile } from '../report/compiled-files.js';
import { segmentPlan } from '../plan/segment-plan.js';
import { checkedPlan, selectSegments } from './project-plan.js';

export interface ExplainOptions {
    timeZone?: string;
}

export async function explainCommand(ctx: CommandContext, name: string | undefined, paths: string[], options: ExplainOptions): Promise<number> {
    if (name === undefined) throw new UsageError(`explain needs a segment name: seg explain NAME [paths].`);
    const checked = await checkedPlan(ctx, paths, options.timeZone);
    if (!checked) return 1;
    const { project, plan } = checked;
    const [segment] = selectSegments(plan, name, { liveOnly: false });
    const decl = project.files.flatMap(f => f.document.parseResult.value.declarations.filter(isSegmentDecl)).find(d => d.name === segment.name);
    let sql: string;
    try {
        sql = segmentSqlFile(plan, segment.name);
    } catch (e) {
        if (!(e instanceof SqlError)) throw e;
        ctx.err(`seg explain: ${e.message}`);
        return 1;
    }
    const { file, line, column } = segment.source;
    const s = ctx.style;
    const lines = [
        `${s.bold(segment.name)}${segment.draft ? ' (draft)' : ''} — ${file}:${line}:${column}`,
        '',
        describeSegment(decl?.body),
        '',
        s.bold('Uses:'),
        ...tree(segment.name, n => plan.segments.find(x => x.name === n)?.uses ?? []),
        '',
        s.bold('Used by:'),
        ...tree(segment.name, usedBy(plan)),
        '',
        s.bold('Plan:'),
        planJson(segmentPlan(plan, segment.name)).trimEnd(),
        '',
        s.bold('SQL:'),
        sql.trimEnd(),
    ];
    ctx.out(lines.join('\n'));
    return 0;
}

/** Reverse `uses`: the segments that refer to each segment directly, in source order. */
function usedBy(plan: Plan): (name: string) => string[] {
    const map = new Map<string, string[]>();
    for (const seg of plan.segments) for (const u of seg.uses) map.set(u, [...(map.get(u) ?? []), seg.name]);
    return name => map.get(name) ?? [];
}

/** The segments reached from `root` by `next`, one a line, indented two spaces a level; "(none)" when there are none. */
function tree(root: string, next: (name: string) => string[]): string[] {
    const lines: string[] = [];
    const walk = (name: string, depth: number, path: Set<string>) => {
        for (const child of next(name)) {
            const cycle = path.has(child);
            lines.push(`${'  '.repeat(depth)}${child}${cycle ? ' (cycle)' : ''}`);
            if (!cycle) walk(child, depth + 1, new Set([...path, child]));
        }
    };
    walk(root, 1, new Set([root]));
    return lines.length ? lines : ['  (none)'];
}
