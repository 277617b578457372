// The language server's seg/plan and seg/sql are the CLI's: the same pipeline
// (compiler/pipeline.ts), the same source paths (relative to the project root)
// and time zone (seg.json's), the same per-segment plan `seg compile --out` writes.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileProject } from '../../compiler/pipeline.js';
import { segmentPlan } from '../../compiler/plan/segment-plan.js';
import { planJson, segmentSqlFile } from '../../compiler/report/compiled-files.js';
import { toSql } from '../../compiler/sql/to-sql.js';
import { startSession, type LspSession } from './lsp-client.js';

const FILES = {
    'seg.json': '{ "timezone": "Europe/Amsterdam" }',
    'a.seg': 'segment Openers = interaction EmailOpened having count >= 2 within 2 months\nsegment Unused = profile contact where address1_city = "Paris"\n',
    'nested/b.seg': 'segment Engaged = Openers union (profile contact where address1_city = "Seattle")\n',
};

describe('seg/plan and seg/sql equal the CLI\'s', () => {
    let s: LspSession;
    beforeAll(async () => { s = await startSession(FILES); }, 20000);
    afterAll(async () => { await s?.close(); });

    it('for each segment of the same project', async () => {
        await s.open('nested/b.seg', FILES['nested/b.seg']);
        await s.diagnostics('nested/b.seg', d => d.length === 0);
        const { plan } = await compileProject([s.dir]);
        expect(plan?.timeZone).toBe('Europe/Amsterdam');
        for (const name of ['Openers', 'Engaged']) {
            const lsp = await s.connection.sendRequest('seg/plan', { segment: name }) as { plan?: string; error?: string };
            expect(lsp.error).toBeUndefined();
            expect(lsp.plan).toBe(planJson(segmentPlan(plan!, name)));
            expect(JSON.parse(lsp.plan!).segments[0].source.file).toBe(name === 'Engaged' ? join('nested', 'b.seg') : 'a.seg');
            const sql = await s.connection.sendRequest('seg/sql', { segment: name }) as { sql?: string };
            expect(sql.sql).toBe(toSql(plan!, name).text);
            expect(segmentSqlFile(plan!, name)).toContain(sql.sql!.trimEnd());
        }
    });
});
