// Shared test helpers: check sources as a project with the built-in catalog.
import { EmptyFileSystem } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createSegServices } from '../language/seg-module.js';
import { loadProject, type LoadedProject, type ProjectInput } from '../language/workspace/load-project.js';
import { planProject } from '../compiler/plan/plan-project.js';
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
    const project = await checkFiles({ 'test.seg': text }, { declarations: options.declarations });
    const errors = project.files.flatMap(f => f.diagnostics.filter(d => d.severity === 1).map(d => `${f.path}:${d.range.start.line + 1}: ${d.message}`));
    if (errors.length) throw new Error(`planOf: the source has errors:\n${errors.join('\n')}`);
    return planProject(project, { root: '/', timeZone: options.timeZone ?? 'UTC' });
}
