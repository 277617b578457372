// seg import dynamics: the input formats, --name and --out, diagnostics at their place in the input, exit codes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'seg-import-'));
function file(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
}

describe('seg import dynamics', () => {
    it('imports one query under --name into --out, checked and formatted, exit 0', async () => {
        const input = file('one.txt', "PROFILE(contact, contact_1).FILTER(contact_1.address1_city == 'Seattle')\n");
        const out = join(dir, 'one.seg');
        const r = await runCli('import', 'dynamics', input, '--name', 'From Seattle', '--out', out);
        expect(r.code).toBe(0);
        expect(readFileSync(out, 'utf8')).toContain(
            "/// Dynamics segment 'From Seattle':\n/// PROFILE(contact, contact_1).FILTER(contact_1.address1_city == 'Seattle')\nsegment FromSeattle = profile contact where address1_city = \"Seattle\"\n");
        expect(r.err).toContain('Imported 1 segment into');
        expect((await runCli('check', out)).code).toBe(0);
    });

    it('imports the rest of a file, reports an error at its line and column, and exits 1', async () => {
        const input = file('lines.txt', "Oslo: PROFILE(contact).FILTER(address1_city == 'Oslo')\nBroken: PROFILE(contact).FILTER((address1_city == 'Oslo')\nBoth: SEGMENT(Oslo) UNION SEGMENT(Broken)\n");
        const r = await runCli('import', 'dynamics', input);
        expect(r.code).toBe(1);
        expect(r.err).toContain(`${input}:2:32 - error DYN001: Unbalanced parentheses: the '(' at column 32 is never closed.`);
        expect(r.err).toContain(`${input}:3:35 - warning DYN302: SEGMENT(Broken) is not among the imported segments`);
        expect(r.out).toContain('segment Oslo = profile contact where address1_city = "Oslo"');
        expect(r.out).toContain('segment Both = Oslo union Broken');
        expect(r.out).toContain('segment Broken = profile contact except profile contact');
        expect(r.out).toContain("// Not imported: Dynamics segment 'Broken' (Broken):");
    });

    it('reads a CSV export, resolving SEGMENT_CRM_ID_<id> to the imported segment', async () => {
        const input = file('segments.csv', 'msdyncrm_segmentid,msdyncrm_name,msdyncrm_segmentquery\n' +
            '0b6f7c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e,Oslo people,"PROFILE(contact).FILTER(address1_city == \'Oslo\')"\n' +
            ',"Not Oslo, clicked","INTERACTION(EmailClicked, EmailClicked_ContactLink).HAVING(COUNT() > 0, UTCDAYS(7)) EXCEPT SEGMENT(SEGMENT_CRM_ID_0b6f7c1e2d3a4b5c8d9e0f1a2b3c4d5e)"\n');
        const r = await runCli('import', 'dynamics', input);
        expect(r.code).toBe(0);
        expect(r.out).toContain('segment NotOsloClicked = interaction EmailClicked within 7 days except OsloPeople');
    });

    it('reads a Web API JSON response and names a record in its messages', async () => {
        const input = file('segments.json', JSON.stringify({ value: [
            { msdyncrm_name: 'Ordered', msdyncrm_segmentquery: 'PROFILE(contact).ORDERBY(fullname ASC).TAKE(10)' },
            { msdyncrm_name: 'All', msdyncrm_segmentquery: 'PROFILE(contact)' },
        ] }));
        const r = await runCli('import', 'dynamics', input);
        expect(r.code).toBe(1);
        expect(r.err).toContain(`${input} record 1 (Ordered), query 1:18 - error DYN201: ORDERBY(…) orders the members of a static segment`);
        expect(r.out).toContain('segment All = profile contact');
    });

    it('warns when the target project is not in UTC', async () => {
        const project = mkdtempSync(join(tmpdir(), 'seg-import-tz-'));
        writeFileSync(join(project, 'seg.json'), '{ "timezone": "Europe/Oslo" }');
        const input = file('window.txt', 'INTERACTION(EmailOpened, EmailOpened_ContactLink).HAVING(COUNT() > 2, UTCDAYS(14))\n');
        const r = await runCli('import', 'dynamics', input, '--out', join(project, 'imported.seg'));
        expect(r.code).toBe(0);
        expect(r.err).toContain("this project's time zone is Europe/Oslo");
    });

    it('is bad usage without the source, with --name for many queries, or with a missing file', async () => {
        expect((await runCli('import')).code).toBe(2);
        expect((await runCli('import', 'dynamics', file('two.txt', 'PROFILE(contact)\nPROFILE(lead)\n'), '--name', 'X')).code).toBe(2);
        expect((await runCli('import', 'dynamics', join(dir, 'nope.txt'))).code).toBe(2);
    });
});
