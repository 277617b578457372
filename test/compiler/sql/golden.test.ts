// Golden tests: each fixtures/*.seg compiles to the reviewed fixtures/*.sql
// (every segment, as `seg compile` prints it). SEG_UPDATE_GOLDEN=1 rewrites
// the goldens; read every changed one before committing it.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../compiler/plan/plan.js';
import { segmentSqlFile } from '../../../compiler/report/compiled-files.js';
import { planOfFiles } from '../../helpers.js';

const dir = join(__dirname, 'fixtures');
const update = process.env.SEG_UPDATE_GOLDEN === '1';
const fixtures = readdirSync(dir).filter(f => f.endsWith('.seg')).sort();

/** Inline goldens (`--inline`) for these fixtures, at this as-of instant and zone. */
const INLINE = { 'profiles.seg': { asOf: '2026-03-31T10:00:00.000Z', timeZone: 'Europe/Amsterdam' } } as Record<string, { asOf: string; timeZone: string }>;

async function planOfFixture(name: string, timeZone = 'UTC'): Promise<Plan> {
    return planOfFiles({ [name]: readFileSync(join(dir, name), 'utf8') }, { timeZone });
}

/** Every segment's .sql file as `seg compile` writes it (inline: bound to the as-of instant). */
function compileAll(plan: Plan, inline?: { asOf: string }): string {
    return plan.segments.map(s => segmentSqlFile(plan, s.name, inline)).join('\n');
}

function golden(file: string, actual: string): void {
    const path = join(dir, file);
    if (update || !existsSync(path)) {
        writeFileSync(path, actual);
        if (!update) throw new Error(`Wrote missing golden ${file}; review it and run again.`);
        return;
    }
    expect(actual, `${file} differs; if the change is intended, run with SEG_UPDATE_GOLDEN=1 and review the diff`).toBe(readFileSync(path, 'utf8'));
}

describe('SQL goldens', () => {
    it('has fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(4));

    for (const name of fixtures) {
        it(`${name} compiles to ${name.replace(/\.seg$/, '.sql')}`, async () => {
            const plan = await planOfFixture(name);
            golden(name.replace(/\.seg$/, '.sql'), compileAll(plan));
            const inline = INLINE[name];
            // The time zone is the plan's: an inline golden in another zone is planned in it.
            if (inline) golden(name.replace(/\.seg$/, '.inline.sql'), compileAll(await planOfFixture(name, inline.timeZone), { asOf: inline.asOf }));
        });
    }
});
