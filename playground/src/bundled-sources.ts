// The texts the build compiles into the playground (playground/build.mjs makes
// the virtual module 'seg:bundled'): the built-in catalog and the example files.
import bundled from 'seg:bundled';

export interface BundledFile { path: string; text: string }

/** The built-in catalog, at the paths the language expects of it (/seg/language/catalog/NAME.seg). */
export const CATALOG: BundledFile[] = bundled.catalog;

/** The examples/ project: its .seg files (declarations/ too) and seg.json, at examples/…. */
export const EXAMPLES: BundledFile[] = bundled.examples;

/** The playground's first file (playground/welcome.seg). */
export const WELCOME: string = bundled.welcome;

/** The editor's language configuration (vscode-extension/language-configuration.json) and the grammar's keywords. */
export const LANGUAGE: { configuration: Record<string, unknown>; keywords: string[] } = bundled.language;

/** docs/diagnostics.md as published with the repository (where each diagnostic's link points). */
export const DIAGNOSTICS_DOCS = 'https://github.com/seg-lang/seg/blob/main/docs/diagnostics.md';
