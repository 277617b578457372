// ClickHouse binds no parameters, so every user string reaches the SQL text
// through one function, clickhouseDialect.quoteString. Hostile strings (quotes,
// backslashes, NUL, newlines, comment and statement syntax, bidirectional
// controls, astral characters, long runs) come back from the server exactly as
// they went in, and a segment comparing with each one runs and leaves every
// table intact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clickhouseDialect as ch } from '../../../compiler/sql/clickhouse-dialect.js';
import { toClickHouseSql } from '../../../compiler/sql/clickhouse-sql.js';
import { SqlError } from '../../../compiler/sql/sql-error.js';
import { planOf } from '../../helpers.js';
import { CLICKHOUSE_CLUSTER, CLICKHOUSE_SKIP, CLICKHOUSE_URL, openClickHouse, type ClickHouseEngine } from '../../support/clickhouse-engine.js';

const CORPUS = [
    "'; DROP TABLE contact; --", "' OR '1'='1", '" OR 1=1 --', "\\'; DROP TABLE contact; --", "\\", "\\\\", "\\x27", "\\0", "\\'",
    "x'); TRUNCATE TABLE email_opened; SELECT ('", '/* unterminated comment', '*/ SELECT 1; /*', '-- line comment', '# hash comment', ';',
    '`backquote`', '{p1:String}', '$1', '?', '%', '_', '%_\\%', 'a\u0000b', '\u0000', 'line\nbreak', 'carriage\rreturn', 'tab\there',
    '\u0007bell\u001b[31m', '\u007f', '\u202Eevil\u202C', 'zero\u200Bwidth', '\u2028\u2029', '🙂 emoji', 'Zürich', '東京', 'ΣΟΦΙΑ',
    'x'.repeat(10_240), "'".repeat(500), '\\'.repeat(501),
];

describe('clickhouseDialect.quoteString', () => {
    it('writes one line, with no unescaped quote or backslash, for every corpus string', () => {
        for (const s of CORPUS) {
            const q = ch.quoteString(s);
            expect(q.startsWith("'") && q.endsWith("'")).toBe(true);
            const body = q.slice(1, -1);
            // Escapes are \\, \' and \xHH; nothing else may follow a backslash, and no quote stands alone.
            expect(body.replace(/\\(?:\\|'|x[0-9a-f]{2})/g, '')).not.toMatch(/[\\'\u0000-\u001f\u007f]/);
        }
    });

    it('refuses a string that is not valid Unicode (an unpaired surrogate)', () => {
        expect(() => ch.quoteString('a\ud800b')).toThrow(SqlError);
        expect(() => ch.quoteString('\udc00')).toThrow(SqlError);
        expect(ch.quoteString('🙂')).toBe("'🙂'");
    });

    it('quotes identifiers in backquotes and refuses NUL', () => {
        expect(ch.quoteIdentifier('a`b\\c')).toBe('`a\\`b\\\\c`');
        expect(() => ch.quoteIdentifier('a\u0000')).toThrow(SqlError);
        expect(() => ch.quoteIdentifier('')).toThrow(SqlError);
    });
});

describe.skipIf(!CLICKHOUSE_URL)(`hostile strings on ClickHouse ${CLICKHOUSE_SKIP ?? ''}`, () => {
    let engine: ClickHouseEngine;
    beforeAll(async () => { engine = await openClickHouse(CLICKHOUSE_URL!, CLICKHOUSE_CLUSTER); }, 60_000);
    afterAll(async () => { await engine?.close(); }, 60_000);

    it('every corpus string comes back from the server unchanged', async () => {
        for (const s of CORPUS) {
            const { rows } = await engine.db.query(`SELECT ${ch.quoteString(s)} AS v`);
            expect(rows[0]?.v, JSON.stringify(s).slice(0, 80)).toBe(s);
        }
    });

    it('a segment comparing with each string runs, finds the contact holding it, and changes no table', async () => {
        const contacts = CORPUS.map((s, i) => ({
            contactid: `00000001-0000-4000-8000-${String(i).padStart(12, '0')}`, firstname: s, address1_city: null, jobtitle: null, numberofchildren: null,
            creditlimit: null, birthdate: null, createdon: null, donotemail: null, gendercode: null, statecode: null, parentcustomerid: null,
        }));
        await engine.load({ asOf: new Date('2026-03-01T00:00:00Z'), timeZone: 'UTC', rows: { contact: contacts } });
        // Seg strings: the source escapes what its lexer needs; NUL is a compile error there, so it is left out.
        const seg = (s: string) => JSON.stringify(s).replace(/\\u([0-9a-f]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
        const usable = CORPUS.filter(s => !s.includes('\u0000') && !/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/.test(s));
        const program = usable.map((s, i) => `segment T${i} = profile contact where firstname = ${seg(s)} or firstname contains ${seg(s)}`).join('\n');
        const plan = await planOf(program);
        for (const [i, s] of usable.entries()) {
            const { rows } = await engine.db.query(toClickHouseSql(plan, `T${i}`, new Date('2026-03-01T00:00:00Z')));
            expect(rows.map(r => r.contact_id), JSON.stringify(s).slice(0, 80)).toContain(contacts[CORPUS.indexOf(s)]!.contactid);
        }
        const { rows } = await engine.db.query('SELECT count() AS n FROM contact');
        expect(Number(rows[0]?.n)).toBe(CORPUS.length);
    }, 60_000);
});
