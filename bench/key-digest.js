// An order-independent digest of a set of contact keys, to check that two
// engines or formulations return the same contacts without keeping both lists.

/** Count and two 32-bit hashes of the keys, lower-cased (engines return uuids as text in either case). */
export function digest(keys) {
    let sum = 0, xor = 0;
    for (const raw of keys) {
        const key = raw.toLowerCase();
        let h1 = 0x811c9dc5, h2 = 0x9747b28c;
        for (let i = 0; i < key.length; i++) {
            const ch = key.charCodeAt(i);
            h1 = Math.imul(h1 ^ ch, 0x01000193);
            h2 = Math.imul(h2 ^ ch, 0x5bd1e995);
            h2 ^= h2 >>> 15;
        }
        sum = (sum + (h1 >>> 0)) >>> 0;
        xor = (xor ^ h2) >>> 0;
    }
    return `${keys.length}:${sum.toString(16)}:${xor.toString(16)}`;
}
