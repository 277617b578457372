// seg test as a user runs it (in-process main()): passing and failing test
// files, the failure explanations, the JSON report, and the same verdicts on
// the in-memory executor, the embedded database and (when CI provides one) a
// PostgreSQL server.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../compiler/cli/main.js';
import { openProject } from '../../../compiler/project/open-project.js';
import { schemaTables } from '../../../compiler/db/schema.js';
import { fixtureData } from '../../../compiler/testing/fixture-tables.js';
import { collectTests } from '../../../compiler/testing/test-cases.js';
import { SERVER_URL } from '../../support/engines.js';

const examples = join(__dirname, '..', '..', '..', 'examples');

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [], err: string[] = [];
    const code = await main([...args, '--no-color'], { out: t => out.push(t), err: t => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
}

function project(files: Record<string, string>, timezone = 'UTC'): string {
    const dir = mkdtempSync(join(tmpdir(), 'seg-test-'));
    writeFileSync(join(dir, 'seg.json'), JSON.stringify({ timezone }));
    for (const [name, text] of Object.entries(files)) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), text);
    }
    return dir;
}

const SEGMENTS = `
segment Openers = interaction EmailOpened having count >= 2 within 14 days where emailDomain = "contoso.com"
segment Seattle = profile contact where address1_city = "Seattle" and statecode = "Active"
segment SeattleOpeners = Seattle intersect Openers
segment Quiet = profile contact except Openers
segment BigCompanies = profile contact where parentcustomerid.numberofemployees >= 500
`;

const PASSING = `
fixture People {
  account contoso { name: "Contoso", numberofemployees: 800 }
  contact alice { address1_city: "seattle", statecode: "Active", parentcustomerid: contoso }
  contact bob { address1_city: "Portland" }
}

test "openers need two opens from contoso.com in 14 days" using People {
  as of 2026-03-01T12:00:00Z
  EmailOpened by alice 2 days ago { emailDomain: "CONTOSO.com" }
  EmailOpened by alice 13 days ago { emailDomain: "contoso.com" }
  EmailOpened by bob now { emailDomain: "contoso.com" }
  EmailOpened by bob 14 days ago { emailDomain: "contoso.com" }

  expect Openers includes alice
  expect Openers excludes bob
  expect SeattleOpeners includes alice
  expect Quiet includes bob
  expect count(Openers) = 1
}

test "big companies are found through the account" using People {
  expect BigCompanies includes alice
  expect BigCompanies excludes bob
  expect count(BigCompanies) <= 1
}
`;

const FAILING = `
test "seattle openers" {
  as of 2026-03-01T12:00:00Z
  contact bob { address1_city: "Portland" }
  contact dave { address1_city: "Seattle", statecode: "Active" }
  EmailOpened by bob 1 day ago { emailDomain: "contoso.com" }
  EmailOpened by bob 2 days ago { emailDomain: "contoso.com" }
  EmailOpened by dave 1 day ago { emailDomain: "contoso.com" }
  EmailOpened by dave 20 days ago { emailDomain: "contoso.com" }
  EmailOpened by dave 3 days ago { emailDomain: "fabrikam.com" }

  expect Openers includes bob
  expect SeattleOpeners includes bob, dave
  expect Quiet excludes bob
  expect count(Seattle) = 2
}
`;

describe('seg test', () => {
    it('passes on the examples', async () => {
        const r = await run('test', examples);
        expect(r.err).toBe('');
        expect(r.code).toBe(0);
        expect(r.out).toContain('tests/audiences.test.seg');
        expect(r.out).toMatch(/✓ welcome openers need two opens of the welcome journey in 60 days \(\d+ ms\)/);
        expect(r.out).toMatch(/Tests: 9 passed, 9 total \(19 expectations\)/);
    });

    it('reports each passing test and exits 0', async () => {
        const dir = project({ 'segments.seg': SEGMENTS, 'tests/openers.test.seg': PASSING });
        const r = await run('test', dir);
        expect(r.code).toBe(0);
        expect(r.out).toMatch(/✓ openers need two opens from contoso.com in 14 days/);
        expect(r.out).toMatch(/✓ big companies are found through the account/);
        expect(r.out).toContain('Tests: 2 passed, 2 total (8 expectations)');
        expect(r.out).toContain('engine: in-memory executor');
    });

    it('explains a failed expectation down to the condition or the interactions that decided it, and exits 1', async () => {
        const dir = project({ 'segments.seg': SEGMENTS, 'failing.test.seg': FAILING });
        const r = await run('test', dir);
        expect(r.code).toBe(1);
        const lines = r.out.split('\n').map(l => l.trimEnd());
        const at = (needle: string) => {
            const i = lines.findIndex(l => l.includes(needle));
            expect(i, needle).toBeGreaterThanOrEqual(0);
            return i;
        };
        expect(lines[at('seattle openers')]).toMatch(/^ {2}✗ seattle openers \(\d+ ms\)$/);
        // Bob has exactly two matching opens, so he is in Openers: that expectation passes.
        expect(lines[at('expect Openers includes bob')]).toBe('      ✓ expect Openers includes bob');
        const seattle = at('✗ expect SeattleOpeners includes bob, dave');
        expect(lines.slice(seattle, seattle + 12)).toEqual([
            `      ✗ expect SeattleOpeners includes bob, dave  ${join(dir, 'failing.test.seg')}:13:3`,
            '          SeattleOpeners: bob is not in',
            '            Seattle: bob is not in',
            '              fails: address1_city = "Seattle" is false (address1_city is "Portland")',
            '              fails: statecode = "Active" is unknown (statecode is null)',
            '          SeattleOpeners: dave is not in',
            '            Openers: dave is not in',
            '              dave has 1 matching EmailOpened of 3; count 1 does not satisfy count >= 2',
            '                EmailOpened at 2026-02-28T12:00:00Z: matches',
            '                EmailOpened at 2026-02-09T12:00:00Z: outside the window (after 2026-02-15T12:00:00Z up to 2026-03-01T12:00:00Z)',
            '                EmailOpened at 2026-02-26T12:00:00Z: fails: emailDomain = "contoso.com" is false (emailDomain is "fabrikam.com")',
            '      ✓ expect Quiet excludes bob',
        ]);
        const count = at('✗ expect count(Seattle) = 2');
        expect(lines[count + 1]).toBe('          count(Seattle) is 1: dave');
        expect(r.out).toContain('Tests: 1 failed, 0 passed, 1 total (4 expectations, 2 failed)');
    });

    it('shows, for a contact wrongly in a segment, what put it there', async () => {
        const dir = project({
            'segments.seg': SEGMENTS,
            'a.test.seg': `test "quiet" {\n  as of 2026-03-01T12:00:00Z\n  contact erin\n  EmailOpened by erin 1 day ago\n  expect Quiet excludes erin\n}\n`,
        });
        const r = await run('test', dir);
        expect(r.code).toBe(1);
        expect(r.out).toContain([
            '          Quiet: erin is in',
            '            `profile contact`: erin is in',
            '              every contact is',
            '            Openers: erin is not in',
            '              erin has 0 matching EmailOpened of 1; count 0 does not satisfy count >= 2',
            '                EmailOpened at 2026-02-28T12:00:00Z: fails: emailDomain = "contoso.com" is unknown (emailDomain is null)',
        ].join('\n'));
    });

    it('writes a JSON report with every expectation', async () => {
        const dir = project({ 'segments.seg': SEGMENTS, 'failing.test.seg': FAILING });
        const r = await run('test', dir, '--format', 'json');
        expect(r.code).toBe(1);
        const report = JSON.parse(r.out);
        expect(report).toMatchObject({ engine: 'in-memory executor', passed: 0, failed: 1 });
        expect(report.tests[0]).toMatchObject({ title: 'seattle openers', file: join(dir, 'failing.test.seg'), line: 2, asOf: '2026-03-01T12:00:00.000Z', passed: false });
        expect(report.tests[0].expectations.map((e: { expect: string; passed: boolean }) => [e.expect, e.passed])).toEqual([
            ['Openers includes bob', true],
            ['SeattleOpeners includes bob, dave', false],
            ['Quiet excludes bob', true],
            ['count(Seattle) = 2', false],
        ]);
        expect(report.tests[0].expectations[3].details).toEqual(['count(Seattle) is 1: dave']);
    });

    it('writes JUnit XML for CI test reports', async () => {
        const dir = project({ 'segments.seg': SEGMENTS, 'failing.test.seg': FAILING, 'tests/openers.test.seg': PASSING });
        const r = await run('test', dir, '--format', 'junit');
        expect(r.code).toBe(1);
        const xml = r.out;
        expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="seg test" tests="3" failures="1" errors="0" time="')).toBe(true);
        expect(xml.match(/<testsuite /g)).toHaveLength(2);
        expect(xml.match(/<testcase /g)).toHaveLength(3);
        expect(xml).toMatch(new RegExp(`<testcase name="seattle openers" classname="[^"]*failing\\.test\\.seg" file="[^"]*failing\\.test\\.seg" line="2" time="\\d+\\.\\d{3}">`));
        const failures = [...xml.matchAll(/<failure message="([^"]*)" type="expectation">([^<]*)<\/failure>/g)];
        expect(failures.map(f => f[1])).toEqual(['expect SeattleOpeners includes bob, dave', 'expect count(Seattle) = 2']);
        expect(failures[0][2].split('\n').slice(1, 4)).toEqual([
            'SeattleOpeners: bob is not in',
            '  Seattle: bob is not in',
            '    fails: address1_city = &quot;Seattle&quot; is false (address1_city is &quot;Portland&quot;)',
        ]);
        // Balanced: every element opened is closed, in order.
        const stack: string[] = [];
        for (const [, close, name, selfClosing] of xml.matchAll(/<(\/?)([a-z]+)[^>]*?(\/?)>/g)) {
            if (selfClosing) continue;
            if (close) expect(stack.pop()).toBe(name); else stack.push(name);
        }
        expect(stack).toEqual([]);
    });

    it('annotates each failed expectation at its line for GitHub Actions, after the usual report', async () => {
        const dir = project({ 'segments.seg': SEGMENTS, 'failing.test.seg': FAILING });
        const r = await run('test', dir, '--format', 'github');
        expect(r.code).toBe(1);
        expect(r.out).toContain('Tests: 1 failed, 0 passed, 1 total (4 expectations, 2 failed)');
        const annotations = r.out.split('\n').filter(l => l.startsWith('::'));
        expect(annotations).toHaveLength(2);
        const m = /^::error file=([^,]*),line=(\d+),col=(\d+),title=([^:]*)::(.*)$/.exec(annotations[1])!;
        expect([m[1].endsWith('failing.test.seg'), m[2], m[3], m[4]]).toEqual([true, '15', '3', 'seg test%3A seattle openers']);
        expect(m[5].split('%0A')).toEqual(['expect count(Seattle) = 2 failed', 'count(Seattle) is 1: dave']);
    });

    it('reports which segments the tests name, reach through another, or leave untested (--coverage)', async () => {
        const dir = project({ 'segments.seg': SEGMENTS, 'tests/openers.test.seg': PASSING });
        const text = await run('test', dir, '--coverage');
        expect(text.code).toBe(0);
        // PASSING names Openers, SeattleOpeners, Quiet and BigCompanies; SeattleOpeners uses Seattle.
        expect(text.out).toContain('Coverage: 4 of 5 segments named in a test, 1 more used by one, 0 untested');
        const json = JSON.parse((await run('test', dir, '--coverage', '--format', 'json')).out);
        expect(json.coverage).toEqual({ tested: ['Openers', 'SeattleOpeners', 'Quiet', 'BigCompanies'], usedByTested: ['Seattle'], untested: [] });
        const some = JSON.parse((await run('test', dir, '--coverage', '--format', 'json', '--filter', 'big companies')).out);
        expect(some.coverage).toEqual({ tested: ['BigCompanies'], usedByTested: [], untested: ['Openers', 'Seattle', 'SeattleOpeners', 'Quiet'] });
    });

    it('runs only the tests matching --filter, and fails when there is no test', async () => {
        const dir = project({ 'segments.seg': SEGMENTS, 'tests/openers.test.seg': PASSING });
        const some = await run('test', dir, '--filter', 'BIG companies');
        expect(some.code).toBe(0);
        expect(some.out).toContain('Tests: 1 passed, 1 total (3 expectations)');
        const none = await run('test', dir, '--filter', 'nothing like this');
        expect(none.code).toBe(1);
        expect(none.err).toContain("No segment test matches 'nothing like this'");
        const empty = await run('test', project({ 'segments.seg': SEGMENTS }));
        expect(empty.code).toBe(1);
        expect(empty.err).toMatch(/^No segment tests found \(looked in 1 file\)/);
    });

    it('does not run tests of a project with errors, and prints the errors', async () => {
        const dir = project({ 'segments.seg': SEGMENTS, 'a.test.seg': 'test "t" {\n  contact a\n  expect Openers includes zed\n}\n' });
        const r = await run('test', dir);
        expect(r.code).toBe(1);
        expect(r.err).toContain("error SEG506: No record 'zed' in this test or the fixtures it uses.");
        expect(r.out).not.toContain('Tests:');
    });

    it('rejects a --db that is neither a URL nor "embedded" (exit 2)', async () => {
        const r = await run('test', project({ 'segments.seg': SEGMENTS, 't.test.seg': PASSING }), '--db', 'mysql://x');
        expect(r.code).toBe(2);
        expect(r.err).toContain("--db takes a postgresql:// URL, or 'embedded'");
    });

    it('reports a database it cannot reach, exit 1', async () => {
        const r = await run('test', project({ 'segments.seg': SEGMENTS, 't.test.seg': PASSING }), '--db', 'postgresql://nobody@127.0.0.1:1/none');
        expect(r.code).toBe(1);
        expect(r.err).toMatch(/^seg test: .*127\.0\.0\.1:1/);
    });
});

// Times relative to the as-of instant use the plan's calendar arithmetic: a
// day across the spring DST change is 23 hours, a month before March 31 is the
// last day of February. Records on a window's edge are where engines disagree
// if anything does.
const EDGES = `
segment LastDay = interaction EmailOpened within 1 day
segment LastMonth = interaction EmailOpened within 1 month
segment OnFeb28 = interaction EmailOpened between 2026-02-28 and 2026-02-28
segment RecentSignups = profile contact where createdon within 2 days and birthdate within 100 years
`;

const EDGE_TESTS = `
test "one day before 00:30 on the day after the DST change is 23 hours" {
  as of 2026-03-30T00:30:00
  contact edge { createdon: 2 days ago, birthdate: 1990-05-01 }
  contact inside { createdon: 46 hours ago, birthdate: 1990-05-01 }
  EmailOpened by edge 1 day ago
  EmailOpened by inside 22 hours ago
  expect LastDay includes inside
  expect LastDay excludes edge
  expect RecentSignups includes inside
  expect RecentSignups excludes edge
}

test "a month before March 31 is February 28" {
  as of 2026-03-31T12:00:00
  contact feb { birthdate: 2026-03-31 }
  contact march
  EmailOpened by feb 1 month ago
  EmailOpened by march 30 days ago
  expect LastMonth includes march
  expect LastMonth excludes feb
  expect OnFeb28 includes feb
  expect OnFeb28 excludes march
  expect count(RecentSignups) = 0
}
`;

describe('seg test on every engine', () => {
    const dir = project({ 'segments.seg': EDGES, 'edges.test.seg': EDGE_TESTS }, 'Europe/Amsterdam');
    const engines: Array<[string, string[]]> = [['memory', []], ['embedded', ['--db', 'embedded']]];
    if (SERVER_URL) engines.push(['server', ['--db', SERVER_URL]]);

    it.each(engines)('passes the calendar edge cases on %s', async (_name, args) => {
        const r = await run('test', dir, '--format', 'json', ...args);
        const report = JSON.parse(r.out);
        const failures = report.tests.flatMap((t: { expectations: Array<{ passed: boolean; expect: string; details?: string[] }> }) =>
            t.expectations.filter(e => !e.passed));
        expect(failures).toEqual([]);
        expect(r.code).toBe(0);
        expect(report.passed).toBe(2);
    }, 60_000);

    it.each(engines)('reports the same failures on %s', async (_name, args) => {
        const failing = project({ 'segments.seg': SEGMENTS, 'failing.test.seg': FAILING });
        const r = await run('test', failing, '--format', 'json', ...args);
        expect(r.code).toBe(1);
        const report = JSON.parse(r.out);
        expect(report.tests[0].expectations.map((e: { passed: boolean }) => e.passed)).toEqual([true, false, true, false]);
    }, 60_000);

    it('computes relative times in the project time zone', async () => {
        const project_ = await openProject([dir]);
        const [first] = collectTests(project_.files.filter(f => f.role === 'source').filter(f => f.path.endsWith('edges.test.seg')));
        const data = fixtureData(first, schemaTables(project_), { timeZone: 'Europe/Amsterdam', defaultAsOf: 0 });
        // 2026-03-30T00:30 in Amsterdam (CEST, +02:00) is 2026-03-29T22:30Z; a calendar day earlier is 00:30 CET (+01:00).
        expect(new Date(data.asOf).toISOString()).toBe('2026-03-29T22:30:00.000Z');
        expect(data.tables.email_opened.columns.timestamp.map(t => new Date(t as number).toISOString())).toEqual([
            '2026-03-28T23:30:00.000Z', '2026-03-29T00:30:00.000Z',
        ]);
        expect(data.tables.contact.columns.birthdate).toEqual(['1990-05-01', '1990-05-01']);
        expect(data.names.size).toBe(2);
    });
});
