// A line-based unified diff (GNU/git format): `---`/`+++` headers, then hunks
// `@@ -l,s +l,s @@` with three lines of context. The edit script is Myers'
// O(ND) shortest one, after trimming the common head and tail.

export interface UnifiedDiffOptions {
    /** The `---` header: the old file's name (`/dev/null` when it did not exist). */
    fromFile: string;
    /** The `+++` header. */
    toFile: string;
    /** Lines of context around each change (default 3). */
    context?: number;
}

/** The unified diff of two texts; '' when they are equal. */
export function unifiedDiff(before: string, after: string, options: UnifiedDiffOptions): string {
    if (before === after) return '';
    const a = splitLines(before), b = splitLines(after);
    const edits = diffLines(a.map(key), b.map(key));
    const context = Math.max(0, options.context ?? 3);
    const out = [`--- ${options.fromFile}`, `+++ ${options.toFile}`];
    for (const hunk of hunks(edits, context)) {
        out.push(`@@ -${range(hunk.aStart, hunk.aLength)} +${range(hunk.bStart, hunk.bLength)} @@`);
        for (const e of hunk.edits) {
            const line = e.op === '+' ? b[e.b] : a[e.a];
            out.push(`${e.op === '=' ? ' ' : e.op}${line.text}`);
            if (line.noNewline) out.push('\\ No newline at end of file');
        }
    }
    return out.join('\n') + '\n';
}

interface Line {
    text: string;
    /** The last line of a text that does not end with a newline. */
    noNewline: boolean;
}

function splitLines(text: string): Line[] {
    if (text === '') return [];
    const ends = text.endsWith('\n');
    const parts = (ends ? text.slice(0, -1) : text).split('\n');
    return parts.map((t, i) => ({ text: t, noNewline: !ends && i === parts.length - 1 }));
}

/** A line without its final newline differs from the same line with one. */
function key(line: Line): string {
    return line.noNewline ? `${line.text}\n\\` : line.text;
}

/** One step of the edit script: keep a[a] (= b[b]), delete a[a], or insert b[b]. */
export interface Edit {
    op: '=' | '-' | '+';
    /** Index into the old lines (for '+', the number of old lines before it). */
    a: number;
    /** Index into the new lines (for '-', the number of new lines before it). */
    b: number;
}

/** Beyond this many differences the script is "delete everything, insert everything" (memory is O(D²)). */
const MAX_EDIT_DISTANCE = 2000;

/** A shortest edit script turning `a` into `b`, deletions before insertions within a change. */
export function diffLines(a: readonly string[], b: readonly string[]): Edit[] {
    let head = 0;
    while (head < a.length && head < b.length && a[head] === b[head]) head++;
    let tail = 0;
    while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
    const edits: Edit[] = [];
    for (let i = 0; i < head; i++) edits.push({ op: '=', a: i, b: i });
    const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
    for (const e of middle) edits.push({ op: e.op, a: e.a + head, b: e.b + head });
    for (let i = tail; i > 0; i--) edits.push({ op: '=', a: a.length - i, b: b.length - i });
    return edits;
}

function myers(a: readonly string[], b: readonly string[]): Edit[] {
    const n = a.length, m = b.length;
    if (n === 0 || m === 0) return replaceAll(n, m);
    const max = Math.min(n + m, MAX_EDIT_DISTANCE);
    // v[k] = the furthest x on diagonal k (y = x - k); trace[d] is v before step d, for k in [-d-1, d+1].
    const offset = max + 1;
    const v = new Int32Array(2 * max + 3);
    const trace: Int32Array[] = [];
    for (let d = 0; d <= max; d++) {
        trace.push(v.slice(offset - d - 1, offset + d + 2));
        for (let k = -d; k <= d; k += 2) {
            let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
            let y = x - k;
            while (x < n && y < m && a[x] === b[y]) { x++; y++; }
            v[offset + k] = x;
            if (x >= n && y >= m) return backtrack(trace, n, m);
        }
    }
    return replaceAll(n, m);
}

function backtrack(trace: Int32Array[], n: number, m: number): Edit[] {
    const edits: Edit[] = [];
    let x = n, y = m;
    for (let d = trace.length - 1; d >= 0; d--) {
        const v = trace[d];
        const at = (k: number) => v[k + d + 1];
        const k = x - y;
        const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
        const prevX = d === 0 ? 0 : at(prevK);
        const prevY = d === 0 ? 0 : prevX - prevK;
        while (x > prevX && y > prevY) { x--; y--; edits.push({ op: '=', a: x, b: y }); }
        if (d > 0) {
            if (x === prevX) edits.push({ op: '+', a: prevX, b: prevY });
            else edits.push({ op: '-', a: prevX, b: prevY });
        }
        x = prevX;
        y = prevY;
    }
    return edits.reverse();
}

function replaceAll(n: number, m: number): Edit[] {
    const edits: Edit[] = [];
    for (let i = 0; i < n; i++) edits.push({ op: '-', a: i, b: 0 });
    for (let j = 0; j < m; j++) edits.push({ op: '+', a: n, b: j });
    return edits;
}

interface Hunk {
    edits: Edit[];
    aStart: number;
    aLength: number;
    bStart: number;
    bLength: number;
}

/** Changes with their context; changes closer than 2 × context share a hunk. */
function hunks(edits: Edit[], context: number): Hunk[] {
    const result: Hunk[] = [];
    let i = 0, previousEnd = 0;
    while (i < edits.length) {
        if (edits[i].op === '=') { i++; continue; }
        const start = Math.max(previousEnd, i - context);
        let last = i, j = i;
        while (j < edits.length) {
            if (edits[j].op !== '=') { last = j; j++; continue; }
            let run = j;
            while (run < edits.length && edits[run].op === '=') run++;
            if (run === edits.length || run - j > 2 * context) break;
            j = run;
        }
        const end = Math.min(edits.length, last + 1 + context);
        const slice = edits.slice(start, end);
        const aLength = slice.filter(e => e.op !== '+').length, bLength = slice.filter(e => e.op !== '-').length;
        // Lines are 1-based; an empty side names the line before the change (0 at the top).
        const first = slice[0];
        result.push({ edits: slice, aStart: first.a + (aLength ? 1 : 0), aLength, bStart: first.b + (bLength ? 1 : 0), bLength });
        previousEnd = end;
        i = end;
    }
    return result;
}

function range(start: number, length: number): string {
    return length === 1 ? String(start) : `${start},${length}`;
}
