// Strings as PostgreSQL compares them in Seg: `lower()` under a UTF-8 ctype
// (each code point's simple lowercase mapping) and ordering by code point
// (the "C" collation; UTF-8 byte order is code point order).

const NEEDS_SIMPLE_MAPPING = /[\u0130\u03a3]/g;

/**
 * PostgreSQL `lower()` (libc, C.UTF-8): the simple lowercase mapping of every
 * code point. JavaScript's toLowerCase() differs only in two places: 'İ'
 * (U+0130) becomes "i̇" (two code points) instead of 'i', and a final 'Σ'
 * becomes 'ς' instead of 'σ'.
 */
export function pgLower(s: string): string {
    const lowered = s.toLowerCase();
    if (lowered.length === s.length && lowered.indexOf('ς') < 0) return lowered;
    return s.replace(NEEDS_SIMPLE_MAPPING, c => (c === 'Σ' ? 'σ' : 'i')).toLowerCase();
}

/**
 * Code point order of two strings (negative, 0, positive). JavaScript's `<`
 * compares UTF-16 units, which puts astral characters (surrogate pairs,
 * U+D800–DFFF) before U+E000–FFFF; the first differing units are remapped so
 * surrogates sort above every other BMP unit.
 */
export function compareCodePoints(a: string, b: string): number {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
        let x = a.charCodeAt(i), y = b.charCodeAt(i);
        if (x !== y) {
            if (x >= 0xd800 && y >= 0xd800) {
                x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
                y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
            }
            return x - y;
        }
    }
    return a.length - b.length;
}
