// npm run bench: checks a generated 10,000-segment project and prints the
// time and peak memory (target: under 2 s on a two-core machine).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateProject } from './generate-project.js';

const { openProject } = await import('../out/compiler/project/open-project.js');

const segments = Number(process.env.SEG_BENCH_SEGMENTS ?? 10000);
const dir = mkdtempSync(join(tmpdir(), 'seg-bench-'));
try {
    generateProject(dir, { segments, files: 100 });
    const runs = [];
    let result;
    for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        result = await openProject([dir]);
        runs.push(performance.now() - t0);
    }
    const peakMb = process.resourceUsage().maxRSS / 1024;
    const best = Math.min(...runs), first = runs[0];
    console.log(`seg check: ${segments} segments in 100 files (plus the built-in catalog)`);
    console.log(`  errors: ${result.errorCount}, warnings: ${result.warningCount}`);
    console.log(`  time: first run ${(first / 1000).toFixed(2)} s, best of 3 ${(best / 1000).toFixed(2)} s (target < 2 s)`);
    console.log(`  peak memory (RSS): ${peakMb.toFixed(0)} MB`);
    if (result.errorCount) process.exitCode = 1;
} finally {
    rmSync(dir, { recursive: true, force: true });
}
