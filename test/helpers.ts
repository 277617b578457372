// Shared test helpers: check sources as a project with the built-in catalog.
import { EmptyFileSystem } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createSegServices } from '../language/seg-module.js';
import { loadProject, type LoadedProject, type ProjectInput } from '../language/workspace/load-project.js';
import { compileSources } from '../compiler/pipeline.js';
import type { Plan } from '../compiler/plan/plan.js';

export const services = createSegServices(EmptyFileSystem);

export async function checkFiles(files: Record<string, string>, options: Omit<ProjectInput, 'files'> = {}): Promise<LoadedProject> {
    return loadProject(services, { ...options, files: Object.entries(files).map(([path, text]) => ({ path, text })) });
}

/** Diagnostics of one in-memory source checked with the built-in catalog. */
export async function diagnosticsOf(text: string, options: Omit<ProjectInput, 'files'> = {}): Promise<Diagnostic[]> {
    const project = await checkFiles({ 'test.seg': text }, options);
    return project.files.find(f => f.path === 'test.seg')!.diagnostics;
}

/** The source text a diagnostic's range covers. */
export function rangeText(text: string, d: Diagnostic): string {
    const lines = text.split('\n');
    const { start, end } = d.range;
    if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
    return [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
}

/** The plan of one in-memory source checked with the built-in catalog; throws on any error. */
export async function planOf(text: string, options: { timeZone?: string; declarations?: ProjectInput['declarations'] } = {}): Promise<Plan> {
    return plannedOrThrow(await compileSources(services, { files: [{ path: 'test.seg', text }], declarations: options.declarations }, { timeZone: options.timeZone }));
}

/** The plan of in-memory sources (compiler/pipeline.ts), or an error listing their errors. */
export async function planOfFiles(files: Record<string, string>, options: { timeZone?: string } = {}): Promise<Plan> {
    return plannedOrThrow(await compileSources(services, { files: Object.entries(files).map(([path, text]) => ({ path, text })) }, options));
}

function plannedOrThrow({ project, plan }: { project: LoadedProject; plan?: Plan }): Plan {
    if (plan) return plan;
    const errors = project.files.flatMap(f => f.diagnostics.filter(d => d.severity === 1).map(d => `${f.path}:${d.range.start.line + 1}: ${d.message}`));
    throw new Error(`The source has errors:\n${errors.join('\n')}`);
}
