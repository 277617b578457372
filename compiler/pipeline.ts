// A checked project's plan: every file's model (catalog and declarations
// included, for the audience entity) lowered together. Source paths in the
// plan are relative to the project root, so plans are the same on every machine.
import { relative } from 'node:path';
import type { LoadedProject } from '../../language/workspace/load-project.js';
import { lower } from './lower.js';
import type { Plan } from './plan.js';

export function planProject(project: LoadedProject, options: { root: string; timeZone: string }): Plan {
    return lower({
        timeZone: options.timeZone,
        files: project.files.map(f => ({
            path: planPath(f, options.root),
            model: f.document.parseResult.value,
        })),
    });
}

/** How the plan names a file: relative to the project root; built-in catalog files as `<builtin>/NAME`. */
export function planPath(file: LoadedProject['files'][number], root: string): string {
    if (file.role === 'builtin') return `<builtin>/${file.path.slice(file.path.lastIndexOf('/') + 1)}`;
    return file.path.startsWith('/') ? relative(root, file.path) : file.path;
}
