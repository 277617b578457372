// Diagnostics as people and machines read them: tsc/rustc-style text with a
// code frame and caret underline, or one JSON object.
import type { Diagnostic } from 'vscode-languageserver-types';
import type { LoadedProject } from '../../language/workspace/load-project.js';
import { displayPath, plural, type Style } from './terminal.js';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface ReportedDiagnostic {
    file: string;
    /** 1-based. */
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    severity: Severity;
    code: string;
    message: string;
    suggestions?: string[];
}

const SEVERITY: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

export interface FileReport {
    path: string;
    text: string;
    diagnostics: ReportedDiagnostic[];
}

/** Per file, in order; the built-in catalog only if it has errors (a user declaration clashing with it). */
export function collectDiagnostics(project: LoadedProject): FileReport[] {
    return project.files
        .filter(f => f.diagnostics.length && (f.role !== 'builtin' || f.diagnostics.some(d => d.severity === 1)))
        .map(f => ({ path: f.path, text: f.text, diagnostics: f.diagnostics.map(d => toReported(displayPath(f.path), d)) }));
}

export function toReported(file: string, d: Diagnostic): ReportedDiagnostic {
    const data = d.data as { suggestions?: string[] } | undefined;
    return {
        file,
        line: d.range.start.line + 1, column: d.range.start.character + 1,
        endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
        severity: SEVERITY[d.severity ?? 1], code: String(d.code ?? 'SEG001'), message: String(d.message),
        ...(data?.suggestions?.length ? { suggestions: data.suggestions } : {}),
    };
}

/** One diagnostic with its code frame, e.g.
 *  examples/a.seg:3:25 - error SEG103: Unknown interaction type 'EmailOpend'. Did you mean 'EmailOpened'?
 *
 *  3 | segment B = interaction EmailOpend within 3 days
 *    |                         ^^^^^^^^^^
 */
export function formatDiagnostic(d: ReportedDiagnostic, source: string | undefined, style: Style): string {
    const color = d.severity === 'error' ? style.red : d.severity === 'warning' ? style.yellow : style.cyan;
    const head = `${style.cyan(d.file)}:${style.yellow(String(d.line))}:${style.yellow(String(d.column))} - ${color(d.severity)} ${style.dim(d.code)}: ${d.message.replace(/[\0-\x08\x0b-\x1f\x7f]/g, escapeControl)}`;
    const lines = source?.split(/\r?\n/);
    const text = lines?.[d.line - 1];
    if (text === undefined) return head;
    const gutter = String(d.line);
    const pad = ' '.repeat(gutter.length);
    const start = d.column - 1;
    const end = d.endLine === d.line ? Math.max(d.endColumn - 1, start + 1) : Math.max(text.length, start + 1);
    const { shown, lead, carets } = excerpt(text, start, end);
    return [head, '', `${style.dim(gutter + ' |')} ${shown}`, `${style.dim(pad + ' |')} ${lead}${color(carets)}`, ''].join('\n');
}

/** Characters of the source line shown around the caret; a longer line is cut with … on either side. */
const WINDOW = 100;
/** Text before the caret kept in a cut line. */
const CONTEXT = 40;

/**
 * The source line as shown, and the underline below it. Control characters are shown escaped
 * (a NUL as \0) so they neither vanish nor move the terminal's cursor; tabs stay tabs and keep
 * their width in the underline, so the carets stay under the token either way.
 */
function excerpt(text: string, start: number, end: number): { shown: string; lead: string; carets: string } {
    let from = 0, to = text.length;
    if (text.length > WINDOW + CONTEXT) {
        from = Math.max(0, Math.min(start - CONTEXT, text.length - WINDOW));
        to = Math.min(text.length, from + WINDOW);
    }
    let shown = from > 0 ? '…' : '', lead = from > 0 ? ' ' : '', width = 0;
    for (let i = from; i < to; i++) {
        const ch = text[i];
        const visible = ch === '\t' ? ch : escapeControl(ch);
        shown += visible;
        if (i < start) lead += ch === '\t' ? '\t' : ' '.repeat(visible.length);
        else if (i < end) width += visible.length;
    }
    if (to < text.length) shown += '…';
    return { shown, lead, carets: '^'.repeat(Math.max(1, width)) };
}

function escapeControl(ch: string): string {
    const code = ch.charCodeAt(0);
    if (code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code < 0xa0)) return ch;
    return code === 0 ? '\\0' : code === 0x0d ? '\\r' : code === 0x0a ? '\\n' : `\\x${code.toString(16).padStart(2, '0')}`;
}

export function formatSummary(diags: ReportedDiagnostic[], fileCount: number, style: Style): string {
    const errors = diags.filter(d => d.severity === 'error').length;
    const warnings = diags.filter(d => d.severity === 'warning').length;
    const files = new Set(diags.filter(d => d.severity === 'error' || d.severity === 'warning').map(d => d.file)).size;
    if (errors === 0 && warnings === 0) return style.green(`No problems found in ${plural(fileCount, 'file')}.`);
    const counts = `${plural(errors, 'error')} and ${plural(warnings, 'warning')}`;
    const text = `Found ${counts} in ${plural(files, 'file')} (checked ${plural(fileCount, 'file')}).`;
    return errors ? style.red(text) : style.yellow(text);
}
