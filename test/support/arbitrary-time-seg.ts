// fast-check generators of Seg programs whose membership changes with time:
// rolling and `ago` windows with every kind of `having` (monotone like
// `count >= 3` and not, like `count <= 2`), `within` tests on profile and
// interaction fields, and set operations over them. The amounts are few and
// small, so the data generator's boundary timestamps (arbitrary-data.ts) hit
// them and members do leave and enter.
import fc from 'fast-check';
import type { GeneratedProgram } from './arbitrary-seg.js';

const AMOUNTS = [1, 2, 3, 7, 14, 30];
const unit = fc.constantFrom('minutes', 'hours', 'days', 'days', 'weeks', 'months', 'months', 'years');
const duration = fc.tuple(fc.constantFrom(...AMOUNTS), unit).map(([n, u]) => `${n} ${u}`);
const cmp = fc.constantFrom('>=', '>=', '>', '<=', '<', '=', '!=');

const window = fc.oneof(
    { weight: 4, arbitrary: duration.map(d => `within ${d}`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom(0, 1, 2, 3, 7), fc.constantFrom(2, 3, 7, 14, 30), unit).filter(([a, b]) => a < b).map(([a, b, u]) => `between ${a} and ${b} ${u} ago`) },
    { weight: 1, arbitrary: duration.map(d => `before ${d} ago`) },
    { weight: 1, arbitrary: fc.constantFrom('since 2026-01-01', 'before 2026-06-01T12:00:00', '') },
);

const having = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(cmp, fc.integer({ min: 0, max: 3 })).map(([op, n]) => `having count ${op} ${n}`) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 2, max: 4 })).map(([a, b]) => `having count between ${a} and ${b}`) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom('sum', 'avg', 'min', 'max'), cmp, fc.integer({ min: -2, max: 10 })).map(([f, op, n]) => `having ${f}(boostValue) ${op} ${n}`) },
    { weight: 1, arbitrary: fc.tuple(cmp, fc.integer({ min: 0, max: 3 })).map(([op, n]) => `having count(distinct boostValue) ${op} ${n}`) },
);

/** A `where` that reads the clock (or none): which rows count changes with time. */
const clockWhere = fc.option(duration.map(d => `where timestamp within ${d}`), { nil: '', freq: 3 });

const interaction = fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom('EmailOpened', 'EmailClicked'), fc.option(having, { nil: '' }), window)
        .map(([type, h, w]) => `interaction ${type} ${h.replace(/distinct boostValue/, 'distinct version').replace(/\(boostValue\)/, '(version)')} ${w}`) },
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('first', 'last'), fc.constantFrom('EmailOpened', 'LeadScoreBoost'), window)
        .map(([which, type, w]) => `${which} interaction ${type} ${w}`) },
    { weight: 2, arbitrary: fc.tuple(window, clockWhere, fc.constantFrom('', 'not '), fc.constantFrom('EmailOpened', 'EmailClicked'), fc.constantFrom('', ' on version'), duration, clockWhere)
        .map(([w, whereA, not, then, on, gap, whereB]) => `interaction EmailOpened ${w} ${whereA} then ${not}${then}${on} within ${gap} ${whereB}`) },
    { weight: 2, arbitrary: fc.tuple(fc.option(having, { nil: '' }), window, fc.option(duration.map(d => `where timestamp within ${d}`), { nil: '' }))
        .map(([h, w, where]) => `interaction LeadScoreBoost ${h} ${w} ${where}`) },
);

const profileTest = fc.oneof(
    duration.map(d => `createdon within ${d}`),
    duration.map(d => `birthdate within ${d}`),
    fc.constantFrom('donotemail', 'firstname is null', 'numberofchildren > 1'),
    duration.map(d => `(exists lead via parentcontactid where createdon within ${d})`),
);
const profile = fc.tuple(profileTest, fc.option(fc.tuple(fc.constantFrom('and', 'or', 'and not'), profileTest), { nil: undefined }))
    .map(([a, rest]) => `profile contact where ${rest ? `${a} ${rest[0]} ${rest[1]}` : a}`);

function setExpr(previous: string[]): fc.Arbitrary<string> {
    const atom = fc.oneof(
        { weight: 4, arbitrary: interaction },
        { weight: 2, arbitrary: profile },
        ...(previous.length ? [{ weight: 2, arbitrary: fc.constantFrom(...previous) }] : []),
    );
    return fc.tuple(atom, fc.array(fc.tuple(fc.constantFrom('union', 'intersect', 'except'), atom), { maxLength: 2 }))
        .map(([first, rest]) => rest.reduce((acc, [op, x]) => `(${acc}) ${op} ${x}`, first));
}

export const timeProgram: fc.Arbitrary<GeneratedProgram> = fc.integer({ min: 1, max: 4 }).chain(n => {
    const names = Array.from({ length: n }, (_, i) => `T${i}`);
    return fc.tuple(...names.map((_, i) => setExpr(names.slice(0, i))))
        .map(bodies => ({ names, text: bodies.map((b, i) => `segment ${names[i]} = ${b.replace(/\s+/g, ' ').trim()}`).join('\n') + '\n' }));
});
