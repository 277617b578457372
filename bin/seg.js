#!/usr/bin/env -S node --min-semi-space-size=16 --max-semi-space-size=16
// The `seg` command. Seg needs Node.js 22.12 or newer (Langium 4 uses Object.groupBy).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
    process.stderr.write(`seg needs Node.js 22.12 or newer; this is ${process.version}. See .nvmrc.\n`);
    process.exit(2);
}
// V8's young generation is sized at start-up. Batch commands allocate a great deal at once
// (parsing 10,000 segments) and run fastest with a fixed 16 MB semi-space (fewer, cheaper
// scavenges: `seg check` of 10,000 segments 2.4 s -> 1.9 s); the language server lives long and
// answers keystrokes, and stays smaller and quicker to answer with a 1 MB one (the VS Code
// extension passes the same flag). The shebang line starts `seg` with the batch size at no cost
// (an installed `seg`, or `./bin/seg.js`); otherwise -- `node bin/seg.js`, a shell without
// `env -S`, or `seg lsp` -- seg restarts itself once with the size that suits the command.
// Not when the node command line or NODE_OPTIONS already sizes the heap otherwise, or
// SEG_NO_RESPAWN is set.
const HEAP_FLAGS = {
    batch: ['--min-semi-space-size=16', '--max-semi-space-size=16'],
    lsp: ['--max-semi-space-size=1'],
};
const command = process.argv[2];
const flags = command === 'lsp' ? HEAP_FLAGS.lsp : ['check', 'compile', 'run', 'test', 'explain', 'diff', 'db'].includes(command) ? HEAP_FLAGS.batch : [];
const isSizing = a => /^--(min|max)-semi-space-size/.test(a);
const current = process.execArgv.filter(isSizing).join(' ');
const fromShebang = current === HEAP_FLAGS.batch.join(' ');
const sized = (current !== '' && !fromShebang) || (process.env.NODE_OPTIONS ?? '').split(/\s+/).some(isSizing);
const respawn = flags.length > 0 && !sized && current !== flags.join(' ') && !process.env.SEG_NO_RESPAWN;
if (respawn) {
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const child = spawn(process.execPath, [...process.execArgv.filter(a => !isSizing(a)), ...flags, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGUSR2']) process.on(signal, () => child.kill(signal));
    child.on('error', e => { process.stderr.write(`seg: cannot start ${process.execPath}: ${e.message}\n`); process.exit(70); });
    child.on('exit', (code, signal) => {
        if (signal) {
            process.removeAllListeners(signal);
            process.kill(process.pid, signal);
        }
        process.exit(code ?? 1);
    });
} else {
    await run();
}

/** The command, in this process. */
async function run() {
    // Cache compiled module code between runs (Node >= 22.1); it makes start-up noticeably faster.
    const { enableCompileCache } = await import('node:module');
    enableCompileCache?.();
    // `seg run | head` closes the pipe early: that is not an error.
    for (const stream of [process.stdout, process.stderr]) {
        stream.on('error', e => { if (e.code === 'EPIPE') process.exit(0); else throw e; });
    }
    const { main } = await import(await entry());
    try {
        process.exitCode = await main(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`seg: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\nPlease report this.\n`);
        process.exitCode = 70;
    }
}

/**
 * The command's code: the bundle `npm run build` makes (out/bundle/main.js, quicker to
 * start), unless it is older than the compiled sources it was made from.
 */
async function entry() {
    const { statSync } = await import('node:fs');
    const bundle = new URL('../out/bundle/main.js', import.meta.url);
    const compiled = new URL('../out/compiler/cli/main.js', import.meta.url);
    try {
        if (statSync(bundle).mtimeMs >= statSync(compiled).mtimeMs) return bundle.href;
    } catch {
        // No bundle (or no build): the compiled sources.
    }
    return compiled.href;
}
