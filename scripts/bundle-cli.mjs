// The last step of `npm run build`: the `seg` command's code (out/compiler/cli/main.js
// and everything it imports, Langium and chevrotain included) as one ES module
// bundle with a chunk per lazily loaded command, in out/bundle/. Node then
// resolves and compiles a few dozen files at start-up instead of hundreds:
// `seg check` starts about 130 ms sooner. bin/seg.js runs it when it is not
// older than the compiled sources (a lone `tsc` leaves it stale: then it runs those).
// Packages with native code, WebAssembly or files of their own stay external.
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';

const outdir = new URL('../out/bundle/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
const result = await build({
    entryPoints: { main: new URL('../out/compiler/cli/main.js', import.meta.url).pathname },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    outdir,
    external: ['pg', '@electric-sql/pglite', '@clickhouse/client', 'playwright-core'],
    // Bundled CommonJS packages (vscode-languageserver) call require().
    banner: { js: "import { createRequire as __segRequire } from 'node:module'; const require = __segRequire(import.meta.url);" },
    logLevel: 'warning',
    metafile: true,
});
// Which compiled files each chunk holds: what tests of start-up read to see what a command loads.
writeFileSync(`${outdir}metafile.json`, JSON.stringify(result.metafile));
