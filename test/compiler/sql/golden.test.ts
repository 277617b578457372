// Golden tests: each fixtures/*.seg compiles to the reviewed fixtures/*.sql
// (every segment, as `seg compile` prints it). SEG_UPDATE_GOLDEN=1 rewrites
// the goldens; read every changed one before committing it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../compiler/plan/plan.js';
import { segmentSqlFile } from '../../../compiler/report/compiled-files.js';
import { planOfFiles } from '../../helpers.js';
import { golden as goldenFile } from '../../support/golden.js';

const dir = join(__dirname, 'fixtures');
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

const golden = (file: string, actual: string) => goldenFile(dir, file, actual);

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
