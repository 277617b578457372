// seg refresh [paths] (--db URL | --data-dir DIR) [--as-of ISO] [--segment NAME…] [--force] [--incremental]
//             [--timezone TZ] [--format table|json] [--timeout S] [--lock-timeout S] [--jobs N]
import { DatabaseError, type SegDatabase } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import { refreshSegments, RefreshRefused, type RefreshResult, type SegmentRefresh } from '../live/refresh.js';
import type { Plan } from '../plan/plan.js';
import { UsageError } from '../project/discover.js';
import { SqlError } from '../sql/to-sql.js';
import { segVersion } from './version.js';
import type { CommandContext } from './command.js';
import { ensureDemoData } from './demo-data.js';
import { checkedPlan, parseAsOf, selectSegments } from './project-plan.js';

export interface RefreshCommandOptions {
    db?: string;
    dataDir?: string;
    asOf?: string;
    timeZone?: string;
    segments: string[];
    force: boolean;
    /** Track changes and evaluate only the contacts that can have changed (live/change-tracking.ts). */
    incremental?: boolean;
    format: 'table' | 'json';
    timeoutSeconds: number;
    lockTimeoutSeconds: number;
    /** Queries at once on a PostgreSQL server (helper connections evaluate segments ahead). */
    jobs: number;
}

export async function refreshCommand(ctx: CommandContext, paths: string[], options: RefreshCommandOptions): Promise<number> {
    if (!options.db && !options.dataDir) {
        throw new UsageError('seg refresh keeps membership in a database: give --db URL (or set SEG_DATABASE_URL) or --data-dir DIR.');
    }
    const asOf = parseAsOf(options.asOf);
    const checked = await checkedPlan(ctx, paths, options.timeZone);
    if (!checked) return 1;
    const { plan, project } = checked;
    const names = segmentsToRefresh(plan, options.segments);
    if (!names.length) {
        ctx.err('seg refresh: the project has no live segments (drafts are not refreshed).');
        return 1;
    }
    let db: SegDatabase | undefined;
    try {
        db = await openDatabase({ url: options.db, dataDir: options.dataDir, lock: { timeoutMs: options.lockTimeoutSeconds * 1000, onWait: t => ctx.err(t) } });
        if (!options.db) await ensureDemoData(db, project, { log: t => ctx.err(t), plan });
        const width = String(names.length).length;
        const result = await refreshSegments(db, plan, names, {
            asOf, force: options.force, segVersion: segVersion(), incremental: options.incremental, jobs: options.jobs,
            onWarning: t => ctx.err(`seg refresh: ${t}`),
            lockTimeoutMs: options.lockTimeoutSeconds * 1000, statementTimeoutMs: options.timeoutSeconds * 1000,
            onWait: t => ctx.err(t),
            onSegment: ({ name, index, total, done }) => {
                if (!done || options.format === 'json') return;
                const what = done.error ? ctx.errStyle.red('failed') : `${done.members.toLocaleString('en-US')} members, +${done.entered.toLocaleString('en-US')} −${done.exited.toLocaleString('en-US')}`;
                ctx.err(ctx.errStyle.dim(`[${String(index + 1).padStart(width)}/${total}] ${name}: ${what} (${done.ms.toFixed(0)} ms)`));
            },
        });
        print(ctx, result, options, db.description, plan);
        for (const s of result.segments) if (s.error) ctx.err(`seg refresh: ${failure(plan, s)}`);
        return result.segments.some(s => s.error) ? 1 : 0;
    } catch (e) {
        if (e instanceof RefreshRefused || e instanceof DatabaseError || e instanceof SqlError) {
            ctx.err(`seg refresh: ${e.message}`);
            return 1;
        }
        throw e;
    } finally {
        await db?.close();
    }
}

/** The live segments to refresh: all, or those named (each must exist and be live). */
function segmentsToRefresh(plan: Plan, named: string[]): string[] {
    if (!named.length) return selectSegments(plan, undefined, { liveOnly: true }).map(s => s.name);
    const names = [...new Set(named)];
    for (const name of names) {
        const [segment] = selectSegments(plan, name, { liveOnly: false });
        if (segment.draft) throw new UsageError(`Segment '${name}' is a draft: only live segments are refreshed (remove 'draft' to make it live).`);
    }
    return names;
}

function failure(plan: Plan, s: SegmentRefresh): string {
    const at = plan.segments.find(p => p.name === s.name)?.source;
    return `segment '${s.name}'${at ? ` (${at.file}:${at.line}:${at.column})` : ''} failed: ${s.error}; its stored membership is unchanged`;
}

/** The segment whose membership could change first if no data changed (exact ones first at the same instant). */
function nextDue(result: RefreshResult): SegmentRefresh | undefined {
    let due: SegmentRefresh | undefined;
    for (const s of result.segments) {
        if (s.error || !s.nextChangeAt) continue;
        const t = s.nextChangeAt.getTime(), best = due?.nextChangeAt!.getTime();
        if (best === undefined || t < best || (t === best && s.nextChangeExact && !due!.nextChangeExact)) due = s;
    }
    return due;
}

function print(ctx: CommandContext, result: RefreshResult, options: RefreshCommandOptions, where: string, plan: Plan): void {
    if (options.format === 'json') {
        ctx.out(JSON.stringify({
            refreshId: result.refreshId,
            asOf: result.asOf.toISOString(),
            timeZone: plan.timeZone,
            segments: result.segments.map(s => s.error
                ? { name: s.name, error: s.error, fingerprint: s.fingerprint }
                : {
                    name: s.name, members: s.members, entered: s.entered, exited: s.exited, kept: s.kept,
                    ms: Math.round(s.ms * 10) / 10, fingerprint: s.fingerprint,
                    ...(s.previousFingerprint ? { previousFingerprint: s.previousFingerprint } : {}),
                    ...(s.rewound ? { rewound: s.rewound } : {}),
                    nextChangeAt: s.nextChangeAt?.toISOString() ?? null, nextChangeExact: s.nextChangeExact,
                    ...(s.evaluated ? { evaluated: s.evaluated } : {}),
                }),
            nextChangeAt: nextDue(result)?.nextChangeAt?.toISOString() ?? null,
        }, null, 2));
        return;
    }
    const rows = result.segments;
    const width = Math.max(7, ...rows.map(r => r.name.length));
    const n = (v: number) => v.toLocaleString('en-US');
    ctx.out(`${'Segment'.padEnd(width)}  ${'Members'.padStart(9)}  ${'Entered'.padStart(8)}  ${'Exited'.padStart(8)}  ${'Time'.padStart(10)}  Next change`);
    for (const r of rows) {
        if (r.error) {
            ctx.out(`${r.name.padEnd(width)}  ${ctx.style.red('failed'.padStart(9))}  ${''.padStart(8)}  ${''.padStart(8)}  ${`${r.ms.toFixed(1)} ms`.padStart(10)}`);
            continue;
        }
        const next = r.nextChangeAt ? `${r.nextChangeAt.toISOString()}${r.nextChangeExact ? '' : ' or later'}` : '-';
        ctx.out(`${r.name.padEnd(width)}  ${n(r.members).padStart(9)}  ${`+${n(r.entered)}`.padStart(8)}  ${`−${n(r.exited)}`.padStart(8)}  ${`${r.ms.toFixed(1)} ms`.padStart(10)}  ${next}`);
    }
    for (const r of rows.filter(r => r.previousFingerprint && !r.error)) {
        ctx.out(ctx.style.dim(`${r.name}: its definition changed since its last refresh; membership re-based (${n(r.entered)} entered, ${n(r.exited)} exited).`));
    }
    for (const r of rows.filter(r => r.rewound && !r.error)) {
        ctx.out(ctx.style.dim(`${r.name}: --force rewound ${n(r.rewound)} stays recorded after ${result.asOf.toISOString()}.`));
    }
    const scoped = rows.filter(r => r.evaluated && !r.error);
    if (scoped.length) {
        const some = scoped.filter(r => r.evaluated && 'keys' in r.evaluated);
        const keys = some.reduce((sum, r) => sum + (r.evaluated as { keys: number }).keys, 0);
        const reasons = new Map<string, string[]>();
        for (const r of scoped) if (r.evaluated && 'all' in r.evaluated) reasons.set(r.evaluated.all, [...reasons.get(r.evaluated.all) ?? [], r.name]);
        const names = (list: string[]) => list.length > 3 ? `${list.slice(0, 3).join(', ')} and ${list.length - 3} more` : list.join(', ');
        ctx.out(ctx.style.dim(`Incremental: ${some.length} of ${scoped.length} segments evaluated only the contacts that can have changed (${n(keys)} in all).`));
        for (const [reason, list] of reasons) ctx.out(ctx.style.dim(`  in full: ${names(list)}: ${reason}.`));
    }
    const due = nextDue(result);
    ctx.out(due
        ? `Next membership change due ${due.nextChangeAt!.toISOString()} (${due.name}${due.nextChangeExact ? '' : ', at the earliest'}): refresh then, or as soon as new data arrives.`
        : 'No membership changes by time alone: refresh when new data arrives.');
    ctx.out(ctx.style.dim(`refresh #${result.refreshId} as of ${result.asOf.toISOString()} (${plan.timeZone}), ${where}`));
}

