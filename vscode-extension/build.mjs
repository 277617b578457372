// Bundles the Seg VS Code extension with esbuild (CommonJS, Node):
//   dist/extension.cjs — the extension (vscode is external, provided by the editor);
//   dist/server.cjs    — the language server, bundled from the repository's ../lsp/main.ts;
//   dist/language/catalog/*.seg — the built-in catalog. language/workspace/package-root.ts finds it by
//   walking up from the module's own file, so it must sit next to dist/server.cjs;
//   dist/docs/diagnostics.md — what each diagnostic's link (codeDescription) opens.
//
// Usage: node vscode-extension/build.mjs [--no-minify]   (minified by default: the .vsix ships these bundles;
// source maps are written for debugging but .vscodeignore leaves them out of the package)
// With SEG_SERVER_PLACEHOLDER=1, a server that does not bundle yet is replaced by a stub (with a warning).
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const dist = join(here, 'dist');
const serverEntry = join(repo, 'lsp', 'main.ts');
const args = new Set(process.argv.slice(2));
const minify = !args.has('--no-minify');

// ESM sources (Langium, language/workspace/package-root.ts) read import.meta.url; in a CommonJS bundle it
// becomes the bundle's own file URL.
const importMetaBanner = "const __seg_import_meta_url = require('node:url').pathToFileURL(__filename).href;";

/** @type {esbuild.BuildOptions} */
const common = {
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    minify,
    logLevel: 'warning',
    // Prefer the ESM builds of dual packages so there is one copy of each.
    mainFields: ['module', 'main'],
    define: { 'import.meta.url': '__seg_import_meta_url' },
    banner: { js: importMetaBanner },
};

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

await esbuild.build({
    ...common,
    entryPoints: [join(here, 'src', 'extension.ts')],
    outfile: join(dist, 'extension.cjs'),
    external: ['vscode'],
});

// lsp/main.ts exports startSegLanguageServer(); the bundle's entry calls it.
const serverStdin = {
    contents: `import { startSegLanguageServer } from ${JSON.stringify('./' + 'lsp/main.ts')};\nstartSegLanguageServer();\n`,
    resolveDir: repo,
    sourcefile: 'seg-server-entry.ts',
    loader: 'ts',
};
const serverOptions = {
    ...common,
    outfile: join(dist, 'server.cjs'),
    // pg and pg-copy-streams are plain JavaScript and bundled (member counts talk to PostgreSQL);
    // PGlite is never loaded by the server (it only counts on postgresql:// URLs), pg-native is optional.
    external: ['@electric-sql/pglite', 'pg-native'],
};
try {
    if (!existsSync(serverEntry)) throw new Error(`${serverEntry} does not exist`);
    await esbuild.build({ ...serverOptions, stdin: serverStdin });
} catch (e) {
    if (process.env.SEG_SERVER_PLACEHOLDER !== '1') throw e;
    console.warn(`warning: the language server does not bundle yet (${e instanceof Error ? e.message : e});\n` +
        `         shipping the placeholder vscode-extension/src/placeholder-server.ts instead.`);
    await esbuild.build({ ...serverOptions, entryPoints: [join(here, 'src', 'placeholder-server.ts')] });
}

const catalogOut = join(dist, 'language', 'catalog');
mkdirSync(catalogOut, { recursive: true });
for (const f of readdirSync(join(repo, 'language', 'catalog'))) {
    if (f.endsWith('.seg')) copyFileSync(join(repo, 'language', 'catalog', f), join(catalogOut, f));
}
mkdirSync(join(dist, 'docs'), { recursive: true });
copyFileSync(join(repo, 'docs', 'diagnostics.md'), join(dist, 'docs', 'diagnostics.md'));
console.log(`built ${dist}`);
