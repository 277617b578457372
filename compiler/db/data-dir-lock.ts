// One process at a time in an embedded database's data folder. PGlite keeps
// no lock of its own: two processes opening one folder both succeed and
// silently lose each other's writes. So Seg keeps `.seg-lock` in the folder
// (its owner's pid), taken before PGlite starts and removed on close; a lock
// whose process is gone (killed) is stale and taken over. Another live
// process's lock is waited for, up to a limit, saying so.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseError } from './database.js';

export const LOCK_FILE = '.seg-lock';

export interface DataDirLock {
    release(): void;
}

export interface LockOptions {
    /** How long to wait for another process (default 60 s). */
    timeoutMs?: number;
    /** Told once when this process starts waiting. */
    onWait?(message: string): void;
}

export async function lockDataDir(dataDir: string, options: LockOptions = {}): Promise<DataDirLock> {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, LOCK_FILE);
    const timeoutMs = options.timeoutMs ?? 60_000;
    const deadline = Date.now() + timeoutMs;
    let told = false;
    for (;;) {
        const holder = tryCreate(path);
        if (holder === undefined) return { release: () => releaseIfOurs(path) };
        if (holder === 'unknown' ? isOld(path) : !isAlive(holder)) {
            // Stale: its process is gone. Remove it and try again (another process may win the race; then wait for it).
            rmSync(path, { force: true });
            continue;
        }
        if (Date.now() >= deadline) {
            throw new DatabaseError(`the embedded database in ${dataDir} is in use by another seg process${holder === 'unknown' ? '' : ` (pid ${holder})`} — try again when it has finished`, 'busy');
        }
        if (!told) {
            options.onWait?.(`The embedded database in ${dataDir} is in use by another seg process${holder === 'unknown' ? '' : ` (pid ${holder})`}; waiting for it (up to ${Math.round(timeoutMs / 1000)} s)…`);
            told = true;
        }
        await new Promise(resolve => setTimeout(resolve, 100));
    }
}

/** Creates the lock file with this pid; returns the holder's pid when it exists already ('unknown' while it is being written). */
function tryCreate(path: string): number | 'unknown' | undefined {
    let fd: number;
    try {
        fd = openSync(path, 'wx');
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const pid = Number.parseInt(readText(path), 10);
        return Number.isInteger(pid) && pid > 0 ? pid : 'unknown';
    }
    try {
        writeSync(fd, `${process.pid}\n`);
    } finally {
        closeSync(fd);
    }
    return undefined;
}

function readText(path: string): string {
    try {
        return readFileSync(path, 'utf8');
    } catch {
        return '';
    }
}

/** A lock file without a pid is being written, unless it has been so for seconds (its writer died). */
function isOld(path: string): boolean {
    try {
        return Date.now() - statSync(path).mtimeMs > 5000;
    } catch {
        return true;
    }
}

function isAlive(pid: number): boolean {
    if (pid === process.pid) return true;
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
}

function releaseIfOurs(path: string): void {
    if (Number.parseInt(readText(path), 10) === process.pid) rmSync(path, { force: true });
}
