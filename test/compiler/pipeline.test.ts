// compiler/pipeline.ts: one way from sources to a plan, and the time zone
// decided once, when the plan is made (every engine reads the plan's).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { execute, type ExecutionOptions } from '../../compiler/exec/execute.js';
import { compileProject, decideTimeZone } from '../../compiler/pipeline.js';
import { DEFAULT_CONFIG } from '../../compiler/project/config.js';
import { UsageError } from '../../compiler/project/discover.js';
import { bindParams, toInlineSql, toSql } from '../../compiler/sql/to-sql.js';
import type { Binding } from '../../compiler/sql/inline-sql.js';
import { planOf } from '../helpers.js';
import { contacts, table, uid } from './exec/support.js';

// As of 2026-03-30 12:00Z (14:00 CEST in Amsterdam), `within 7 days` starts at
// 2026-03-23 14:00 CET = 13:00Z in Amsterdam but 12:00Z in UTC: an open at
// 12:30Z counts in UTC only.
const AS_OF = Date.parse('2026-03-30T12:00:00Z');
const SOURCE = 'segment Week = interaction EmailOpened within 7 days';
const tables = () => ({
    contact: contacts(2),
    email_opened: table([
        { timestamp: Date.parse('2026-03-23T12:30:00Z'), contact_id: uid(1) },
        { timestamp: Date.parse('2026-03-29T12:00:00Z'), contact_id: uid(2) },
    ], ['internal_marketing_interaction_id', 'timestamp', 'contact_id', 'customerjourneyid']),
});

describe('the time zone is decided once, when the plan is made', () => {
    it('the override, else seg.json\'s, else UTC; a bad override is a usage error', () => {
        expect(decideTimeZone(undefined)).toBe('UTC');
        expect(decideTimeZone(undefined, { ...DEFAULT_CONFIG, timezone: 'Asia/Tokyo' })).toBe('Asia/Tokyo');
        expect(decideTimeZone('Europe/Amsterdam', { ...DEFAULT_CONFIG, timezone: 'Asia/Tokyo' })).toBe('Europe/Amsterdam');
        expect(() => decideTimeZone('Mars/Olympus')).toThrow(UsageError);
    });

    it('the executor uses the plan\'s zone and takes none at run time', async () => {
        const ams = await planOf(SOURCE, { timeZone: 'Europe/Amsterdam' });
        const utc = await planOf(SOURCE, { timeZone: 'UTC' });
        expect(ams.timeZone).toBe('Europe/Amsterdam');
        expect(execute(ams, tables(), { asOf: AS_OF }).get('Week')).toEqual([uid(2)]);
        expect(execute(utc, tables(), { asOf: AS_OF }).get('Week')).toEqual([uid(1), uid(2)]);
        // A zone passed at run time is not an option any more, and would change nothing.
        const stray = { asOf: AS_OF, timeZone: 'UTC' } as ExecutionOptions;
        expect(execute(ams, tables(), stray).get('Week')).toEqual([uid(2)]);
    });

    it('the SQL binds the plan\'s zone as $2; a binding carries only the as-of instant', async () => {
        const query = toSql(await planOf(SOURCE, { timeZone: 'Europe/Amsterdam' }), 'Week');
        const stray = { asOf: '2026-03-30T12:00:00Z', timeZone: 'UTC' } as Binding;
        expect(bindParams(query, stray).slice(0, 2)).toEqual(['2026-03-30T12:00:00Z', 'Europe/Amsterdam']);
        expect(toInlineSql(query, stray)).toContain("'Europe/Amsterdam'::text");
        expect(toInlineSql(query, stray)).not.toContain("'UTC'");
    });
});

describe('compileProject', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seg-pipeline-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'seg.json'), '{ "timezone": "Asia/Tokyo" }\n');
    writeFileSync(join(dir, 'sub', 'week.seg'), `${SOURCE}\n`);

    it('names files relative to the project root, the catalog as <builtin>/NAME, in seg.json\'s zone', async () => {
        const { plan } = await compileProject([join(dir, 'sub')]);
        expect(plan?.timeZone).toBe('Asia/Tokyo');
        expect(plan?.segments.map(s => s.source.file)).toEqual(['sub/week.seg']);
        expect(new Set(plan?.nodes.map(n => n.source.file))).toEqual(new Set(['sub/week.seg']));
        const override = await compileProject([dir], { timeZone: 'Europe/Amsterdam' });
        expect(override.plan?.timeZone).toBe('Europe/Amsterdam');
    });

    it('gives no plan for a project with errors', async () => {
        writeFileSync(join(dir, 'broken.seg'), 'segment Broken = profile nobody\n');
        try {
            const { project, plan } = await compileProject([dir]);
            expect(plan).toBeUndefined();
            expect(project.errorCount).toBeGreaterThan(0);
        } finally {
            rmSync(join(dir, 'broken.seg'));
        }
    });
});
