// scripts/clickhouse-cluster.sh: two servers on loopback forming `seg_cluster`; a row
// written through a Distributed table is readable at once (insert_distributed_sync=1)
// and lands on the shard its key hashes to; `stop` leaves no server behind.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = join(__dirname, '..', '..', 'scripts', 'clickhouse-cluster.sh');
const SERVER = '/usr/sbin/clickhouse-server';
const available = existsSync(SERVER);
if (!available) console.warn(`clickhouse-cluster.test: skipped, ${SERVER} is not installed (apt-get install clickhouse-server)`);

async function sql(port: string, text: string): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: text });
    const body = await response.text();
    if (!response.ok) throw new Error(body);
    return body.trim();
}

describe.skipIf(!available)('scripts/clickhouse-cluster.sh', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seg-chc-test-'));
    afterAll(() => {
        spawnSync(script, ['stop', dir]);
        rmSync(dir, { recursive: true, force: true });
    });

    it('starts a two-shard cluster, writes through a Distributed table synchronously, and stops', async () => {
        const url = execFileSync(script, ['start', dir], { encoding: 'utf8' }).trim();
        expect(url).toMatch(/^clickhouse:\/\/127\.0\.0\.1:\d+,127\.0\.0\.1:\d+\/default$/);
        const [one, two] = readFileSync(join(dir, 'ports'), 'utf8').trim().split(' ');
        expect(await sql(one!, "SELECT count() FROM system.clusters WHERE cluster = 'seg_cluster'")).toBe('2');
        for (const port of [one!, two!]) await sql(port, 'CREATE TABLE k_local (k UInt64) ENGINE = MergeTree ORDER BY k');
        await sql(one!, 'CREATE TABLE k AS k_local ENGINE = Distributed(seg_cluster, default, k_local, k)');
        await sql(one!, 'INSERT INTO k SELECT number FROM system.numbers LIMIT 10');
        expect(await sql(one!, 'SELECT count() FROM k')).toBe('10');
        // Sharded by k modulo 2: five rows on each server.
        expect(await sql(one!, 'SELECT count() FROM k_local')).toBe('5');
        expect(await sql(two!, 'SELECT count() FROM k_local')).toBe('5');
        const pids = [1, 2].map(n => Number(readFileSync(join(dir, `node${n}`, 'pid'), 'utf8')));
        execFileSync(script, ['stop', dir]);
        // Gone, or a zombie its adoptive parent has not reaped yet.
        const state = (pid: number) => (existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^\d+ \(.*\) /, '')[0] : 'gone');
        for (const pid of pids) expect(['gone', 'Z']).toContain(state(pid));
    }, 60_000);
});
