// toSql beyond the goldens: determinism, small diffs, the query's shape,
// hand-made plans the checker would not produce, and errors.
import { describe, expect, it } from 'vitest';
import type { Cond, Plan, PlanNode } from '../../../compiler/plan/plan.js';
import { printSql } from '../../../compiler/sql/print-sql.js';
import { postgresDialect } from '../../../compiler/sql/postgres-dialect.js';
import {
    alias, and, column, compare, constant, ident, or, select, setOp, statement,
} from '../../../compiler/sql/sql-ast.js';
import { bindParams, SqlError, toSql } from '../../../compiler/sql/to-sql.js';
import { planOf } from '../../helpers.js';

const SETS = `
segment A = interaction EmailOpened within 7 days
segment B = profile contact where address1_city = "Seattle"
segment C = interaction FormSubmitted having count = 0 within 30 days
segment D = A union B intersect C except A
`;

describe('determinism', () => {
    it('the same plan gives the same text byte for byte, also after a JSON round trip', async () => {
        const first = await planOf(SETS);
        const second = await planOf(SETS);
        const copy = JSON.parse(JSON.stringify(first)) as Plan;
        for (const s of first.segments) {
            const text = toSql(first, s.name).text;
            expect(toSql(first, s.name).text).toBe(text);
            expect(toSql(second, s.name).text).toBe(text);
            expect(toSql(copy, s.name)).toEqual(toSql(first, s.name));
        }
    });

    it('a change to one query changes one line of a compound segment, and nothing in others', async () => {
        const before = await planOf(SETS);
        const after = await planOf(SETS.replace('within 7 days', 'within 8 days').replace('"Seattle"', '"Tacoma"'));
        const changed = (name: string) => {
            const a = toSql(before, name).text.split('\n'), b = toSql(after, name).text.split('\n');
            expect(b.length).toBe(a.length);
            return a.filter((line, i) => line !== b[i]).length;
        };
        expect(changed('D')).toBe(1); // the window's interval; the city is a parameter
        expect(changed('C')).toBe(0);
        expect(toSql(after, 'D').params.find(p => p.name === 'address1_city')?.value).toBe('Tacoma');
    });

    it('CTE and alias names do not come from segment names', async () => {
        const plan = await planOf(SETS.replace(/\bA\b/g, 'Zebra'));
        const text = toSql(plan, 'D').text;
        expect(text).toMatch(/^ {2}q1 AS MATERIALIZED \($/m);
        expect(text.replace(/^ *--.*$/gm, '')).not.toContain('Zebra');
    });
});

describe('query shape', () => {
    it('one column contact_id, ordered; $1 and $2 are always there', async () => {
        const plan = await planOf(SETS);
        for (const s of plan.segments) {
            const { text, params } = toSql(plan, s.name);
            expect(text.split('\n').at(-1)).toBe('ORDER BY contact_id');
            expect(text).toContain('SELECT $1::timestamptz AS as_of, $2::text AS time_zone');
            expect(params.slice(0, 2)).toEqual([
                { name: 'asOf', type: 'timestamptz', value: null },
                { name: 'timeZone', type: 'text', value: 'UTC' },
            ]);
        }
    });

    it('only zero-admitting nodes read the whole audience table', async () => {
        const plan = await planOf(SETS);
        expect(toSql(plan, 'A').text).not.toContain('EXCEPT');
        expect(toSql(plan, 'A').text).toContain('WHERE c."contactid" IN (');
        // An anti-join with the failing groups (not EXCEPT, which would hash the whole audience).
        expect(toSql(plan, 'C').text).not.toContain('EXCEPT');
        expect(toSql(plan, 'C').text).toContain('SELECT c."contactid" AS contact_id\nFROM "contact" AS c\nWHERE NOT EXISTS (\n  SELECT 1\n  FROM (\n    SELECT i."contact_id" AS contact_id\n');
        expect(toSql(plan, 'C').text).toContain('  ) AS f\n  WHERE f.contact_id = c."contactid"\n)');
        expect(toSql(plan, 'C').text).toContain('HAVING (count(*) = $3::bigint) IS NOT TRUE');
    });

    it('a node read twice is one MATERIALIZED CTE; one read once is not materialized', async () => {
        const plan = await planOf(SETS);
        const text = toSql(plan, 'D').text;
        expect(text.match(/"email_opened"/g)).toHaveLength(1);
        expect(text).toMatch(/-- segment A: interaction EmailOpened\n {2}q1 AS MATERIALIZED \(/);
        expect(text).toMatch(/-- segment B: profile contact\n {2}q2 AS \(/);
        expect(text.match(/FROM q1/g)).toHaveLength(2);
    });

    it('bindParams puts the as-of instant and the plan\'s zone first, then the literals', async () => {
        const query = toSql(await planOf(SETS, { timeZone: 'Europe/Amsterdam' }), 'D');
        expect(bindParams(query, { asOf: new Date('2026-01-02T03:04:05Z') }))
            .toEqual(['2026-01-02T03:04:05.000Z', 'Europe/Amsterdam', 1, 'Seattle', 0]);
        expect(bindParams(toSql(await planOf(SETS), 'D'), { asOf: '2026-01-02T03:04:05Z' })[1]).toBe('UTC');
    });
});

// ---------------------------------------------------------------- hand-made plans

const source = { file: 'x.seg', line: 1, column: 1, endLine: 1, endColumn: 2 };

function handPlan(nodes: Array<Record<string, unknown>>): Plan {
    return {
        version: 1, timeZone: 'UTC', audience: { table: 'contact', key: 'contactid' },
        nodes: nodes.map((n, id) => ({ source, refCount: 1, ...n, id }) as unknown as PlanNode),
        segments: [{ name: 'S', draft: false, source, node: nodes.length - 1, uses: [] }],
    };
}

const profile = (where?: Cond) => ({ kind: 'profile', table: 'contact', key: 'contactid', ...(where ? { where } : {}) });
const city = { path: [], column: 'address1_city', type: 'string' as const };

describe('hand-made plans', () => {
    it('in [] is FALSE and not in [] TRUE, even for null (as the executor)', () => {
        expect(toSql(handPlan([profile({ op: 'in', negated: false, column: city, values: [] })]), 'S').text).toContain('WHERE FALSE');
        expect(toSql(handPlan([profile({ op: 'in', negated: true, column: city, values: [] })]), 'S').text).toContain('WHERE TRUE');
    });

    it('empty and/or are TRUE and FALSE; single ones are their argument', () => {
        expect(toSql(handPlan([profile({ op: 'and', args: [] })]), 'S').text).toContain('WHERE TRUE');
        expect(toSql(handPlan([profile({ op: 'or', args: [] })]), 'S').text).toContain('WHERE FALSE');
        expect(toSql(handPlan([profile({ op: 'or', args: [{ op: 'null', negated: false, column: city }] })]), 'S').text)
            .toContain('WHERE c."address1_city" IS NULL');
    });

    it('a profile of another table keeps the rows whose key is an audience key', () => {
        const text = toSql(handPlan([{ kind: 'profile', table: 'lead', key: 'parentcontactid' }]), 'S').text;
        expect(text).toContain('WHERE c."contactid" IN (\n  SELECT p."parentcontactid" FROM "lead" AS p\n)');
    });

    it('an avg that claims to admit zero: contacts with rows but a null avg fail (IS NOT TRUE)', () => {
        const text = toSql(handPlan([{
            kind: 'interaction', type: 'SurveyResponse', table: 'survey_response', relation: { name: 'contact', column: 'contact_id', steps: [] },
            window: { kind: 'all' }, having: { agg: 'avg', column: 'score', op: '<', value: 5 }, admitsZero: true,
        }]), 'S').text;
        expect(text).toContain('HAVING (avg(i."score") < $3::double precision) IS NOT TRUE');
    });

    it('CTE names never shadow a table of the plan', () => {
        const plan = handPlan([
            profile({ op: 'exists', table: 'q1', via: 'contact_id', outerKey: 'contactid' }),
            profile({ op: 'null', negated: false, column: { path: [{ table: 'params', key: 'id', column: 'parentcustomerid' }], column: 'name', type: 'string' } }),
            { kind: 'union', left: 0, right: 1 },
        ]);
        const text = toSql(plan, 'S').text;
        expect(text).toMatch(/^ {2}params_ AS \(SELECT/m);
        expect(text).toMatch(/^ {2}q_1 AS \($/m);
        expect(text).toContain('SELECT contact_id FROM q_1\nUNION\nSELECT contact_id FROM q_2');
        expect(text).toContain('FROM "q1" AS e1');
        expect(text).toContain('LEFT JOIN "params" AS t0');
    });

    it('rejects set operations on later nodes (no cycles)', () => {
        expect(() => toSql(handPlan([profile(), { kind: 'union', left: 0, right: 1 }]), 'S')).toThrow(/topologically/);
    });

    it('reports what cannot be compiled', () => {
        const interaction = (extra: Record<string, unknown>) => handPlan([{
            kind: 'interaction', type: 'EmailOpened', table: 'email_opened', relation: { name: 'contact', column: 'contact_id', steps: [] },
            window: { kind: 'all' }, having: { agg: 'count', op: '>=', value: 1 }, admitsZero: false, ...extra,
        }]);
        expect(() => toSql(interaction({}), 'Nope')).toThrow(/no segment named 'Nope'/);
        expect(() => toSql({ ...interaction({}), version: 2 as 1 }, 'S')).toThrow(SqlError);
        expect(() => toSql(interaction({ window: { kind: 'rolling', amount: 1.5, unit: 'day' } }), 'S')).toThrow(/whole number/);
        expect(() => toSql(interaction({ window: { kind: 'rolling', amount: 3e9, unit: 'day' } }), 'S')).toThrow(/out of range/);
        expect(() => toSql(interaction({ having: { agg: 'sum', op: '>=', value: 1 } }), 'S')).toThrow(/names no column/);
        expect(() => toSql(interaction({ having: { agg: 'count', op: '>=', value: Number.NaN } }), 'S')).toThrow(/finite/);
        expect(() => toSql(interaction({ having: { agg: 'count' } }), 'S')).toThrow(/neither/);
        expect(() => toSql(handPlan([profile({ op: 'cmp', cmp: '=', column: city, value: { type: 'integer', value: 3 } })]), 'S')).toThrow(/cannot be compared/);
        expect(() => toSql(handPlan([profile({ op: 'text', mode: 'contains', negated: false, column: { ...city, type: 'integer' }, value: 'x' })]), 'S')).toThrow(/string column/);
        expect(() => toSql(handPlan([profile({ op: 'within', column: city, amount: 1, unit: 'day' })]), 'S')).toThrow(/date or datetime/);
        expect(() => toSql(handPlan([profile({ op: 'true', column: city })]), 'S')).toThrow(/boolean column/);
    });

    it('integers beyond 2^53 compare as double precision', () => {
        const text = toSql(handPlan([profile({ op: 'cmp', cmp: '>', column: { path: [], column: 'numberofchildren', type: 'integer' }, value: { type: 'integer', value: 2 ** 60 } })]), 'S');
        expect(text.params[2]).toEqual({ name: 'numberofchildren', type: 'double precision', value: 2 ** 60 });
    });
});

describe('the SQL tree and printer', () => {
    it('nodes are frozen', () => {
        const s = select({ columns: [{ expr: column(alias('c'), ident('x')) }], from: { table: ident('t'), alias: alias('c') } });
        expect(Object.isFrozen(s)).toBe(true);
        expect(Object.isFrozen(s.columns)).toBe(true);
        expect(Object.isFrozen(s.columns[0].expr)).toBe(true);
        expect(() => alias('Not an alias')).toThrow();
    });

    it('parenthesizes set operations where they nest differently, AND/OR blocks inside each other', () => {
        const q = (n: number) => select({ columns: [{ expr: column(undefined, alias('contact_id')) }], from: { table: alias(`q${n}`) } });
        const text = printSql(statement([], setOp('INTERSECT', setOp('UNION', q(1), q(2)), setOp('INTERSECT', q(3), q(4))), []), postgresDialect);
        expect(text).toBe([
            '(', '  SELECT contact_id FROM q1', '  UNION', '  SELECT contact_id FROM q2', ')',
            'INTERSECT',
            '(', '  SELECT contact_id FROM q3', '  INTERSECT', '  SELECT contact_id FROM q4', ')',
        ].join('\n'));
        const x = (n: number) => compare('=', column(alias('c'), ident(`x${n}`)), constant(n));
        const where = and(x(1), or(x(2), and(x(3), x(4))), and(x(5), x(6)));
        const printed = printSql(statement([], select({ columns: [{ expr: constant(1) }], from: { table: ident('t'), alias: alias('c') }, where }), []), postgresDialect);
        expect(printed).toBe([
            'SELECT 1',
            'FROM "t" AS c',
            'WHERE c."x1" = 1',
            '  AND (',
            '    c."x2" = 2',
            '    OR (',
            '      c."x3" = 3',
            '      AND c."x4" = 4',
            '    )',
            '  )',
            '  AND c."x5" = 5',
            '  AND c."x6" = 6',
        ].join('\n'));
    });
});
