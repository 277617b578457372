// seg import dynamics [FILE|-] [--name NAME] [--out FILE.seg]: Dynamics 365
// segment queries → a formatted, checked .seg file (docs/import-dynamics.md).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EmptyFileSystem } from 'langium';
import { createSegServices } from '../../language/seg-module.js';
import type { ImportDiagnostic } from '../dynamics/diagnostics.js';
import { importDynamicsQueries, type ImportedQuery } from '../dynamics/import-queries.js';
import { InputError, readEntries, type LocatedEntry } from '../dynamics/input-formats.js';
import { loadConfig } from '../project/config.js';
import { UsageError } from '../project/discover.js';
import type { CommandContext } from './command.js';
import { displayPath, plural } from '../report/terminal.js';

export interface ImportOptions {
    name?: string;
    out?: string;
}

export async function importCommand(ctx: CommandContext, source: string | undefined, file: string | undefined, options: ImportOptions): Promise<number> {
    if (source !== 'dynamics') throw new UsageError(`seg import takes a source: 'seg import dynamics [FILE|-]'${source ? `, not '${source}'` : ''}.`);
    const fromStdin = file === undefined || file === '-';
    if (!fromStdin && !existsSync(file)) throw new UsageError(`No such file: ${file}`);
    const label = fromStdin ? '<stdin>' : displayPath(file);
    let entries: LocatedEntry[];
    try {
        entries = readEntries(readFileSync(fromStdin ? 0 : file, 'utf8'), fromStdin ? '' : file);
    } catch (e) {
        if (!(e instanceof InputError)) throw e;
        ctx.err(`${label} - ${ctx.errStyle.red('error')}: ${e.message}`);
        return 1;
    }
    if (!entries.length) throw new UsageError(`${label} holds no Dynamics query.`);
    if (options.name !== undefined) {
        if (entries.length > 1) throw new UsageError('--name names a single query; this input holds ' + plural(entries.length, 'query') + '.');
        entries[0].name = options.name;
    }
    const { Seg, shared } = createSegServices(EmptyFileSystem, { referenceIndex: false });
    const result = await importDynamicsQueries({ Seg, shared }, entries);
    for (const q of result.queries) for (const d of q.diagnostics) ctx.err(diagnosticLine(ctx, label, q, d));
    if (options.out) {
        writeFileSync(options.out, result.text);
        warnIfNotUtc(ctx, options.out);
    } else {
        process.stdout.write(result.text);
    }
    const failed = result.queries.filter(q => !q.imported).length;
    ctx.err(`Imported ${plural(result.queries.length - failed, 'segment')}${failed ? `; ${plural(failed, 'query')} not imported (see the errors above)` : ''}${options.out ? ` into ${displayPath(options.out)}` : ''}.`);
    return failed ? 1 : 0;
}

/** `FILE:LINE:COL - error DYN201: …`; for an export, the record and the position in its query. */
function diagnosticLine(ctx: CommandContext, label: string, q: ImportedQuery, d: ImportDiagnostic): string {
    const record = (q.entry as LocatedEntry).record;
    const where = record !== undefined
        ? `${label} record ${record}${q.entry.name ? ` (${q.entry.name})` : ''}, query ${d.pos.line}:${d.pos.column}`
        : `${label}:${d.pos.line}:${d.pos.column}`;
    const severity = d.severity === 'error' ? ctx.errStyle.red('error') : ctx.errStyle.yellow('warning');
    return `${where} - ${severity} ${d.code}: ${d.message}`;
}

/** Dynamics' windows are UTC: say so when the project the file goes into has another time zone. */
function warnIfNotUtc(ctx: CommandContext, out: string): void {
    const { config } = loadConfig(dirname(out));
    if (config.timezone !== 'UTC') {
        ctx.err(`${ctx.errStyle.yellow('warning')}: this project's time zone is ${config.timezone}; Dynamics' windows and dates are UTC, so imported windows (within N days/months/years) are calendar windows in ${config.timezone} here. Set "timezone": "UTC" in seg.json to keep Dynamics' meaning.`);
    }
}
