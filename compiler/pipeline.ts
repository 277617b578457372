// The pipeline, composed once: .seg sources → load (parse, link, check) →
// lower → Plan. Every caller goes through here (the CLI's commands, `seg diff`,
// the language server, the tests and the benches), so a project has one plan
// whichever of them made it:
//   - source paths in the plan are relative to the project root (the folder
//     with seg.json), built-in catalog files `<builtin>/NAME`, so plans are the
//     same on every machine and in the editor;
//   - the time zone is decided here, once: an explicit override (--timezone),
//     else seg.json's "timezone", else UTC. The plan carries it (Plan.timeZone)
//     and every engine takes it from the plan: the SQL's $2 parameter and the
//     executor's calendar. Nothing passes a time zone again at run time; to
//     run in another zone, plan in it (docs/language.md §10, "Time zone").
import { relative } from 'node:path';
import type { Model } from '../language/generated/ast.js';
import type { SegCoreServices } from '../language/seg-module.js';
import { loadProject, type FileResult, type LoadedProject, type ProjectInput } from '../language/workspace/load-project.js';
import { lower } from './plan/lower.js';
import type { Plan } from './plan/plan.js';
import { DEFAULT_CONFIG, isValidTimeZone, type SegConfig } from './project/config.js';
import { UsageError } from './project/discover.js';
import { openProject, type OpenedProject } from './project/open-project.js';

/** A loaded project, and its plan when it checks without errors. */
export interface Compiled<P extends LoadedProject = LoadedProject> {
    project: P;
    /** Undefined when the project has errors (see project.errorCount). */
    plan?: Plan;
}

export interface PlanOptions {
    /** The project root: plan source paths are relative to it. */
    root: string;
    timeZone: string;
}

/** A file as the lowering sees it: its path, whether it is the built-in catalog, its checked model. */
export interface PlanFile {
    path: string;
    role: FileResult['role'];
    model: Model;
}

/** The time zone a plan is made in: the override (checked), else the project's, else UTC. */
export function decideTimeZone(override: string | undefined, config: SegConfig = DEFAULT_CONFIG): string {
    if (override === undefined) return config.timezone;
    if (!isValidTimeZone(override)) {
        throw new UsageError(`--timezone must be an IANA time zone name such as "UTC" or "Europe/Amsterdam", not '${override}'.`);
    }
    return override;
}

/** Lowers checked, error-free files together (catalog and declarations included, for the audience entity). */
export function planFiles(files: PlanFile[], options: PlanOptions): Plan {
    return lower({
        timeZone: options.timeZone,
        files: files.map(f => ({ path: planPath(f, options.root), model: f.model })),
    });
}

/** A checked project's plan (the project must have no errors). */
export function planProject(project: LoadedProject, options: PlanOptions): Plan {
    return planFiles(project.files.map(f => ({ path: f.path, role: f.role, model: f.document.parseResult.value })), options);
}

/** How the plan names a file: relative to the project root; built-in catalog files as `<builtin>/NAME`. */
export function planPath(file: { path: string; role: FileResult['role'] }, root: string): string {
    if (file.role === 'builtin') return `<builtin>/${file.path.slice(file.path.lastIndexOf('/') + 1)}`;
    return file.path.startsWith('/') ? relative(root, file.path) : file.path;
}

/** An opened project's plan, in the override time zone or its seg.json's; none when it has errors. */
export function planOpened(project: OpenedProject, timeZone?: string): Compiled<OpenedProject> {
    const zone = decideTimeZone(timeZone, project.project.config);
    if (project.errorCount > 0) return { project };
    return { project, plan: planProject(project, { root: project.project.root, timeZone: zone }) };
}

/** The project at `paths` (seg.json, its files, the catalog and includes), checked, and its plan. */
export async function compileProject(paths: string[], options: { timeZone?: string } = {}): Promise<Compiled<OpenedProject>> {
    // An invalid override is a usage error before any file is read.
    decideTimeZone(options.timeZone);
    return planOpened(await openProject(paths), options.timeZone);
}

/**
 * In-memory sources (tests, tools) checked as one project with `services`:
 * the built-in catalog unless opted out; relative paths stay as they are.
 */
export async function compileSources(services: SegCoreServices, input: ProjectInput, options: { timeZone?: string; root?: string } = {}): Promise<Compiled> {
    const zone = decideTimeZone(options.timeZone);
    const project = await loadProject(services, input);
    if (project.errorCount > 0) return { project };
    return { project, plan: planProject(project, { root: options.root ?? '/', timeZone: zone }) };
}
