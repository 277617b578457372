#!/usr/bin/env node
// The `seg` command. Seg needs Node.js 22.12 or newer (Langium 4 uses Object.groupBy).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
    process.stderr.write(`seg needs Node.js 22.12 or newer; this is ${process.version}. See .nvmrc.\n`);
    process.exit(2);
}
// Cache compiled module code between runs (Node >= 22.1); it makes start-up noticeably faster.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();
// `seg run | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', e => { if (e.code === 'EPIPE') process.exit(0); else throw e; });
}
const { main } = await import('../out/compiler/cli/main.js');
try {
    process.exitCode = await main(process.argv.slice(2));
} catch (e) {
    process.stderr.write(`seg: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\nPlease report this.\n`);
    process.exitCode = 70;
}
