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
            case 'datetime': return String(clickhouseDialect.micros(instantMs(lit.value, zone)));
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

    /** Epoch milliseconds as stored: microseconds (a whole number). */
    micros(ms: number): number {
        if (!Number.isSafeInteger(ms * 1000)) throw new SqlError(`The instant ${ms} ms is out of range.`);
        return ms * 1000;
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

    /** Lower-case for case-insensitive tests (see the README's "Scaling out": one documented difference). */
    lower: (expr: string): string => `lowerUTF8(${expr})`,

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
