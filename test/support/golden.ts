// Golden files: the actual text must equal the reviewed file; SEG_UPDATE_GOLDEN=1
// rewrites them (read every changed one before committing it), and a missing one
// is written and the test fails until it is reviewed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

const update = process.env.SEG_UPDATE_GOLDEN === '1';

export function golden(dir: string, file: string, actual: string): void {
    const path = join(dir, file);
    if (update || !existsSync(path)) {
        writeFileSync(path, actual);
        if (!update) throw new Error(`Wrote missing golden ${file}; review it and run again.`);
        return;
    }
    expect(actual, `${file} differs; if the change is intended, run with SEG_UPDATE_GOLDEN=1 and review the diff`).toBe(readFileSync(path, 'utf8'));
}
