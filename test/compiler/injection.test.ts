// Nothing a user types reaches SQL except as a parameter or a checked, quoted
// identifier: hostile strings come back as plain data (or a clear error), both
// as bound parameters and inlined for psql, and every table is intact after.
import { describe, expect, it } from 'vitest';
import { bindParams, toInlineSql, toSql } from '../../compiler/sql/to-sql.js';
import { quote } from '../../language/seg-value-converter.js';
import { diagnosticsOf, planOf } from '../helpers.js';
import { insertStatements, TABLES, type DataSet } from '../support/arbitrary-data.js';
import { useEngines, type Engine } from '../support/engines.js';

const CORPUS = [
    "'; DROP TABLE contact; --",
    "' OR '1'='1",
    '" OR 1=1 --',
    "\\'; DELETE FROM contact; --",
    "x'); TRUNCATE email_opened; SELECT ('",
    '/* unterminated comment',
    '*/ SELECT 1; /*',
    '-- line comment',
    ';',
    '\\',
    '\\\\',
    "\\x27",
    '$1',
    '$$; DROP TABLE contact; $$',
    "E'\\x41'",
    '%',
    '_',
    '%_\\%',
    '\u202Eevil\u202C',
    'zero\u200Bwidth',
    '🙂 emoji',
    'x'.repeat(10_240),
    "'".repeat(500),
];

const CONTACT = (n: number) => `00000001-0000-4000-8000-${String(n).padStart(12, '0')}`;

const data: DataSet = {
    asOf: new Date('2026-03-01T00:00:00Z'),
    timeZone: 'UTC',
    rows: {
        contact: CORPUS.map((s, i) => ({ contactid: CONTACT(i), firstname: s, jobtitle: s.toUpperCase() })),
        email_opened: CORPUS.map((s, i) => ({
            internal_marketing_interaction_id: `00000005-0000-4000-8000-${String(i).padStart(12, '0')}`,
            timestamp: Date.parse('2026-02-27T00:00:00Z'), contact_id: CONTACT(i), email_domain: s,
        })),
    },
};

/** Rows per table, one query after another (a pg client runs one at a time; overlapping calls are deprecated). */
async function counts(e: Engine): Promise<Record<string, number>> {
    const n: Record<string, number> = {};
    for (const t of Object.keys(TABLES)) n[t] = Number((await e.query(`SELECT count(*) AS n FROM "${t}"`))[0].n);
    return n;
}

const engines = useEngines(async e => {
    for (const { text, params } of insertStatements(data)) await e.query(text, params);
});

describe('hostile strings are data', () => {
    const tests = (s: string) => [
        `profile contact where firstname = ${quote(s)}`,
        `profile contact where firstname contains ${quote(s)} or jobtitle starts with ${quote(s)} or firstname ends with ${quote(s)}`,
        `profile contact where firstname in [${quote(s)}, "plain"] and not firstname < ${quote(s)}`,
        `interaction EmailOpened within 7 days where emailDomain = ${quote(s)}`,
    ];

    it.each(CORPUS.map((s, i) => [i, s.length > 40 ? `${s.slice(0, 40)}… (${s.length} chars)` : s, s]))(
        'corpus #%i %j: finds exactly its own contact, bound and inlined, and leaves every table intact',
        async (i, _label, s) => {
            const source = tests(s as string).map((body, k) => `segment T${k} = ${body}`).join('\n');
            const plan = await planOf(source);
            for (const engine of engines) {
                const before = await counts(engine);
                for (const segment of plan.segments) {
                    const query = toSql(plan, segment.name);
                    // Short strings ('_', '$1') occur in any SQL; longer ones must never be in the query text.
                    if ((s as string).trim().length >= 6) expect(query.text).not.toContain((s as string).slice(0, 200));
                    const bound = (await engine.query(query.text, bindParams(query, { asOf: data.asOf }))).map(r => r.contact_id);
                    const inline = (await engine.query(toInlineSql(query, { asOf: data.asOf }))).map(r => r.contact_id);
                    expect(inline, `${engine.name}: inlined = bound for ${segment.name}`).toEqual(bound);
                    if (segment.name === 'T0' || segment.name === 'T3') {
                        // Strings match case-insensitively, so every contact whose value lowers alike is found; its own always.
                        expect(bound, `${engine.name} ${segment.name}`).toContain(CONTACT(i as number));
                    }
                }
                expect(await counts(engine)).toEqual(before);
            }
        });

    it('a NUL character is a compile error with a location, not a database error', async () => {
        const diags = await diagnosticsOf('segment T = profile contact where firstname = "a\u0000b"');
        expect(diags.map(d => [d.code, d.range.start.line, d.range.start.character])).toEqual([['SEG002', 0, 48]]);
    });
});
