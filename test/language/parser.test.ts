// Parser tests: every construct of the language contract's syntax sections
// (/work/shared/design/language-v1.md §2–§5) parses to the expected AST shape.
// Most tests parse only (no linking or checking), so names need not resolve;
// the error-recovery tests at the end run the whole pipeline.
import { describe, expect, it } from 'vitest';
import { CstUtils, isAstNode, isReference, type AstNode } from 'langium';
import type {
    Cond, EntityDecl, InteractionDecl, InteractionQuery, Model, ProfileQuery, SegmentDecl, SetExpr, Value,
} from '../../language/generated/ast.js';
import { diagnosticsOf, services } from '../helpers.js';

// ---------------------------------------------------------------- helpers

function parseRaw(text: string) {
    return services.Seg.parser.LangiumParser.parse<Model>(text);
}

/** Parses text that must be free of lexer and parser errors. */
function parse(text: string): Model {
    const result = parseRaw(text);
    expect(result.lexerErrors.map(e => e.message), `lexer errors in: ${text}`).toEqual([]);
    expect(result.parserErrors.map(e => e.message), `parser errors in: ${text}`).toEqual([]);
    return result.value;
}

/**
 * A plain-data view of an AST: `$type` plus the node's own properties;
 * references become '@name' (their source text), containers and CST are dropped.
 */
function shape(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(shape);
    if (isReference(v)) return '@' + v.$refText;
    if (isAstNode(v)) {
        const out: Record<string, unknown> = { $type: v.$type };
        for (const [k, x] of Object.entries(v)) if (!k.startsWith('$')) out[k] = shape(x);
        return out;
    }
    return v;
}

function onlyDecl<T extends AstNode>(text: string): T {
    const model = parse(text);
    expect(model.declarations).toHaveLength(1);
    return model.declarations[0] as unknown as T;
}

/** The body of `segment S = <text>`. */
function setExpr(text: string): SetExpr {
    return onlyDecl<SegmentDecl>(`segment S = ${text}`).body;
}

/** The condition of `segment S = profile contact where <text>`. */
function cond(text: string): Cond {
    const body = setExpr(`profile contact where ${text}`) as ProfileQuery;
    expect(body.$type).toBe('ProfileQuery');
    return body.where!;
}

/** The clauses of `segment S = interaction EmailOpened <text>`. */
function clauses(text: string): unknown[] {
    const body = setExpr(`interaction EmailOpened ${text}`) as InteractionQuery;
    expect(body.$type).toBe('InteractionQuery');
    return shape(body.clauses) as unknown[];
}

/** The value of `segment S = profile contact where x = <text>`. */
function value(text: string): unknown {
    const c = cond(`x = ${text}`);
    expect(c.$type).toBe('Comparison');
    return shape((c as { value: Value }).value);
}

/** An S-expression of a set expression or condition, to read precedence at a glance. */
function sx(n: AstNode | undefined): string {
    if (!n) return '?';
    const a = n as any;
    switch (n.$type) {
        case 'SetOp': return `(${a.op} ${sx(a.left)} ${sx(a.right)})`;
        case 'SetParen': return `[${sx(a.inner)}]`;
        case 'SegmentRef': return a.segment.$refText;
        case 'ProfileQuery': return `(profile ${a.entity.$refText}${a.where ? ' ' + sx(a.where) : ''})`;
        case 'InteractionQuery': return `(interaction ${a.type.$refText}${a.clauses.map((c: AstNode) => ' ' + c.$type).join('')})`;
        case 'OrCond': return `(or ${sx(a.left)} ${sx(a.right)})`;
        case 'AndCond': return `(and ${sx(a.left)} ${sx(a.right)})`;
        case 'NotCond': return `(not ${sx(a.operand)})`;
        case 'ParenCond': return `[${sx(a.inner)}]`;
        case 'FieldPath': return (a.previous ? sx(a.previous) + '.' : '') + a.field.$refText;
        case 'Comparison': return `(${a.op} ${sx(a.path)} ${sx(a.value)})`;
        case 'NumberLiteral': return a.value;
        case 'StringLiteral': return JSON.stringify(a.value);
        case 'BooleanLiteral': return String(a.value);
        case 'ExistsTest': return `(exists ${a.entity.$refText} via ${a.via.$refText}${a.where ? ' ' + sx(a.where) : ''})`;
        case 'NullTest': return `(${a.negated ? 'is-not-null' : 'is-null'} ${sx(a.path)})`;
        default: return `<${n.$type}>`;
    }
}

const path = (dotted: string): unknown => dotted.split('.').reduce<unknown>(
    (previous, name) => previous === undefined ? { $type: 'FieldPath', field: '@' + name } : { $type: 'FieldPath', previous, field: '@' + name },
    undefined);
const num = (v: string) => ({ $type: 'NumberLiteral', value: v });
const str = (v: string) => ({ $type: 'StringLiteral', value: v });
const date = (v: string) => ({ $type: 'DateLiteral', value: v });
const dateTime = (v: string) => ({ $type: 'DateTimeLiteral', value: v });
const dur = (amount: string, unit: string) => ({ $type: 'Duration', amount: num(amount), unit });
const segRef = (name: string) => ({ $type: 'SegmentRef', segment: '@' + name });

const UNITS = ['minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years'];
const CMP_OPS = ['=', '!=', '<', '<=', '>', '>='];

// ---------------------------------------------------------------- §2 lexical

describe('comments', () => {
    it('ignores // line comments and /* */ block comments anywhere between tokens', () => {
        const model = parse([
            '// a line comment at the top',
            'segment /* inside */ A /* before = */ = // after =',
            '  B /* a block',
            '       spanning lines */ union',
            '  // a whole line',
            '  C // at the end of the file'].join('\n'));
        expect(shape(model)).toEqual({
            $type: 'Model',
            declarations: [{ $type: 'SegmentDecl', draft: false, name: 'A', body: { $type: 'SetOp', left: segRef('B'), op: 'union', right: segRef('C') } }],
        });
    });

    it('parses a file of only comments as an empty model', () => {
        expect(shape(parse('// nothing\n/* here */\n/// nor here\n'))).toEqual({ $type: 'Model', declarations: [] });
        expect(shape(parse(''))).toEqual({ $type: 'Model', declarations: [] });
    });

    it('keeps comment markers inside strings as string content', () => {
        expect(value('"http://example.com/*x*/"')).toEqual(str('http://example.com/*x*/'));
    });

    it('keeps a /// doc comment as the comment node in front of the declaration it documents', () => {
        const model = parse([
            '// not documentation',
            '/// Contacts in Seattle.',
            'segment A = profile contact where address1_city = "Seattle"',
            '',
            '/// A thing.',
            'entity thing key thingid { name: string }',
            '/// An event.',
            'interaction Happened { contactId: -> contact }',
            'segment Undocumented = A',
        ].join('\n'));
        const docs = model.declarations.map(d => CstUtils.findCommentNode(d.$cstNode, ['SL_COMMENT'])?.text);
        expect(docs).toEqual(['/// Contacts in Seattle.', '/// A thing.', '/// An event.', undefined]);
        expect(model.declarations.map(d => d.$type)).toEqual(['SegmentDecl', 'EntityDecl', 'InteractionDecl', 'SegmentDecl']);
    });
});

describe('identifiers', () => {
    it.each(['A', 'a', '_', '_x9', 'Welcome_Openers_2026', 'x'.repeat(200)])('accepts the name %s', (name) => {
        expect(onlyDecl<SegmentDecl>(`segment ${name} = ${name}`).name).toBe(name);
    });

    it.each(['segments', 'Union', 'UNION', 'intersection', 'exceptional', 'profiles', 'counter', 'nothing', 'index', 'within2', 'daysAgo', 'true_', 'nullable', 'datetime_'])(
        'accepts %s, which starts like a keyword or is a keyword in another case', (name) => {
            expect(onlyDecl<SegmentDecl>(`segment ${name} = ${name}`).name).toBe(name);
            expect(sx(cond(`${name}`))).toBe(name);
        });

    it.each(['segment', 'union', 'profile', 'where', 'count', 'days', 'true', 'null', 'string', 'relation', 'choice', 'key', 'not', 'in', 'with'])(
        'reserves the keyword %s (it cannot name a segment)', (kw) => {
            expect(parseRaw(`segment ${kw} = A`).parserErrors.length).toBeGreaterThan(0);
        });

    it('does not accept an identifier that starts with a digit', () => {
        const r = parseRaw('segment 9lives = A');
        expect(r.lexerErrors.length + r.parserErrors.length).toBeGreaterThan(0);
    });
});

describe('string literals', () => {
    it.each([
        ['"plain"', 'plain'],
        ["'plain'", 'plain'],
        ['""', ''],
        ["''", ''],
        ['"a\\"b"', 'a"b'],
        ["'it\\'s'", "it's"],
        ['"it\'s"', "it's"],
        ['\'say "hi"\'', 'say "hi"'],
        ['"back\\\\slash"', 'back\\slash'],
        ['"\\\\"', '\\'],
        ['"line\\nbreak"', 'line\nbreak'],
        ['"tab\\there"', 'tab\there'],
        ["'\\n\\t\\\\\\'\\\"'", '\n\t\\\'"'],
        ['"Zürich – 東京 🎉"', 'Zürich – 東京 🎉'],
    ])('%s has the value %j', (source, expected) => {
        expect(value(source)).toEqual(str(expected));
    });

    it('does not let a string span a raw line break', () => {
        const r = parseRaw('segment S = profile contact where x = "a\nb"');
        expect(r.lexerErrors.length).toBeGreaterThan(0);
    });

    // Fixed: the STRING terminal's `\\[\s\S]` let a backslash escape a line feed, so
    // "a\<LF>b" is one string spanning two lines (value "a\nb") with no diagnostic at all
    // (the unknown-escape warning skips multi-line literals), while "a\<CR><LF>b" is an
    // unterminated-string error. Strings are one-line (docs/language.md §2 escapes: \\ \" \' \n \t).
    it('a backslash before a line break does not continue a string silently', async () => {
        const diags = await diagnosticsOf('segment S = profile contact where firstname = "a\\\nb"');
        expect(diags.length).toBeGreaterThan(0);
    });
});

describe('number, boolean and null literals', () => {
    it.each(['3', '0', '2.5', '-4', '-0.25', '1234567890123456789012345678901234567890'])('%s is a number literal keeping its source text', (n) => {
        expect(value(n)).toEqual(num(n));
    });

    it('true and false are boolean literals', () => {
        expect(value('true')).toEqual({ $type: 'BooleanLiteral', value: true });
        expect(value('false')).toEqual({ $type: 'BooleanLiteral', value: false });
    });

    it('null is a null literal', () => {
        expect(value('null')).toEqual({ $type: 'NullLiteral' });
    });
});

describe('date and date-time literals', () => {
    it('a date is a bare token', () => {
        expect(value('2026-01-31')).toEqual(date('2026-01-31'));
    });

    it.each([
        '2026-01-31T08:00:00Z',
        '2026-01-31T08:00:00+01:00',
        '2026-01-31T08:00:00-05:30',
        '2026-01-31T08:00:00',
        '2026-01-31T08:00',
        '2026-01-31T08:00:00.5Z',
        '2026-01-31T08:00:00.123456+14:00',
        '2026-01-31T23:59:59.999',
    ])('%s is a date-time literal', (dt) => {
        expect(value(dt)).toEqual(dateTime(dt));
    });

    it('a date is not read as a subtraction of numbers', () => {
        expect(sx(cond('x between 2026-01-01 and 2026-12-31'))).toBe('<BetweenTest>');
        expect(shape(cond('x between 2026-01-01 and 2026-12-31'))).toEqual({
            $type: 'BetweenTest', path: path('x'), low: date('2026-01-01'), high: date('2026-12-31'),
        });
    });
});

describe('durations', () => {
    it.each(UNITS)('within 3 %s is a rolling window', (unit) => {
        expect(clauses(`within 3 ${unit}`)).toEqual([{ $type: 'RollingWindow', duration: dur('3', unit) }]);
    });

    it.each(UNITS)('between 1 and 2 %s ago is an ago window', (unit) => {
        expect(clauses(`between 1 and 2 ${unit} ago`)).toEqual([{ $type: 'AgoWindow', from: num('1'), to: dur('2', unit) }]);
    });

    it.each(UNITS)('a condition field within 5 %s is a within test', (unit) => {
        expect(shape(cond(`createdon within 5 ${unit}`))).toEqual({ $type: 'WithinTest', path: path('createdon'), duration: dur('5', unit) });
    });

    it('rejects an unknown unit and a missing unit', () => {
        expect(parseRaw('segment S = interaction E within 3 fortnights').parserErrors.length).toBeGreaterThan(0);
        expect(parseRaw('segment S = interaction E within 3').parserErrors.length).toBeGreaterThan(0);
    });
});

// ---------------------------------------------------------------- §3 declarations

describe('segment declarations', () => {
    it('a segment is live by default', () => {
        expect(shape(onlyDecl('segment Engaged = Openers'))).toEqual({ $type: 'SegmentDecl', draft: false, name: 'Engaged', body: segRef('Openers') });
    });

    it('draft marks a draft segment', () => {
        expect(shape(onlyDecl('draft segment Target = Openers'))).toEqual({ $type: 'SegmentDecl', draft: true, name: 'Target', body: segRef('Openers') });
    });

    it('declarations of every kind follow each other in any order', () => {
        const model = parse([
            'draft segment D = interaction Happened',
            'interaction Happened { contactId: -> contact relation contact = contactId }',
            'segment L = profile thing',
            'entity thing key thingid { }',
            'segment M = D union L',
        ].join('\n'));
        expect(model.declarations.map(d => `${d.$type}:${'name' in d ? d.name : ''}`)).toEqual([
            'SegmentDecl:D', 'InteractionDecl:Happened', 'SegmentDecl:L', 'EntityDecl:thing', 'SegmentDecl:M',
        ]);
        expect(sx((model.declarations[0] as SegmentDecl).body)).toBe('(interaction Happened)');
    });
});

describe('entity declarations', () => {
    it('parses a key and fields of every type, with optional commas', () => {
        const decl = onlyDecl<EntityDecl>(`
            entity thing key thingid {
              s: string
              i: integer, n: number,
              b: boolean
              d: date
              dt: datetime
              g: guid
              c: choice { "Red" = 1, 'Green' = 2, "Blue \\"Navy\\"" = 3, }
              c1: choice { "Only" = -1 }
              c0: choice { }
              owner: -> account
            }`);
        const prim = (name: string) => ({ $type: 'PrimitiveType', name });
        const field = (name: string, type: unknown) => ({ $type: 'FieldDecl', name, type });
        const opt = (label: string, code: string) => ({ $type: 'ChoiceOption', label, code });
        expect(shape(decl)).toEqual({
            $type: 'EntityDecl', name: 'thing', key: { $type: 'KeyField', name: 'thingid' },
            fields: [
                field('s', prim('string')), field('i', prim('integer')), field('n', prim('number')), field('b', prim('boolean')),
                field('d', prim('date')), field('dt', prim('datetime')), field('g', prim('guid')),
                field('c', { $type: 'ChoiceType', options: [opt('Red', '1'), opt('Green', '2'), opt('Blue "Navy"', '3')] }),
                field('c1', { $type: 'ChoiceType', options: [opt('Only', '-1')] }),
                field('c0', { $type: 'ChoiceType', options: [] }),
                field('owner', { $type: 'LookupType', target: '@account' }),
            ],
        });
    });

    it('parses an entity without fields', () => {
        expect(shape(onlyDecl('entity e key id {}'))).toEqual({ $type: 'EntityDecl', name: 'e', key: { $type: 'KeyField', name: 'id' }, fields: [] });
    });

    it('requires a key', () => {
        expect(parseRaw('entity e { name: string }').parserErrors.length).toBeGreaterThan(0);
    });

    it('does not allow a choice with only a comma', () => {
        expect(parseRaw('entity e key id { c: choice { , } }').parserErrors.length).toBeGreaterThan(0);
    });
});

describe('interaction declarations', () => {
    it('parses fields and relations, a relation path following lookups', () => {
        const decl = onlyDecl<InteractionDecl>(`
            interaction Happened {
              contactId: -> contact,
              leadId: -> lead
              score: number
              at: datetime
              kind: choice { "A" = 1 }
              relation contact = contactId
              relation lead = leadId.parentcontactid,
              relation deep = leadId.parentaccountid.primarycontactid
            }`);
        expect(shape(decl)).toEqual({
            $type: 'InteractionDecl', name: 'Happened',
            members: [
                { $type: 'FieldDecl', name: 'contactId', type: { $type: 'LookupType', target: '@contact' } },
                { $type: 'FieldDecl', name: 'leadId', type: { $type: 'LookupType', target: '@lead' } },
                { $type: 'FieldDecl', name: 'score', type: { $type: 'PrimitiveType', name: 'number' } },
                { $type: 'FieldDecl', name: 'at', type: { $type: 'PrimitiveType', name: 'datetime' } },
                { $type: 'FieldDecl', name: 'kind', type: { $type: 'ChoiceType', options: [{ $type: 'ChoiceOption', label: 'A', code: '1' }] } },
                { $type: 'RelationDecl', name: 'contact', path: path('contactId') },
                { $type: 'RelationDecl', name: 'lead', path: path('leadId.parentcontactid') },
                { $type: 'RelationDecl', name: 'deep', path: path('leadId.parentaccountid.primarycontactid') },
            ],
        });
    });

    it('parses an empty interaction declaration', () => {
        expect(shape(onlyDecl('interaction Nothing {}'))).toEqual({ $type: 'InteractionDecl', name: 'Nothing', members: [] });
    });

    it('tells an interaction declaration from an interaction query that ends the previous segment', () => {
        const model = parse('segment S = interaction Happened where x = 1\ninteraction Happened { x: integer }\nsegment T = interaction Happened');
        expect(model.declarations.map(d => d.$type)).toEqual(['SegmentDecl', 'InteractionDecl', 'SegmentDecl']);
        expect(sx((model.declarations[0] as SegmentDecl).body)).toBe('(interaction Happened WhereClause)');
    });
});

// ---------------------------------------------------------------- §4 set expressions

describe('set expressions', () => {
    it.each([
        ['A', 'A'],
        ['A union B', '(union A B)'],
        ['A intersect B', '(intersect A B)'],
        ['A except B', '(except A B)'],
        ['A union B intersect C', '(union A (intersect B C))'],
        ['A intersect B union C', '(union (intersect A B) C)'],
        ['A except B union C', '(union (except A B) C)'],
        ['A union B except C', '(except (union A B) C)'],
        ['A except B intersect C', '(except A (intersect B C))'],
        ['A union B union C', '(union (union A B) C)'],
        ['A except B except C', '(except (except A B) C)'],
        ['A intersect B intersect C', '(intersect (intersect A B) C)'],
        ['A union B intersect C except D intersect E union F', '(union (except (union A (intersect B C)) (intersect D E)) F)'],
        ['(A union B) intersect C', '(intersect [(union A B)] C)'],
        ['A except (B union C)', '(except A [(union B C)])'],
        ['((A))', '[[A]]'],
        ['SeattleDecisionMakers intersect Engaged except Unsubscribed', '(except (intersect SeattleDecisionMakers Engaged) Unsubscribed)'],
    ])('%s is %s', (source, expected) => {
        expect(sx(setExpr(source))).toBe(expected);
    });

    it('combines profile and interaction queries with set operators', () => {
        expect(sx(setExpr('profile contact where donotemail union interaction EmailOpened within 3 days intersect (interaction EmailClicked) except Old')))
            .toBe('(except (union (profile contact donotemail) (intersect (interaction EmailOpened RollingWindow) [(interaction EmailClicked)])) Old)');
    });

    it('a parenthesized expression is a SetParen node', () => {
        expect(shape(setExpr('(A)'))).toEqual({ $type: 'SetParen', inner: segRef('A') });
    });

    it('rejects unbalanced parentheses and a dangling operator', () => {
        for (const bad of ['(A union B', 'A union B)', 'A union', 'union A', 'A intersect intersect B', '()']) {
            expect(parseRaw(`segment S = ${bad}`).parserErrors.length, bad).toBeGreaterThan(0);
        }
    });
});

describe('profile queries', () => {
    it('without where', () => {
        expect(shape(setExpr('profile contact'))).toEqual({ $type: 'ProfileQuery', entity: '@contact' });
    });

    it('with where', () => {
        expect(shape(setExpr('profile contact where address1_city = "Seattle"'))).toEqual({
            $type: 'ProfileQuery', entity: '@contact',
            where: { $type: 'Comparison', path: path('address1_city'), op: '=', value: str('Seattle') },
        });
    });
});

describe('interaction queries', () => {
    it('without clauses', () => {
        expect(shape(setExpr('interaction EmailOpened'))).toEqual({ $type: 'InteractionQuery', type: '@EmailOpened', clauses: [] });
    });

    it('via a relation', () => {
        expect(clauses('via lead')).toEqual([{ $type: 'ViaClause', relation: '@lead' }]);
    });

    it.each(CMP_OPS)('having count %s 3', (op) => {
        expect(clauses(`having count ${op} 3`)).toEqual([{ $type: 'HavingClause', agg: { $type: 'CountAgg', distinct: false }, op, value: num('3') }]);
    });

    it.each(['sum', 'avg', 'min', 'max'])('having %s(field) >= 2.5', (fn) => {
        expect(clauses(`having ${fn}(score) >= 2.5`)).toEqual([
            { $type: 'HavingClause', agg: { $type: 'FieldAgg', fn, field: '@score' }, op: '>=', value: num('2.5') },
        ]);
    });

    it.each(CMP_OPS)('having sum(field) %s -4', (op) => {
        expect(clauses(`having sum(score) ${op} -4`)).toEqual([
            { $type: 'HavingClause', agg: { $type: 'FieldAgg', fn: 'sum', field: '@score' }, op, value: num('-4') },
        ]);
    });

    it('having count between 1 and 5, and an aggregate between', () => {
        expect(clauses('having count between 1 and 5')).toEqual([
            { $type: 'HavingClause', agg: { $type: 'CountAgg', distinct: false }, low: num('1'), high: num('5') },
        ]);
        expect(clauses('having avg(score) between 0.5 and 9.5')).toEqual([
            { $type: 'HavingClause', agg: { $type: 'FieldAgg', fn: 'avg', field: '@score' }, low: num('0.5'), high: num('9.5') },
        ]);
    });

    it('rejects having without a comparison and aggregates without a field', () => {
        for (const bad of ['having count', 'having count 3', 'having sum >= 3', 'having sum() >= 3', 'having total >= 3', 'having count >= x']) {
            expect(parseRaw(`segment S = interaction EmailOpened ${bad}`).parserErrors.length, bad).toBeGreaterThan(0);
        }
    });

    describe('windows', () => {
        it('within N unit', () => {
            expect(clauses('within 14 days')).toEqual([{ $type: 'RollingWindow', duration: dur('14', 'days') }]);
        });

        it('between A and B unit ago', () => {
            expect(clauses('between 30 and 90 days ago')).toEqual([{ $type: 'AgoWindow', from: num('30'), to: dur('90', 'days') }]);
        });

        it.each([['2026-01-01', date], ['2026-01-01T08:00:00Z', dateTime], ['2026-01-01T08:00:00+01:00', dateTime], ['2026-01-01T08:00', dateTime]] as const)(
            'since and before %s', (instant, lit) => {
                expect(clauses(`since ${instant}`)).toEqual([{ $type: 'SinceWindow', instant: lit(instant) }]);
                expect(clauses(`before ${instant}`)).toEqual([{ $type: 'BeforeWindow', instant: lit(instant) }]);
            });

        it('between X and Y with dates, date-times and a mix', () => {
            expect(clauses('between 2026-01-01 and 2026-01-31')).toEqual([{ $type: 'RangeWindow', start: date('2026-01-01'), end: date('2026-01-31') }]);
            expect(clauses('between 2026-01-01T00:00:00Z and 2026-01-31T12:30:00.5-08:00')).toEqual([
                { $type: 'RangeWindow', start: dateTime('2026-01-01T00:00:00Z'), end: dateTime('2026-01-31T12:30:00.5-08:00') },
            ]);
            expect(clauses('between 2026-01-01 and 2026-01-31T12:00:00')).toEqual([
                { $type: 'RangeWindow', start: date('2026-01-01'), end: dateTime('2026-01-31T12:00:00') },
            ]);
        });

        it('rejects malformed windows', () => {
            for (const bad of ['within days', 'between 30 and 90 ago', 'between 30 and 90 days', 'since 3', 'before "2026-01-01"', 'between 2026-01-01 and 5 days ago', 'since']) {
                expect(parseRaw(`segment S = interaction EmailOpened ${bad}`).parserErrors.length, bad).toBeGreaterThan(0);
            }
        });
    });

    describe('clauses in any order', () => {
        const all: Array<[string, string]> = [
            ['via contact', 'ViaClause'],
            ['having count >= 2', 'HavingClause'],
            ['within 7 days', 'RollingWindow'],
            ['where customerJourneyId = "5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a"', 'WhereClause'],
        ];
        const permutations = <T>(xs: T[]): T[][] => xs.length <= 1 ? [xs] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map(rest => [x, ...rest]));
        it.each(permutations(all).map(p => [p.map(c => c[0]).join(' '), p.map(c => c[1])]))('%s', (source, types) => {
            expect(clauses(source as string).map(c => (c as { $type: string }).$type)).toEqual(types);
        });

        it('other window forms follow a where clause too', () => {
            expect(clauses('where x = 1 between 30 and 90 days ago').map(c => (c as AstNode).$type)).toEqual(['WhereClause', 'AgoWindow']);
            expect(clauses('where x = 1 since 2026-01-01 having count >= 1').map(c => (c as AstNode).$type)).toEqual(['WhereClause', 'SinceWindow', 'HavingClause']);
            expect(clauses('having count >= 3 between 2026-01-01 and 2026-02-01').map(c => (c as AstNode).$type)).toEqual(['HavingClause', 'RangeWindow']);
        });

        it('a repeated clause still parses (the checker reports it)', () => {
            expect(clauses('within 3 days within 4 days').map(c => (c as AstNode).$type)).toEqual(['RollingWindow', 'RollingWindow']);
        });

        it('a bare field right after where takes a following within/between as its own test', () => {
            // Documented consequence of the grammar: put the window before `where`.
            expect(clauses('where flag within 7 days')).toEqual([
                { $type: 'WhereClause', cond: { $type: 'WithinTest', path: path('flag'), duration: dur('7', 'days') } },
            ]);
            expect(clauses('where score between 1 and 2')).toEqual([
                { $type: 'WhereClause', cond: { $type: 'BetweenTest', path: path('score'), low: num('1'), high: num('2') } },
            ]);
        });
    });

    it('the example of the language contract parses to the expected queries', () => {
        const model = parse(`
/// Contacts who opened at least 3 emails of the welcome journey in the last 14 days.
segment WelcomeOpeners =
  interaction EmailOpened
    having count >= 3
    within 14 days
    where customerJourneyId = "5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a"

segment RecentRegistrants =
  interaction EventRegistration within 30 days
    where eventId in ["0b6f…", "9c1d…"]

segment SeattleDecisionMakers =
  profile contact
    where address1_city = "Seattle"
      and jobtitle contains "director"
      and parentcustomerid.numberofemployees >= 500

segment NoRecentOpens = interaction EmailOpened having count = 0 within 90 days

segment Engaged = WelcomeOpeners union RecentRegistrants
draft segment Target = SeattleDecisionMakers intersect Engaged except Unsubscribed
`);
        expect(model.declarations.map(d => [(d as SegmentDecl).name, (d as SegmentDecl).draft, sx((d as SegmentDecl).body)])).toEqual([
            ['WelcomeOpeners', false, '(interaction EmailOpened HavingClause RollingWindow WhereClause)'],
            ['RecentRegistrants', false, '(interaction EventRegistration RollingWindow WhereClause)'],
            ['SeattleDecisionMakers', false, '(profile contact (and (and (= address1_city "Seattle") <TextTest>) (>= parentcustomerid.numberofemployees 500)))'],
            ['NoRecentOpens', false, '(interaction EmailOpened HavingClause RollingWindow)'],
            ['Engaged', false, '(union WelcomeOpeners RecentRegistrants)'],
            ['Target', true, '(except (intersect SeattleDecisionMakers Engaged) Unsubscribed)'],
        ]);
    });
});

// ---------------------------------------------------------------- §5 conditions

describe('condition precedence', () => {
    it.each([
        ['a or b and c', '(or a (and b c))'],
        ['a and b or c', '(or (and a b) c)'],
        ['a or b or c', '(or (or a b) c)'],
        ['a and b and c', '(and (and a b) c)'],
        ['not a and b', '(and (not a) b)'],
        ['not a or b', '(or (not a) b)'],
        ['a and not b', '(and a (not b))'],
        ['not not a', '(not (not a))'],
        ['not (a or b)', '(not [(or a b)])'],
        ['(a or b) and c', '(and [(or a b)] c)'],
        ['a and (b or c)', '(and a [(or b c)])'],
        ['((a))', '[[a]]'],
        ['a = 1 or b = 2 and not c is null', '(or (= a 1) (and (= b 2) (not (is-null c))))'],
        ['not x = 1', '(not (= x 1))'],
    ])('%s is %s', (source, expected) => {
        expect(sx(cond(source))).toBe(expected);
    });

    it('rejects dangling and doubled operators', () => {
        for (const bad of ['a and', 'or a', 'a and or b', 'not', '(a', 'a)', '()', 'a b']) {
            expect(parseRaw(`segment S = profile contact where ${bad}`).parserErrors.length, bad).toBeGreaterThan(0);
        }
    });
});

describe('condition tests', () => {
    it.each(CMP_OPS)('path %s value', (op) => {
        expect(shape(cond(`numberofchildren ${op} 3`))).toEqual({ $type: 'Comparison', path: path('numberofchildren'), op, value: num('3') });
    });

    it('comparison with every kind of value', () => {
        for (const [source, v] of [
            ['"x"', str('x')], ["'x'", str('x')], ['3', num('3')], ['-4', num('-4')], ['2.5', num('2.5')],
            ['true', { $type: 'BooleanLiteral', value: true }], ['false', { $type: 'BooleanLiteral', value: false }],
            ['null', { $type: 'NullLiteral' }], ['2026-01-31', date('2026-01-31')], ['2026-01-31T08:00:00Z', dateTime('2026-01-31T08:00:00Z')],
        ] as const) {
            expect(shape(cond(`f != ${source}`)), source).toEqual({ $type: 'Comparison', path: path('f'), op: '!=', value: v });
        }
    });

    it('in and not in lists, including empty lists and a trailing comma', () => {
        expect(shape(cond('c in ["a", \'b\', 3, 2026-01-01, true, null]'))).toEqual({
            $type: 'InTest', path: path('c'), negated: false,
            values: [str('a'), str('b'), num('3'), date('2026-01-01'), { $type: 'BooleanLiteral', value: true }, { $type: 'NullLiteral' }],
        });
        expect(shape(cond('c not in [1, 2,]'))).toEqual({ $type: 'InTest', path: path('c'), negated: true, values: [num('1'), num('2')] });
        expect(shape(cond('c in []'))).toEqual({ $type: 'InTest', path: path('c'), negated: false, values: [] });
        expect(shape(cond('c not in []'))).toEqual({ $type: 'InTest', path: path('c'), negated: true, values: [] });
        expect(shape(cond('c in ["only",]'))).toEqual({ $type: 'InTest', path: path('c'), negated: false, values: [str('only')] });
    });

    it('rejects malformed lists', () => {
        for (const bad of ['c in [,]', 'c in [1,,2]', 'c in [1 2]', 'c in 1', 'c in [1', 'c in (1)', 'c not [1]']) {
            expect(parseRaw(`segment S = profile contact where ${bad}`).parserErrors.length, bad).toBeGreaterThan(0);
        }
    });

    it.each([
        ['contains', 'contains', false],
        ['not contains', 'contains', true],
        ['starts with', 'starts', false],
        ['not starts with', 'starts', true],
        ['ends with', 'ends', false],
        ['not ends with', 'ends', true],
    ] as const)('text test: %s', (operator, op, negated) => {
        expect(shape(cond(`jobtitle ${operator} "director"`))).toEqual({ $type: 'TextTest', path: path('jobtitle'), negated, op, value: str('director') });
    });

    it('starts and ends need with', () => {
        expect(parseRaw('segment S = profile contact where x starts "a"').parserErrors.length).toBeGreaterThan(0);
        expect(parseRaw('segment S = profile contact where x ends "a"').parserErrors.length).toBeGreaterThan(0);
    });

    it('is null and is not null', () => {
        expect(shape(cond('birthdate is null'))).toEqual({ $type: 'NullTest', path: path('birthdate'), negated: false });
        expect(shape(cond('birthdate is not null'))).toEqual({ $type: 'NullTest', path: path('birthdate'), negated: true });
    });

    it('between values', () => {
        expect(shape(cond('numberofchildren between 1 and 3'))).toEqual({ $type: 'BetweenTest', path: path('numberofchildren'), low: num('1'), high: num('3') });
        expect(sx(cond('a between 1 and 3 and b'))).toBe('(and <BetweenTest> b)');
        expect(shape(cond('createdon between 2026-01-01T00:00:00Z and 2026-02-01'))).toEqual({
            $type: 'BetweenTest', path: path('createdon'), low: dateTime('2026-01-01T00:00:00Z'), high: date('2026-02-01'),
        });
    });

    it('within a duration', () => {
        expect(shape(cond('createdon within 30 days'))).toEqual({ $type: 'WithinTest', path: path('createdon'), duration: dur('30', 'days') });
    });

    it('a bare boolean path', () => {
        expect(shape(cond('donotemail'))).toEqual(path('donotemail'));
        expect(shape(cond('parentcustomerid.donotemail'))).toEqual(path('parentcustomerid.donotemail'));
    });

    it('lookup paths a.b.c in every test form', () => {
        const abc = path('a.b.c');
        expect(abc).toEqual({ $type: 'FieldPath', previous: { $type: 'FieldPath', previous: { $type: 'FieldPath', field: '@a' }, field: '@b' }, field: '@c' });
        expect(shape(cond('a.b.c = 1'))).toEqual({ $type: 'Comparison', path: abc, op: '=', value: num('1') });
        expect(shape(cond('a.b.c in [1]'))).toEqual({ $type: 'InTest', path: abc, negated: false, values: [num('1')] });
        expect(shape(cond('a.b.c contains "x"'))).toEqual({ $type: 'TextTest', path: abc, negated: false, op: 'contains', value: str('x') });
        expect(shape(cond('a.b.c is null'))).toEqual({ $type: 'NullTest', path: abc, negated: false });
        expect(shape(cond('a.b.c within 1 day'))).toEqual({ $type: 'WithinTest', path: abc, duration: dur('1', 'day') });
        expect(shape(cond('a . b . c'))).toEqual(abc);
        expect(parseRaw('segment S = profile contact where a. = 1').parserErrors.length).toBeGreaterThan(0);
        expect(parseRaw('segment S = profile contact where a..b = 1').parserErrors.length).toBeGreaterThan(0);
    });

    describe('exists', () => {
        it('without where', () => {
            expect(shape(cond('exists lead via parentcontactid'))).toEqual({ $type: 'ExistsTest', entity: '@lead', via: '@parentcontactid' });
        });

        it('with where', () => {
            expect(shape(cond('exists lead via parentcontactid where leadsourcecode = "Web"'))).toEqual({
                $type: 'ExistsTest', entity: '@lead', via: '@parentcontactid',
                where: { $type: 'Comparison', path: path('leadsourcecode'), op: '=', value: str('Web') },
            });
        });

        it.each([
            ['exists lead via p where a and b', '(exists lead via p (and a b))'],
            ['exists lead via p where a or b', '(exists lead via p (or a b))'],
            ['exists lead via p where a and b or c', '(exists lead via p (or (and a b) c))'],
            ['x and exists lead via p where a or b', '(and x (exists lead via p (or a b)))'],
            ['x or exists lead via p where a and b', '(or x (exists lead via p (and a b)))'],
            ['not exists lead via p where a and b', '(not (exists lead via p (and a b)))'],
            ['exists lead via p where exists account via q where a and b', '(exists lead via p (exists account via q (and a b)))'],
        ])('the where of an exists is greedy: %s', (source, expected) => {
            expect(sx(cond(source))).toBe(expected);
        });

        it.each([
            ['(exists lead via p where a) and b', '(and [(exists lead via p a)] b)'],
            ['(exists lead via p where a) or b', '(or [(exists lead via p a)] b)'],
            ['x and (exists lead via p where a or b) and y', '(and (and x [(exists lead via p (or a b))]) y)'],
            ['exists lead via p and b', '(and (exists lead via p) b)'],
            ['exists lead via p or b', '(or (exists lead via p) b)'],
        ])('a parenthesized exists (or one without where) continues the outer condition: %s', (source, expected) => {
            expect(sx(cond(source))).toBe(expected);
        });

        it('the greedy where stops at the end of the set operand', () => {
            expect(sx(setExpr('profile contact where exists lead via p where a union B'))).toBe('(union (profile contact (exists lead via p a)) B)');
        });

        it('rejects exists without via', () => {
            expect(parseRaw('segment S = profile contact where exists lead').parserErrors.length).toBeGreaterThan(0);
            expect(parseRaw('segment S = profile contact where exists lead where a').parserErrors.length).toBeGreaterThan(0);
        });
    });

    it('the where of a profile query ends at a set operator; of an interaction query at the next clause', () => {
        expect(sx(setExpr('profile contact where a or b union profile contact where c'))).toBe('(union (profile contact (or a b)) (profile contact c))');
        expect(clauses('where a = 1 and b = 2 via contact within 1 day').map(c => (c as AstNode).$type)).toEqual(['WhereClause', 'ViaClause', 'RollingWindow']);
    });
});

// ---------------------------------------------------------------- error recovery

describe('error recovery', () => {
    const lineOf = (d: { range: { start: { line: number } } }) => d.range.start.line;

    it('a syntax error in one segment keeps the later segments as AST nodes with their own diagnostics', async () => {
        const text = [
            'segment Broken = interaction EmailOpened having count >=',
            'segment Later = profile contact where nosuchfield = 1',
            'segment AfterThat = interaction EmailOpend',
            'segment Fine = Later union AfterThat',
        ].join('\n');
        const r = parseRaw(text);
        expect(r.parserErrors.length).toBeGreaterThan(0);
        expect(r.value.declarations.map(d => (d as SegmentDecl).name)).toEqual(['Broken', 'Later', 'AfterThat', 'Fine']);
        expect(sx((r.value.declarations[1] as SegmentDecl).body)).toBe('(profile contact (= nosuchfield 1))');
        expect(sx((r.value.declarations[3] as SegmentDecl).body)).toBe('(union Later AfterThat)');
        const diags = await diagnosticsOf(text);
        expect(diags.map(d => [d.code, lineOf(d)])).toEqual([['SEG001', 1], ['SEG104', 1], ['SEG103', 2]]);
        expect(diags[0].message).toMatch(/Expected a number/);
        expect(diags[2].message).toMatch(/EmailOpened/);
    });

    it('an unterminated string is a lexer error; the next line still parses', async () => {
        const text = 'segment A = profile contact where firstname = "Ann\nsegment B = profile contact where lastnam = \'x\'';
        const r = parseRaw(text);
        expect(r.lexerErrors.length).toBeGreaterThan(0);
        expect(r.value.declarations.map(d => (d as SegmentDecl).name)).toEqual(['A', 'B']);
        expect(sx((r.value.declarations[1] as SegmentDecl).body)).toBe('(profile contact (= lastnam "x"))');
        const diags = await diagnosticsOf(text);
        // The stray quote is reported where it stands; what follows it on the line may add a syntax error.
        expect(diags.find(d => d.code === 'SEG002')?.range.start).toEqual({ line: 0, character: 46 });
        expect(diags.filter(d => lineOf(d) === 0).every(d => d.code === 'SEG001' || d.code === 'SEG002')).toBe(true);
        expect(diags.filter(d => lineOf(d) === 1).map(d => d.code)).toEqual(['SEG104']);
    });

    it('a missing = is reported at the token found instead, and both segments exist', async () => {
        const text = 'segment A profile contact\nsegment B = A';
        const r = parseRaw(text);
        expect(shape(r.value.declarations)).toEqual([
            { $type: 'SegmentDecl', draft: false, name: 'A', body: { $type: 'ProfileQuery', entity: '@contact' } },
            { $type: 'SegmentDecl', draft: false, name: 'B', body: segRef('A') },
        ]);
        const diags = await diagnosticsOf(text);
        expect(diags.map(d => [d.code, d.message, d.range])).toEqual([
            ['SEG001', "Expected '=' but found 'profile'.", { start: { line: 0, character: 10 }, end: { line: 0, character: 17 } }],
        ]);
    });

    it('a missing value after an operator is one syntax error at the token found instead, without cascading errors', async () => {
        const text = 'segment A = profile contact where firstname = \nsegment B = A';
        const r = parseRaw(text);
        expect(r.value.declarations.map(d => (d as SegmentDecl).name)).toEqual(['A', 'B']);
        const diags = await diagnosticsOf(text);
        expect(diags.map(d => [d.code, d.range.start])).toEqual([['SEG001', { line: 1, character: 0 }]]);
    });

    it('garbage between declarations is reported and the declarations around it survive', async () => {
        const text = 'segment A = profile contact\n %%% garbage !!! 123 union } {\nentity e key id { f: string }\nsegment B = Aa';
        const r = parseRaw(text);
        expect(r.value.declarations.map(d => `${d.$type}:${'name' in d ? d.name : ''}`)).toEqual(['SegmentDecl:A', 'EntityDecl:e', 'SegmentDecl:B']);
        const diags = await diagnosticsOf(text);
        const onGarbage = diags.filter(d => lineOf(d) === 1);
        expect(onGarbage.length).toBeGreaterThan(0);
        expect(onGarbage.every(d => d.code === 'SEG001' || d.code === 'SEG002')).toBe(true);
        expect(onGarbage.some(d => d.code === 'SEG002' && d.range.start.character === 1)).toBe(true);
        expect(diags.filter(d => lineOf(d) !== 1).map(d => [d.code, lineOf(d)])).toEqual([['SEG101', 3]]);
        expect(diags.find(d => d.code === 'SEG101')!.message).toBe("Unknown segment 'Aa'. Did you mean 'A'?");
    });

    it('an unclosed parenthesis or missing name does not swallow the next declaration', async () => {
        for (const broken of ['segment A = (B union', 'segment A = profile contact where (a = 1', 'segment = profile contact', 'segment A = interaction EmailOpened where', 'draft A = B', 'entity e key id { f: }', 'interaction I { relation r = }']) {
            const r = parseRaw(`${broken}\nsegment Next = profile contact where firstname = "x"`);
            expect(r.lexerErrors.length + r.parserErrors.length, broken).toBeGreaterThan(0);
            const next = r.value.declarations.find(d => (d as SegmentDecl).name === 'Next') as SegmentDecl | undefined;
            expect(next, broken).toBeDefined();
            expect(sx(next!.body), broken).toBe('(profile contact (= firstname "x"))');
        }
    });
});
