// `seg check --format github`: GitHub Actions workflow commands, one annotation
// per diagnostic, e.g.
//   ::error file=a.seg,line=1,col=25,endLine=1,endColumn=35,title=SEG103 unknown-interaction::Unknown interaction type …
// Escaping follows the runner (toCommandValue/escapeData/escapeProperty in @actions/core).
import type { FileReport, ReportedDiagnostic, Severity } from '../report/diagnostic-report.js';
import { codeName } from './report-sarif.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

export function escapeData(s: string): string {
    return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
    return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function githubAnnotation(d: ReportedDiagnostic): string {
    const props: Array<[string, string | number]> = [
        ['file', d.file.replace(/\\/g, '/')], ['line', d.line], ['col', d.column],
        ['endLine', d.endLine], ['endColumn', d.endColumn], ['title', `${d.code} ${codeName(d.code)}`],
    ];
    const list = props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
    return `::${COMMAND[d.severity]} ${list}::${escapeData(d.message)}`;
}

export function githubAnnotations(reports: FileReport[]): string[] {
    return reports.flatMap(r => r.diagnostics.map(githubAnnotation));
}
