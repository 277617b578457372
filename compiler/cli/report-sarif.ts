// `seg check --format sarif`: one SARIF 2.1.0 log, for code scanning services
// (GitHub code scanning, Azure DevOps, IDE viewers). One run; one rule per code
// that occurs; paths relative to the project root under %SRCROOT%.
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeName as segCodeName } from '../../language/check/codes.js';
import { packageRoot } from '../../language/workspace/package-root.js';
import type { FileReport, ReportedDiagnostic, Severity } from '../report/diagnostic-report.js';

export type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SEG109 → not-a-lookup (language/check/codes.ts, as docs/diagnostics.md's headings have it); another code as it is, in lower case. */
export function codeName(code: string): string {
    return segCodeName(code) ?? code.toLowerCase();
}

function codeDescription(code: string): string {
    const name = codeName(code);
    if (name === code.toLowerCase()) return code;
    const words = name.replace(/-/g, ' ');
    return words[0].toUpperCase() + words.slice(1) + '.';
}

interface PackageInfo { version: string; homepage?: string; repository?: string | { url?: string } }

function packageInfo(): PackageInfo {
    return JSON.parse(readFileSync(`${packageRoot()}/package.json`, 'utf8')) as PackageInfo;
}

/** A browsable https URL for the repository, if package.json names one; undefined otherwise. */
function repositoryUrl(pkg: PackageInfo): string | undefined {
    const raw = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
    if (!raw) return undefined;
    const github = /^github:(.+)$/.exec(raw) ?? /^([\w.-]+\/[\w.-]+)$/.exec(raw);
    if (github) return `https://github.com/${github[1]}`;
    const url = raw.replace(/^git\+/, '').replace(/\.git$/, '').replace(/^git:\/\//, 'https://');
    return /^https?:\/\//.test(url) ? url : undefined;
}

function artifactLocation(file: string, root: string): { uri: string; uriBaseId?: string } {
    const absolute = resolve(file);
    const rel = relative(root, absolute);
    if (rel && !rel.startsWith('..') && !isAbsolute(rel)) {
        return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
    }
    // Outside the project (the built-in catalog): an absolute file URI.
    return { uri: pathToFileURL(absolute).href };
}

export function sarifLog(reports: FileReport[], root: string): object {
    const pkg = packageInfo();
    const repo = repositoryUrl(pkg);
    const informationUri = pkg.homepage && /^https?:\/\//.test(pkg.homepage) ? pkg.homepage : repo;
    const all: Array<{ report: FileReport; d: ReportedDiagnostic }> = reports.flatMap(report => report.diagnostics.map(d => ({ report, d })));
    const codes = [...new Set(all.map(({ d }) => d.code))].sort();
    const ruleIndex = new Map(codes.map((code, i) => [code, i]));
    const rules = codes.map(code => {
        const name = codeName(code);
        const anchor = `${code.toLowerCase()}-${name}`;
        return {
            id: code,
            name,
            shortDescription: { text: codeDescription(code) },
            help: { text: `See docs/diagnostics.md#${anchor} for an example and how to fix it.` },
            // Only when package.json says where the docs live; a guessed URL would be worse than none.
            ...(repo ? { helpUri: `${repo}/blob/HEAD/docs/diagnostics.md#${anchor}` } : {}),
        };
    });
    const rootUri = pathToFileURL(resolve(root)).href.replace(/\/?$/, '/');
    return {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [{
            tool: {
                driver: {
                    name: 'seg',
                    version: pkg.version,
                    semanticVersion: pkg.version,
                    ...(informationUri ? { informationUri } : {}),
                    rules,
                },
            },
            originalUriBaseIds: { '%SRCROOT%': { uri: rootUri } },
            results: all.map(({ report, d }) => ({
                ruleId: d.code,
                ruleIndex: ruleIndex.get(d.code),
                level: LEVEL[d.severity],
                message: { text: d.suggestions?.length && !d.message.includes(d.suggestions[0]) ? `${d.message} (${d.suggestions.join(', ')})` : d.message },
                locations: [{
                    physicalLocation: {
                        artifactLocation: artifactLocation(report.path, root),
                        region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
                    },
                }],
            })),
        }],
    };
}
