// One side of `seg diff`: the project as it is in the working tree, or as it
// was at a commit (its Seg files written to a temporary folder, opened with
// by the same pipeline as every command, compiler/pipeline.ts, then removed).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { isEntityDecl, isInteractionDecl, isSegmentDecl, type SegmentDecl } from '../../language/generated/ast.js';
import { collectDiagnostics, type FileReport } from '../report/diagnostic-report.js';
import { displayPath } from '../report/terminal.js';
import type { LoadedProject } from '../../language/workspace/load-project.js';
import { planOpened } from '../pipeline.js';
import type { Plan } from '../plan/plan.js';
import { ConfigError } from '../project/config.js';
import { openProject, type OpenedProject } from '../project/open-project.js';
import type { ProjectVersion } from './compare-plans.js';
import { materializeRevision, shortCommit } from './git-revision.js';
import { sourceText } from './source-text.js';

/** A version of the project: a commit, or the working tree. */
export interface Revision {
    /** As the user named it ("main", "HEAD~1", "merge base of main and HEAD"), or "working tree". */
    label: string;
    /** The full commit id; undefined for the working tree. */
    commit?: string;
}

export function revisionTitle(r: Revision): string {
    if (!r.commit) return r.label;
    return r.commit.startsWith(r.label) ? shortCommit(r.commit) : `${r.label} (${shortCommit(r.commit)})`;
}

/** A project that checks, and the command's paths (repository-relative) it does not have. */
export interface CheckedVersion {
    ok: true;
    version: ProjectVersion;
    missing: string[];
}

export type OpenedVersion = CheckedVersion | { ok: false; reports: FileReport[]; fileCount: number };

/**
 * Opens the project at `revision`. `paths` are the command's paths (absolute
 * in the working tree); `repoPaths` the same paths relative to the repository
 * top `top` ('' for the top). Paths that do not exist at a commit are
 * returned in `missing`; when none exists, the project is empty there.
 */
export async function openVersion(revision: Revision, top: string, paths: string[], repoPaths: string[]): Promise<OpenedVersion> {
    if (!revision.commit) {
        const missing = repoPaths.filter((_, i) => !existsSync(paths[i])).map(p => p || '.');
        const present = paths.filter(p => existsSync(p));
        if (present.length === 0) return { ok: true, version: { segments: new Map(), metadata: new Map() }, missing };
        return opened(await openProject(present), f => f, missing);
    }
    const dir = mkdtempSync(join(tmpdir(), 'seg-diff-'));
    try {
        materializeRevision(top, revision.commit, dir);
        const mapped = repoPaths.map(p => join(dir, p));
        const present = mapped.filter(p => existsSync(p));
        const missing = repoPaths.filter((_, i) => !existsSync(mapped[i])).map(p => p || '.');
        if (present.length === 0) return { ok: true, version: { segments: new Map(), metadata: new Map() }, missing };
        // Files of the revision are shown as git shows them: main:examples/a.seg.
        const label = (path: string) => path === dir || path.startsWith(dir + sep) ? `${revision.label}:${relative(dir, path).split(sep).join('/')}` : path;
        let project: OpenedProject;
        try {
            project = await openProject(present);
        } catch (e) {
            if (e instanceof ConfigError) throw new ConfigError(label(e.file), e.line, e.column, e.message);
            throw e;
        }
        return opened(project, label, missing);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

function opened(project: OpenedProject, label: (path: string) => string, missing: string[]): OpenedVersion {
    const { plan } = planOpened(project);
    if (!plan) {
        const reports = collectDiagnostics(project).map(r => ({
            ...r, diagnostics: r.diagnostics.map(d => ({ ...d, file: displayPath(label(r.path)) })),
        }));
        return { ok: false, reports, fileCount: project.files.filter(f => f.role !== 'builtin').length };
    }
    return { ok: true, version: projectVersion(project, plan, project.project.config.builtinCatalog), missing };
}

/** A checked project and its plan as one side of a comparison. */
export function projectVersion(project: LoadedProject, plan: Plan, builtinCatalog: boolean): ProjectVersion {
    const segments = new Map<string, SegmentDecl>();
    const metadata = new Map<string, string>();
    for (const f of project.files) {
        if (f.role === 'builtin') continue;
        for (const d of f.document.parseResult.value.declarations) {
            if (isSegmentDecl(d)) segments.set(d.name, d);
            else if (isEntityDecl(d)) metadata.set(`entity ${d.name}`, sourceText(d));
            else if (isInteractionDecl(d)) metadata.set(`interaction ${d.name}`, sourceText(d));
        }
    }
    return { plan, segments, metadata, builtinCatalog };
}
