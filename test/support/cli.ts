// Running `seg` as a user does, in process, and the databases CLI tests point
// it at: an embedded one in a data folder always, and a fresh schema on the
// server at SEG_TEST_DATABASE_URL when set (dropped afterwards).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { main } from '../../compiler/cli/main.js';
import type { SegDatabase } from '../../compiler/db/database.js';
import { openDatabase } from '../../compiler/db/open-database.js';
import { SERVER_URL } from './engines.js';

export interface CliResult {
    code: number;
    out: string;
    err: string;
}

/** `seg …args` in process, without colour: exit code and what it wrote to stdout and stderr. */
export async function runCli(...args: string[]): Promise<CliResult> {
    const out: string[] = [], err: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const captured: string[] = [];
    process.stdout.write = ((chunk: string) => { captured.push(String(chunk)); return true; }) as typeof process.stdout.write;
    try {
        const code = await main([...args, '--no-color'], { out: t => out.push(t), err: t => err.push(t) });
        return { code, out: captured.join('') + out.join('\n'), err: err.join('\n') };
    } finally {
        process.stdout.write = write;
    }
}

/** A database for the CLI: the options that name it, and a way to look inside between commands. */
export interface CliTarget {
    name: 'PGlite' | 'PostgreSQL server';
    /** `--data-dir DIR` or `--db URL`. */
    args: string[];
    /** Runs `work` on a connection of its own (closed afterwards: PGlite's data folder has one user at a time). */
    inspect<T>(work: (db: SegDatabase) => Promise<T>): Promise<T>;
    close(): Promise<void>;
}

/** A fresh embedded data folder, and a fresh server schema when SEG_TEST_DATABASE_URL is set. */
export async function cliTargets(): Promise<CliTarget[]> {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'seg-cli-db-')), 'data');
    const targets: CliTarget[] = [{
        name: 'PGlite',
        args: ['--data-dir', dataDir],
        inspect: work => using(openDatabase({ dataDir }), work),
        close: async () => undefined,
    }];
    if (SERVER_URL) {
        const schema = `seg_clitest_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
        const admin = new pg.Client({ connectionString: SERVER_URL });
        await admin.connect();
        await admin.query(`CREATE SCHEMA ${schema}`);
        const url = `${SERVER_URL}${SERVER_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
        targets.push({
            name: 'PostgreSQL server',
            args: ['--db', url],
            inspect: work => using(openDatabase({ url }), work),
            close: async () => {
                try {
                    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
                } finally {
                    await admin.end();
                }
            },
        });
    }
    return targets;
}

async function using<T>(opening: Promise<SegDatabase>, work: (db: SegDatabase) => Promise<T>): Promise<T> {
    const db = await opening;
    try {
        return await work(db);
    } finally {
        await db.close();
    }
}
