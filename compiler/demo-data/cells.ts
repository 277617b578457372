// Cells shared by the demo data's generators (population.ts, journeys.ts,
// generic/): the row type, timestamps in COPY form, record ids and string hashing.
import { hash, uuidFrom } from './random.js';

export type Cell = string | null;
export type Row = Cell[];

const DAY = 86_400_000;
const HOUR = 3_600_000;

const D2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const D3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const dayPrefix = new Map<number, string>();

/** `new Date(ms).toISOString()`, several times faster for the millions of timestamps seed writes. */
export function iso(ms: number): string {
    const whole = Math.floor(ms);
    const day = Math.floor(whole / DAY);
    let prefix = dayPrefix.get(day);
    if (prefix === undefined) {
        prefix = new Date(day * DAY).toISOString().slice(0, 11);
        if (dayPrefix.size > 100_000) dayPrefix.clear();
        dayPrefix.set(day, prefix);
    }
    let rest = whole - day * DAY;
    const h = Math.floor(rest / HOUR);
    rest -= h * HOUR;
    const m = Math.floor(rest / 60_000);
    rest -= m * 60_000;
    const sec = Math.floor(rest / 1000);
    return `${prefix}${D2[h]}:${D2[m]}:${D2[sec]}.${D3[rest - sec * 1000]}Z`;
}

export const isoDate = (ms: number): string => iso(ms).slice(0, 10);

/**
 * The id of unit i's n-th record in a namespace (a contact's n-th email
 * opened, an account's n-th custom record). (i, n) (i < 2^32, n < 2^16) goes
 * through a 48-bit Feistel permutation into the first 48 bits, so distinct
 * records never share an id, and ids look random throughout.
 */
export function recordId(ns: number, i: number, n: number): string {
    const v = i * 65536 + n;
    let left = Math.floor(v / 16777216);
    let right = v % 16777216;
    for (let round = 0; round < 4; round++) {
        const next = (left ^ (hash(ns, right, round) & 0xffffff)) >>> 0;
        left = right;
        right = next;
    }
    const a = (left * 256 + (right >>> 16)) >>> 0;
    const b = (((right & 0xffff) << 16) | (hash(ns, v % 4294967296, 7) & 0xffff)) >>> 0;
    return uuidFrom(a, b, hash(ns, i, n, 1), hash(ns, i, n, 2));
}

/** FNV-1a of a string's UTF-16 units: a 32-bit name for namespaces (table and column names). */
export function nameHash(text: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h >>> 0;
}
