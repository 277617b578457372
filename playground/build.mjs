// Builds the playground into playground/dist/, a static site (no server code):
//   index.html, style.css           — the page;
//   app.js, app.css                 — the page's code and Monaco's styles (and its fonts);
//   editor.worker.js                — Monaco's own worker;
//   language-worker.js              — the Seg language server (lsp/server.ts) in a Web Worker;
//   database-worker.js              — PGlite, the demo data and the compiler, in a Web Worker;
//   pglite.wasm, pglite.data, initdb.wasm — PostgreSQL in WebAssembly, loaded by database-worker.js.
// The built-in catalog and examples/*.seg are compiled in (the virtual module 'seg:bundled').
// Node built-ins the shared sources import (for files, servers and the terminal) become the
// small browser stand-ins in src/node-shims/, which find no files and refuse what needs Node.
//
// Usage: node playground/build.mjs [--no-minify]
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const dist = join(here, 'dist');
const src = join(here, 'src');
const minify = !process.argv.includes('--no-minify');
const require = createRequire(import.meta.url);
const monaco = join(repo, 'node_modules', 'monaco-editor');

const shims = {
    'node:fs': 'fs.ts', 'node:path': 'path.ts', 'node:url': 'url.ts', 'node:os': 'os.ts', 'node:crypto': 'crypto.ts',
    'node:module': 'unavailable.ts', 'node:stream': 'unavailable.ts', 'node:stream/promises': 'unavailable.ts', 'node:util': 'unavailable.ts',
    'langium/node': 'unavailable.ts', 'pg': 'unavailable.ts', 'pg-copy-streams': 'unavailable.ts', '@clickhouse/client': 'unavailable.ts',
};

/** The .seg files (and seg.json) under `dir`, recursively, at paths `as`/…; `skip` names folders to leave out. */
function projectFiles(dir, as, skip = []) {
    return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)).flatMap(e => {
        if (e.isDirectory()) return skip.includes(e.name) ? [] : projectFiles(join(dir, e.name), `${as}/${e.name}`, skip);
        return e.name.endsWith('.seg') || e.name === 'seg.json' ? [{ path: `${as}/${e.name}`, text: readFileSync(join(dir, e.name), 'utf8') }] : [];
    });
}

/** The grammar's keywords, from the TextMate grammar Langium generates (npm run build). */
function keywords() {
    const grammar = JSON.parse(readFileSync(join(repo, 'vscode-extension', 'syntaxes', 'generated', 'seg.langium.tmLanguage.json'), 'utf8'));
    const rule = grammar.patterns.find(p => p.name === 'keyword.control.seg');
    return rule.match.replace(/^\\b\(|\)\\b$/g, '').split('|');
}

/** @type {esbuild.Plugin} */
const browserPlugin = {
    name: 'seg-browser',
    setup(build) {
        const filter = new RegExp(`^(${Object.keys(shims).map(k => k.replace(/[/.@-]/g, '\\$&')).join('|')})$`);
        build.onResolve({ filter }, args => ({ path: join(src, 'node-shims', shims[args.path]) }));
        build.onResolve({ filter: /^node:/ }, args => ({ errors: [{ text: `${args.path} has no browser stand-in in playground/src/node-shims (imported by ${args.importer})` }] }));
        // The LSP client monaco-editor ships (its package exports do not reach it).
        build.onResolve({ filter: /^seg:monaco-lsp-client$/ }, () => ({ path: join(monaco, 'esm', 'external', 'monaco-lsp-client', 'out', 'index.js') }));
        build.onResolve({ filter: /^seg:bundled$/ }, () => ({ path: 'seg:bundled', namespace: 'seg' }));
        build.onLoad({ filter: /.*/, namespace: 'seg' }, () => ({
            loader: 'json',
            contents: JSON.stringify({
                catalog: projectFiles(join(repo, 'language', 'catalog'), '/seg/language/catalog'),
                examples: projectFiles(join(repo, 'examples'), 'examples', ['ci']),
                welcome: readFileSync(join(here, 'welcome.seg'), 'utf8'),
                language: {
                    configuration: JSON.parse(readFileSync(join(repo, 'vscode-extension', 'language-configuration.json'), 'utf8')),
                    keywords: keywords(),
                },
            }),
        }));
    },
};

/** @type {esbuild.BuildOptions} */
const common = {
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    sourcemap: true,
    minify,
    logLevel: 'warning',
    mainFields: ['browser', 'module', 'main'],
    conditions: ['browser'],
    plugins: [browserPlugin],
    define: { 'process.env.NODE_ENV': '"production"' },
};

const started = Date.now();
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// Each entry is a bundle of its own (a worker cannot share chunks with the page).
await Promise.all([
    esbuild.build({ ...common, entryPoints: { app: join(src, 'main.ts') }, outdir: dist, loader: { '.ttf': 'file' } }),
    esbuild.build({ ...common, entryPoints: { 'editor.worker': join(monaco, 'esm', 'vs', 'editor', 'editor.worker.js') }, outdir: dist }),
    esbuild.build({ ...common, entryPoints: { 'language-worker': join(src, 'language-worker.ts') }, outdir: dist }),
    esbuild.build({ ...common, entryPoints: { 'database-worker': join(src, 'database-worker.ts') }, outdir: dist }),
]);

const pglite = dirname(require.resolve('@electric-sql/pglite'));
for (const f of ['pglite.wasm', 'pglite.data', 'initdb.wasm']) copyFileSync(join(pglite, f), join(dist, f));
for (const f of ['index.html', 'style.css']) copyFileSync(join(here, f), join(dist, f));
console.log(`built ${dist} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
