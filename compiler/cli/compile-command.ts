// seg compile [paths] [--segment NAME] [--target postgres|clickhouse|plan] [--out DIR [--check]] [--inline] [--as-of ISO] [--timezone TZ]
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { segmentPlan } from '../plan/segment-plan.js';
import { clickhouseSqlFile, planJson, segmentSqlFile } from '../report/compiled-files.js';
import { SqlError } from '../sql/to-sql.js';
import type { CommandContext } from './command.js';
import { checkedPlan, parseAsOf, selectSegments } from './project-plan.js';
import { staleOutputs } from './stale-outputs.js';
import { displayPath, plural } from '../report/terminal.js';
import { UsageError } from '../project/discover.js';

export interface CompileOptions {
    target: 'postgres' | 'clickhouse' | 'plan';
    segment?: string;
    out?: string;
    /** With --out: write nothing, compare DIR with what would be written; exit 1 when it differs. */
    check?: boolean;
    inline: boolean;
    asOf?: string;
    timeZone?: string;
}

export async function compileCommand(ctx: CommandContext, paths: string[], options: CompileOptions): Promise<number> {
    if (options.check && !options.out) throw new UsageError(`--check needs --out DIR: the folder to compare with.`);
    const checked = await checkedPlan(ctx, paths, options.timeZone);
    if (!checked) return 1;
    const { plan } = checked;
    const segments = selectSegments(plan, options.segment, { liveOnly: false });
    if (options.target === 'plan') {
        const selected = options.segment ? segmentPlan(plan, segments[0].name) : plan;
        const text = planJson(selected);
        if (options.out) {
            const files = [{ name: 'plan.json', text }];
            if (options.check) return checkOut(ctx, options.out, files, false);
            mkdirSync(options.out, { recursive: true });
            writeFileSync(join(options.out, 'plan.json'), text);
            ctx.err(`Wrote ${displayPath(join(options.out, 'plan.json'))}.`);
        } else {
            process.stdout.write(text);
        }
        return 0;
    }
    // ClickHouse binds no parameters: its SQL always carries its values, as of --as-of (default: now).
    const binding = options.inline || options.target === 'clickhouse' ? { asOf: parseAsOf(options.asOf) } : undefined;
    let outputs: Array<{ name: string; text: string }>;
    try {
        outputs = segments.map(s => ({
            name: s.name,
            text: options.target === 'clickhouse' ? clickhouseSqlFile(plan, s.name, binding!.asOf) : segmentSqlFile(plan, s.name, binding),
        }));
    } catch (e) {
        if (!(e instanceof SqlError)) throw e;
        ctx.err(`seg compile: ${e.message}`);
        return 1;
    }
    if (options.out) {
        const files = outputs.flatMap(o => [
            { name: `${o.name}.sql`, text: o.text },
            { name: `${o.name}.plan.json`, text: planJson(segmentPlan(plan, o.name)) },
        ]);
        // With --segment only that segment's files are compared: the others are not extra.
        if (options.check) return checkOut(ctx, options.out, files, options.segment === undefined);
        mkdirSync(options.out, { recursive: true });
        for (const f of files) writeFileSync(join(options.out, f.name), f.text);
        // The files of segments renamed or removed since (never with --segment: the others are still produced).
        const stale = options.segment === undefined ? staleOutputs(options.out, new Set(files.map(f => f.name))) : [];
        for (const name of stale) rmSync(join(options.out, name));
        ctx.err(`Wrote ${plural(files.length, 'file')} to ${displayPath(options.out)}${stale.length ? `, removed ${plural(stale.length, 'stale file')} (${stale.join(', ')})` : ''}.`);
    } else {
        ctx.out(outputs.map(o => o.text).join('\n'));
    }
    return 0;
}

/** --check: lists files of DIR that differ from, are missing from, or are Seg's and not in the compiled output; 1 when any. */
function checkOut(ctx: CommandContext, dir: string, files: Array<{ name: string; text: string }>, extras: boolean): number {
    const problems: string[] = [];
    for (const f of [...files].sort((a, b) => compare(a.name, b.name))) {
        const path = join(dir, f.name);
        if (!existsSync(path)) problems.push(`missing: ${f.name}`);
        else if (readFileSync(path, 'utf8') !== f.text) problems.push(`changed: ${f.name}`);
    }
    if (extras) {
        for (const n of staleOutputs(dir, new Set(files.map(f => f.name)))) problems.push(`extra: ${n}`);
    }
    if (problems.length === 0) {
        ctx.out(`${displayPath(dir)} is up to date (${plural(files.length, 'file')}).`);
        return 0;
    }
    for (const p of problems) ctx.out(p);
    ctx.err(`${displayPath(dir)} is out of date: ${plural(problems.length, 'file')} to update. Run 'seg compile --out ${displayPath(dir)}'.`);
    return 1;
}

function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
