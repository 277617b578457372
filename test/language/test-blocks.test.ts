// Test and fixture blocks (segment tests): how they parse, how the formatter
// lays them out (records on one line when they fit, blank lines and comments
// kept), and that a syntax error in one test does not hide what follows it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type {
    CountExpectation, EntityRecord, FixtureDecl, InteractionRecord, MembershipExpectation, Model, TestDecl,
} from '../../language/generated/ast.js';
import { formatSeg } from '../../language/format/format-seg.js';
import { diagnosticsOf, rangeText, services } from '../helpers.js';
import { normalizeAst } from '../support/normalize-ast.js';

const Seg = services.Seg;
const GUID = '5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a';
const EXAMPLE = new URL('../../examples/tests/audiences.test.seg', import.meta.url);

function parseRaw(text: string) {
    return Seg.parser.LangiumParser.parse<Model>(text);
}

function parse(text: string): Model {
    const r = parseRaw(text);
    expect([...r.lexerErrors, ...r.parserErrors].map(e => e.message), text).toEqual([]);
    return r.value;
}

function fmt(text: string, width?: number): string {
    const r = formatSeg(Seg, text, { width });
    if (!r.ok) throw new Error(`does not parse: ${JSON.stringify(r.problems)}\n${text}`);
    return r.text;
}

function comments(text: string): string[] {
    return Seg.parser.Lexer.tokenize(text).hidden.map(t => t.image.trimEnd()).filter(t => t.startsWith('/')).sort();
}

const lines = (...ls: string[]) => ls.join('\n') + '\n';

// ---------------------------------------------------------------- parsing

describe('parsing', () => {
    const text = `segment Openers = interaction EmailOpened having count >= 2 within 14 days
fixture People {
  contact alice { firstname: "Alice", address1_city: "Seattle" }
}
test "openers" using People, Others {
  as of 2026-03-01T12:00:00Z
  account contoso { name: "Contoso" }
  contact carol { parentcustomerid: contoso, createdon: 3 days ago, lastname: null, donotemail: false, }
  EmailOpened by alice 2 days ago { messageId: "${GUID}" }
  EmailOpened by alice now
  EmailOpened 2026-02-27 { contactId: carol }
  expect Openers includes alice
  expect Openers excludes carol, contoso
  expect count(Openers) = 1
}`;

    it('parses fixtures, tests, records, relative times and expectations', () => {
        const [, fixture, test] = parse(text).declarations as [unknown, FixtureDecl, TestDecl];
        expect(fixture.$type).toBe('FixtureDecl');
        expect(fixture.name).toBe('People');
        expect(test.$type).toBe('TestDecl');
        expect(test.title).toBe('openers');
        expect(test.fixtures.map(f => f.$refText)).toEqual(['People', 'Others']);
        expect(test.items.map(i => i.$type)).toEqual([
            'AsOfClause', 'EntityRecord', 'EntityRecord', 'InteractionRecord', 'InteractionRecord', 'InteractionRecord',
            'MembershipExpectation', 'MembershipExpectation', 'CountExpectation',
        ]);

        const carol = test.items[2] as EntityRecord;
        expect(normalizeAst(carol)).toEqual({
            $type: 'EntityRecord', entity: { ref: 'contact' }, name: 'carol',
            block: {
                $type: 'RecordBody', fields: [
                    { $type: 'FieldValue', field: { ref: 'parentcustomerid' }, value: { $type: 'RecordRef', record: { ref: 'contoso' } } },
                    {
                        $type: 'FieldValue', field: { ref: 'createdon' },
                        value: { $type: 'AgoTime', duration: { $type: 'Duration', amount: { $type: 'NumberLiteral', value: '3' }, unit: 'days' } },
                    },
                    { $type: 'FieldValue', field: { ref: 'lastname' }, value: { $type: 'NullLiteral' } },
                    { $type: 'FieldValue', field: { ref: 'donotemail' }, value: { $type: 'BooleanLiteral' } },
                ],
            },
        });

        const [opened, now, dated] = test.items.slice(3, 6) as InteractionRecord[];
        expect(opened.by?.$refText).toBe('alice');
        expect(opened.time.$type).toBe('AgoTime');
        expect(now.time.$type).toBe('NowTime');
        expect(now.block).toBeUndefined();
        expect(dated.by).toBeUndefined();
        expect(dated.time).toMatchObject({ $type: 'DateLiteral', value: '2026-02-27' });

        const excludes = test.items[7] as MembershipExpectation;
        expect([excludes.segment.$refText, excludes.op, excludes.records.map(r => r.$refText)]).toEqual(['Openers', 'excludes', ['carol', 'contoso']]);
        const count = test.items[8] as CountExpectation;
        expect([count.segment.$refText, count.op, count.value.value]).toEqual(['Openers', '=', '1']);
    });

    it('an empty test or fixture, and a record without braces', () => {
        const [test, fixture] = parse('test "t" {}\nfixture F { contact alice }').declarations as [TestDecl, FixtureDecl];
        expect(test.items).toEqual([]);
        expect(test.fixtures).toEqual([]);
        expect(normalizeAst(fixture.items[0])).toEqual({ $type: 'EntityRecord', entity: { ref: 'contact' }, name: 'alice' });
    });

    it('a fixture holds no expectations', () => {
        const r = parseRaw('fixture F { expect S includes alice }');
        expect(r.parserErrors.length).toBeGreaterThan(0);
    });
});

describe('error recovery', () => {
    it('a syntax error inside one test is SEG001 and the declarations after it are still parsed and checked', async () => {
        const text = [
            'segment Openers = interaction EmailOpened within 14 days',
            'test "broken" {',
            '  contact alice',
            '  expect Openers includes',
            '}',
            'segment Typed = profile contact where numberofchildren = "three"',
            'test "after" {',
            '  contact bob',
            '  expect Openers includes bobb',
            '}',
        ].join('\n');
        const found = await diagnosticsOf(text);
        expect(found.map(d => [d.code, rangeText(text, d)])).toEqual([
            ['SEG001', '}'],
            ['SEG301', '"three"'],
            ['SEG506', 'bobb'],
        ]);
        expect(found[0].message).toBe(`Expected a name but found '}'.`);
        expect(found[0].range.start.line).toBe(4);
        const names = parseRaw(text).value.declarations.map(d => d.$type === 'TestDecl' ? `test ${d.title}` : `${d.$type} ${d.name}`);
        expect(names).toEqual(['SegmentDecl Openers', 'test broken', 'SegmentDecl Typed', 'test after']);
    });

    it('the formatter refuses a file with a syntax error in a test', () => {
        const r = formatSeg(Seg, 'test "t" {\n  expect Openers includes\n}\n');
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.problems[0]).toMatchObject({ line: 3, column: 1 });
    });
});

// ---------------------------------------------------------------- formatting

describe('formatting', () => {
    it('lays out tests and fixtures: one item a line, normalized spacing and quotes, one blank line between declarations', () => {
        const src = [
            'segment   Openers=interaction EmailOpened having count>=2 within 14 days',
            'fixture People{contact alice{firstname:\'Alice\',address1_city:"Seattle",}}',
            'test   "openers"   using People,Others{',
            '  as of   2026-03-01T12:00:00Z',
            '  contact carol{parentcustomerid:alice,createdon:3 days ago}',
            '  EmailOpened   by alice 2 days ago{messageId:"' + GUID + '"}',
            '  EmailOpened by alice now {}',
            '  expect Openers includes alice,carol',
            '  expect count (Openers)>=1',
            '}',
            'test "empty" {',
            '}',
        ].join('\n');
        expect(fmt(src)).toBe(lines(
            'segment Openers = interaction EmailOpened having count >= 2 within 14 days',
            '',
            'fixture People {',
            '  contact alice { firstname: "Alice", address1_city: "Seattle" }',
            '}',
            '',
            'test "openers" using People, Others {',
            '  as of 2026-03-01T12:00:00Z',
            '  contact carol { parentcustomerid: alice, createdon: 3 days ago }',
            `  EmailOpened by alice 2 days ago { messageId: "${GUID}" }`,
            '  EmailOpened by alice now {}',
            '  expect Openers includes alice, carol',
            '  expect count(Openers) >= 1',
            '}',
            '',
            'test "empty" {}',
        ));
    });

    describe('record bodies', () => {
        /** A test with one record whose line is `width` characters long. */
        const recordOfWidth = (width: number) => {
            const head = '  contact alice { firstname: "', tail = '" }';
            return `test "t" {\n${head}${'x'.repeat(width - head.length - tail.length)}${tail}\n}\n`;
        };

        it('stay on one line when it fits in 100 columns', () => {
            const src = recordOfWidth(100);
            expect(src.split('\n')[1]).toHaveLength(100);
            expect(fmt(src)).toBe(src);
        });

        it('break one field a line, with a trailing comma, when it does not', () => {
            const out = fmt(recordOfWidth(101));
            expect(out).toBe(lines('test "t" {', '  contact alice {', `    firstname: "${'x'.repeat(68)}",`, '  }', '}'));
        });

        it('break for several fields, and join again when they fit', () => {
            const broken = lines(
                'fixture Companies {',
                '  account contoso {',
                '    name: "Contoso Bank",',
                '    industrycode: "Financial",',
                '    numberofemployees: 800,',
                '    address1_city: "Seattle",',
                '  }',
                '  account fabrikam {',
                '    name: "Fabrikam",',
                '  }',
                '}',
            );
            expect(fmt(broken)).toBe(lines(
                'fixture Companies {',
                '  account contoso {',
                '    name: "Contoso Bank",',
                '    industrycode: "Financial",',
                '    numberofemployees: 800,',
                '    address1_city: "Seattle",',
                '  }',
                '  account fabrikam { name: "Fabrikam" }',
                '}',
            ));
        });

        it('break at a narrower width too', () => {
            expect(fmt(`test "t" {\n  EmailOpened by alice 2 days ago { messageId: "${GUID}" }\n}`, 60)).toBe(lines(
                'test "t" {',
                '  EmailOpened by alice 2 days ago {',
                `    messageId: "${GUID}",`,
                '  }',
                '}',
            ));
        });
    });

    it('keeps blank lines between items, at most one, and none after the opening brace', () => {
        const src = [
            'test "t" {',
            '',
            '  as of 2026-03-01T12:00:00Z',
            '',
            '',
            '',
            '  contact alice',
            '  contact bob',
            '',
            '  expect S includes alice',
            '  expect S excludes bob',
            '}',
        ].join('\n');
        expect(fmt(src)).toBe(lines(
            'test "t" {',
            '  as of 2026-03-01T12:00:00Z',
            '',
            '  contact alice',
            '  contact bob',
            '',
            '  expect S includes alice',
            '  expect S excludes bob',
            '}',
        ));
    });

    describe('comments', () => {
        const src = [
            '/// People at one company.',
            'fixture People {',
            '  contact alice { firstname: "Alice" } // trailing a record',
            '',
            '  // before bob, after a blank line',
            '  contact bob {',
            '    firstname: "Bob", // after a comma',
            '    lastname: "Builder" // after the last field',
            '  }',
            '  contact carol {',
            '    firstname: "Carol",',
            '    // before the record\'s }',
            '  }',
            '  contact dave {',
            '    // only a comment',
            '  }',
            '}',
            'test "t" using People {',
            '  as of 2026-03-01T12:00:00Z // trailing as of',
            '  // before an interaction',
            '  EmailOpened by alice now',
            '  expect S includes alice // why',
            '',
            '  // before the test\'s }',
            '}',
            'test "todo" {',
            '  // nothing yet',
            '}',
        ].join('\n');

        it('keeps every comment in its place', () => {
            const out = fmt(src);
            expect(comments(out)).toEqual(comments(src));
            expect(out).toBe(lines(
                '/// People at one company.',
                'fixture People {',
                '  contact alice { firstname: "Alice" } // trailing a record',
                '',
                '  // before bob, after a blank line',
                '  contact bob {',
                '    firstname: "Bob", // after a comma',
                '    lastname: "Builder", // after the last field',
                '  }',
                '  contact carol {',
                '    firstname: "Carol",',
                '    // before the record\'s }',
                '  }',
                '  contact dave {',
                '    // only a comment',
                '  }',
                '}',
                '',
                'test "t" using People {',
                '  as of 2026-03-01T12:00:00Z // trailing as of',
                '  // before an interaction',
                '  EmailOpened by alice now',
                '  expect S includes alice // why',
                '',
                '  // before the test\'s }',
                '}',
                '',
                'test "todo" {',
                '  // nothing yet',
                '}',
            ));
        });

        it('is idempotent on commented tests', () => {
            const once = fmt(src);
            expect(fmt(once)).toBe(once);
        });

        it('a comment after a comma trails what the comma follows, in declarations and lists too', () => {
            expect(fmt('entity x key xid {\n  a: string, // about a\n  b: string\n}')).toBe(lines('entity x key xid {', '  a: string // about a', '  b: string', '}'));
            expect(fmt('segment S = profile contact where firstname in [\n  "a", // first\n  "b"\n]')).toBe(lines(
                'segment S =', '  profile contact', '    where firstname in [', '      "a", // first', '      "b",', '    ]',
            ));
        });
    });

    it('examples/tests/audiences.test.seg is already formatted', () => {
        const text = readFileSync(EXAMPLE, 'utf8');
        expect(fmt(text)).toBe(text);
    });

    const files: Array<[string, string]> = [
        ['the example', readFileSync(EXAMPLE, 'utf8')],
        ['a messy file', [
            'segment Openers = interaction EmailOpened having count >= 2 within 14 days',
            'fixture People { contact alice { firstname: "Alice", address1_city: "Seattle", jobtitle: "Finance Director", donotemail: false, }',
            '  account contoso{name:"Contoso"}  contact carol { parentcustomerid: contoso } }',
            'test "openers" using People {',
            '  as of 2026-03-01',
            `  EmailOpened by alice 2 days ago { messageId: "${GUID}", emailDomain: null }`,
            '  EmailOpened by alice 0 days ago EmailOpened 2026-02-28T10:00:00+01:00 { contactId: carol }',
            '  expect Openers includes alice expect Openers excludes carol',
            '  expect count(Openers) = 1 }',
        ].join('\n')],
        ['comments everywhere', [
            '// a file of tests',
            'fixture F { // after the brace',
            '  contact a { /* before a field */ firstname: "A", // after a comma',
            '    lastname: "B" } // after a record',
            '  // before the fixture\'s }',
            '}',
            'test "t" using F { as of 2026-01-01T00:00:00Z',
            '',
            '',
            '  // own line',
            '  EmailOpened by a now { emailDomain: "x" // last field',
            '  }',
            '  expect S includes a, // after a comma in a list',
            '    a',
            '}',
            '// end',
        ].join('\n')],
    ];

    it.each(files)('%s: parse(fmt(x)) = parse(x), idempotent, comments kept, at widths 40, 80 and 100', (_name, text) => {
        for (const width of [40, 80, 100]) {
            const once = fmt(text, width);
            expect(normalizeAst(parse(once))).toEqual(normalizeAst(parse(text)));
            expect(fmt(once, width)).toBe(once);
            expect(comments(once)).toEqual(comments(text));
        }
    });
});
