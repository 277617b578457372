// seg diff as a user runs it (in-process main()) on a temporary git repository:
// v1 → v2 widens a window, adds a condition, adds and removes a segment, and
// changes segments others use; a branch `broken` does not check; the working
// tree widens the window again.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { main } from '../../../compiler/cli/main.js';
import { SERVER_URL } from '../../support/engines.js';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [], err: string[] = [];
    const code = await main([...args, '--no-color'], { out: t => out.push(t), err: t => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
}

const V1 = {
    'seg.json': '{ "timezone": "UTC" }\n',
    'segments/engagement.seg': `
segment Openers = interaction EmailOpened having count >= 2 within 14 days
segment Directors = profile contact where jobtitle contains "director"
segment Gone = profile contact where address1_city = "Paris"
segment Stable = interaction EmailClicked within 7 days
`,
    'segments/audiences.seg': `
segment Both = Openers intersect Directors
segment Wide = Both union Stable
`,
};

const V2 = {
    ...V1,
    'segments/engagement.seg': `
segment Openers = interaction EmailOpened having count >= 2 within 30 days
segment Directors = profile contact where jobtitle contains "director" and address1_city = "Seattle"
segment Fresh = interaction EmailClicked within 3 days
`,
    // Stable moved to a file of its own and laid out differently: no change.
    'segments/stable.seg': `
// Clicked in the last week.
segment Stable =
  interaction EmailClicked
    within 7 days
`,
};

let repo: string;
let outside: string;

function git(...args: string[]): string {
    return execFileSync('git', ['-c', 'user.name=Seg Test', '-c', 'user.email=seg@example.com', '-c', 'commit.gpgsign=false', ...args], {
        cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
}

/** Makes the working tree hold exactly `files` (under the repository's top). */
function writeTree(files: Record<string, string>): void {
    for (const entry of readdirSync(repo)) if (entry !== '.git') rmSync(join(repo, entry), { recursive: true, force: true });
    for (const [name, text] of Object.entries(files)) {
        mkdirSync(join(repo, name, '..'), { recursive: true });
        writeFileSync(join(repo, name), text);
    }
}

function commit(files: Record<string, string>, tag: string): void {
    writeTree(files);
    git('add', '-A');
    git('commit', '-q', '-m', tag);
    git('tag', tag);
}

beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'seg-diff-test-'));
    outside = mkdtempSync(join(tmpdir(), 'seg-diff-nogit-'));
    git('init', '-q', '-b', 'main');
    commit(V1, 'v1');
    git('checkout', '-q', '-b', 'bad');
    commit({ ...V2, 'segments/audiences.seg': 'segment Both = Openers intersect Directrs\n' }, 'broken');
    git('checkout', '-q', 'main');
    commit(V2, 'v2');
    // Uncommitted: the window widened once more.
    writeFileSync(join(repo, 'segments/engagement.seg'), V2['segments/engagement.seg'].replace('within 30 days', 'within 60 days'));
});

afterAll(() => {
    rmSync(repo, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
});

interface JsonSegment {
    name: string;
    status: string;
    changes: Array<{ summary: string; aspect: string; kind: string; before?: string; after?: string }>;
    via?: Array<{ segment: string; path: string[] }>;
    sqlDiff?: string;
    count?: { before: number | null; after: number | null; entering: number; leaving: number };
}

describe('seg diff between two revisions', () => {
    it('--format json: each segment with its status, its changes, what it is affected through and its SQL diff', async () => {
        const r = await run('diff', 'v1', 'v2', repo, '--format', 'json');
        expect(r.err).toBe('');
        expect(r.code).toBe(0);
        const report = JSON.parse(r.out);
        expect(report.version).toBe(1);
        expect(report.base).toEqual({ label: 'v1', commit: git('rev-parse', 'v1').trim() });
        expect(report.head).toEqual({ label: 'v2', commit: git('rev-parse', 'v2').trim() });
        expect(report.summary).toEqual({ changed: 2, added: 1, removed: 1, affected: 2, unchanged: 1 });
        const segments = report.segments as JsonSegment[];
        expect(segments.map(s => [s.name, s.status])).toEqual([
            ['Openers', 'changed'], ['Directors', 'changed'], ['Fresh', 'added'], ['Gone', 'removed'], ['Both', 'affected'], ['Wide', 'affected'],
        ]);
        const by = Object.fromEntries(segments.map(s => [s.name, s]));
        expect(by.Openers.changes).toEqual([
            { aspect: 'window', kind: 'changed', before: 'within 14 days', after: 'within 30 days', summary: 'window: within 14 days → within 30 days' },
        ]);
        expect(by.Directors.changes.map(c => c.summary)).toEqual(['condition added: address1_city = "Seattle"']);
        expect(by.Both.via).toEqual([{ segment: 'Openers', path: ['Openers'] }, { segment: 'Directors', path: ['Directors'] }]);
        expect(by.Wide.via).toEqual([{ segment: 'Openers', path: ['Both', 'Openers'] }, { segment: 'Directors', path: ['Both', 'Directors'] }]);
        expect(by.Wide.changes.map(c => c.summary)).toEqual([
            'uses Openers (through Both), which changed', 'uses Directors (through Both), which changed',
        ]);
        expect(by.Fresh.sqlDiff).toMatch(/^--- \/dev\/null\n\+\+\+ b\/Fresh\.sql\n@@ -0,0 \+1,\d+ @@\n\+-- Segment: Fresh\n/);
        expect(by.Gone.sqlDiff).toMatch(/^--- a\/Gone\.sql\n\+\+\+ \/dev\/null\n@@ -1,\d+ \+0,0 @@\n/);
        expect(report.asOf).toBeUndefined();
        expect(by.Openers.count).toBeUndefined();
    });

    it('the SQL diff of a widened window is exactly the lines the compiled SQL changed', async () => {
        const r = await run('diff', 'v1', 'v2', repo, '--format', 'json');
        const openers = (JSON.parse(r.out).segments as JsonSegment[]).find(s => s.name === 'Openers')!;
        // Independently: compile the segment in each revision.
        const before = await compiled('v1', 'Openers'), after = await compiled('v2', 'Openers');
        const lines = openers.sqlDiff!.split('\n');
        expect(lines.slice(0, 2)).toEqual(['--- a/Openers.sql', '+++ b/Openers.sql']);
        expect(lines[2]).toMatch(/^@@ -\d+,7 \+\d+,7 @@$/);
        const removed = lines.filter(l => l.startsWith('-') && !l.startsWith('---')).map(l => l.slice(1));
        const added = lines.filter(l => l.startsWith('+') && !l.startsWith('+++')).map(l => l.slice(1));
        expect(removed).toEqual(before.filter(l => !after.includes(l)));
        expect(added).toEqual(after.filter(l => !before.includes(l)));
        expect(removed).toHaveLength(1);
        expect(removed[0]).toContain('make_interval(days => 14)');
        expect(added[0]).toContain('make_interval(days => 30)');
        expect(lines.filter(l => l.startsWith(' '))).toHaveLength(6);
    });

    it('text: one block per segment with its changes and SQL diff', async () => {
        const r = await run('diff', 'v1', 'v2', repo);
        expect(r.code).toBe(0);
        const short = git('rev-parse', '--short=7', 'v1').trim();
        expect(r.out.split('\n')[0]).toBe(`Segments v1 (${short}) → v2 (${git('rev-parse', '--short=7', 'v2').trim()}): 2 changed, 1 added, 1 removed, 2 affected; 1 unchanged.`);
        expect(r.out).toContain('changed   Openers  segments/engagement.seg:2\n  window: within 14 days → within 30 days\n\n  --- a/Openers.sql\n  +++ b/Openers.sql\n  @@ -');
        expect(r.out).toContain('changed   Directors  segments/engagement.seg:3\n  condition added: address1_city = "Seattle"\n');
        expect(r.out).toContain('added     Fresh  segments/engagement.seg:4\n  definition: interaction EmailClicked within 3 days');
        expect(r.out).toContain('removed   Gone  segments/engagement.seg:4\n  was: profile contact where address1_city = "Paris"');
        expect(r.out).toContain('affected  Wide  segments/audiences.seg:3\n  uses Openers (through Both), which changed\n');
        expect(r.out).not.toContain('Stable');
    });

    it('--format markdown: a pull-request comment with the changed condition and the SQL diff', async () => {
        const r = await run('diff', 'v1', 'v2', repo, '--format', 'markdown');
        expect(r.code).toBe(0);
        const md = r.out;
        expect(md.startsWith('<!-- seg diff -->\n### Segment changes: `v1` (`')).toBe(true);
        expect(md).toContain('**2 changed, 1 added, 1 removed, 2 affected** · 1 unchanged');
        expect(md).toContain('| Segment | Status | Summary |\n| --- | --- | --- |\n| `Openers` | changed | window: within 14 days → within 30 days |');
        expect(md).toContain('#### `Openers` — changed\n\n- window: `within 14 days` → `within 30 days`\n\n<details><summary>SQL diff</summary>\n\n```diff\n--- a/Openers.sql\n');
        expect(md).toContain('- condition added: `address1_city = "Seattle"`');
        expect(md).toContain('- uses `Openers` (through `Both`), which changed');
        expect(md).toMatch(/\n-.*make_interval\(days => 14\).*\n\+.*make_interval\(days => 30\)/);
        expect(md).toContain('#### `Fresh` — added\n\n- definition: `interaction EmailClicked within 3 days`\n\n<details><summary>SQL</summary>\n\n```sql\n');
        // Every fence is closed.
        expect((md.match(/^```/gm) ?? []).length % 2).toBe(0);
    });

    it('HEAD defaults to the working tree, with uncommitted changes', async () => {
        const r = await run('diff', 'v2', repo, '--format', 'json');
        expect(r.code).toBe(0);
        const report = JSON.parse(r.out);
        expect(report.head).toEqual({ label: 'working tree', commit: null });
        expect(report.segments.map((s: JsonSegment) => [s.name, s.status, s.changes[0].summary])).toEqual([
            ['Openers', 'changed', 'window: within 30 days → within 60 days'],
            ['Both', 'affected', 'uses Openers, which changed'],
            ['Wide', 'affected', 'uses Openers (through Both), which changed'],
        ]);
        // A range names both revisions; A...B starts from their merge base.
        const range = JSON.parse((await run('diff', 'v1..v2', repo, '--format', 'json')).out);
        expect([range.base.label, range.head.label, range.summary.changed]).toEqual(['v1', 'v2', 2]);
        const fromBase = JSON.parse((await run('diff', 'broken...v2', repo, '--format', 'json')).out);
        expect(fromBase.base).toEqual({ label: 'merge base of broken and v2', commit: git('rev-parse', 'v1').trim() });
        expect(fromBase.summary.changed).toBe(2);
    });

    it('paths narrow the project; a path missing from a revision counts as empty there', async () => {
        const sub = await run('diff', 'v1', 'v2', join(repo, 'segments'), '--format', 'json');
        expect(JSON.parse(sub.out).summary).toEqual({ changed: 2, added: 1, removed: 1, affected: 2, unchanged: 1 });
        const one = await run('diff', 'v1', 'v2', join(repo, 'segments', 'stable.seg'), '--format', 'json');
        expect(one.code).toBe(0);
        expect(one.err).toBe(`seg diff: segments/stable.seg does not exist at v1 (${git('rev-parse', '--short=7', 'v1').trim()}); its segments count as added.`);
        expect(JSON.parse(one.out).segments.map((s: JsonSegment) => [s.name, s.status])).toEqual([['Stable', 'added']]);
        const nowhere = await run('diff', 'v1', 'v2', '--', join(repo, 'nothing-here'));
        expect(nowhere.code).toBe(2);
        expect(nowhere.err).toContain('No such file or folder at v1');
    });

    it('no differences is exit 0, or 1 with --exit-code; -- ends the revisions', async () => {
        const same = await run('diff', 'v1', 'v1', repo);
        expect(same.code).toBe(0);
        expect(same.out).toMatch(/^No segment changes: v1 \([0-9a-f]{7}\) → v1 \([0-9a-f]{7}\) \(6 unchanged\)\.$/);
        expect((await run('diff', 'v1', 'v1', repo, '--exit-code')).code).toBe(0);
        expect((await run('diff', 'v1', 'v2', repo, '--exit-code')).code).toBe(1);
        const dashed = await run('diff', 'v1', 'v2', '--format', 'json', '--', repo);
        expect(JSON.parse(dashed.out).summary.changed).toBe(2);
    });

    it('leaves no temporary folders behind', async () => {
        const before = readdirSync(tmpdir()).filter(n => n.startsWith('seg-diff-') && !n.startsWith('seg-diff-test-') && !n.startsWith('seg-diff-nogit-'));
        await run('diff', 'v1', 'v2', repo);
        const after = readdirSync(tmpdir()).filter(n => n.startsWith('seg-diff-') && !n.startsWith('seg-diff-test-') && !n.startsWith('seg-diff-nogit-'));
        expect(after.filter(n => !before.includes(n))).toEqual([]);
    });
});

describe('seg diff errors', () => {
    it('an unknown revision is exit 2 and names it', async () => {
        const r = await run('diff', 'v9', 'v2', repo);
        expect(r.code).toBe(2);
        expect(r.err).toBe(`seg: Unknown revision 'v9': git knows no commit by that name in ${realTop()}.`);
        const head = await run('diff', 'v1', 'nope', repo);
        expect(head.code).toBe(2);
        expect(head.err).toContain("Unknown revision 'nope'");
    });

    it('outside a git repository is exit 2', async () => {
        const r = await run('diff', 'HEAD', outside);
        expect(r.code).toBe(2);
        expect(r.err).toBe(`seg: ${outside} is not in a git repository; seg diff compares git revisions.`);
    });

    it('a revision whose project has errors is exit 1, with its errors under that revision', async () => {
        const r = await run('diff', 'broken', 'v2', repo);
        expect(r.code).toBe(1);
        expect(r.out).toBe('');
        expect(r.err).toContain(`seg diff: the project has errors at broken (${git('rev-parse', '--short=7', 'broken').trim()}):`);
        expect(r.err).toContain("broken:segments/audiences.seg:1:34 - error SEG101: Unknown segment 'Directrs'.");
    });

    it('bad options are exit 2', async () => {
        expect((await run('diff')).code).toBe(2);
        expect((await run('diff', 'v1', repo, '--format', 'html')).err).toContain("--format must be 'text' or 'markdown' or 'json', not 'html'.");
        expect((await run('diff', 'v1', repo, '--as-of', '2026-03-01')).err).toContain('--as-of is for member counts');
    });
});

/** The repository's top as git reports it (the real path). */
function realTop(): string {
    return git('rev-parse', '--show-toplevel').trim();
}

/** The compiled SQL of one segment at a revision, via `seg compile` on a checkout of it. */
async function compiled(rev: string, segment: string): Promise<string[]> {
    const dir = checkout(rev);
    try {
        const r = await run('compile', dir, '--segment', segment);
        expect(r.code).toBe(0);
        return r.out.split('\n').filter(l => !l.startsWith('-- Source:'));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** The files of a revision in a folder of their own (git archive | tar). */
function checkout(rev: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'seg-diff-test-co-'));
    const archive = execFileSync('git', ['archive', '--format=tar', rev], { cwd: repo });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    return dir;
}

describe('seg diff --data-dir: member counts before and after', () => {
    const asOf = '2026-03-01T00:00:00Z';
    let data: string;

    beforeAll(async () => {
        data = join(mkdtempSync(join(tmpdir(), 'seg-diff-test-db-')), 'data');
        const seeded = await run('db', 'seed', repo, '--data-dir', data, '--contacts', '300', '--as-of', asOf);
        expect(seeded.code).toBe(0);
    }, 60_000);

    afterAll(() => rmSync(join(data, '..'), { recursive: true, force: true }));

    it('counts agree with seg run on each revision, and the Markdown comment shows them', async () => {
        const r = await run('diff', 'v1', 'v2', repo, '--data-dir', data, '--as-of', asOf, '--format', 'json');
        expect(r.err).toBe('');
        expect(r.code).toBe(0);
        const report = JSON.parse(r.out);
        expect(report.asOf).toBe('2026-03-01T00:00:00.000Z');
        expect(report.database).toContain(data);
        // Independently: every segment's members with seg run on a checkout of each revision.
        const before = await members('v1', ['--data-dir', data]), after = await members('v2', ['--data-dir', data]);
        for (const s of report.segments as JsonSegment[]) expect(s.count, s.name).toEqual(expectedCount(before.get(s.name), after.get(s.name)));
        const openers = (report.segments as JsonSegment[]).find(s => s.name === 'Openers')!;
        // A wider window only adds members; the demo data has some who opened twice within 30 days but not 14.
        expect(openers.count!.leaving).toBe(0);
        expect(openers.count!.entering).toBeGreaterThan(0);

        const md = (await run('diff', 'v1', 'v2', repo, '--data-dir', data, '--as-of', asOf, '--format', 'markdown')).out;
        const c = openers.count!;
        expect(md).toContain('Members as of `2026-03-01T00:00:00.000Z` on embedded database');
        expect(md).toContain('| Segment | Status | Summary | Before | After | Change | Entering | Leaving |');
        expect(md).toContain(`| \`Openers\` | changed | window: within 14 days → within 30 days | ${c.before} | ${c.after} | +${c.after! - c.before!} | ${c.entering} | 0 |`);
        expect(md).toContain(`- members: ${c.before} → ${c.after} (+${c.after! - c.before!}: ${c.entering} entering, 0 leaving)`);
        expect(md).toContain('```diff\n--- a/Openers.sql\n');
    }, 60_000);

    it('a segment whose table the database lacks gets no count, the rest do; exit 1', async () => {
        const webinar = 'interaction Webinar {\n  contactId: -> contact\n  relation contact = contactId\n}\n';
        const other = mkdtempSync(join(tmpdir(), 'seg-diff-test-'));
        try {
            const g = (...args: string[]) => execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: other });
            writeFileSync(join(other, 'a.seg'), 'segment Openers = interaction EmailOpened within 7 days\n');
            g('init', '-q', '-b', 'main');
            g('add', '-A');
            g('commit', '-q', '-m', 'one');
            writeFileSync(join(other, 'a.seg'), `${webinar}segment Openers = interaction EmailOpened within 8 days\nsegment W = interaction Webinar within 7 days\n`);
            const r = await run('diff', 'HEAD', other, '--data-dir', data, '--as-of', asOf);
            expect(r.code).toBe(1);
            expect(r.err).toBe('seg diff: 1 segment could not be counted (see the report).');
            expect(r.out).toContain('Project:\n  declaration added: interaction Webinar');
            expect(r.out).toMatch(/changed   Openers {2}a\.seg:5\n  window: within 7 days → within 8 days\n  members: \d+ → \d+ \(/);
            expect(r.out).toContain(`added     W  a.seg:6\n  definition: interaction Webinar within 7 days\n  members: unavailable: table "webinar" does not exist — run 'seg db init --data-dir ${data}'`);
        } finally {
            rmSync(other, { recursive: true, force: true });
        }
    }, 60_000);

    it('a --data-dir that does not exist is exit 2', async () => {
        const r = await run('diff', 'v1', 'v2', repo, '--data-dir', join(outside, 'none'));
        expect(r.code).toBe(2);
        expect(r.err).toContain(`No embedded database in ${join(outside, 'none')}.`);
    });
});

describe.runIf(SERVER_URL)('seg diff --db on a PostgreSQL server', () => {
    it('counts agree with seg run on each revision; a missing table costs only that segment its count', async () => {
        const asOf = '2026-03-01T00:00:00Z';
        const schema = `seg_difftest_${Date.now().toString(36)}`;
        const admin = new pg.Client({ connectionString: SERVER_URL });
        await admin.connect();
        try {
            await admin.query(`CREATE SCHEMA ${schema}`);
            const url = `${SERVER_URL}${SERVER_URL!.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
            expect((await run('db', 'seed', repo, '--db', url, '--contacts', '200', '--as-of', asOf)).code).toBe(0);
            const r = await run('diff', 'v1', 'v2', repo, '--db', url, '--as-of', asOf, '--format', 'json');
            expect(r.err).toBe('');
            expect(r.code).toBe(0);
            const before = await members('v1', ['--db', url]), after = await members('v2', ['--db', url]);
            for (const seg of JSON.parse(r.out).segments as JsonSegment[]) expect(seg.count, seg.name).toEqual(expectedCount(before.get(seg.name), after.get(seg.name)));
            // Without the table of a segment's interaction type: that segment has an error, the others still count.
            await admin.query(`DROP TABLE ${schema}.email_clicked CASCADE`);
            const partial = await run('diff', 'v1', 'v2', repo, '--db', url, '--as-of', asOf, '--format', 'json');
            expect(partial.code).toBe(1);
            const counts = Object.fromEntries((JSON.parse(partial.out).segments as JsonSegment[]).map(x => [x.name, x.count]));
            expect(counts.Fresh).toEqual({ error: expect.stringContaining('table "email_clicked" does not exist') });
            expect(counts.Wide).toEqual({ error: expect.stringContaining('table "email_clicked" does not exist') });
            expect(counts.Openers).toEqual(expectedCount(before.get('Openers'), after.get('Openers')));
        } finally {
            await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            await admin.end();
        }
    }, 60_000);
});

function expectedCount(b: string[] | undefined, a: string[] | undefined): JsonSegment['count'] {
    return {
        before: b ? b.length : null,
        after: a ? a.length : null,
        entering: (a ?? []).filter(m => !(b ?? []).includes(m)).length,
        leaving: (b ?? []).filter(m => !(a ?? []).includes(m)).length,
    };
}

/** Members of every segment at a revision, by seg run --members --format json on a checkout. */
async function members(rev: string, database: string[]): Promise<Map<string, string[]>> {
    const dir = checkout(rev);
    try {
        const r = await run('run', dir, ...database, '--as-of', '2026-03-01T00:00:00Z', '--members', '--format', 'json');
        expect(r.code).toBe(0);
        const json = JSON.parse(r.out) as { segments: Array<{ name: string; members: string[] }> };
        return new Map(json.segments.map(s => [s.name, s.members]));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
