// fast-check generators of valid Seg programs over the built-in catalog, with
// random (but legal) layout: whitespace, comments, clause order, quotes.
import fc from 'fast-check';

export type FieldKind = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'guid' | 'choice';
export interface FieldSpec { name: string; kind: FieldKind; labels?: string[] }

export const CONTACT: FieldSpec[] = [
    { name: 'firstname', kind: 'string' }, { name: 'address1_city', kind: 'string' }, { name: 'jobtitle', kind: 'string' },
    { name: 'numberofchildren', kind: 'integer' }, { name: 'creditlimit', kind: 'number' },
    { name: 'birthdate', kind: 'date' }, { name: 'createdon', kind: 'datetime' }, { name: 'donotemail', kind: 'boolean' },
    { name: 'gendercode', kind: 'choice', labels: ['Male', 'Female'] }, { name: 'statecode', kind: 'choice', labels: ['Active', 'Inactive'] },
    { name: 'parentcustomerid.name', kind: 'string' }, { name: 'parentcustomerid.numberofemployees', kind: 'integer' },
    { name: 'parentcustomerid.industrycode', kind: 'choice', labels: ['Accounting', 'Financial', 'Consulting'] },
];
export const LEAD: FieldSpec[] = [
    { name: 'subject', kind: 'string' }, { name: 'leadsourcecode', kind: 'choice', labels: ['Web', 'Partner', 'Trade Show'] },
    { name: 'budgetamount', kind: 'number' }, { name: 'createdon', kind: 'datetime' },
];
export const INTERACTIONS: Record<string, { fields: FieldSpec[]; numeric: string[]; viaLead: boolean }> = {
    EmailOpened: { fields: [{ name: 'messageId', kind: 'guid' }, { name: 'emailDomain', kind: 'string' }, { name: 'city', kind: 'string' }, { name: 'contactId.firstname', kind: 'string' }], numeric: ['version'], viaLead: true },
    EmailClicked: { fields: [{ name: 'linkFriendlyName', kind: 'string' }, { name: 'originalUrl', kind: 'string' }, { name: 'customerJourneyId', kind: 'guid' }], numeric: ['version'], viaLead: true },
    LeadScoreBoost: { fields: [{ name: 'boostValue', kind: 'integer' }, { name: 'timestamp', kind: 'datetime' }], numeric: ['boostValue'], viaLead: false },
    SurveyResponse: { fields: [{ name: 'score', kind: 'number' }, { name: 'surveyId', kind: 'guid' }], numeric: ['score'], viaLead: false },
};

/** Values shared with the data generator, so generated conditions match generated rows. */
export const STRING_POOL = ['Seattle', 'seattle', "O'Brien", 'say "hi"', '100%', '1000', 'a_b', 'axb', 'back\\slash', 'Zürich', 'ZÜRICH', '東京', 'İstanbul', 'ΣΟΦΙΑ', '', ' ', 'tab\there', 'line\nbreak', 'x;DROP TABLE contact;--'];
export const GUID_POOL = ['5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a', '0b6f7c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e', '9C1D2E3F-4A5B-4C6D-8E7F-8091A2B3C4D5'];
const tricky = fc.constantFrom(...STRING_POOL);
const stringValue = fc.oneof(tricky, fc.string({ maxLength: 8 }));

function quoteRandom(s: string, single: boolean): string {
    const q = single ? "'" : '"';
    return q + s.replace(/\\/g, '\\\\').replace(single ? /'/g : /"/g, '\\' + q).replace(/\n/g, '\\n').replace(/\t/g, '\\t') + q;
}
const str = (s: fc.Arbitrary<string>) => fc.tuple(s, fc.boolean()).map(([v, single]) => quoteRandom(v, single));

const pad2 = (n: number) => String(n).padStart(2, '0');
const date = fc.record({ y: fc.integer({ min: 2000, max: 2030 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
    .map(({ y, m, d }) => `${y}-${pad2(m)}-${pad2(d)}`);
const dateTime = fc.tuple(date, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom('Z', '+01:00', '-05:30', ''))
    .map(([d, h, mi, z]) => `${d}T${pad2(h)}:${pad2(mi)}:00${z}`);
const guid = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...GUID_POOL) }, { weight: 1, arbitrary: fc.uuid() });
const int = fc.integer({ min: -5, max: 5000 }).map(String);
const num = fc.oneof(int, fc.tuple(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${b}`));

function valueFor(f: FieldSpec): fc.Arbitrary<string> {
    switch (f.kind) {
        case 'string': return str(stringValue);
        case 'integer': return int;
        case 'number': return num;
        case 'boolean': return fc.constantFrom('true', 'false');
        case 'date': return date;
        case 'datetime': return fc.oneof(dateTime, date);
        case 'guid': return str(guid);
        case 'choice': return fc.oneof(str(fc.constantFrom(...f.labels!).map(l => Math.random() < 0.3 ? l.toUpperCase() : l)));
    }
}

const unit = fc.constantFrom('minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years');
/** Amounts shared with the data generator's timestamps (as-of minus these), so window boundaries are hit exactly. */
export const AMOUNT_POOL = [1, 2, 3, 7, 14, 30, 90];
const amount = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...AMOUNT_POOL) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 400 }) });
const duration = fc.tuple(amount, unit).map(([n, u]) => `${n} ${u}`);
export const cmp = fc.constantFrom('=', '!=', '<', '<=', '>', '>=');

/** Which tests a generated condition may hold (all by default): the Dynamics-expressible subset leaves some out. */
export interface TestKinds { within?: boolean; textTests?: boolean }

export function test(fields: FieldSpec[], kinds: TestKinds = {}): fc.Arbitrary<string> {
    return fc.constantFrom(...fields).chain((f): fc.Arbitrary<string> => {
        const ordered = !['boolean', 'guid', 'choice'].includes(f.kind);
        const options: Array<fc.Arbitrary<string>> = [
            fc.tuple(fc.constantFrom('=', '!='), valueFor(f)).map(([op, v]) => `${f.name} ${op} ${v}`),
            fc.tuple(fc.boolean(), fc.array(valueFor(f), { minLength: 1, maxLength: 3 })).map(([neg, vs]) => `${f.name} ${neg ? 'not in' : 'in'} [${vs.join(', ')}]`),
            fc.boolean().map(neg => `${f.name} is ${neg ? 'not ' : ''}null`),
        ];
        if (ordered) {
            options.push(fc.tuple(cmp, valueFor(f)).map(([op, v]) => `${f.name} ${op} ${v}`));
            options.push(fc.tuple(valueFor(f), valueFor(f)).map(([a, b]) => `${f.name} between ${a} and ${b}`));
        }
        if (f.kind === 'string' && kinds.textTests !== false) {
            options.push(fc.tuple(fc.constantFrom('contains', 'not contains', 'starts with', 'ends with', 'not ends with'), str(stringValue)).map(([op, v]) => `${f.name} ${op} ${v}`));
        }
        if ((f.kind === 'date' || f.kind === 'datetime') && kinds.within !== false) options.push(duration.map(d => `${f.name} within ${d}`));
        if (f.kind === 'boolean') options.push(fc.constant(f.name));
        return fc.oneof(...options);
    });
}

export function condition(fields: FieldSpec[], allowExists: boolean, kinds: TestKinds = {}): fc.Arbitrary<string> {
    const { cond } = fc.letrec<{ cond: string; atom: string }>(tie => ({
        atom: fc.oneof(
            { weight: 5, arbitrary: test(fields, kinds) },
            { weight: 1, arbitrary: tie('cond').map(c => `(${c})`) },
            { weight: 1, arbitrary: tie('atom').map(c => `not ${c}`) },
            ...(allowExists ? [{ weight: 1, arbitrary: fc.option(condition(LEAD, false, kinds), { nil: undefined }).map(c => `(exists lead via parentcontactid${c ? ` where ${c}` : ''})`) }] : []),
        ),
        cond: fc.oneof(
            { depthSize: 'small', withCrossShrink: true },
            tie('atom'),
            fc.tuple(tie('atom'), fc.constantFrom('and', 'or'), tie('atom')).map(([a, op, b]) => `${a} ${op} ${b}`),
        ),
    }));
    return cond;
}

const windowClause = fc.oneof(
    duration.map(d => `within ${d}`),
    fc.tuple(fc.constantFrom(0, ...AMOUNT_POOL), fc.constantFrom(...AMOUNT_POOL, 400), unit).filter(([a, b]) => a < b).map(([a, b, u]) => `between ${a} and ${b} ${u} ago`),
    fc.oneof(date, dateTime).map(d => `since ${d}`),
    fc.oneof(date, dateTime).map(d => `before ${d}`),
    duration.map(d => `before ${d} ago`),
    fc.tuple(date, date).map(([a, b]) => (a <= b ? `between ${a} and ${b}` : `between ${b} and ${a}`)),
);

const interactionQuery = fc.constantFrom(...Object.keys(INTERACTIONS)).chain(type => {
    const spec = INTERACTIONS[type];
    const plain = spec.fields.filter(f => !f.name.includes('.')).map(f => f.name);
    const agg = fc.oneof(
        fc.constant('count'),
        fc.tuple(fc.constantFrom('sum', 'avg', 'min', 'max'), fc.constantFrom(...spec.numeric)).map(([f, x]) => `${f}(${x})`),
        fc.constantFrom(...plain, ...spec.numeric).map(x => `count(distinct ${x})`),
    );
    const having = fc.oneof(
        fc.tuple(agg, cmp, fc.integer({ min: 0, max: 10 })).map(([a, op, n]) => `having ${a} ${op} ${n}`),
        fc.tuple(agg, fc.integer({ min: 0, max: 5 }), fc.integer({ min: 5, max: 10 })).map(([a, lo, hi]) => `having ${a} between ${lo} and ${hi}`),
    );
    const clauses = fc.record({
        via: fc.option(fc.constantFrom('contact', ...(spec.viaLead ? ['lead'] : [])).map(r => `via ${r}`), { nil: undefined }),
        having: fc.option(having, { nil: undefined }),
        window: fc.option(windowClause, { nil: undefined }),
        where: fc.option(condition(spec.fields, false).map(c => `where ${c}`), { nil: undefined }),
        occurrence: fc.constantFrom('', '', 'first ', 'last '),
    });
    // Windows must come before `where` (a `where` is greedy); the rest may be in any order.
    return fc.tuple(clauses, fc.boolean()).map(([c, shuffle]) => {
        const head = [c.via, c.having, c.window].filter(Boolean) as string[];
        if (shuffle) head.reverse();
        // `first`/`last` take no `having`.
        return [`${c.having ? '' : c.occurrence}interaction`, type, ...head, ...(c.where ? [c.where] : [])].join(' ');
    });
});

/** Pairs of types for sequences, and a field both have with one type (strings correlate case-insensitively). */
const SEQUENCE_PAIRS: Array<[string, string, string[]]> = [
    ['EmailOpened', 'EmailClicked', ['version']],
    ['EmailOpened', 'EmailOpened', ['city', 'messageId', 'version']],
    ['EmailClicked', 'EmailOpened', ['version']],
    ['LeadScoreBoost', 'SurveyResponse', []],
    ['SurveyResponse', 'SurveyResponse', ['surveyId', 'score']],
];

/** `interaction A [window] [where] then [not] B [on f] within gap [where]`. */
const sequenceQuery = fc.constantFrom(...SEQUENCE_PAIRS).chain(([a, b, shared]) => fc.record({
    window: fc.option(windowClause, { nil: undefined }),
    whereA: fc.option(condition(INTERACTIONS[a].fields, false), { nil: undefined }),
    negated: fc.boolean(),
    on: shared.length ? fc.option(fc.constantFrom(...shared), { nil: undefined }) : fc.constant(undefined),
    gap: duration,
    whereB: fc.option(condition(INTERACTIONS[b].fields, false), { nil: undefined }),
}).map(q => [
    'interaction', a, ...(q.window ? [q.window] : []), ...(q.whereA ? [`where ${q.whereA}`] : []),
    'then', ...(q.negated ? ['not'] : []), b, ...(q.on ? ['on', q.on] : []), 'within', q.gap, ...(q.whereB ? [`where ${q.whereB}`] : []),
].join(' ')));

const profileQuery = fc.option(condition(CONTACT, true), { nil: undefined }).map(c => `profile contact${c ? ` where ${c}` : ''}`);

/** A set expression over queries and references to the segments declared before. */
function setExpr(previous: string[]): fc.Arbitrary<string> {
    const interaction = fc.oneof({ weight: 4, arbitrary: interactionQuery }, { weight: 1, arbitrary: sequenceQuery });
    return setExprOf({ interaction, profile: profileQuery }, previous);
}

/** A set expression over the given kinds of queries and references to `previous` segments. */
export function setExprOf(queries: { interaction: fc.Arbitrary<string>; profile: fc.Arbitrary<string> }, previous: string[]): fc.Arbitrary<string> {
    const atom = fc.oneof(
        { weight: 3, arbitrary: queries.interaction },
        { weight: 2, arbitrary: queries.profile },
        ...(previous.length ? [{ weight: 2, arbitrary: fc.constantFrom(...previous) }] : []),
    );
    return fc.tuple(atom, fc.array(fc.tuple(fc.constantFrom('union', 'intersect', 'except'), atom, fc.boolean()), { maxLength: 2 }))
        .map(([first, rest]) => rest.reduce((acc, [op, x, paren]) => paren ? `(${acc}) ${op} ${x}` : `${acc} ${op} ${x}`, first));
}

/** Random whitespace and comments between tokens of an already valid program. */
export const layoutNoise = fc.constantFrom(' ', '  ', '\n', '\n    ', ' /* c */ ', '\n// note\n', '\t');

export interface GeneratedProgram { text: string; names: string[] }

export const segProgram: fc.Arbitrary<GeneratedProgram> = programOf(setExpr);

/** Programs of sequences only (with profiles and references): every gap unit, `on`, `then not`, in every zone. */
export const sequenceProgram: fc.Arbitrary<GeneratedProgram> = programOf(previous => setExprOf({ interaction: sequenceQuery, profile: profileQuery }, previous));

function programOf(expr: (previous: string[]) => fc.Arbitrary<string>): fc.Arbitrary<GeneratedProgram> {
    return fc.integer({ min: 1, max: 5 }).chain(n => programWith(n, expr));
}

function programWith(n: number, expr: (previous: string[]) => fc.Arbitrary<string>): fc.Arbitrary<GeneratedProgram> {
    const names = Array.from({ length: n }, (_, i) => `Seg${i}`);
    return fc.tuple(...names.map((_, i) => fc.tuple(expr(names.slice(0, i)), fc.boolean(), fc.boolean())))
        .map(decls => ({
            names,
            text: decls.map(([body, doc, trailing], i) =>
                `${doc ? `/// Segment number ${i}.\n` : ''}segment ${names[i]} = ${body}${trailing ? ' // end' : ''}`).join('\n\n') + '\n',
        }));
}

/** The same program with random extra whitespace/comments replacing single spaces outside strings. */
export const noisyProgram: fc.Arbitrary<GeneratedProgram> = segProgram.chain(p =>
    fc.array(layoutNoise, { minLength: 64, maxLength: 64 }).map(noise => {
        let k = 0;
        const text = p.text.replace(/("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|\/\/[^\n]*)| (?=[A-Za-z(])/g, (m, lit) => lit ?? noise[k++ % noise.length]);
        return { ...p, text };
    }));
