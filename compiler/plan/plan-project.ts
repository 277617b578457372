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
            path: f.role === 'builtin' ? `<builtin>/${f.path.slice(f.path.lastIndexOf('/') + 1)}` : f.path.startsWith('/') ? relative(options.root, f.path) : f.path,
            model: f.document.parseResult.value,
        })),
    });
}
