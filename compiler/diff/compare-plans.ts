// Two versions of a project, segment by segment (by name): added, removed,
// changed (its own definition reads differently) and affected (its own
// definition is the same but its compiled SQL is not: a segment it uses
// changed, or a declaration or setting did). Unchanged segments are counted.
import type { SegmentDecl } from '../../language/generated/ast.js';
import { segmentSqlFile } from '../report/compiled-files.js';
import type { Plan } from '../plan/plan.js';
import { unifiedDiff } from './unified-diff.js';
import { change, definitionText, summarizeChange, type Change } from './summarize.js';

/** One side of the comparison: a checked project's plan and its declarations. */
export interface ProjectVersion {
    /** Undefined when the project does not exist in this version (all its segments are added or removed). */
    plan?: Plan;
    /** The project's own segment declarations, by name. */
    segments: Map<string, SegmentDecl>;
    /** The project's own entity and interaction declarations: "interaction Foo" → canonical source. */
    metadata: Map<string, string>;
    builtinCatalog?: boolean;
}

export type SegmentStatus = 'changed' | 'added' | 'removed' | 'affected';

/** A changed segment that `name` reaches through the segments it uses: `path` ends with it. */
export interface ViaPath {
    segment: string;
    path: string[];
}

export interface CountChange {
    /** Members before and after; null where the segment does not exist. */
    before: number | null;
    after: number | null;
    /** Members after who were not members before, and the other way round. */
    entering: number;
    leaving: number;
}

export interface CountFailure {
    error: string;
}

export interface SegmentDiff {
    name: string;
    status: SegmentStatus;
    /** A draft in the new version (the old one for a removed segment). */
    draft: boolean;
    /** Where it is declared (the old version for a removed segment), relative to the project root. */
    source: { file: string; line: number };
    /** What changed: its own definition (changed), or why its SQL changed (affected). */
    changes: Change[];
    /** Changed segments it uses, directly or through others. */
    via: ViaPath[];
    /** Canonical source of the definition, before and after. */
    definition: { before?: string; after?: string };
    /** The compiled .sql file before and after, without its Source line (so moving a declaration is no change). */
    sql: { before?: string; after?: string };
    /** Unified diff of the SQL ('' when the SQL is the same). */
    sqlDiff: string;
    count?: CountChange | CountFailure;
}

export interface ProjectComparison {
    segments: SegmentDiff[];
    unchanged: string[];
    /** Project-wide changes that can change SQL: the time zone, declarations, the catalog. */
    projectChanges: Change[];
}

const STATUS_ORDER: Record<SegmentStatus, number> = { changed: 0, added: 1, removed: 2, affected: 3 };

export function compareProjects(base: ProjectVersion, head: ProjectVersion): ProjectComparison {
    const baseSql = sqlOf(base), headSql = sqlOf(head);
    const diffs: SegmentDiff[] = [];
    const unchanged: string[] = [];
    const order = [...(head.plan?.segments ?? []), ...(base.plan?.segments ?? []).filter(s => !head.segments.has(s.name))];
    for (const seg of order) {
        const name = seg.name;
        const before = base.segments.get(name), after = head.segments.get(name);
        const sql = { before: before ? baseSql(name) : undefined, after: after ? headSql(name) : undefined };
        const fromFile = before ? `a/${name}.sql` : '/dev/null', toFile = after ? `b/${name}.sql` : '/dev/null';
        const entry = {
            name, draft: seg.draft, source: { file: seg.source.file, line: seg.source.line },
            via: [] as ViaPath[],
            definition: { ...(before ? { before: definitionText(before) } : {}), ...(after ? { after: definitionText(after) } : {}) },
            sql, sqlDiff: unifiedDiff(sql.before ?? '', sql.after ?? '', { fromFile, toFile }),
        };
        if (!before) diffs.push({ ...entry, status: 'added', changes: [] });
        else if (!after) diffs.push({ ...entry, status: 'removed', changes: [] });
        else if (entry.definition.before !== entry.definition.after) {
            const changes = summarizeChange(before, after);
            if (sql.before === sql.after) changes.push(change('compiles to the same SQL', 'note'));
            diffs.push({ ...entry, status: 'changed', changes });
        } else if (sql.before !== sql.after) diffs.push({ ...entry, status: 'affected', changes: [] });
        else unchanged.push(name);
    }
    const status = new Map(diffs.map(d => [d.name, d.status]));
    const uses = new Map((head.plan?.segments ?? []).map(s => [s.name, s.uses]));
    for (const d of diffs) {
        if (d.status !== 'changed' && d.status !== 'affected') continue;
        d.via = changedDependencies(d.name, uses, status);
        for (const v of d.via) {
            const through = v.path.length > 1 ? ` (through ${v.path.slice(0, -1).join(' → ')})` : '';
            const line = `uses ${v.segment}${through}, which changed`;
            d.changes.push({ aspect: 'uses', kind: 'note', detail: v.path.join(' → '), summary: line });
        }
        if (d.status === 'affected' && d.via.length === 0) {
            d.changes.push(change('compiled SQL changed: a declaration or setting it uses changed', 'note'));
        }
    }
    noteRenames(diffs);
    diffs.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
    return { segments: diffs, unchanged, projectChanges: projectChanges(base, head) };
}

/** An added and a removed segment with the same definition (and no other with it) look like a rename. */
function noteRenames(diffs: SegmentDiff[]): void {
    const added = diffs.filter(d => d.status === 'added'), removed = diffs.filter(d => d.status === 'removed');
    for (const a of added) {
        const same = removed.filter(r => r.definition.before === a.definition.after);
        if (same.length !== 1 || added.filter(x => x.definition.after === a.definition.after).length !== 1) continue;
        const [r] = same;
        a.changes.push({ aspect: 'renamed', kind: 'note', detail: r.name, summary: `looks renamed from ${r.name} (same definition)` });
        r.changes.push({ aspect: 'renamed', kind: 'note', detail: a.name, summary: `looks renamed to ${a.name} (same definition)` });
    }
}

/** The .sql file of each segment of a version, without its `-- Source:` line, computed once. */
function sqlOf(version: ProjectVersion): (name: string) => string {
    const cache = new Map<string, string>();
    return name => {
        let text = cache.get(name);
        if (text === undefined) {
            text = withoutSourceLine(segmentSqlFile(version.plan!, name));
            cache.set(name, text);
        }
        return text;
    };
}

function withoutSourceLine(sqlFile: string): string {
    const lines = sqlFile.split('\n');
    const at = lines.findIndex(l => l.startsWith('-- Source: '));
    const headerEnd = lines.findIndex(l => !l.startsWith('--'));
    if (at >= 0 && (headerEnd < 0 || at < headerEnd)) lines.splice(at, 1);
    return lines.join('\n');
}

/** Breadth first through `uses`: the nearest changed segments, each with the shortest path to it. */
function changedDependencies(name: string, uses: Map<string, string[]>, status: Map<string, SegmentStatus>): ViaPath[] {
    const found: ViaPath[] = [];
    const seen = new Set([name]);
    let frontier: string[][] = [[]];
    while (frontier.length) {
        const next: string[][] = [];
        for (const path of frontier) {
            for (const used of uses.get(path.length ? path[path.length - 1] : name) ?? []) {
                if (seen.has(used)) continue;
                seen.add(used);
                const p = [...path, used];
                // A changed segment explains itself; what it uses is its own entry's business.
                if (status.get(used) === 'changed') found.push({ segment: used, path: p });
                else next.push(p);
            }
        }
        frontier = next;
    }
    return found;
}

function projectChanges(base: ProjectVersion, head: ProjectVersion): Change[] {
    const changes: Change[] = [];
    if (!base.plan || !head.plan) return changes;
    if (base.plan.timeZone !== head.plan.timeZone) changes.push(change('time zone', 'changed', { before: base.plan.timeZone, after: head.plan.timeZone }));
    if (base.builtinCatalog !== head.builtinCatalog && base.builtinCatalog !== undefined && head.builtinCatalog !== undefined) {
        changes.push(change(head.builtinCatalog ? 'built-in catalog now in scope' : 'built-in catalog no longer in scope', 'note'));
    }
    for (const [key, text] of head.metadata) {
        const old = base.metadata.get(key);
        if (old === undefined) changes.push(change(`declaration added: ${key}`, 'note'));
        else if (old !== text) changes.push(change(`declaration changed: ${key}`, 'note'));
    }
    for (const key of base.metadata.keys()) if (!head.metadata.has(key)) changes.push(change(`declaration removed: ${key}`, 'note'));
    return changes;
}
