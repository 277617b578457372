// Machine-readable `seg test` reports: JSON for tools, JUnit XML for CI test
// tabs (GitHub, GitLab, Azure DevOps, Jenkins), and GitHub Actions annotations
// that put each failed expectation on its line in the pull request.
import type { Plan } from '../plan/plan.js';
import type { TestResult } from '../testing/run-tests.js';
import { escapeData, escapeProperty } from './report-github.js';

export const failed = (r: TestResult): boolean => r.error !== undefined || r.results.some(x => !x.passed);

export function jsonReport(results: TestResult[], engine: string) {
    return {
        engine,
        passed: results.filter(r => !failed(r)).length,
        failed: results.filter(failed).length,
        tests: results.map(r => ({
            title: r.test.title,
            file: r.test.source.file,
            line: r.test.source.line,
            asOf: new Date(r.asOf).toISOString(),
            passed: !failed(r),
            ...(r.error !== undefined ? { error: r.error } : {}),
            expectations: r.results.map(x => ({
                expect: x.title, line: x.expectation.source.line, column: x.expectation.source.column, passed: x.passed,
                ...(x.passed ? {} : { details: x.details }),
            })),
        })),
    };
}

/** One `::error` per failed expectation (or test that could not run), at its source line, the explanation as its message. */
export function githubAnnotations(results: TestResult[]): string[] {
    const lines: string[] = [];
    const annotate = (file: string, line: number, column: number, title: string, message: string) => {
        const props = [['file', file.replace(/\\/g, '/')], ['line', line], ['col', column], ['title', title]]
            .map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
        lines.push(`::error ${props}::${escapeData(message)}`);
    };
    for (const r of results) {
        if (r.error !== undefined) annotate(r.test.source.file, r.test.source.line, r.test.source.column, `seg test: ${r.test.title}`, r.error);
        for (const x of r.results) {
            if (x.passed) continue;
            const { file, line, column } = x.expectation.source;
            annotate(file, line, column, `seg test: ${r.test.title}`, [`expect ${x.title} failed`, ...x.details].join('\n'));
        }
    }
    return lines;
}

/** JUnit XML: a test suite per file, a test case per test, a failure per failed expectation. */
export function junitReport(results: TestResult[], engine: string): string {
    const byFile = new Map<string, TestResult[]>();
    for (const r of results) byFile.set(r.test.source.file, [...(byFile.get(r.test.source.file) ?? []), r]);
    const seconds = (ms: number) => (ms / 1000).toFixed(3);
    const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
    const total = results.reduce((s, r) => s + r.ms, 0);
    out.push(`<testsuites name="seg test" tests="${results.length}" failures="${results.filter(r => r.error === undefined && failed(r)).length}" errors="${results.filter(r => r.error !== undefined).length}" time="${seconds(total)}">`);
    for (const [file, list] of byFile) {
        const failures = list.filter(r => r.error === undefined && failed(r)).length;
        const errors = list.filter(r => r.error !== undefined).length;
        out.push(`  <testsuite name="${xml(file)}" tests="${list.length}" failures="${failures}" errors="${errors}" time="${seconds(list.reduce((s, r) => s + r.ms, 0))}">`);
        out.push(`    <properties><property name="engine" value="${xml(engine)}"/></properties>`);
        for (const r of list) {
            out.push(`    <testcase name="${xml(r.test.title)}" classname="${xml(file)}" file="${xml(file)}" line="${r.test.source.line}" time="${seconds(r.ms)}">`);
            if (r.error !== undefined) out.push(`      <error message="${xml(r.error)}"/>`);
            for (const x of r.results.filter(y => !y.passed)) {
                const where = `${file}:${x.expectation.source.line}:${x.expectation.source.column}`;
                out.push(`      <failure message="${xml(`expect ${x.title}`)}" type="expectation">${xml([`expect ${x.title} (${where})`, ...x.details].join('\n'), false)}</failure>`);
            }
            out.push('    </testcase>');
        }
        out.push('  </testsuite>');
    }
    out.push('</testsuites>');
    return out.join('\n');
}

/** Text for an XML attribute (new lines as character references) or element content; characters XML 1.0 cannot hold are dropped. */
function xml(text: string, attribute = true): string {
    const escaped = text
        // eslint-disable-next-line no-control-regex
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
        .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
    return attribute ? escaped.replace(/\n/g, '&#10;') : escaped;
}

export interface Coverage {
    /** Named in an expectation of a test that ran. */
    tested: string[];
    /** Not named, but used (directly or not) by a tested segment. */
    usedByTested: string[];
    untested: string[];
}

/** Which of the project's segments the tests that ran name, reach through others, or leave alone (in source order). */
export function coverage(plan: Plan, results: TestResult[]): Coverage {
    const tested = new Set(results.flatMap(r => r.test.expectations.map(e => e.segment)));
    const uses = new Map(plan.segments.map(s => [s.name, s.uses]));
    const reached = new Set<string>();
    const visit = (name: string) => {
        for (const u of uses.get(name) ?? []) if (!reached.has(u)) { reached.add(u); visit(u); }
    };
    for (const name of tested) visit(name);
    const names = plan.segments.map(s => s.name);
    return {
        tested: names.filter(n => tested.has(n)),
        usedByTested: names.filter(n => !tested.has(n) && reached.has(n)),
        untested: names.filter(n => !tested.has(n) && !reached.has(n)),
    };
}
