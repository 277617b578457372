// Robustness: whatever a user types, parsing + linking + checking never throws
// and every diagnostic is well formed (a stable code, a message, a range inside
// the document). Property tests with fast-check over random token soup,
// mutations of valid programs, and stress inputs (long lines, deep nesting,
// huge literals).
//
// Most runs check against a small catalog (the built-in entities plus a few
// built-in interaction types, passed as declarations with the built-in catalog
// off): a run then costs a few milliseconds instead of 20–60 ms, so many more
// inputs fit the time budget (the whole file takes about 15 s). A smaller number
// of runs uses the full built-in catalog, the example project's declarations and
// its programs. All runs share the one services instance of test/helpers.ts,
// except the inputs known to crash the parser (see "known bugs" below), which get
// a throwaway instance because a crash can leave the parser unusable.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { EmptyFileSystem } from 'langium';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createSegServices } from '../../language/seg-module.js';
import { loadProject, type LoadedProject, type SourceFile } from '../../language/workspace/load-project.js';
import { checkFiles, services } from '../helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const catalogText = (file: string) => readFileSync(join(root, 'language', 'catalog', file), 'utf8');

// ---------------------------------------------------------------- the small catalog

const MINI_TYPES = ['EmailOpened', 'EmailClicked', 'EventRegistration', 'SurveyResponse', 'LeadScoreBoost', 'SegmentMembersCountChanged'];

function miniCatalog(): string {
    const interactions = catalogText('dynamics365-interactions.seg');
    const blocks = MINI_TYPES.map(name => {
        const m = new RegExp(`^/// .*\\ninteraction ${name} \\{[\\s\\S]*?^\\}`, 'm').exec(interactions);
        if (!m) throw new Error(`interaction ${name} not found in the built-in catalog`);
        return m[0];
    });
    return [catalogText('dynamics365-entities.seg'), ...blocks].join('\n\n');
}
const MINI = { path: 'mini-catalog.seg', text: miniCatalog() };

// ---------------------------------------------------------------- the example project

function segFiles(dir: string): SourceFile[] {
    if (!existsSync(dir)) return [];
    return readdirSync(dir).filter(f => f.endsWith('.seg')).sort().map(f => ({ path: f, text: readFileSync(join(dir, f), 'utf8') }));
}
const EXAMPLE_DECLARATIONS = segFiles(join(root, 'examples', 'declarations')).map(f => ({ ...f, path: `example-declarations/${f.path}` }));
/** All example sources as one text (names are unique across a project, so they can share a file). */
const EXAMPLES = segFiles(join(root, 'examples')).map(f => f.text).join('\n');

// ---------------------------------------------------------------- valid programs to mutate

const PROGRAMS: string[] = [
    `/// Contacts who opened at least 3 emails of the welcome journey in the last 14 days.
segment WelcomeOpeners =
  interaction EmailOpened
    having count >= 3
    within 14 days
    where customerJourneyId = "5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a"

segment RecentRegistrants =
  interaction EventRegistration within 30 days
    where eventId in ["0b6f1a2c-3d4e-4f50-8a9b-0c1d2e3f4a5b", "9c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5",]

segment SeattleDecisionMakers =
  profile contact
    where address1_city = "Seattle"
      and jobtitle contains "director"
      and parentcustomerid.numberofemployees >= 500

segment NoRecentOpens = interaction EmailOpened having count = 0 within 90 days

segment Engaged = WelcomeOpeners union RecentRegistrants
draft segment Target = SeattleDecisionMakers intersect Engaged except NoRecentOpens
`,
    `// Every test form of a condition.
segment Everything = profile contact where
    (firstname = 'Ann' or lastname != "O\\'Brien\\n")
    and not donotemail
    and numberofchildren between 1 and 3
    and birthdate < 2000-01-01
    and createdon >= 2026-01-31T08:00:00Z and modifiedon <= 2026-01-31T08:00:00.5+01:00
    and createdon within 2 years
    and gendercode in ["Female", 1] and familystatuscode not in []
    and emailaddress1 ends with "@example.com" and fullname not starts with "Test"
    and jobtitle not contains "intern" and telephone1 starts with "+1"
    and address1_postalcode is not null and mobilephone is null
    and statecode = "Active" and creditlimit > -4.5
    and parentcustomerid.industrycode = "Consulting"
    and (exists lead via parentcontactid where leadsourcecode = "Web" and createdon within 6 months)
    and parentcustomerid.primarycontactid.donotbulkemail = false
`,
    `/* Interaction windows and aggregates. */
segment A1 = interaction SurveyResponse having avg(score) between 2.5 and 5 between 30 and 90 days ago
segment A2 = interaction SurveyResponse having sum(score) > 10 since 2026-01-01
segment A3 = interaction SurveyResponse having min(score) <= 1 before 2026-06-01T00:00:00Z
segment A4 = interaction SurveyResponse having max(score) != 3 between 2026-01-01 and 2026-03-31
segment A5 = interaction LeadScoreBoost having sum(boostValue) >= 50 within 1 year
segment A6 = interaction EmailClicked via lead within 12 hours where originalUrl contains "pricing"
segment A7 = interaction EmailOpened via contact having count < 5 within 45 minutes
segment A8 = (A1 union A2) intersect (A3 except A4) union A5 except (A6 intersect A7)
`,
    `// Declarations of one's own beside the built-in catalog.
entity store key storeid {
  name: string, opened: date
  size: choice { "Small" = 1, "Large" = 2, }
  manager: -> contact
}

/// A purchase in a store.
interaction Purchase {
  contactId: -> contact
  storeId: -> store
  amount: number
  at: datetime
  relation contact = contactId
}

segment BigSpenders = interaction Purchase having sum(amount) >= 1000 within 1 year where storeId.size = "Large"
segment Managers = profile contact where exists store via manager where size = 2
`,
    `// Segment tests: fixtures, records, relative times, expectations.
segment Openers = interaction EmailOpened having count >= 2 within 14 days where emailDomain = "contoso.com"
segment Seattle = profile contact where address1_city = "Seattle" and parentcustomerid.numberofemployees >= 500

/// Shared people.
fixture People {
  as of 2026-03-01T12:00:00Z
  account contoso { name: "Contoso", numberofemployees: 800, industrycode: 16 }
  contact alice { firstname: "Alice", address1_city: "seattle", parentcustomerid: contoso, statecode: "Active" }
  contact bob { contactid: "5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a", birthdate: 1990-01-31, createdon: 3 days ago }
}

test "openers" using People {
  lead l1 { parentcontactid: bob, createdon: now }
  EmailOpened by alice 2 days ago { emailDomain: "CONTOSO.com" }
  EmailOpened by alice 0 minutes ago { emailDomain: "contoso.com", messageId: null }
  EmailOpened by bob 2026-02-28T08:00:00 { emailDomain: 'contoso.com' }
  EmailClicked 1 hour ago { leadId: l1 }

  expect Openers includes alice
  expect Openers excludes bob
  expect count(Openers) >= 1
  expect Seattle includes alice
}
`,
];

// ---------------------------------------------------------------- well-formedness of a result

function lineLengths(text: string): number[] {
    return text.split(/\r\n|\r|\n/).map(l => l.length);
}

function problemsOf(diagnostics: Diagnostic[], text: string): string[] {
    const lines = lineLengths(text);
    const problems: string[] = [];
    const validPos = (p: { line: number; character: number } | undefined) =>
        !!p && Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0
        && p.line < lines.length && p.character <= lines[p.line];
    for (const d of diagnostics) {
        const where = `${JSON.stringify(d.range)} ${d.code} ${d.message}`;
        if (!validPos(d.range?.start) || !validPos(d.range?.end)) problems.push(`range outside the document: ${where}`);
        else if (d.range.start.line > d.range.end.line || (d.range.start.line === d.range.end.line && d.range.start.character > d.range.end.character)) {
            problems.push(`range ends before it starts: ${where}`);
        }
        if (typeof d.message !== 'string' || d.message.trim() === '') problems.push(`empty message: ${where}`);
        if (/An error occurred/.test(String(d.message))) problems.push(`a check crashed: ${where}`);
        if (typeof d.code !== 'string' || !/^SEG\d{3}$/.test(d.code)) problems.push(`no stable code: ${where}`);
        if (![1, 2, 3, 4].includes(d.severity ?? 0)) problems.push(`bad severity: ${where}`);
    }
    return problems;
}

function projectProblems(project: LoadedProject): string[] {
    return project.files.flatMap(f => {
        const p = problemsOf(f.diagnostics, f.text).map(s => `${f.path}: ${s}`);
        if (f.document.parseResult.value?.$type !== 'Model') p.push(`${f.path}: no Model`);
        return p;
    });
}

let consoleError: MockInstance;
beforeEach(() => { consoleError = vi.spyOn(console, 'error').mockImplementation(() => undefined); });
afterEach(() => { consoleError.mockRestore(); });

type Mode = 'mini' | 'builtin';
let lastMode: Mode | undefined;

/** Drops every document of earlier runs: loadProject keeps documents it did not load itself in scope. */
async function resetWorkspace(): Promise<void> {
    const uris = services.shared.workspace.LangiumDocuments.all.map(d => d.uri).toArray();
    if (uris.length) await services.shared.workspace.DocumentBuilder.update([], uris);
}

/** Checks `text` as a project file; throws (with the input) on any crash or malformed diagnostic. */
async function expectSane(text: string, mode: Mode = 'mini'): Promise<Diagnostic[]> {
    if (mode !== lastMode) { await resetWorkspace(); lastMode = mode; }
    const project = mode === 'mini'
        ? await checkFiles({ 'fuzz.seg': text }, { builtinCatalog: false, declarations: [MINI] })
        : await checkFiles({ 'fuzz.seg': text }, { declarations: EXAMPLE_DECLARATIONS });
    const problems = projectProblems(project);
    const logged = consoleError.mock.calls.map(c => c.map(String).join(' '));
    consoleError.mockClear();
    if (problems.length || logged.length) {
        throw new Error(`input ${JSON.stringify(text.length > 2000 ? text.slice(0, 2000) + '…' : text)}:\n${[...problems, ...logged.map(l => `logged: ${l}`)].join('\n')}`);
    }
    return project.files.find(f => f.path === 'fuzz.seg')!.diagnostics;
}

// ---------------------------------------------------------------- the corpus itself

describe('the corpus', () => {
    it('the example project checks without crashing', async () => {
        expect(EXAMPLES.length).toBeGreaterThan(0);
        await expectSane(EXAMPLES, 'builtin');
    });

    it.each(PROGRAMS.map((p, i) => [i, p]))('program %i has no errors with either catalog', async (_i, program) => {
        for (const catalog of ['mini', 'builtin'] as const) {
            const errors = (await expectSane(program as string, catalog)).filter(d => d.severity === 1);
            expect(errors.map(d => `${d.range.start.line + 1}: ${d.message}`), catalog).toEqual([]);
        }
    });
});

// ---------------------------------------------------------------- (a) random token soup

const KEYWORDS = `segment draft union except intersect profile interaction first last then on via having count distinct sum avg min max
  within between and or not ago since before where exists in contains starts with ends is null
  true false entity key relation choice string integer number boolean date datetime guid
  minute minutes hour hours day days week weeks month months year years`.split(/\s+/);
const NAMES = ['contact', 'account', 'lead', 'EmailOpened', 'EmailClicked', 'SurveyResponse', 'SegmentMembersCountChanged', 'firstname',
    'parentcustomerid', 'primarycontactid', 'parentcontactid', 'numberofemployees', 'statecode', 'industrycode', 'createdon', 'birthdate',
    'donotemail', 'score', 'contactId', 'leadId', 'customerJourneyId', 'A', 'B', 'Seg1', '_x', 'Unknown', 'emailOpened'];
const PUNCT = ['(', ')', '[', ']', '{', '}', ',', '.', ':', '=', '!=', '<', '<=', '>', '>=', '->', '-', '!', ';', '+', '*', '%', '#', '@', '&', '|', '?', '`', '~', '$', '^'];
const LITERALS = ['3', '0', '-4', '2.5', '-0.0', '99999999999999999999999', '2026-01-31', '2026-02-30', '2026-13-01', '2026-01-31T08:00:00Z',
    '2026-01-31T25:61:61+15:99', '2026-01-31T08:00', '"x"', "'y'", '"Active"', '"5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a"', '"a\\"b"', "'it\\'s'",
    '"\\q"', '"\\\\"', '""', '"', "'", '\\', '"unterminated', '/*', '*/', '//', '///', '/* c */', '// c\n', '/// doc\n'];
const ODD = ['é', '東京', '🎉', '\u0000', '\u200b', '\ufeff', '\u2028', '\r', '\t', 'Ω', 'İ', '\uD800'];
const SEPARATORS = [' ', ' ', ' ', '\n', '\r\n', '\t', '', '  \n  '];

const token = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...KEYWORDS) },
    { weight: 4, arbitrary: fc.constantFrom(...NAMES) },
    { weight: 4, arbitrary: fc.constantFrom(...PUNCT) },
    { weight: 3, arbitrary: fc.constantFrom(...LITERALS) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD) },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const tokenSoup = fc.array(fc.tuple(token, fc.constantFrom(...SEPARATORS)), { maxLength: 80 })
    .map(parts => parts.map(([t, s]) => t + s).join(''));
/** Token soup that starts like a declaration, so the parser gets deeper before it fails. */
const declarationSoup = fc.tuple(
    fc.constantFrom('segment S = ', 'draft segment S = ', 'segment S = profile contact where ', 'segment S = interaction EmailOpened ',
        'segment S = interaction SurveyResponse having ', 'entity e key id { ', 'interaction I { ', 'segment S = profile contact where exists lead via parentcontactid where '),
    tokenSoup,
).map(([head, rest]) => head + rest);
const rawText = fc.string({ unit: fc.constantFrom(...'segmntprofilwhcux ()[]{}=<>!-.,:"\'\\/*\n\r\t0123456789TZ+é🎉'), maxLength: 200 });

describe('(a) random text', () => {
    it('token soup never crashes the checker (small catalog)', async () => {
        await fc.assert(fc.asyncProperty(fc.oneof(tokenSoup, declarationSoup, rawText), async text => { await expectSane(text); }), { numRuns: 400 });
    }, 30_000);

    it('token soup never crashes the checker (built-in catalog)', async () => {
        await fc.assert(fc.asyncProperty(declarationSoup, async text => { await expectSane(text, 'builtin'); }), { numRuns: 40 });
    }, 30_000);
});

// ---------------------------------------------------------------- (b) mutations of valid programs

type Mutation = (text: string) => string;

const position = (text: string, r: number) => Math.floor(r * (text.length + 1));
const sliceOf = (text: string, a: number, b: number) => { const [i, j] = [position(text, a), position(text, b)].sort((x, y) => x - y); return [i, j] as const; };
const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.tuple(unit, unit).map(([a, b]): Mutation => t => { const [i, j] = sliceOf(t, a, b); return t.slice(0, i) + t.slice(j); }), // delete
    fc.tuple(unit, fc.oneof(token, fc.constantFrom(...PROGRAMS.flatMap(p => p.split(/\s+/))))).map(([a, ins]): Mutation => t => { const i = position(t, a); return t.slice(0, i) + ins + t.slice(i); }), // insert
    fc.tuple(unit, unit, unit).map(([a, b, c]): Mutation => t => { const [i, j] = sliceOf(t, a, b); const k = position(t, c); return t.slice(0, k) + t.slice(i, j) + t.slice(k); }), // duplicate
    fc.tuple(unit, unit, unit, unit).map(([a, b, c, d]): Mutation => t => { // swap two slices
        const cuts = [a, b, c, d].map(r => position(t, r)).sort((x, y) => x - y);
        return t.slice(0, cuts[0]) + t.slice(cuts[2], cuts[3]) + t.slice(cuts[1], cuts[2]) + t.slice(cuts[0], cuts[1]) + t.slice(cuts[3]);
    }),
    unit.map((a): Mutation => t => t.slice(0, position(t, a))), // truncate
    fc.tuple(unit, fc.constantFrom(...'()[]{}"\'\\/*.,=<>- \nx0')).map(([a, c]): Mutation => t => { const i = Math.min(position(t, a), t.length - 1); return t.slice(0, i) + c + t.slice(i + 1); }), // replace a character
);

const mutate = (corpus: string[]) => fc.tuple(fc.constantFrom(...corpus), fc.array(mutation, { minLength: 1, maxLength: 4 }))
    .map(([program, ms]) => ms.reduce((t, m) => m(t), program));

/** Where to cut a program: before every token and comment, and in the middle of every longer one. */
function cutPoints(program: string): number[] {
    const { tokens, hidden } = services.Seg.parser.Lexer.tokenize(program);
    const points = new Set<number>([program.length]);
    for (const t of [...tokens, ...hidden.filter(h => h.tokenType.name !== 'WS')]) {
        points.add(t.startOffset);
        const length = t.image.length;
        if (length > 1) points.add(t.startOffset + Math.floor(length / 2));
    }
    return [...points].sort((a, b) => a - b);
}

describe('(b) mutations of valid programs', () => {
    it('random deletions, insertions, duplications, swaps, truncations and replacements (small catalog)', async () => {
        await fc.assert(fc.asyncProperty(mutate(PROGRAMS), async text => { await expectSane(text); }), { numRuns: 400 });
    }, 30_000);

    it('random mutations of the programs and the example project (built-in catalog)', async () => {
        await fc.assert(fc.asyncProperty(mutate([...PROGRAMS, EXAMPLES]), async text => { await expectSane(text, 'builtin'); }), { numRuns: 40 });
    }, 30_000);

    it('truncation before and inside every token and comment of every program', async () => {
        expect(cutPoints(PROGRAMS[1]).length).toBeGreaterThan(200);
        for (const program of PROGRAMS) {
            for (const cut of cutPoints(program)) await expectSane(program.slice(0, cut));
        }
    }, 30_000);

    it('deleting single tokens of every program', async () => {
        for (const program of PROGRAMS) {
            const tokens = services.Seg.parser.Lexer.tokenize(program).tokens;
            // Every second token (alternating start), which covers each kind of token many times over.
            for (let i = PROGRAMS.indexOf(program) % 2; i < tokens.length; i += 2) {
                await expectSane(program.slice(0, tokens[i].startOffset) + program.slice(tokens[i].endOffset! + 1));
            }
        }
    }, 30_000);
});

// ---------------------------------------------------------------- (c) stress

describe('(c) stress inputs', () => {
    const big = 10 * 1024;

    it.each([
        ['a 10 KB string', `segment S = profile contact where firstname = "${'x'.repeat(big)}"`],
        ['a 10 KB string of escapes', `segment S = profile contact where firstname = "${'\\n\\t\\\\\\"'.repeat(big / 8)}"`],
        ['a 10 KB string of unknown escapes', `segment S = profile contact where firstname = "${'\\q'.repeat(big / 2)}"`],
        ['an unterminated 10 KB string', `segment S = profile contact where firstname = "${'x'.repeat(big)}`],
        ['a 10 KB choice label', `entity e key id { c: choice { "${'L'.repeat(big)}" = 1 } }\nsegment S = profile contact where gendercode = "${'L'.repeat(big)}"`],
        ['a 10 KB unknown identifier', `segment S = profile contact where ${'f'.repeat(big)} = 1`],
        ['a 10 KB unknown segment name', `segment S = ${'Seg'.repeat(big / 3)}`],
        ['a 10 KB unknown interaction type', `segment S = interaction ${'E'.repeat(big)} within 3 days`],
        ['a 10 KB segment name', `segment ${'N'.repeat(big)} = profile contact`],
        ['a 10 KB comment', `/* ${'*'.repeat(big)} */ segment S = profile contact // ${'/'.repeat(big)}`],
        ['a 10 KB doc comment', `/// ${'d'.repeat(big)}\nsegment S = profile contact`],
        ['a 10 KB number', `segment S = profile contact where numberofemployees > ${'9'.repeat(big)}`],
        ['a 10 KB negative decimal', `segment S = profile contact where creditlimit > -${'9'.repeat(big / 2)}.${'1'.repeat(big / 2)}`],
        ['huge counts and durations', `segment S = interaction EmailOpened having count >= 99999999999999999999999999999 within 99999999999999999999999 days
segment T = interaction EmailOpened having count between 0 and ${'9'.repeat(400)} between 1 and ${'9'.repeat(400)} years ago
segment U = interaction EmailOpened within ${'9'.repeat(400)} minutes where version = ${'9'.repeat(400)}
segment V = interaction SurveyResponse having avg(score) >= 1${'0'.repeat(400)}.5
segment W = profile contact where gendercode = ${'9'.repeat(400)} and statecode in [-${'9'.repeat(400)}]`],
        ['a huge choice code', `entity e key id { c: choice { "A" = ${'9'.repeat(400)}, "B" = ${'9'.repeat(400)}0 } }`],
        ['a 10 KB line of unions', `segment A = profile contact\nsegment S = A${' union A'.repeat(big / 8)}`],
        ['a 10 KB line of ands', `segment S = profile contact where donotemail${' and donotemail'.repeat(big / 15)}`],
        ['a 10 KB in-list', `segment S = profile contact where firstname in [${'"a", '.repeat(big / 5)}]`],
        ['a 10 KB line of garbage', '%$#@!'.repeat(big / 5)],
        ['a 10 KB line of unbalanced closers', `segment S = A ${')'.repeat(big)}`],
        ['10 KB of newlines', `segment S =${'\n'.repeat(big)}profile contact${'\r\n'.repeat(big)}`],
        ['many declarations', Array.from({ length: 500 }, (_, i) => `segment S${i} = ${i ? `S${i - 1} union ` : ''}profile contact where numberofchildren = ${i}`).join('\n')],
        ['a long chain of segment references', Array.from({ length: 300 }, (_, i) => `segment S${i} = S${(i + 1) % 300}`).join('\n')],
        ['a 200-step lookup path', `segment S = profile contact where parentcustomerid${'.primarycontactid.parentcustomerid'.repeat(100)}.name = "x"`],
        ['100 levels of parentheses in a set expression', `segment A = profile contact\nsegment S = ${'('.repeat(100)}A${')'.repeat(100)}`],
        ['100 levels of parentheses in a condition', `segment S = profile contact where ${'('.repeat(100)}donotemail${')'.repeat(100)}`],
        ['100 unclosed parentheses', `segment S = ${'('.repeat(100)}\nsegment T = profile contact where ${'('.repeat(100)}`],
        ['100 unopened parentheses', `segment S = A${')'.repeat(100)}\nsegment T = profile contact where donotemail${')'.repeat(100)}`],
        ['100 nested nots', `segment S = profile contact where ${'not '.repeat(100)}donotemail`],
        ['100 nested exists', `segment S = profile contact where ${'exists lead via parentcontactid where '.repeat(100)}donotemail`],
    ])('%s', async (_name, text) => {
        const started = performance.now();
        await expectSane(text);
        expect(performance.now() - started).toBeLessThan(5000);
    });

    it('a 10 KB string keeps its value', async () => {
        const diags = await expectSane(`segment S = profile contact where firstname = "${'x'.repeat(big)}"`, 'builtin');
        expect(diags).toEqual([]);
    });
});

// ---------------------------------------------------------------- known bugs (see the report)

describe('known bugs (and fixed ones, kept as regressions)', () => {
    // Fixed: nesting deeper than roughly 200–310 levels overflowed the call stack inside the
    // Langium/Chevrotain parser, and loadProject threw. The complexity guard now sets such a
    // declaration aside with SEG004 before parsing; the other declarations are still checked.
    it.each([
        ['500 levels of parentheses in a set expression', `segment A = profile contact\nsegment S = ${'('.repeat(500)}A${')'.repeat(500)}`],
        ['500 levels of parentheses in a condition', `segment S = profile contact where ${'('.repeat(500)}donotemail${')'.repeat(500)}`],
        ['500 unclosed parentheses', `segment S = ${'('.repeat(500)}`],
        ['500 nested exists', `segment S = profile contact where ${'exists lead via parentcontactid where '.repeat(500)}donotemail`],
        ['2000 nested nots', `segment S = profile contact where ${'not '.repeat(2000)}donotemail`],
        ['a 100 KB line of unions (a left-deep tree of 12800 operations)', `segment A = profile contact\nsegment S = A${' union A'.repeat(12800)}`],
    ])('%s is checked without throwing and reported as SEG004', async (_name, text) => {
        const own = createSegServices(EmptyFileSystem);
        const project = await loadProject(own, { files: [{ path: 'deep.seg', text: text + '\nsegment T = profile contact where firstname = 3' }], builtinCatalog: false, declarations: [MINI] });
        expect(projectProblems(project)).toEqual([]);
        const codes = project.files.find(f => f.path === 'deep.seg')!.diagnostics.map(d => d.code);
        expect(codes).toContain('SEG004');
        expect(codes).toContain('SEG301'); // the declaration after it is still checked
        // The same services still parse normally afterwards.
        expect(own.Seg.parser.LangiumParser.parse('segment A = B').parserErrors).toEqual([]);
    });

    // Fixed: a field whose type does not parse still exists (without a type); every check that
    // asked for its type crashed in fieldType() ("An error occurred during validation: Cannot
    // read properties of undefined (reading '$type')", and the last case threw out of
    // loadProject through processLinkingErrors). Kept as regression tests.
    it.each([
        ['a comparison', 'interaction I { contactId: -> contact\n score:\n relation contact = contactId }\nsegment S = interaction I where score = 1'],
        ['an aggregate and a between', 'interaction I { contactId: -> contact\n score: (\n relation contact = contactId }\nsegment S = interaction I having sum(score) > 1 where score between 1 and 2'],
        ['a lookup step', 'entity e key id { f: }\ninteraction I { contactId: -> contact eId: -> e relation contact = contactId }\nsegment S = interaction I where eId.f = 1'],
        ['a path that follows it with a dot', 'interaction I { contactId: -> contact\n bad:\n relation contact = contactId }\nsegment S = interaction I where bad.x = 1'],
    ])('a field without a type, used in %s, gives only the syntax error', async (_name, text) => {
        const own = createSegServices(EmptyFileSystem);
        const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
        try {
            const project = await loadProject(own, { files: [{ path: 'typeless.seg', text }] });
            const diags = project.files.find(f => f.path === 'typeless.seg')!.diagnostics;
            expect(problemsOf(diags, text)).toEqual([]);
            expect(errors).not.toHaveBeenCalled();
        } finally {
            errors.mockRestore();
        }
    });

    // Fixed: names of an earlier loadProject call on the same services instance stayed in scope.
    // loadProject removes the earlier documents from LangiumDocuments (deleteDocument) but not
    // their exported names from the IndexManager, so `Earlier` still links (and would be a
    // duplicate if declared again). With the shared services of test/helpers.ts, a name
    // declared in one checkFiles call resolves in every later one. Removing them through
    // DocumentBuilder.update([], staleUris) (or IndexManager.remove) would fix it.
    it('a project does not see the files of an earlier loadProject call', async () => {
        const own = createSegServices(EmptyFileSystem);
        await loadProject(own, { files: [{ path: 'earlier.seg', text: 'segment Earlier = profile contact' }] });
        const project = await loadProject(own, { files: [{ path: 'later.seg', text: 'segment Later = Earlier' }] });
        expect(project.files.find(f => f.path === 'later.seg')!.diagnostics.map(d => d.code)).toEqual(['SEG101']);
    });
});

beforeAll(async () => {
    // Warm up the shared services (the first build is the slowest).
    await resetWorkspace();
    await checkFiles({ 'fuzz.seg': PROGRAMS[0] }, { declarations: EXAMPLE_DECLARATIONS });
    lastMode = 'builtin';
});
