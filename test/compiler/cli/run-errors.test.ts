// seg run when one segment cannot be computed (here: its interaction table is
// missing): that segment is named with its source location, the others still
// run, and the exit code is 1, in every output format.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliTargets, runCli as run, type CliTarget } from '../../support/cli.js';

const C = (n: number) => `00000000-0000-4000-8000-00000000000${n}`;

function project(): string {
    const dir = mkdtempSync(join(tmpdir(), 'seg-run-errors-'));
    writeFileSync(join(dir, 'segments.seg'), [
        'segment Seattle = profile contact where address1_city = "seattle"',
        'segment Openers = interaction EmailOpened within 7 days',
        'segment Everyone = profile contact where address1_city is not null or address1_city is null',
        '',
    ].join('\n'));
    return dir;
}

const SETUP = [
    `INSERT INTO "contact" ("contactid", "address1_city") VALUES ('${C(1)}', 'Seattle'), ('${C(2)}', 'Paris')`,
    'DROP TABLE "email_opened"',
];

const FAILURE = /segment 'Openers' \(segments\.seg:2:\d+\) failed: .*email_opened.*does not exist/;

async function expectEveryFormat(target: string[]): Promise<void> {
    const asOf = ['--as-of', '2026-03-01T00:00:00Z'];
    const table = await run('run', ...target, ...asOf);
    expect(table.code).toBe(1);
    expect(table.err).toMatch(FAILURE);
    expect(table.err.split('\n')).toHaveLength(1);
    expect(table.out).toMatch(/^Seattle\s+1\s/m);
    expect(table.out).toMatch(/^Openers\s+failed\s/m);
    expect(table.out).toMatch(/^Everyone\s+2\s/m);

    const json = await run('run', ...target, ...asOf, '--format', 'json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.out);
    expect(report.segments).toEqual([
        { name: 'Seattle', count: 1 },
        { name: 'Openers', error: expect.stringMatching(FAILURE) },
        { name: 'Everyone', count: 2 },
    ]);

    const csv = await run('run', ...target, ...asOf, '--format', 'csv');
    expect(csv.code).toBe(1);
    expect(csv.out.split('\n')).toEqual(['segment,count', 'Seattle,1', 'Openers,', 'Everyone,2']);
    expect(csv.err).toMatch(FAILURE);
}

describe('seg run with a failing segment', () => {
    let targets: CliTarget[] = [];
    beforeAll(async () => { targets = await cliTargets(); });
    afterAll(async () => { for (const t of targets) await t.close(); });

    it('on PGlite and the PostgreSQL server: names the segment, runs the others, exit 1', async () => {
        for (const target of targets) {
            const dir = project();
            expect((await run('db', 'init', dir, ...target.args)).code, target.name).toBe(0);
            await target.inspect(async db => { for (const sql of SETUP) await db.exec(sql); });
            await expectEveryFormat([dir, ...target.args]);
        }
    }, 120_000);
});
