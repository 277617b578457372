// Starting the embedded database in Node: in memory, or in a data folder that
// is this process's alone while open (data-dir-lock.ts). A new database starts
// from a cached initdb (see startPglite). The browser starts PGlite itself.
import { PGlite } from '@electric-sql/pglite';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseError } from './database.js';
import { LOCK_FILE, lockDataDir, type LockOptions } from './data-dir-lock.js';
import { PARSERS, PgliteDatabase } from './pglite-database.js';

/**
 * A new embedded database, in memory or in `dataDir` (created when missing). A data folder is
 * this process's alone while open (data-dir-lock.ts): another process's is waited for.
 */
export async function openPglite(options: { dataDir?: string; lock?: LockOptions } = {}): Promise<PgliteDatabase> {
    const lock = options.dataDir ? await lockDataDir(options.dataDir, options.lock) : undefined;
    try {
        const pg = await startPglite(options.dataDir);
        return new PgliteDatabase(pg, options.dataDir, () => lock?.release());
    } catch (e) {
        lock?.release();
        const why = String((e as Error)?.message ?? e).split('\n')[0];
        throw new DatabaseError(`cannot open the embedded database${options.dataDir ? ` in ${options.dataDir}` : ''}: ${why}`, 'connect');
    }
}

/**
 * PGlite in memory or in a data folder. Most of a new database's start-up is
 * initdb, so a freshly initialized cluster is kept in the temp folder (per
 * PGlite version) and later new databases start from a copy of it: about
 * 1 s instead of 5. An existing data folder opens as it is. `parsers` are
 * PGlite's type parsers (Seg's by default; tests pass {} for PGlite's own).
 */
export async function startPglite(dataDir: string | undefined, options: { parsers?: Record<number, (value: string) => unknown> } = {}): Promise<PGlite> {
    const parsers = options.parsers ?? PARSERS;
    // Seg's lock file (data-dir-lock.ts) does not make a folder a database.
    const contents = dataDir !== undefined && existsSync(dataDir) ? readdirSync(dataDir).filter(name => name !== LOCK_FILE) : [];
    const at = dataDir ? { dataDir } : {};
    // Only a missing or empty folder is made from the cache; anything else opens as PGlite sees fit.
    if (contents.length > 0) return PGlite.create({ ...at, parsers });
    const cache = join(tmpdir(), `seg-pglite-${pgliteVersion()}-initdb.tar`);
    if (existsSync(cache)) {
        try {
            return await PGlite.create({ ...at, loadDataDir: new Blob([readFileSync(cache)]), parsers });
        } catch {
            rmSync(cache, { force: true });
            // Start over in the folder, which was empty: remove what the failed copy left (never the lock).
            if (dataDir) for (const name of readdirSync(dataDir)) if (name !== LOCK_FILE) rmSync(join(dataDir, name), { recursive: true, force: true });
        }
    }
    const pg = await PGlite.create({ ...at, parsers });
    try {
        const dump = await pg.dumpDataDir('none');
        const temp = `${cache}.${process.pid}.${Date.now()}`;
        writeFileSync(temp, new Uint8Array(await dump.arrayBuffer()));
        renameSync(temp, cache);
    } catch {
        // Without the cache the next start is only slower.
    }
    return pg;
}

function pgliteVersion(): string {
    try {
        let dir = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
        while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
        return String(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version);
    } catch {
        return 'unknown';
    }
}
