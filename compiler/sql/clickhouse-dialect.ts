// ClickHouse (18.16 and later): what differs from PostgreSQL, in one object.
//
// The server cannot bind parameters (18.16 predates them), so every value a
// user wrote reaches the SQL text through `quoteString` (strings) or as a
// number the compiler checked; names come from checked metadata through
// `quoteIdentifier`. Time is stored as integers (Seg's own layout, see
// `storageType`) and every window bound is computed here, in JavaScript, by the
// calendar code the in-memory executor uses: 18.16's DateTime has whole
// seconds, and its DST resolution of wall-clock times is not PostgreSQL's, so
// computing bounds on the server could give a different answer.
import { daysFromCivil, instantMs, minusInterval, subtractFromWall, type TimeZone } from '../calendar/time-zone.js';
import type { CalendarUnit, Instant, Literal } from '../plan/plan.js';
import { SqlError } from './sql-error.js';

const MS_PER_DAY = 86_400_000;

/** A UUID in the canonical form the plan keeps (lower-case hex, dashes). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** How each PostgreSQL type of the default schema is stored (every column but keys and `timestamp` is Nullable). */
const STORAGE: Record<string, string> = {
    uuid: 'UUID',
    text: 'String',
    bigint: 'Int64',
    integer: 'Int32',
    'double precision': 'Float64',
    boolean: 'UInt8',
    // Days since 1970-01-01: ClickHouse's Date holds only 1970–2105 (a birth date of 1960 would not load).
    date: 'Int32',
    // Microseconds since 1970-01-01 UTC, as PostgreSQL's timestamptz: 18.16's DateTime has whole seconds.
    timestamptz: 'Int64',
};

/**
 * Upper-case letters whose lower case has another UTF-8 length (such as 'İ' → 'i', 'ẞ' → 'ß',
 * the Kelvin sign → 'k'): 18.16's lowerUTF8 maps byte sequences in place, so it leaves them
 * unchanged. `lower` replaces each with its lower case first (test/compiler/clickhouse/case.test.ts).
 * Three more (U+A7C5, U+A7CB, U+A7DC) are left to CASE_MISMATCH: Debian's and PGlite's C
 * libraries predate them, so PostgreSQL itself leaves them as they are.
 */
const LENGTH_CHANGING_LOWER: ReadonlyArray<readonly [string, string]> = [
    ['\u{130}', '\u{69}'], ['\u{23a}', '\u{2c65}'], ['\u{23e}', '\u{2c66}'], ['\u{1e9e}', '\u{df}'],
    ['\u{2126}', '\u{3c9}'], ['\u{212a}', '\u{6b}'], ['\u{212b}', '\u{e5}'], ['\u{2c62}', '\u{26b}'],
    ['\u{2c64}', '\u{27d}'], ['\u{2c6d}', '\u{251}'], ['\u{2c6e}', '\u{271}'], ['\u{2c6f}', '\u{250}'],
    ['\u{2c70}', '\u{252}'], ['\u{2c7e}', '\u{23f}'], ['\u{2c7f}', '\u{240}'], ['\u{a78d}', '\u{265}'],
    ['\u{a7aa}', '\u{266}'], ['\u{a7ab}', '\u{25c}'], ['\u{a7ac}', '\u{261}'], ['\u{a7ad}', '\u{26c}'],
    ['\u{a7ae}', '\u{26a}'], ['\u{a7b0}', '\u{29e}'], ['\u{a7b1}', '\u{287}'], ['\u{a7b2}', '\u{29d}'],
];

/**
 * Code points whose lower case 18.16's lowerUTF8 does not compute as PostgreSQL's lower() does,
 * even after LENGTH_CHANGING_LOWER (measured against the server: 576 its older Unicode tables
 * lack, such as Cherokee, Glagolitic and title-case digraphs), as RE2 / JavaScript classes.
 */
const CASE_MISMATCH = '[\\x{1c5}\\x{1c8}\\x{1cb}\\x{1f2}\\x{13a0}-\\x{13f5}\\x{1c89}\\x{1c90}-\\x{1cba}\\x{1cbd}-\\x{1cbf}\\x{1f88}-\\x{1f8f}\\x{1f98}-\\x{1f9f}\\x{1fa8}-\\x{1faf}\\x{1fbc}\\x{1fcc}\\x{1ffc}\\x{2132}\\x{2160}-\\x{216f}\\x{2183}\\x{24b6}-\\x{24cf}\\x{2c00}-\\x{2c2f}\\x{2c60}\\x{2c63}\\x{2c67}\\x{2c69}\\x{2c6b}\\x{2c72}\\x{2c75}\\x{2c80}\\x{2c82}\\x{2c84}\\x{2c86}\\x{2c88}\\x{2c8a}\\x{2c8c}\\x{2c8e}\\x{2c90}\\x{2c92}\\x{2c94}\\x{2c96}\\x{2c98}\\x{2c9a}\\x{2c9c}\\x{2c9e}\\x{2ca0}\\x{2ca2}\\x{2ca4}\\x{2ca6}\\x{2ca8}\\x{2caa}\\x{2cac}\\x{2cae}\\x{2cb0}\\x{2cb2}\\x{2cb4}\\x{2cb6}\\x{2cb8}\\x{2cba}\\x{2cbc}\\x{2cbe}\\x{2cc0}\\x{2cc2}\\x{2cc4}\\x{2cc6}\\x{2cc8}\\x{2cca}\\x{2ccc}\\x{2cce}\\x{2cd0}\\x{2cd2}\\x{2cd4}\\x{2cd6}\\x{2cd8}\\x{2cda}\\x{2cdc}\\x{2cde}\\x{2ce0}\\x{2ce2}\\x{2ceb}\\x{2ced}\\x{2cf2}\\x{a7b3}-\\x{a7b4}\\x{a7b6}\\x{a7b8}\\x{a7ba}\\x{a7bc}\\x{a7be}\\x{a7c0}\\x{a7c2}\\x{a7c4}-\\x{a7c7}\\x{a7c9}\\x{a7cb}-\\x{a7cc}\\x{a7ce}\\x{a7d0}\\x{a7d2}\\x{a7d4}\\x{a7d6}\\x{a7d8}\\x{a7da}\\x{a7dc}\\x{a7f5}\\x{104b0}-\\x{104d3}\\x{10570}-\\x{1057a}\\x{1057c}-\\x{1058a}\\x{1058c}-\\x{10592}\\x{10594}-\\x{10595}\\x{10c80}-\\x{10cb2}\\x{10d50}-\\x{10d65}\\x{16e40}-\\x{16e5f}\\x{16ea0}-\\x{16eb8}\\x{1e900}-\\x{1e921}]';
const CASE_MISMATCH_JS = new RegExp(CASE_MISMATCH.replace(/\\x\{([0-9a-f]+)\}/g, '\\u{$1}'), 'u');

/** The message of a query refused because compared data holds such a character (see `caseGuard`). */
export const CASE_REFUSAL = 'a string compared case-insensitively holds a character (such as Cherokee \'Ꭰ\') whose lower case ClickHouse 18.16 computes differently from PostgreSQL; Seg refuses rather than answer differently';

export const clickhouseDialect = {
    name: 'clickhouse',

    /** An identifier in backquotes (backslash and backquote escaped); names are checked metadata. */
    quoteIdentifier(name: string): string {
        if (name.length === 0) throw new SqlError('An empty name cannot be a ClickHouse identifier.');
        if (/[\u0000\ud800-\udfff]/.test(name)) throw new SqlError(`The name ${JSON.stringify(name)} contains a NUL character or an unpaired surrogate, which ClickHouse names cannot hold.`);
        return `\`${name.replace(/[\\`]/g, c => `\\${c}`)}\``;
    },

    /**
     * THE string literal: every user string goes through here. Quotes and
     * backslashes are escaped (ClickHouse reads backslash escapes in literals),
     * and every control character is written as \xHH, so the literal is one
     * line whatever the value holds. NUL is a valid ClickHouse character.
     */
    quoteString(value: string): string {
        if (typeof value !== 'string') throw new SqlError('A string literal in the plan is not a string.');
        if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value)) {
            throw new SqlError('A string with an unpaired surrogate (not valid Unicode) cannot be sent to ClickHouse.');
        }
        const escaped = value.replace(/[\\'\u0000-\u001f\u007f]/g, c =>
            c === '\\' ? '\\\\' : c === "'" ? "\\'" : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
        return `'${escaped}'`;
    },

    /** A plan literal as stored (see STORAGE); strings lower-cased by the caller where they are compared. */
    literal(lit: Literal, zone: TimeZone): string {
        switch (lit.type) {
            case 'string': return clickhouseDialect.quoteString(lit.value);
            case 'integer': case 'number': return clickhouseDialect.number(lit.value);
            case 'boolean':
                if (typeof lit.value !== 'boolean') throw new SqlError('A boolean literal in the plan is not a boolean.');
                return lit.value ? '1' : '0';
            case 'date': return String(clickhouseDialect.dayNumber(lit.value));
            case 'datetime': return clickhouseDialect.micros(instantMs(lit.value, zone));
            case 'uuid':
                if (typeof lit.value !== 'string' || !UUID.test(lit.value)) throw new SqlError(`${JSON.stringify(lit.value)} is not a GUID in canonical form.`);
                return `toUUID(${clickhouseDialect.quoteString(lit.value)})`;
            default: throw new SqlError(`Unknown literal type '${String((lit as { type: unknown }).type)}'.`);
        }
    },

    /** A finite number; negative ones in parentheses. */
    number(value: unknown): string {
        if (typeof value !== 'number' || !Number.isFinite(value)) throw new SqlError(`The number ${String(value)} has no ClickHouse literal.`);
        const text = Object.is(value, -0) ? '0' : String(value);
        return value < 0 ? `(${text})` : text;
    },

    /** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
    dayNumber(date: unknown): number {
        const m = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
        if (!m) throw new SqlError(`${JSON.stringify(date)} is not a date (YYYY-MM-DD).`);
        return daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3]));
    },

    /** Epoch milliseconds as stored: microseconds, exact (BigInt: beyond ±285 years of 1970 µs exceed 2^53). */
    micros(ms: number): string {
        if (!Number.isSafeInteger(ms)) throw new SqlError(`The instant ${ms} ms is out of range.`);
        const micros = BigInt(ms) * 1000n;
        return micros < 0n ? `(${micros})` : String(micros);
    },

    /** `asOf − amount unit` (exact minutes and hours; calendar units on the wall clock in the zone), in epoch ms. */
    instantMinus(asOfMs: number, amount: number, unit: CalendarUnit, zone: TimeZone): number {
        return minusInterval(asOfMs, amount, unit, zone);
    },

    /** A plan instant in epoch ms: UTC as is, wall-clock time in the zone. */
    instant(instant: Instant, zone: TimeZone): number {
        return instantMs(instant, zone);
    },

    /**
     * `date within amount unit`: PostgreSQL compares the date's midnight with the
     * wall-clock time `asOfDate − interval`, so a date `d` is inside when
     * `d > floor((asOfDate − interval) / 1 day)` and `d <= asOfDate`.
     */
    dateWindow(asOfMs: number, amount: number, unit: CalendarUnit, zone: TimeZone): { after: number; upTo: number } {
        const today = Math.floor(zone.toWall(asOfMs) / MS_PER_DAY);
        const low = subtractFromWall(today * MS_PER_DAY, amount, unit);
        return { after: Math.floor(low / MS_PER_DAY), upTo: today };
    },

    /** The column type a default-schema (PostgreSQL) type is stored as. */
    storageType(pgType: string): string {
        const type = STORAGE[pgType];
        if (!type) throw new SqlError(`The column type '${pgType}' has no ClickHouse storage.`);
        return type;
    },

    /** Lower-case for case-insensitive tests: exact except for CASE_MISMATCH characters (see caseGuard, checkCase). */
    lower: (expr: string): string =>
        `lowerUTF8(${LENGTH_CHANGING_LOWER.reduce((e, [upper, lower]) => `replaceAll(${e}, ${clickhouseDialect.quoteString(upper)}, ${clickhouseDialect.quoteString(lower)})`, expr)})`,

    /**
     * A term that is 1 where the string column's value can be lowered exactly,
     * and fails the query (throwIf) where it holds a CASE_MISMATCH character:
     * a refusal, never a different answer.
     */
    caseGuard: (column: string): string => `NOT throwIf(match(${column}, ${clickhouseDialect.quoteString(CASE_MISMATCH)}))`,

    /** A literal compared case-insensitively: refused at compile time when it holds a CASE_MISMATCH character. */
    checkCase(value: string, what: string): void {
        const m = CASE_MISMATCH_JS.exec(value);
        if (m) throw new SqlError(`ClickHouse cannot compare ${what} case-insensitively as PostgreSQL does: '${m[0]}' (U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) lower-cases differently there.`);
    },

    /** A substring test of two lowered strings. Byte positions are right for UTF-8: a byte prefix or suffix is a code point one. */
    textTest(mode: 'contains' | 'starts' | 'ends', haystack: string, needle: string): string {
        switch (mode) {
            case 'contains': return `position(${haystack}, ${needle}) > 0`;
            case 'starts': return `position(${haystack}, ${needle}) = 1`;
            case 'ends': return `position(reverse(${haystack}), reverse(${needle})) = 1`;
        }
    },

    /**
     * A test of a value that may be null, as a never-null 0 or 1: 1 only where
     * the value is not null and the test holds. ClickHouse's own null handling
     * is not SQL's (`NULL IN (1)` is 0 and `NULL NOT IN (1)` is 1; `NULL AND 0`
     * is NULL), so Seg's three-valued logic is computed as two two-valued
     * conditions, "is true" and "is false", each built from these.
     */
    known: (value: string, test: string): string => `(isNotNull(${value}) AND ifNull(${test}, 0))`,
};
