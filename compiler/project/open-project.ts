// From command-line paths to a checked project: seg.json, the files, and the
// Langium workspace with the catalog and declarations in scope.
import { readFileSync } from 'node:fs';
import { NodeFileSystem } from 'langium/node';
import { createSegServices, type SegCoreServices } from '../../language/seg-module.js';
import { loadProject, type LoadedProject, type SourceFile } from '../../language/workspace/load-project.js';
import { loadConfig, type ProjectConfig } from './config.js';
import { findSegFiles } from './discover.js';

export interface OpenedProject extends LoadedProject {
    project: ProjectConfig;
    services: SegCoreServices;
}

const read = (path: string): SourceFile => ({ path, text: readFileSync(path, 'utf8') });

export async function openProject(paths: string[]): Promise<OpenedProject> {
    const targets = paths.length ? paths : ['.'];
    const project = loadConfig(targets[0]);
    const declarationFiles = findSegFiles(project.config.include);
    const declared = new Set(declarationFiles);
    const sourceFiles = findSegFiles(targets).filter(f => !declared.has(f));
    const services = createSegServices(NodeFileSystem, { referenceIndex: false });
    const loaded = await loadProject(services, {
        files: sourceFiles.map(read),
        declarations: declarationFiles.map(read),
        builtinCatalog: project.config.builtinCatalog,
    });
    return { ...loaded, project, services };
}
