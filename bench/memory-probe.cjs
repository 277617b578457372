// Preloaded into the language server by bench/lsp-bench.js (node --expose-gc
// --require): on SIGUSR2 it collects garbage and writes the process's memory
// to $SEG_BENCH_MEMORY_FILE, so the bench can read the heap, which /proc does
// not show, without a request of the server's own.
const { writeFileSync } = require('node:fs');

process.on('SIGUSR2', () => {
    if (global.gc) { global.gc(); global.gc(); }
    const m = process.memoryUsage();
    writeFileSync(process.env.SEG_BENCH_MEMORY_FILE, JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external }));
});
