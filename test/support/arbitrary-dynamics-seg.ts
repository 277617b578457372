// fast-check generators of Seg programs within the subset `seg export dynamics`
// handles: profile conditions on the contact, a group through parentcustomerid
// (one TRAVERSE from accounts) and exists on leads; interaction queries with
// count/avg/min/max/sum tests Dynamics can say and rolling windows in days,
// weeks, months or years; set operations and references. Values come from
// arbitrary-seg.ts, so generated data (arbitrary-data.ts) matches them.
import fc from 'fast-check';
import { cmp, condition, setExprOf, CONTACT, INTERACTIONS, LEAD, type FieldSpec, type GeneratedProgram } from './arbitrary-seg.js';

/** No `field within …` (Dynamics has no exact equivalent); text tests only where Dynamics allows them. */
const subset = (fields: FieldSpec[], textTests = true) => condition(fields, false, { within: false, textTests });

const own = (fields: FieldSpec[]) => fields.filter(f => !f.name.includes('.'));
const ACCOUNT = CONTACT.filter(f => f.name.startsWith('parentcustomerid.'));

const profileQuery = fc.record({
    contact: fc.option(subset(own(CONTACT)), { nil: undefined }),
    account: fc.option(subset(ACCOUNT), { nil: undefined }),
    lead: fc.option(fc.option(subset(LEAD), { nil: undefined }).map(c => `exists lead via parentcontactid${c ? ` where ${c}` : ''}`), { nil: undefined }),
}).map(({ contact, account, lead }) => {
    const parts = [contact, account, lead].filter((c): c is string => c !== undefined).map(c => `(${c})`);
    return `profile contact${parts.length ? ` where ${parts.join(' and ')}` : ''}`;
});

const windowUnit = fc.constantFrom('day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years');
const windowClause = fc.tuple(fc.constantFrom(1, 2, 3, 7, 14, 30, 90), windowUnit).map(([n, u]) => `within ${n} ${u}`);

const interactionQuery = fc.constantFrom(...Object.keys(INTERACTIONS)).chain(type => {
    const spec = INTERACTIONS[type];
    const numeric = fc.constantFrom(...spec.numeric);
    const having = fc.oneof(
        fc.tuple(cmp, fc.integer({ min: 0, max: 6 })).map(([op, n]) => `having count ${op} ${n}`),
        fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 2, max: 6 })).map(([lo, hi]) => `having count between ${lo} and ${hi}`),
        fc.tuple(fc.constantFrom('avg', 'min', 'max'), numeric, cmp, fc.integer({ min: -2, max: 8 })).map(([f, x, op, n]) => `having ${f}(${x}) ${op} ${n}`),
        fc.tuple(fc.constantFrom('avg', 'min', 'max'), numeric, fc.integer({ min: -2, max: 3 }), fc.integer({ min: 3, max: 8 })).map(([f, x, lo, hi]) => `having ${f}(${x}) between ${lo} and ${hi}`),
        // Only sums that 0 fails: Dynamics never includes contacts without interactions.
        fc.tuple(numeric, fc.constantFrom('>', '>='), fc.integer({ min: 1, max: 10 })).map(([x, op, n]) => `having sum(${x}) ${op} ${n}`),
    );
    return fc.record({
        via: fc.option(fc.constantFrom('contact', ...(spec.viaLead ? ['lead'] : [])).map(r => `via ${r}`), { nil: undefined }),
        having: fc.option(having, { nil: undefined }),
        window: fc.option(windowClause, { nil: undefined }),
        // Dynamics refuses CONTAINS/STARTSWITH/ENDSWITH in an interaction's filter.
        where: fc.option(subset(own(spec.fields), false).map(c => `where ${c}`), { nil: undefined }),
    }).map(c => ['interaction', type, c.via, c.having, c.window, c.where].filter(Boolean).join(' '));
});

export const dynamicsExpressibleProgram: fc.Arbitrary<GeneratedProgram> = fc.integer({ min: 1, max: 3 }).chain(n => {
    const names = Array.from({ length: n }, (_, i) => `Seg${i}`);
    return fc.tuple(...names.map((_, i) => setExprOf({ interaction: interactionQuery, profile: profileQuery }, names.slice(0, i))))
        .map(bodies => ({ names, text: bodies.map((b, i) => `segment ${names[i]} = ${b}`).join('\n\n') + '\n' }));
});
