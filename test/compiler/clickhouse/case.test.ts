// Case-insensitive comparison on ClickHouse: clickhouseDialect.lower must give
// PostgreSQL's lower() (the executor's pgLower, itself tested against PGlite and
// the server in time-zone-pglite.test.ts) for every cased character it does not
// refuse, including the letters whose lower case has another UTF-8 length
// ('İ' → 'i', 'ẞ' → 'ß'), which 18.16's lowerUTF8 leaves unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgLower } from '../../../compiler/exec/text.js';
import { clickhouseDialect as ch } from '../../../compiler/sql/clickhouse-dialect.js';
import { SqlError } from '../../../compiler/sql/sql-error.js';
import { CLICKHOUSE_CLUSTER, CLICKHOUSE_SKIP, CLICKHOUSE_URL, openClickHouse, type ClickHouseEngine } from '../../support/clickhouse-engine.js';

/** Every character that lower() changes, or that is the lower case of one. */
function casedCharacters(): string[] {
    const found = new Set<string>();
    for (let cp = 0x41; cp < 0x20000; cp++) {
        if (cp >= 0xd800 && cp < 0xe000) continue;
        const c = String.fromCodePoint(cp);
        const lower = pgLower(c);
        if (lower !== c) { found.add(c); found.add(lower); }
    }
    return [...found];
}

const refused = (c: string): boolean => {
    try { ch.checkCase(c, 'x'); return false; } catch (e) { if (e instanceof SqlError) return true; throw e; }
};

describe('clickhouseDialect.checkCase', () => {
    it('accepts the letters lower() lengthens or shortens and refuses those 18.16 lacks', () => {
        for (const c of ['İ', 'ẞ', '\u212a', '\u2126', 'Ⱥ', 'İSTANBUL', 'STRAẞE']) expect(refused(c), c).toBe(false);
        for (const c of ['Ꭰ', 'ǅ', 'Ⰰ', '\ua7c5']) expect(refused(c), c).toBe(true);
    });
});

describe.skipIf(!CLICKHOUSE_URL)(`lower case on ClickHouse ${CLICKHOUSE_SKIP ?? ''}`, () => {
    let engine: ClickHouseEngine;
    beforeAll(async () => { engine = await openClickHouse(CLICKHOUSE_URL!, CLICKHOUSE_CLUSTER); }, 60_000);
    afterAll(async () => { await engine?.close(); }, 60_000);

    async function lowerOnServer(values: string[]): Promise<string[]> {
        const out: string[] = [];
        for (let i = 0; i < values.length; i += 500) {
            const batch = values.slice(i, i + 500);
            const { rows } = await engine.db.query(`SELECT arrayMap(x -> ${ch.lower('x')}, [${batch.map(ch.quoteString).join(', ')}]) AS l`);
            out.push(...(rows[0]!.l as string[]));
        }
        return out;
    }

    it('lowers every cased character it does not refuse as PostgreSQL does', async () => {
        const chars = casedCharacters().filter(c => !refused(c));
        expect(chars.length).toBeGreaterThan(2000);
        const lowered = await lowerOnServer(chars);
        const wrong = chars.filter((c, i) => lowered[i] !== pgLower(c)).map(c => `U+${c.codePointAt(0)!.toString(16)}`);
        expect(wrong).toEqual([]);
    }, 60_000);

    it('lowers whole words with letters that change length', async () => {
        const words = ['İSTANBUL', 'İzmir', 'STRAẞE', '\u212aELVIN', 'Ⱥlpha', 'aİbİc', 'ZÜRICH', 'ΣΟΦΙΑ'];
        expect(await lowerOnServer(words)).toEqual(words.map(pgLower));
    }, 60_000);
});
