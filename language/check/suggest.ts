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

/** Up to `max` candidates close enough to `name` to be what was meant, best first. */
export function suggest(name: string, candidates: Iterable<string>, max = 3): string[] {
    const limit = Math.max(1, Math.floor(name.length / 3));
    const lower = name.toLowerCase();
    const scored: Array<[string, number]> = [];
    const seen = new Set<string>();
    for (const c of candidates) {
        if (seen.has(c)) continue;
        seen.add(c);
        const cl = c.toLowerCase();
        // A candidate that contains the name (or the reverse) is a hint too, `Opened` → `EmailOpened`,
        // but weaker than a near miss: `Mal` suggests `Male`, not also `Female`.
        const d = cl === lower ? 0 : editDistance(name, c);
        const contained = lower.length >= 3 && cl.length >= 3 && (cl.includes(lower) || lower.includes(cl));
        if (d <= limit) scored.push([c, d]);
        else if (contained) scored.push([c, limit + 0.5]);
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
