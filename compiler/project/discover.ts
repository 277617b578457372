// Which .seg files a command works on: the files named, and every .seg file
// under the folders named (skipping node_modules and hidden folders).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class UsageError extends Error {}

export function findSegFiles(paths: string[]): string[] {
    const found = new Set<string>();
    const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
            if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
            const full = join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (entry.isFile() && entry.name.endsWith('.seg')) found.add(full);
        }
    };
    for (const p of paths) {
        const abs = resolve(p);
        if (!existsSync(abs)) throw new UsageError(`No such file or folder: ${p}`);
        if (statSync(abs).isDirectory()) walk(abs);
        else if (abs.endsWith('.seg')) found.add(abs);
        else throw new UsageError(`${p} is not a .seg file.`);
    }
    return [...found].sort();
}
