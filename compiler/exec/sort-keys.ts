// Sorting result keys by code point, fast for the common case of ASCII keys
// (uuids): past the prefix all keys share, the next 4 characters and the
// key's position are packed into one double, a native numeric sort orders
// those, and only keys that tie on those characters are compared as strings.
import { compareCodePoints } from './text.js';

const PREFIX_CHARS = 4; // 7 bits each: 28 bits, leaving 25 for the position
const MAX_POSITION_BITS = 53 - 7 * PREFIX_CHARS;

/** The keys sorted in code point order (a new array; the input is left alone). */
export function sortKeys(keys: string[]): string[] {
    const n = keys.length;
    const bits = Math.max(1, Math.ceil(Math.log2(n + 1)));
    if (n < 256 || bits > MAX_POSITION_BITS) return sortStrings([...keys]);
    const scale = 2 ** bits;
    const from = commonPrefixLength(keys);
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) {
        const key = keys[i];
        let prefix = 0;
        for (let c = from; c < from + PREFIX_CHARS; c++) {
            const code = c < key.length ? key.charCodeAt(c) : 0;
            if (code > 0x7f) return sortStrings([...keys]);
            prefix = prefix * 128 + code;
        }
        packed[i] = prefix * scale + i;
    }
    packed.sort();
    const out = new Array<string>(n);
    const group = new Float64Array(n);
    for (let i = 0; i < n; i++) {
        const prefix = Math.floor(packed[i] / scale);
        group[i] = prefix;
        out[i] = keys[packed[i] - prefix * scale];
    }
    // Keys with the same first characters (or shorter keys padded with NUL): order them as strings.
    for (let start = 0; start < n;) {
        let end = start + 1;
        while (end < n && group[end] === group[start]) end++;
        if (end - start > 16) {
            const run = sortStrings(out.slice(start, end));
            for (let i = 0; i < run.length; i++) out[start + i] = run[i];
        } else {
            for (let i = start + 1; i < end; i++) {
                const key = out[i];
                let j = i - 1;
                for (; j >= start && compareCodePoints(out[j], key) > 0; j--) out[j + 1] = out[j];
                out[j + 1] = key;
            }
        }
        start = end;
    }
    return out;
}

function commonPrefixLength(keys: string[]): number {
    const first = keys[0];
    let length = first.length;
    for (let i = 1; i < keys.length && length > 0; i++) {
        const key = keys[i];
        let j = 0;
        while (j < length && j < key.length && key.charCodeAt(j) === first.charCodeAt(j)) j++;
        length = j;
    }
    // Never split a surrogate pair: the packed characters must be whole code points or ASCII.
    return length > 0 && (first.charCodeAt(length - 1) & 0xfc00) === 0xd800 ? length - 1 : length;
}

/** Sorts strings in place by code point (JavaScript's order is UTF-16 units: the same without surrogates). */
function sortStrings(keys: string[]): string[] {
    for (const key of keys) if (SURROGATE.test(key)) return keys.sort(compareCodePoints);
    return keys.sort();
}

const SURROGATE = /[\uD800-\uDFFF]/;
