// Quoting and escaping: identifiers, inline literals, placeholders, and the
// header comment. Nothing a user writes may change the structure of the SQL.
import { describe, expect, it } from 'vitest';
import { postgresDialect as pg } from '../../../compiler/sql/postgres-dialect.js';
import { SqlError, sqlFileHeader, toInlineSql, toSql } from '../../../compiler/sql/to-sql.js';
import { planOf } from '../../helpers.js';

describe('identifiers', () => {
    it('are always double-quoted, with " doubled', () => {
        expect(pg.quoteIdentifier('contact')).toBe('"contact"');
        expect(pg.quoteIdentifier('timestamp')).toBe('"timestamp"');
        expect(pg.quoteIdentifier('we"ird')).toBe('"we""ird"');
        expect(pg.quoteIdentifier('"; DROP TABLE x; --')).toBe('"""; DROP TABLE x; --"');
    });

    it('reject what PostgreSQL names cannot hold', () => {
        expect(() => pg.quoteIdentifier('')).toThrow(SqlError);
        expect(() => pg.quoteIdentifier('a\u0000b')).toThrow(/NUL/);
    });
});

describe('inline literals', () => {
    it('quote strings in the standard-conforming form', () => {
        expect(pg.inlineLiteral("it's", 'text')).toBe("'it''s'");
        expect(pg.inlineLiteral('back\\slash', 'text')).toBe("'back\\slash'");
        expect(pg.inlineLiteral('two\nlines', 'text')).toBe("'two\nlines'");
        expect(pg.inlineLiteral("'; DROP TABLE contact; --", 'text')).toBe("'''; DROP TABLE contact; --'");
        expect(pg.inlineLiteral('', 'text')).toBe("''");
    });

    it('keep a 10 KB string whole', () => {
        const long = 'ab\'c'.repeat(2560);
        const quoted = pg.inlineLiteral(long, 'text');
        expect(quoted).toBe(`'${long.replace(/'/g, "''")}'`);
        expect(quoted.length).toBe(10_240 + 2560 + 2);
    });

    it('reject NUL, which PostgreSQL text cannot hold', () => {
        expect(() => pg.inlineLiteral('a\u0000b', 'text')).toThrow(SqlError);
    });

    it('spell numbers, booleans and null; negative numbers in parentheses', () => {
        expect(pg.inlineLiteral(5, 'bigint')).toBe('5');
        expect(pg.inlineLiteral(-4, 'bigint')).toBe('(-4)');
        expect(pg.inlineLiteral(2.5, 'double precision')).toBe('2.5');
        expect(pg.inlineLiteral(1e21, 'double precision')).toBe('1e+21');
        expect(pg.inlineLiteral(true, 'boolean')).toBe('TRUE');
        expect(pg.inlineLiteral(null, 'timestamptz')).toBe('NULL');
        expect(() => pg.inlineLiteral(Number.NaN, 'double precision')).toThrow(SqlError);
        expect(() => pg.inlineLiteral(Infinity, 'double precision')).toThrow(SqlError);
        expect(() => pg.inlineLiteral(2.5, 'bigint')).toThrow(SqlError);
    });
});

describe('placeholders', () => {
    it('are replaced outside quoted names, strings and comments only', () => {
        const text = `SELECT "$1", '$2' -- $3\n, $4::text /* $5 */, $10::uuid, "a""$6"`;
        expect(pg.replacePlaceholders(text, n => `<${n}>`)).toBe(`SELECT "$1", '$2' -- $3\n, <4>::text /* $5 */, <10>::uuid, "a""$6"`);
    });

    it('inline SQL has no placeholder left', async () => {
        const plan = await planOf('segment A = interaction EmailOpened having count >= 2 within 3 days where city = "Delft"', { timeZone: 'Europe/Amsterdam' });
        const inline = toInlineSql(toSql(plan, 'A'), { asOf: new Date('2026-01-01T00:00:00Z') });
        expect(inline).not.toMatch(/\$\d/);
        expect(inline).toContain("'2026-01-01T00:00:00.000Z'::timestamptz");
        expect(inline).toContain("'Europe/Amsterdam'::text");
        expect(inline).toContain("lower('Delft'::text)");
        expect(inline).toContain('count(*) >= 2::bigint');
    });
});

describe('no user value in the query text', () => {
    const nasty = [
        "'; DROP TABLE contact; --", 'Robert"); DELETE FROM contact;', '$1 OR 1=1', '*/ SELECT 1 /*', 'line\nbreak -- x',
        'back\\slash', '%_', 'ZZsecretZZ',
    ];

    it('every string is a parameter, and the text has no string literal at all', async () => {
        const source = nasty.map((s, i) => `segment S${i} = profile contact where lastname = ${JSON.stringify(s)} or jobtitle contains ${JSON.stringify(s)}`).join('\n');
        const plan = await planOf(source);
        nasty.forEach((s, i) => {
            const query = toSql(plan, `S${i}`);
            expect(query.text).not.toContain(s);
            expect(query.text).not.toContain("'");
            expect(query.params.filter(p => p.value === s)).toHaveLength(2);
        });
    });

    it('every literal type is a parameter with an explicit cast', async () => {
        const plan = await planOf(`
segment T = profile contact
  where parentcustomerid = "5B2C7A4E-1D2F-4C3B-9A8E-0F1E2D3C4B5A"
    and firstname = "Ann"
    and numberofchildren = 2
    and creditlimit > 1500.5
    and birthdate < 2000-01-01
    and createdon >= 2026-01-01T08:00:00+01:00
    and modifiedon < 2026-02-01T08:00
    and donotemail = true
`);
        const { text, params } = toSql(plan, 'T');
        expect(params).toEqual([
            { name: 'asOf', type: 'timestamptz', value: null },
            { name: 'timeZone', type: 'text', value: 'UTC' },
            { name: 'parentcustomerid', type: 'uuid', value: '5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a' },
            { name: 'firstname', type: 'text', value: 'Ann' },
            { name: 'numberofchildren', type: 'bigint', value: 2 },
            { name: 'creditlimit', type: 'double precision', value: 1500.5 },
            { name: 'birthdate', type: 'date', value: '2000-01-01' },
            { name: 'createdon', type: 'timestamptz', value: '2026-01-01T07:00:00.000Z' },
            { name: 'modifiedon', type: 'timestamp', value: '2026-02-01T08:00:00' },
            { name: 'donotemail', type: 'boolean', value: true },
        ]);
        for (const cast of ['$3::uuid', '$4::text', '$5::bigint', '$6::double precision', '$7::date', '$8::timestamptz', '($9::timestamp AT TIME ZONE $2::text)', '$10::boolean']) {
            expect(text).toContain(cast);
        }
        // No bare placeholder: each is followed by its cast.
        expect(text.match(/\$\d+(?!\d|::)/g)).toBeNull();
    });

    it('strings with NUL, which PostgreSQL cannot hold, are an error', async () => {
        const plan = await planOf('segment A = profile contact where lastname = "x"');
        const node = plan.nodes[0] as { where: { value: { value: string } } };
        node.where.value.value = 'a\u0000b';
        expect(() => toSql(plan, 'A')).toThrow(SqlError);
    });
});

describe('the header', () => {
    it('names the segment, its source and every parameter', async () => {
        const plan = await planOf('/// doc\ndraft segment Welcome =\n  interaction EmailOpened having count >= 3 within 14 days where customerJourneyId = "5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a"');
        const header = sqlFileHeader(plan, 'Welcome', toSql(plan, 'Welcome'));
        expect(header).toBe([
            '-- Segment: Welcome (draft)',
            '-- Source: test.seg:2:1',
            '-- Parameters:',
            '--   $1 asOf (timestamptz)',
            "--   $2 time zone (text) = 'UTC'",
            "--   $3 customer_journey_id (uuid) = '5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a'",
            '--   $4 count (bigint) = 3',
        ].join('\n'));
    });

    it('cannot be broken out of: newlines and other control characters are escaped', async () => {
        const values = ['a\nb', 'c\r\nDROP TABLE contact; --', '*/ x /*', "it's", 'back\\slash', 'tab\there', '\u2028sep', '\u202Eevil'];
        const plan = await planOf(values.map((_, i) => `segment H${i} = profile contact where lastname = "x"`).join('\n'));
        // Set in the plan directly: Seg strings have no \r escape.
        values.forEach((v, i) => { (plan.nodes[i] as unknown as { where: { value: { value: string } } }).where.value.value = v; });
        plan.segments[0].source.file = 'dir\nDROP TABLE x;.seg';
        const shown: string[] = [];
        values.forEach((v, i) => {
            const header = sqlFileHeader(plan, `H${i}`, toSql(plan, `H${i}`));
            for (const line of header.split('\n')) expect(line.startsWith('-- ')).toBe(true);
            expect(header).not.toMatch(/[\r\u2028\u2029\u202e]/);
            shown.push(header.split('\n').at(-1)!.replace(/^--   \$3 lastname \(text\) = /, ''));
        });
        expect(shown).toEqual([
            "E'a\\nb'", "E'c\\r\\nDROP TABLE contact; --'", "'*/ x /*'", "'it''s'", "E'back\\\\slash'", "E'tab\\there'",
            "E'\\u2028sep'", "E'\\u202eevil'",
        ]);
        expect(sqlFileHeader(plan, 'H0', toSql(plan, 'H0')).split('\n')[1]).toBe('-- Source: dir\\u000aDROP TABLE x;.seg:1:1');
    });

    it('cuts long values', async () => {
        const plan = await planOf(`segment L = profile contact where lastname = "${'x'.repeat(10_240)}"`);
        const last = sqlFileHeader(plan, 'L', toSql(plan, 'L')).split('\n').at(-1)!;
        expect(last).toBe(`--   $3 lastname (text) = '${'x'.repeat(120)}'… (10240 characters, cut)`);
    });

    it('shows the bound values for inline output', async () => {
        const plan = await planOf('segment A = profile contact', { timeZone: 'Europe/Amsterdam' });
        const header = sqlFileHeader(plan, 'A', toSql(plan, 'A'), { asOf: '2026-03-01T00:00:00.000Z' });
        expect(header.split('\n').slice(3)).toEqual([
            "--   $1 asOf (timestamptz) = '2026-03-01T00:00:00.000Z'",
            "--   $2 time zone (text) = 'Europe/Amsterdam'",
        ]);
    });
});

