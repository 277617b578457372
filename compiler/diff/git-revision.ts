// The git side of `seg diff`: the repository a path is in, revisions to
// commits, and a revision's Seg files (every .seg file and seg.json, and
// every folder) written out to a temporary folder, read straight from the
// object database: neither the index nor the working tree is touched.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../project/discover.js';

/** Big enough for a large repository's tree listing and its Seg files. */
const MAX_BUFFER = 1 << 30;

class GitFailed extends Error {
    constructor(readonly stderr: string, readonly status: number | null) {
        super(stderr);
    }
}

function git(cwd: string, args: string[], input?: string): Buffer {
    try {
        return execFileSync('git', ['-C', cwd, ...args], {
            input, maxBuffer: MAX_BUFFER, stdio: ['pipe', 'pipe', 'pipe'],
            // Messages in English whatever the user's locale, so they can be recognized.
            env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' },
        });
    } catch (e) {
        const err = e as NodeJS.ErrnoException & { stderr?: Buffer; status?: number | null };
        if (err.code === 'ENOENT') throw new UsageError('seg diff needs git, which was not found on PATH.');
        throw new GitFailed(String(err.stderr ?? err.message).trim(), err.status ?? null);
    }
}

/** The nearest folder at or above `path` that exists (a path may be gone from the working tree). */
function existingFolder(path: string): string {
    let p = resolve(path);
    while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
    if (existsSync(p) && !isFolder(p)) p = dirname(p);
    return p;
}

function isFolder(p: string): boolean {
    try {
        return statSync(p).isDirectory();
    } catch {
        return false;
    }
}

/** The top folder of the git work tree holding `path` (real path). */
export function repositoryOf(path: string): string {
    const folder = existingFolder(path);
    try {
        return realpathSync(git(folder, ['rev-parse', '--show-toplevel']).toString('utf8').trim());
    } catch (e) {
        if (!(e instanceof GitFailed)) throw e;
        if (/not a git repository/i.test(e.stderr)) {
            throw new UsageError(`${path === '.' ? 'The current folder' : path} is not in a git repository; seg diff compares git revisions.`);
        }
        throw new UsageError(`git cannot find the work tree of ${path}: ${firstLine(e.stderr)}`);
    }
}

/** `path` relative to the repository's top folder ('' for the top itself); a usage error when outside it. */
export function repositoryPath(top: string, path: string): string {
    // Resolve symbolic links in the part that exists, as git does for the top folder.
    let existing = resolve(path);
    const rest: string[] = [];
    while (!existsSync(existing) && dirname(existing) !== existing) {
        rest.unshift(basename(existing));
        existing = dirname(existing);
    }
    const full = join(realpathSync(existing), ...rest);
    const rel = relative(top, full);
    if (rel === '..' || rel.startsWith(`..${sep}`) || resolve(top, rel) !== full) {
        throw new UsageError(`${path} is outside the git repository at ${top}.`);
    }
    return rel.split(sep).join('/');
}

/** The commit a revision names, or undefined when it names none. */
export function resolveCommit(top: string, revision: string): string | undefined {
    // Nothing that git could read as an option (so no need for --end-of-options, which older gits lack).
    if (revision === '' || revision.startsWith('-')) return undefined;
    try {
        const sha = git(top, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]).toString('utf8').trim();
        return /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
    } catch (e) {
        if (e instanceof GitFailed) return undefined;
        throw e;
    }
}

/** Like resolveCommit, but an unknown revision is a usage error naming it. */
export function requireCommit(top: string, revision: string): string {
    const sha = resolveCommit(top, revision);
    if (!sha) throw new UsageError(`Unknown revision '${revision}': git knows no commit by that name in ${top}.`);
    return sha;
}

/** The best common ancestor of two commits (for `BASE...HEAD`). */
export function mergeBase(top: string, a: string, b: string): string {
    try {
        return git(top, ['merge-base', a, b]).toString('utf8').trim();
    } catch (e) {
        if (!(e instanceof GitFailed)) throw e;
        throw new UsageError(`The revisions have no common ancestor, so '...' has no base: ${firstLine(e.stderr) || 'git merge-base found none'}.`);
    }
}

export function shortCommit(sha: string): string {
    return sha.slice(0, 7);
}

/** A Seg file of a revision: what openProject reads. */
function isSegFile(path: string): boolean {
    return path.endsWith('.seg') || basename(path) === 'seg.json';
}

/**
 * Writes the revision's folders and Seg files under `dir` at their paths in
 * the repository. Symbolic links and submodules are left out.
 */
export function materializeRevision(top: string, commit: string, dir: string): number {
    const listing = git(top, ['ls-tree', '-r', '-t', '-z', '--full-tree', commit]).toString('utf8');
    const blobs: Array<{ sha: string; path: string }> = [];
    for (const entry of listing.split('\0')) {
        if (!entry) continue;
        const tab = entry.indexOf('\t');
        const [mode, type, sha] = entry.slice(0, tab).split(' ');
        const path = entry.slice(tab + 1);
        if (type === 'tree') mkdirSync(join(dir, path), { recursive: true });
        else if (type === 'blob' && (mode === '100644' || mode === '100755') && isSegFile(path)) blobs.push({ sha, path });
    }
    if (blobs.length === 0) return 0;
    const out = git(top, ['cat-file', '--batch'], blobs.map(b => b.sha).join('\n') + '\n');
    let at = 0;
    for (const blob of blobs) {
        const eol = out.indexOf(0x0a, at);
        const header = out.subarray(at, eol).toString('utf8');
        const size = Number(header.split(' ')[2]);
        if (!header.startsWith(blob.sha) || !Number.isInteger(size)) throw new Error(`Internal error: unexpected git cat-file output '${header}'.`);
        const target = join(dir, blob.path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, out.subarray(eol + 1, eol + 1 + size));
        at = eol + 1 + size + 1;
    }
    return blobs.length;
}

function firstLine(text: string): string {
    return text.split('\n')[0].replace(/^(fatal|error): /, '');
}
