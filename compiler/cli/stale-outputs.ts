// Which files of a `seg compile --out` folder Seg wrote and no segment produces
// any more (a renamed or deleted segment's): `--out` removes them, `--check`
// lists them as extra. A file counts as Seg's only by its content, never by its
// name alone, so a user's own .sql or .json next to the output is left alone.
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SQL = '.sql';
const PLAN = '.plan.json';

/** The files of `dir` that Seg wrote and that are not in `produced`, sorted. */
export function staleOutputs(dir: string, produced: ReadonlySet<string>): string[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
        .filter(name => !produced.has(name) && (name.endsWith(SQL) || name.endsWith(PLAN)) && isFile(join(dir, name)))
        .filter(name => name.endsWith(PLAN) ? isSegmentPlan(join(dir, name), name.slice(0, -PLAN.length)) : hasSqlHeader(join(dir, name)))
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function isFile(path: string): boolean {
    try {
        return statSync(path).isFile();
    } catch {
        return false;
    }
}

/** Whether the file starts with the header of a compiled segment (sql/sql-header.ts): `-- Segment: …`, `-- Source: …`. */
function hasSqlHeader(path: string): boolean {
    const lines = readStart(path, 4096).split('\n');
    return lines.length > 2 && lines[0].startsWith('-- Segment: ') && lines[1].startsWith('-- Source: ') && lines[2] === '-- Parameters:';
}

/** Whether the file is the plan of one segment named `name`, as `--out` writes it (cli/compile-command.ts). */
function isSegmentPlan(path: string, name: string): boolean {
    try {
        const plan = JSON.parse(readFileSync(path, 'utf8'));
        return typeof plan === 'object' && plan !== null && typeof plan.version === 'number' && typeof plan.timeZone === 'string'
            && Array.isArray(plan.nodes) && Array.isArray(plan.segments) && plan.segments.length === 1 && plan.segments[0]?.name === name;
    } catch {
        return false;
    }
}

function readStart(path: string, bytes: number): string {
    const fd = openSync(path, 'r');
    try {
        const buffer = Buffer.alloc(bytes);
        return buffer.subarray(0, readSync(fd, buffer, 0, bytes, 0)).toString('utf8');
    } finally {
        closeSync(fd);
    }
}
