// A `seg refresh` killed with SIGKILL at random points loses nothing (#10):
// after each kill the refresh is run again, and in the end the stored history
// is exactly that of a database whose refreshes were never interrupted — no
// stay lost, none duplicated — and the current members are `seg run`'s. On the
// server the interrupted refreshes are incremental (`--incremental`), the
// uninterrupted ones not: the same history either way.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { SegDatabase } from '../../../compiler/db/database.js';
import { openDatabase } from '../../../compiler/db/open-database.js';
import { REFRESH_LOCK_KEY } from '../../../compiler/live/refresh.js';
import { compileProject } from '../../../compiler/pipeline.js';
import { runCli as run } from '../../support/cli.js';
import { SERVER_URL } from '../../support/engines.js';

const root = join(__dirname, '..', '..', '..');
const bin = join(root, 'bin', 'seg.js');
const examples = join(root, 'examples');
const AS_OFS = ['2026-02-10T09:00:00Z', '2026-02-17T09:00:00Z', '2026-02-24T09:00:00Z'];

/** A seeded database, as --data-dir or --db arguments. */
async function seeded(kind: 'PGlite' | 'server'): Promise<{ args: string[]; open(): Promise<SegDatabase>; drop(): Promise<void> }> {
    let args: string[], open: () => Promise<SegDatabase>, drop = async () => undefined;
    if (kind === 'PGlite') {
        const dataDir = join(mkdtempSync(join(tmpdir(), 'seg-crash-')), 'data');
        args = ['--data-dir', dataDir];
        open = () => openDatabase({ dataDir });
    } else {
        const name = `seg_crash_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
        const admin = new pg.Client({ connectionString: SERVER_URL });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        const url = new URL(SERVER_URL!);
        url.pathname = `/${name}`;
        args = ['--db', url.toString()];
        open = () => openDatabase({ url: url.toString() });
        drop = async () => { try { await admin.query(`DROP DATABASE ${name} WITH (FORCE)`); } finally { await admin.end(); } };
    }
    expect((await run('db', 'init', examples, ...args)).code).toBe(0);
    const seed = await run('db', 'seed', examples, ...args, '--contacts', '400', '--as-of', '2026-03-01T00:00:00Z');
    expect(seed.code, seed.err).toBe(0);
    return { args, open, drop };
}

/**
 * `seg refresh` as its own process, killed with SIGKILL `delayMs` after it reported
 * progress line number `afterLine` (0: after start-up), unless it ends first.
 * Keying the kill to progress, not to the wall clock, makes it land mid-refresh
 * whether the machine is fast or loaded.
 */
function killedRefresh(args: string[], asOf: string, afterLine: number, delayMs: number): Promise<string> {
    return new Promise(resolve => {
        const child = spawn(process.execPath, [bin, 'refresh', examples, ...args, '--as-of', asOf], {
            env: { ...process.env, SEG_NO_RESPAWN: '1', NO_COLOR: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'],
        });
        let lines = 0, timer: NodeJS.Timeout | undefined;
        const arm = () => { timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs); };
        // Whole lines only (a chunk may end mid-line), each stream on its own.
        const counter = () => {
            let partial = '';
            return (chunk: Buffer) => {
                const text = partial + String(chunk);
                const complete = text.split('\n');
                partial = complete.pop()!;
                lines += complete.filter(l => /^\[\s*\d+\/\d+\]/.test(l)).length;
                if (lines >= afterLine) arm();
            };
        };
        child.stdout.on('data', counter());
        child.stderr.on('data', counter());
        if (afterLine === 0) arm();
        child.on('exit', (code, signal) => { clearTimeout(timer); resolve(signal ?? `exit ${code}`); });
    });
}

async function history(open: () => Promise<SegDatabase>): Promise<string[]> {
    const db = await open();
    try {
        const { rows } = await db.query(`SELECT segment || ' ' || contact_id || ' ' || to_char(entered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')
            || ' ' || coalesce(to_char(exited_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), '-') AS stay FROM seg.stays ORDER BY 1`);
        return rows.map(r => String(r.stay));
    } finally {
        await db.close();
    }
}

describe('seg refresh killed with SIGKILL', () => {
    for (const kind of ['PGlite', 'server'] as const) {
        it.skipIf(kind === 'server' && !SERVER_URL)(`${kind}: the history equals an uninterrupted one, members equal seg run`, async () => {
            const reference = await seeded(kind), crashed = await seeded(kind);
            const refreshArgs = [...crashed.args, ...(kind === 'server' ? ['--incremental'] : [])];
            try {
                const outcomes: string[] = [];
                // How many progress lines a refresh prints: one per live segment.
                const segments = (await compileProject([examples])).plan!.segments.filter(s => !s.draft).length;
                // The embedded database starts slowly (a second or two a process): two refreshes there, three on the server.
                const asOfs = kind === 'PGlite' ? AS_OFS.slice(0, 2) : AS_OFS;
                for (const asOf of asOfs) {
                    expect((await run('refresh', examples, ...reference.args, '--as-of', asOf)).code).toBe(0);
                    // Two kills, then a refresh that completes: one at a random segment's evaluation,
                    // one at a random moment from the last segment's on (the delta, the commit, the summary).
                    outcomes.push(await killedRefresh(refreshArgs, asOf, Math.floor(Math.random() * segments), Math.floor(Math.random() * 20)));
                    outcomes.push(await killedRefresh(refreshArgs, asOf, segments, Math.floor(Math.random() * 40)));
                    const again = await run('refresh', examples, ...refreshArgs, '--as-of', asOf);
                    expect(again.code, again.err).toBe(0);
                }
                expect(outcomes.length).toBe(asOfs.length * 2);
                expect(outcomes.filter(o => o === 'SIGKILL').length, outcomes.join(', ')).toBeGreaterThan(0);
                const expected = await history(reference.open);
                expect(expected.length).toBeGreaterThan(100);
                expect(await history(crashed.open)).toEqual(expected);
                if (kind === 'server') {
                    // The interrupted side's refreshes were incremental: every segment keeps the state to continue from.
                    const db = await crashed.open();
                    try {
                        const { rows } = await db.query('SELECT count(*)::int AS n FROM seg.segments WHERE incremental_snapshot IS NOT NULL');
                        expect(rows[0].n).toBe(segments);
                    } finally {
                        await db.close();
                    }
                }
                const last = asOfs[asOfs.length - 1];
                const ran = JSON.parse((await run('run', examples, ...crashed.args, '--as-of', last, '--members', '--format', 'json')).out);
                for (const s of ran.segments.slice(0, 8)) {
                    const stored = JSON.parse((await run('members', s.name, ...crashed.args, '--format', 'json')).out);
                    expect(stored.members, s.name).toEqual(s.members);
                }
            } finally {
                await reference.drop();
                await crashed.drop();
            }
        }, 300_000);
    }

    it.skipIf(!SERVER_URL)('server: two refreshes at once — one waits for the other; a held lock times out with a clear message', async () => {
        const target = await seeded('server');
        const holder = new pg.Client({ connectionString: target.args[1] });
        try {
            const both = await Promise.all([0, 1].map(() => refreshProcess(target.args, AS_OFS[0])));
            expect(both.map(r => r.code)).toEqual([0, 0]);
            // Usually they overlap and one says it waits; either way the history has each stay once.
            const stays = await history(target.open);
            expect(new Set(stays).size).toBe(stays.length);
            await holder.connect();
            await holder.query(`SELECT pg_advisory_lock(${REFRESH_LOCK_KEY})`);
            const blocked = await run('refresh', examples, ...target.args, '--as-of', AS_OFS[1], '--lock-timeout', '1');
            expect(blocked.code).toBe(1);
            expect(blocked.err).toMatch(/another seg refresh on .* still held its lock after 1 s/);
            expect(await history(target.open)).toEqual(stays);
            // The failed refresh left its row, saying why; the two that ran, theirs.
            const db = await target.open();
            try {
                const { rows } = await db.query(`SELECT status, as_of, error FROM seg.refreshes ORDER BY refresh_id`);
                expect(rows.map(r => r.status)).toEqual(['ok', 'ok', 'failed']);
                expect(new Date(rows[2].as_of as string).toISOString()).toBe(new Date(AS_OFS[1]).toISOString());
                expect(String(rows[2].error)).toMatch(/still held its lock after 1 s/);
            } finally {
                await db.close();
            }
        } finally {
            await holder.end().catch(() => undefined);
            await target.drop();
        }
    }, 120_000);
});

/** `seg refresh` as its own process, to the end: exit code and stderr. */
function refreshProcess(args: string[], asOf: string): Promise<{ code: number | null; err: string }> {
    return new Promise(resolve => {
        const child = spawn(process.execPath, [bin, 'refresh', examples, ...args, '--as-of', asOf], { env: { ...process.env, SEG_NO_RESPAWN: '1' } });
        let err = '';
        child.stderr.on('data', d => { err += String(d); });
        child.stdout.resume();
        child.on('exit', code => resolve({ code, err }));
    });
}
