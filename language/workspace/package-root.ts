// The installed package's root, from source (language/…) or from the build (out/language/…).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
    if (root) return root;
    let dir = dirname(fileURLToPath(import.meta.url));
    while (!existsSync(join(dir, 'language', 'catalog'))) {
        const parent = dirname(dir);
        if (parent === dir) throw new Error('Cannot find the Seg package root (language/catalog is missing).');
        dir = parent;
    }
    return (root = dir);
}

export function catalogDir(): string {
    return join(packageRoot(), 'language', 'catalog');
}
