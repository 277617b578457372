// Vitest's default on a two-core machine (CI's) is one worker: test files one after another. Most files
// spend their time waiting on something else (PostgreSQL, ClickHouse, a spawned `seg`, Chromium), so two
// files at once take about two thirds of the time. Every file has databases of its own (fresh schemas,
// databases and data folders: test/support), so files running at once do not meet.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        maxWorkers: Math.max(2, availableParallelism() - 1),
    },
});
