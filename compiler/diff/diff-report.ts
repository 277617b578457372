// The report of `seg diff` in three forms: text for a terminal, Markdown for a
// pull-request comment, and JSON (version 1) for bots.
import type { Style } from '../report/terminal.js';
import type { CountChange, CountFailure, ProjectComparison, SegmentDiff, SegmentStatus, ViaPath } from './compare-plans.js';
import { revisionTitle, type Revision } from './open-version.js';
import type { Change } from './summarize.js';

export const DIFF_JSON_VERSION = 1;

export interface DiffReport {
    base: Revision;
    head: Revision;
    comparison: ProjectComparison;
    /** Present when member counts were taken. */
    counts?: { asOf: Date; database: string };
}

const STATUSES: SegmentStatus[] = ['changed', 'added', 'removed', 'affected'];

/** "2 changed, 1 added, 1 affected" (statuses with none left out), or "no changes". */
export function summaryLine(report: DiffReport): string {
    const parts = STATUSES.map(s => [s, report.comparison.segments.filter(d => d.status === s).length] as const)
        .filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`);
    return parts.length ? parts.join(', ') : 'no changes';
}

export function hasDifferences(report: DiffReport): boolean {
    return report.comparison.segments.length > 0;
}

// ---------------------------------------------------------------- counts

function signed(n: number): string {
    return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '±0';
}

function isFailure(c: CountChange | CountFailure | undefined): c is CountFailure {
    return !!c && 'error' in c;
}

/** "10 → 14 (+4: 5 entering, 1 leaving)", "12 (new)", "3 → none (removed)". */
function countText(c: CountChange | CountFailure | undefined): string | undefined {
    if (!c) return undefined;
    if (isFailure(c)) return `unavailable: ${c.error}`;
    if (c.before === null) return `${n(c.after ?? 0)} (new)`;
    if (c.after === null) return `${n(c.before)} → none (all ${n(c.before)} leave)`;
    return `${n(c.before)} → ${n(c.after)} (${signed(c.after - c.before)}: ${n(c.entering)} entering, ${n(c.leaving)} leaving)`;
}

function n(x: number): string {
    return x.toLocaleString('en-US');
}

// ---------------------------------------------------------------- text

export function renderText(report: DiffReport, style: Style): string {
    const { comparison } = report;
    const lines: string[] = [];
    const title = `${revisionTitle(report.base)} → ${revisionTitle(report.head)}`;
    if (!hasDifferences(report)) {
        lines.push(`No segment changes: ${title} (${comparison.unchanged.length} unchanged).`);
    } else {
        lines.push(`${style.bold('Segments')} ${title}: ${summaryLine(report)}; ${comparison.unchanged.length} unchanged.`);
    }
    if (report.counts) lines.push(style.dim(`Members as of ${report.counts.asOf.toISOString()} on ${report.counts.database}.`));
    if (comparison.projectChanges.length) {
        lines.push('', style.bold('Project:'));
        for (const c of comparison.projectChanges) lines.push(`  ${c.summary}`);
    }
    const color: Record<SegmentStatus, (s: string) => string> = { changed: style.yellow, added: style.green, removed: style.red, affected: style.cyan };
    const width = Math.max(...STATUSES.map(s => s.length));
    for (const d of comparison.segments) {
        lines.push('', `${color[d.status](d.status.padEnd(width))}  ${style.bold(d.name)}${d.draft ? ' (draft)' : ''}  ${style.dim(`${d.source.file}:${d.source.line}`)}`);
        if (d.status === 'added') lines.push(`  definition: ${d.definition.after}`);
        if (d.status === 'removed') lines.push(`  was: ${d.definition.before}`);
        for (const c of d.changes) lines.push(`  ${c.summary}`);
        const count = countText(d.count);
        if (count) lines.push(`  members: ${count}`);
        if ((d.status === 'changed' || d.status === 'affected') && d.sqlDiff) {
            lines.push('');
            for (const l of d.sqlDiff.trimEnd().split('\n')) lines.push(`  ${diffLineStyle(l, style)}`);
        }
    }
    return lines.join('\n');
}

function diffLineStyle(line: string, style: Style): string {
    if (line.startsWith('+++') || line.startsWith('---')) return style.bold(line);
    if (line.startsWith('@@')) return style.cyan(line);
    if (line.startsWith('+')) return style.green(line);
    if (line.startsWith('-')) return style.red(line);
    return line;
}

// ---------------------------------------------------------------- markdown

/** GitHub refuses comments over 65,536 characters; SQL is left out beyond this. */
const MARKDOWN_BUDGET = 60_000;

/** A hidden marker, so a bot can find and update its earlier comment. */
export const MARKDOWN_MARKER = '<!-- seg diff -->';

export function renderMarkdown(report: DiffReport): string {
    const { comparison } = report;
    const out: string[] = [MARKDOWN_MARKER, `### Segment changes: ${mdRevision(report.base)} → ${mdRevision(report.head)}`, ''];
    if (!hasDifferences(report)) {
        out.push(`No segment changes (${comparison.unchanged.length} unchanged).`);
    } else {
        out.push(`**${summaryLine(report)}** · ${comparison.unchanged.length} unchanged`);
    }
    if (report.counts) out.push('', `Members as of \`${report.counts.asOf.toISOString()}\` on ${escapeMd(report.counts.database)}.`);
    if (comparison.projectChanges.length) {
        out.push('', '**Project changes**', '');
        for (const c of comparison.projectChanges) out.push(`- ${mdChange(c)}`);
    }
    if (hasDifferences(report)) {
        const withCounts = comparison.segments.some(d => d.count);
        out.push('', withCounts
            ? '| Segment | Status | Summary | Before | After | Change | Entering | Leaving |\n| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |'
            : '| Segment | Status | Summary |\n| --- | --- | --- |');
        for (const d of comparison.segments) {
            const cells = [`\`${d.name}\`${d.draft ? ' (draft)' : ''}`, d.status, escapeMd(tableSummary(d))];
            if (withCounts) cells.push(...countCells(d.count));
            out.push(`| ${cells.join(' | ')} |`);
        }
    }
    let used = out.join('\n').length;
    for (const d of comparison.segments) {
        const section: string[] = ['', `#### \`${d.name}\` — ${d.status}${d.draft ? ' (draft)' : ''}`, ''];
        if (d.status === 'added') section.push(`- definition: ${code(d.definition.after ?? '')}`);
        if (d.status === 'removed') section.push(`- was: ${code(d.definition.before ?? '')}`);
        for (const c of d.changes) if (c.aspect !== 'uses') section.push(`- ${mdChange(c)}`);
        for (const v of d.via) section.push(`- ${mdVia(v)}`);
        const count = countText(d.count);
        if (count) section.push(`- members: ${escapeMd(count)}`);
        const sql = d.status === 'added' ? { title: 'SQL', lang: 'sql', text: d.sql.after ?? '' }
            : d.status === 'removed' ? undefined
            : d.sqlDiff ? { title: 'SQL diff', lang: 'diff', text: d.sqlDiff } : undefined;
        if (sql) {
            const block = ['', `<details><summary>${sql.title}</summary>`, '', fenced(sql.lang, sql.text), '', '</details>'];
            const size = block.join('\n').length;
            if (used + section.join('\n').length + size <= MARKDOWN_BUDGET) section.push(...block);
            else section.push('', `_${sql.title} left out to keep this comment under GitHub's size limit; run \`seg diff\` to see it._`);
        }
        used += section.join('\n').length + 1;
        out.push(...section);
    }
    return out.join('\n') + '\n';
}

function mdRevision(r: Revision): string {
    if (!r.commit) return r.label;
    return r.commit.startsWith(r.label) ? code(r.commit.slice(0, 7)) : `${code(r.label)} (${code(r.commit.slice(0, 7))})`;
}

function tableSummary(d: SegmentDiff): string {
    const renamed = d.changes.find(c => c.aspect === 'renamed');
    if (d.status === 'added') return renamed ? `new segment; ${renamed.summary}` : 'new segment';
    if (d.status === 'removed') return renamed ? `segment removed; ${renamed.summary}` : 'segment removed';
    if (d.status === 'affected' && d.via.length) return `uses ${d.via.map(v => v.segment).join(', ')}, which changed`;
    const own = d.changes.filter(c => c.aspect !== 'uses');
    const first = (own[0] ?? d.changes[0])?.summary ?? '';
    const more = d.changes.length - 1;
    const text = more > 0 ? `${first} (+${more} more)` : first;
    return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

function countCells(c: CountChange | CountFailure | undefined): string[] {
    if (!c) return ['', '', '', '', ''];
    if (isFailure(c)) return ['?', '?', '?', '?', '?'];
    const delta = (c.after ?? 0) - (c.before ?? 0);
    return [c.before === null ? '—' : n(c.before), c.after === null ? '—' : n(c.after), signed(delta), n(c.entering), n(c.leaving)];
}

/** "uses `Openers` (through `Engaged`), which changed". */
function mdVia(v: ViaPath): string {
    const through = v.path.length > 1 ? ` (through ${v.path.slice(0, -1).map(code).join(' → ')})` : '';
    return `uses ${code(v.segment)}${through}, which changed`;
}

/** A change with its source parts as code: "window: `within 14 days` → `within 30 days`". */
function mdChange(c: Change): string {
    const detail = c.detail && c.kind !== 'note' ? ` (${escapeMd(c.detail)})` : '';
    switch (c.kind) {
        case 'changed': return `${escapeMd(c.aspect)}: ${code(c.before ?? '')} → ${code(c.after ?? '')}${detail}`;
        case 'added': return `${escapeMd(c.aspect)} added: ${code(c.after ?? '')}${detail}`;
        case 'removed': return `${escapeMd(c.aspect)} removed: ${code(c.before ?? '')}${detail}`;
        default: return escapeMd(c.summary);
    }
}

/** An inline code span that survives backticks in its text. */
export function code(text: string): string {
    const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(r => r.length));
    const fence = '`'.repeat(longest + 1);
    const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
    return `${fence}${pad}${text}${pad}${fence}`;
}

/** A fenced block whose fence is longer than any backtick run inside. */
function fenced(lang: string, text: string): string {
    const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(r => r.length));
    const fence = '`'.repeat(Math.max(3, longest + 1));
    return `${fence}${lang}\n${text.trimEnd()}\n${fence}`;
}

/** Plain text in Markdown (and in a table cell): no emphasis, links, HTML or cell breaks. */
export function escapeMd(text: string): string {
    return text.replace(/[\\`*_[\]<>|~#]/g, c => `\\${c}`).replace(/&/g, '&amp;');
}

// ---------------------------------------------------------------- json

export function renderJson(report: DiffReport): string {
    const { comparison } = report;
    const count = (s: SegmentStatus) => comparison.segments.filter(d => d.status === s).length;
    return JSON.stringify({
        version: DIFF_JSON_VERSION,
        base: { label: report.base.label, commit: report.base.commit ?? null },
        head: { label: report.head.label, commit: report.head.commit ?? null },
        ...(report.counts ? { asOf: report.counts.asOf.toISOString(), database: report.counts.database } : {}),
        summary: { changed: count('changed'), added: count('added'), removed: count('removed'), affected: count('affected'), unchanged: comparison.unchanged.length },
        projectChanges: comparison.projectChanges,
        segments: comparison.segments.map(d => ({
            name: d.name,
            status: d.status,
            draft: d.draft,
            source: d.source,
            changes: d.changes,
            ...(d.via.length ? { via: d.via } : {}),
            definition: d.definition,
            ...(d.sqlDiff ? { sqlDiff: d.sqlDiff } : {}),
            ...(d.count ? { count: d.count } : {}),
        })),
    }, null, 2);
}
