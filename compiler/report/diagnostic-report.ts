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
    const head = `${style.cyan(d.file)}:${style.yellow(String(d.line))}:${style.yellow(String(d.column))} - ${color(d.severity)} ${style.dim(d.code)}: ${d.message}`;
    const lines = source?.split(/\r?\n/);
    const text = lines?.[d.line - 1];
    if (text === undefined) return head;
    const gutter = String(d.line);
    const pad = ' '.repeat(gutter.length);
    const start = d.column - 1;
    const end = d.endLine === d.line ? Math.max(d.endColumn - 1, start + 1) : Math.max(text.length, start + 1);
    // Tabs keep their width in the underline so the carets stay under the token.
    const lead = text.slice(0, start).replace(/[^\t]/g, ' ');
    const carets = '^'.repeat(Math.max(1, end - start));
    return [head, '', `${style.dim(gutter + ' |')} ${text}`, `${style.dim(pad + ' |')} ${lead}${color(carets)}`, ''].join('\n');
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
