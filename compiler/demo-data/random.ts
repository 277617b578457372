// Deterministic randomness for demo data: integer hashing (murmur3's
// finalizer), a small seeded PRNG (mulberry32), and uuids from 128 hashed bits.
// Same inputs, same outputs, on every machine.

/** murmur3 fmix32: a bijection on 32-bit integers with good avalanche. */
export function mix32(x: number): number {
    x ^= x >>> 16;
    x = Math.imul(x, 0x85ebca6b);
    x ^= x >>> 13;
    x = Math.imul(x, 0xc2b2ae35);
    x ^= x >>> 16;
    return x >>> 0;
}

/** A hash of up to four 32-bit integers. */
export function hash(a: number, b = 0, c = 0, d = 0): number {
    let h = mix32((a ^ 0x9e3779b9) >>> 0);
    h = mix32((h ^ Math.imul(b | 0, 0x85ebca77)) >>> 0);
    h = mix32((h + Math.imul(c | 0, 0xc2b2ae3d)) >>> 0);
    return mix32((h ^ Math.imul(d | 0, 0x27d4eb2f)) >>> 0);
}

/** A uniform number in [0, 1) from a 32-bit hash. */
export const unit = (h: number): number => h / 4294967296;

/** mulberry32: fast, 32-bit state, good enough for demo data. */
export class Rng {
    private state: number;

    constructor(seed: number) {
        this.state = seed >>> 0;
    }

    /** A uniform 32-bit unsigned integer. */
    next(): number {
        this.state = (this.state + 0x6d2b79f5) >>> 0;
        let t = this.state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return (t ^ (t >>> 14)) >>> 0;
    }

    /** Uniform in [0, 1). */
    float(): number {
        return this.next() / 4294967296;
    }

    /** Uniform integer in [0, n). */
    int(n: number): number {
        return Math.floor(this.float() * n);
    }

    /** Uniform integer in [lo, hi]. */
    between(lo: number, hi: number): number {
        return lo + this.int(hi - lo + 1);
    }

    chance(p: number): boolean {
        return this.float() < p;
    }

    pick<T>(items: readonly T[]): T {
        return items[this.int(items.length)];
    }

    /** A standard normal deviate (Box–Muller, one of the pair). */
    normal(): number {
        const u = 1 - this.float();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
    }

    /** Exponentially distributed with the given mean. */
    exponential(mean: number): number {
        return -Math.log(1 - this.float()) * mean;
    }

    /** A Poisson count (Knuth's method for small means, a rounded normal above 30). */
    poisson(mean: number): number {
        if (mean <= 0) return 0;
        if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
        const limit = Math.exp(-mean);
        let k = 0;
        for (let p = this.float(); p > limit; p *= this.float()) k++;
        return k;
    }
}

/** A weighted choice: `weights[i]` is the relative weight of index i. */
export class Weighted<T> {
    private readonly cumulative: number[] = [];
    private readonly total: number;

    constructor(readonly items: ReadonlyArray<readonly [T, number]>) {
        let sum = 0;
        for (const [, w] of items) this.cumulative.push(sum += w);
        this.total = sum;
    }

    /** The item for a uniform u in [0, 1). */
    at(u: number): T {
        const x = u * this.total;
        let lo = 0, hi = this.cumulative.length - 1;
        while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (this.cumulative[mid] > x) hi = mid;
            else lo = mid + 1;
        }
        return this.items[lo][0];
    }

    pick(rng: Rng): T {
        return this.at(rng.float());
    }
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A version-4-shaped uuid from four 32-bit words. All of `a` and the top 16
 * bits of `b` survive unchanged, so ids that differ there never collide.
 */
export function uuidFrom(a: number, b: number, c: number, d: number): string {
    return HEX[a >>> 24] + HEX[(a >>> 16) & 255] + HEX[(a >>> 8) & 255] + HEX[a & 255] + '-'
        + HEX[b >>> 24] + HEX[(b >>> 16) & 255] + '-'
        + HEX[0x40 | ((b >>> 8) & 15)] + HEX[b & 255] + '-'
        + HEX[0x80 | ((c >>> 24) & 63)] + HEX[(c >>> 16) & 255] + '-'
        + HEX[(c >>> 8) & 255] + HEX[c & 255] + HEX[d >>> 24] + HEX[(d >>> 16) & 255] + HEX[(d >>> 8) & 255] + HEX[d & 255];
}

/**
 * The uuid of record `index` (< 2^32) of a namespace: distinct indices give
 * distinct ids (the first word is a bijection of the index).
 */
export function uuidOf(namespace: number, index: number): string {
    const a = mix32((index ^ namespace) >>> 0);
    const b = hash(namespace, index, 1);
    return uuidFrom(a, b, hash(namespace, index, 2), hash(namespace, index, 3));
}
