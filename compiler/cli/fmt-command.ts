// seg fmt [--check] [paths] | seg fmt --stdin: the canonical layout.
import { readFileSync, writeFileSync } from 'node:fs';
import { formatSeg } from '../../language/format/format-seg.js';
import { createSegServices, type SegServices } from '../../language/seg-module.js';
import { EmptyFileSystem } from 'langium';
import { findSegFiles } from '../project/discover.js';
import type { CommandContext } from './command.js';
import { displayPath, plural } from '../report/terminal.js';

export interface FmtOptions {
    check: boolean;
    stdin: boolean;
}

/**
 * Formats in the file's own conventions: a file with CRLF line endings stays CRLF (judged by
 * its first line break), and a byte order mark at the start is kept. The formatter works on
 * LF text without a BOM; only the result is converted back, so `--check` flags layout only.
 */
export function formatKeepingStyle(Seg: SegServices, text: string): ReturnType<typeof formatSeg> {
    const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
    const body = bom ? text.slice(1) : text;
    const crlf = /^[^\n]*\r\n/.test(body);
    const result = formatSeg(Seg, crlf ? body.replace(/\r\n/g, '\n') : body);
    if (!result.ok) return result;
    const out = bom + (crlf ? result.text.replace(/\n/g, '\r\n') : result.text);
    return { ...result, text: out, changed: out !== text };
}

export async function fmtCommand(ctx: CommandContext, paths: string[], options: FmtOptions): Promise<number> {
    const { Seg } = createSegServices(EmptyFileSystem);
    if (options.stdin) {
        const text = readFileSync(0, 'utf8');
        const result = formatKeepingStyle(Seg, text);
        if (!result.ok) {
            for (const p of result.problems) ctx.err(`<stdin>:${p.line}:${p.column} - error: ${p.message}`);
            return 1;
        }
        process.stdout.write(result.text);
        return options.check && result.changed ? 1 : 0;
    }
    const files = findSegFiles(paths.length ? paths : ['.']);
    const changed: string[] = [];
    let failed = 0;
    for (const file of files) {
        const text = readFileSync(file, 'utf8');
        const result = formatKeepingStyle(Seg, text);
        if (!result.ok) {
            failed++;
            const p = result.problems[0];
            ctx.err(`${displayPath(file)}:${p.line}:${p.column} - ${ctx.errStyle.red('error')}: cannot format a file with syntax errors: ${p.message}` +
                (result.problems.length > 1 ? ` (and ${plural(result.problems.length - 1, 'more problem')}; run 'seg check')` : ''));
            continue;
        }
        if (!result.changed) continue;
        changed.push(file);
        if (options.check) ctx.out(displayPath(file));
        else writeFileSync(file, result.text);
    }
    const summary = options.check
        ? changed.length ? `${plural(changed.length, 'file')} would be reformatted (run 'seg fmt' to fix).` : `All ${plural(files.length, 'file')} are formatted.`
        : `Formatted ${plural(changed.length, 'file')} (${plural(files.length - changed.length - failed, 'file')} already formatted).`;
    ctx.err(summary);
    return failed > 0 || (options.check && changed.length > 0) ? 1 : 0;
}
