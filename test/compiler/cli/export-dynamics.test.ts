// seg export dynamics: Name: query lines for the segments Dynamics can express, an error naming each construct it cannot.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'seg-export-'));
writeFileSync(join(dir, 'segments.seg'), [
    'segment Oslo = profile contact where address1_city = "Oslo" and parentcustomerid.industrycode = "Financial"',
    'segment Quiet = interaction EmailOpened having count < 3 within 2 weeks',
    'segment Since = interaction EmailOpened since 2026-01-01',
    'segment Both = Oslo union Quiet intersect Since',
    '',
].join('\n'));

describe('seg export dynamics', () => {
    it('prints each expressible segment as a Dynamics query, names what is not, and exits 1', async () => {
        const r = await runCli('export', 'dynamics', dir);
        expect(r.code).toBe(1);
        expect(r.out.split('\n')).toEqual([
            "Oslo: PROFILE(account, account_1).FILTER(account_1.industrycode == 16).TRAVERSE(contact_account_parentcustomerid, contact_1).FILTER(contact_1.address1_city == 'Oslo')",
            'Quiet: PROFILE(contact) EXCEPT INTERACTION(EmailOpened, EmailOpened_ContactLink).HAVING(COUNT() > 2, UTCDAYS(14))',
            'Both: SEGMENT(Oslo) UNION (SEGMENT(Quiet) INTERSECT SEGMENT(Since))',
        ]);
        expect(r.err).toContain(`segments.seg:3:41 - error: Since cannot be exported to Dynamics: Dynamics' only windows are UTCDAYS/UTCMONTHS/UTCYEARS ending now: 'since 2026-01-01' has no equivalent.`);
    });

    it('exports one segment with --segment, exit 0; an unknown one is bad usage', async () => {
        const r = await runCli('export', 'dynamics', dir, '--segment', 'Quiet');
        expect(r.code).toBe(0);
        expect(r.out).toBe('Quiet: PROFILE(contact) EXCEPT INTERACTION(EmailOpened, EmailOpened_ContactLink).HAVING(COUNT() > 2, UTCDAYS(14))');
        expect((await runCli('export', 'dynamics', dir, '--segment', 'Quite')).code).toBe(2);
        expect((await runCli('export', 'sql', dir)).code).toBe(2);
    });
});

describe('seg export dynamics: behaviour over time has no Dynamics equivalent', () => {
    it('refuses count(distinct …) and first/last with the construct named, never a different count', async () => {
        const d = mkdtempSync(join(tmpdir(), 'seg-export-'));
        writeFileSync(join(d, 'segments.seg'), [
            'segment Broad = interaction EmailOpened having count(distinct messageId) >= 3 within 30 days',
            'segment Fresh = first interaction EmailOpened within 7 days',
            '',
        ].join('\n'));
        const r = await runCli('export', 'dynamics', d);
        expect(r.code).toBe(1);
        expect(r.out).toBe('');
        expect(r.err).toContain(`Broad cannot be exported to Dynamics: Dynamics' COUNT() counts interactions, not different values: 'count(distinct messageId)' has no equivalent.`);
        expect(r.err).toContain(`Fresh cannot be exported to Dynamics: Dynamics' interaction segments count interactions in a window ending now: 'first interaction' (the oldest one per contact) has no equivalent.`);
    });
});
