// "Did you mean …?" suggestions: the closest names by edit distance (with swaps), case-insensitively.

/** Edits between two names, case-insensitively: insertions, deletions, substitutions and swaps of neighbours (`alcie` → `alice` is one). */
export function editDistance(a: string, b: string): number {
    const s = a.toLowerCase(), t = b.toLowerCase();
    let before: number[] = [];
    let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
    for (let i = 1; i <= s.length; i++) {
        const cur = [i];
        for (let j = 1; j <= t.length; j++) {
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
            if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) cur[j] = Math.min(cur[j], before[j - 2] + 1);
        }
        before = prev;
        prev = cur;
    }
    return prev[t.length];
}

/**
 * editDistance(a, b) when it is at most `limit`, otherwise `limit + 1`. A paste of hundreds of
 * unknown names against a workspace of thousands asks this millions of times, so it stops
 * early: names whose lengths differ by more than `limit` are never compared, only the band of
 * cells within `limit` of the diagonal is computed, and a row whose cells all exceed `limit` ends it.
 */
export function boundedEditDistance(a: string, b: string, limit: number): number {
    const over = limit + 1;
    if (Math.abs(a.length - b.length) > limit) return over;
    const s = a.toLowerCase(), t = b.toLowerCase();
    const n = t.length;
    // Three rows, reused between calls: no allocation per comparison.
    if (rows[0].length < n + 1) rows = [new Int32Array(2 * n + 2), new Int32Array(2 * n + 2), new Int32Array(2 * n + 2)];
    let [before, prev, cur] = rows;
    for (let j = 0; j <= n; j++) prev[j] = j <= limit ? j : over;
    for (let i = 1; i <= s.length; i++) {
        cur.fill(over, 0, n + 1);
        cur[0] = i <= limit ? i : over;
        let rowMin = cur[0];
        const hi = Math.min(n, i + limit);
        for (let j = Math.max(1, i - limit); j <= hi; j++) {
            let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s.charCodeAt(i - 1) === t.charCodeAt(j - 1) ? 0 : 1));
            if (i > 1 && j > 1 && s.charCodeAt(i - 1) === t.charCodeAt(j - 2) && s.charCodeAt(i - 2) === t.charCodeAt(j - 1)) v = Math.min(v, before[j - 2] + 1);
            cur[j] = v > over ? over : v;
            if (cur[j] < rowMin) rowMin = cur[j];
        }
        if (rowMin > limit) return over;
        [before, prev, cur] = [prev, cur, before];
    }
    return Math.min(prev[n], over);
}
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Longer names are not compared by edit distance: a pasted paragraph is no typo, and comparing it is slow. */
const MAX_NAME_LENGTH = 64;
/** Candidates looked at per name: enough for any real scope, a bound on a pathological one. */
const MAX_CANDIDATES = 100_000;

/** Up to `max` candidates close enough to `name` to be what was meant, best first. */
export function suggest(name: string, candidates: Iterable<string>, max = 3): string[] {
    const limit = Math.max(1, Math.floor(Math.min(name.length, MAX_NAME_LENGTH) / 3));
    const lower = name.toLowerCase();
    const scored: Array<[string, number]> = [];
    const seen = new Set<string>(); // among the scored only: a scope may list a name twice
    let looked = 0;
    for (const c of candidates) {
        if (++looked > MAX_CANDIDATES) break;
        // Cheap tests first: most candidates differ in length by more than the limit and contain no
        // shorter one, so they cost neither a lower-casing nor a distance.
        const near = Math.abs(c.length - name.length) <= limit && name.length <= MAX_NAME_LENGTH;
        const mayContain = lower.length >= 3 && c.length >= 3;
        if (!near && !mayContain) continue;
        const cl = c.toLowerCase();
        // A candidate that contains the name (or the reverse) is a hint too, `Opened` → `EmailOpened`,
        // but weaker than a near miss: `Mal` suggests `Male`, not also `Female`.
        const d = cl === lower ? 0 : near ? boundedEditDistance(lower, cl, limit) : limit + 1;
        const score = d <= limit ? d : mayContain && (cl.includes(lower) || lower.includes(cl)) ? limit + 0.5 : undefined;
        if (score === undefined || seen.has(c)) continue;
        seen.add(c);
        scored.push([c, score]);
    }
    scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
    // Only the closest tier: 'EmailOpend' suggests 'EmailOpened', not also 'EmailSent'.
    const best = scored[0]?.[1] ?? 0;
    return scored.filter(s => s[1] <= best).slice(0, max).map(s => s[0]);
}

/** " Did you mean 'x'?" / " Did you mean 'x' or 'y'?" or "". */
export function didYouMean(suggestions: string[]): string {
    if (suggestions.length === 0) return '';
    const quoted = suggestions.map(s => `'${s}'`);
    const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
    return ` Did you mean ${list}?`;
}
