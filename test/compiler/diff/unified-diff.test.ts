// The unified diff of seg diff: GNU/git format, minimal, and a patch that applies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines, unifiedDiff } from '../../../compiler/diff/unified-diff.js';

const lines = (...ls: string[]) => ls.map(l => `${l}\n`).join('');
const opts = { fromFile: 'a/x.sql', toFile: 'b/x.sql' };

/** Applies a unified diff to `before`, checking every context and removed line; the result ends with a newline. */
function applyPatch(before: string, patch: string): string {
    if (patch === '') return before;
    const old = before === '' ? [] : before.replace(/\n$/, '').split('\n');
    const out: string[] = [];
    let at = 0; // the next old line to copy
    const body = patch.split('\n').slice(2, -1);
    for (const l of body) {
        const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/.exec(l);
        if (header) {
            const start = Number(header[1]), len = header[2] === undefined ? 1 : Number(header[2]);
            while (at < (len === 0 ? start : start - 1)) out.push(old[at++]);
            continue;
        }
        if (l === '\\ No newline at end of file') continue;
        const kind = l[0], text = l.slice(1);
        if (kind === ' ') { expect(old[at]).toBe(text); out.push(old[at++]); }
        else if (kind === '-') { expect(old[at]).toBe(text); at++; }
        else if (kind === '+') out.push(text);
        else throw new Error(`bad patch line ${JSON.stringify(l)}`);
    }
    while (at < old.length) out.push(old[at++]);
    return out.length ? out.join('\n') + '\n' : '';
}

function lcsLength(a: string[], b: string[]): number {
    const dp = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
    for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) {
        dp[i][j] = a[i - 1] === b[j - 1] ? dp[i - 1][j - 1] + 1 : Math.max(dp[i - 1][j], dp[i][j - 1]);
    }
    return dp[a.length][b.length];
}

describe('unifiedDiff', () => {
    it('is empty for equal texts', () => {
        expect(unifiedDiff(lines('a', 'b'), lines('a', 'b'), opts)).toBe('');
    });

    it('writes one hunk with three lines of context, like diff -u', () => {
        const before = lines('1', '2', '3', '4', '5', '6', '7', '8', '9');
        const after = lines('1', '2', '3', '4', 'five', '6', '7', '8', '9');
        expect(unifiedDiff(before, after, opts)).toBe([
            '--- a/x.sql', '+++ b/x.sql', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8', '',
        ].join('\n'));
    });

    it('splits changes more than six lines apart into two hunks and joins closer ones', () => {
        const base = Array.from({ length: 20 }, (_, i) => String(i + 1));
        const far = [...base];
        far[1] = 'two';
        far[17] = 'eighteen';
        const d = unifiedDiff(lines(...base), lines(...far), opts);
        expect(d.split('\n').filter(l => l.startsWith('@@'))).toEqual(['@@ -1,5 +1,5 @@', '@@ -15,6 +15,6 @@']);
        const near = [...base];
        near[1] = 'two';
        near[8] = 'nine';
        const n = unifiedDiff(lines(...base), lines(...near), opts);
        expect(n.split('\n').filter(l => l.startsWith('@@'))).toEqual(['@@ -1,12 +1,12 @@']);
    });

    it('counts from 0 for a file that did not exist, and omits ",1" like git', () => {
        expect(unifiedDiff('', lines('x', 'y'), { fromFile: '/dev/null', toFile: 'b/N.sql' }))
            .toBe(['--- /dev/null', '+++ b/N.sql', '@@ -0,0 +1,2 @@', '+x', '+y', ''].join('\n'));
        expect(unifiedDiff(lines('x'), '', { fromFile: 'a/N.sql', toFile: '/dev/null' }))
            .toBe(['--- a/N.sql', '+++ /dev/null', '@@ -1 +0,0 @@', '-x', ''].join('\n'));
    });

    it('marks a last line without a newline', () => {
        expect(unifiedDiff('a\nb', 'a\nb\n', { ...opts, context: 0 }))
            .toBe(['--- a/x.sql', '+++ b/x.sql', '@@ -2 +2 @@', '-b', '\\ No newline at end of file', '+b', ''].join('\n'));
    });

    it('is a minimal edit script, and the patch turns the old text into the new one', () => {
        const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 30 });
        fc.assert(fc.property(text, text, fc.boolean(), fc.integer({ min: 0, max: 4 }), (a, b, eol, context) => {
            const before = a.length ? a.join('\n') + (eol ? '\n' : '') : '';
            const after = b.length ? b.join('\n') + '\n' : '';
            const patch = unifiedDiff(before, after, { ...opts, context });
            expect(applyPatch(before, patch)).toBe(after);
            const edits = diffLines(a, b);
            expect(edits.filter(e => e.op !== '=').length).toBe(a.length + b.length - 2 * lcsLength(a, b));
        }), { numRuns: 300 });
    });

    it('handles large inputs, and beyond 2000 differences still writes a correct (if longer) patch', () => {
        const a = Array.from({ length: 3000 }, (_, i) => `line ${i}`);
        for (const every of [3, 2]) {
            const b = a.map((l, i) => (i % every === 0 ? `${l} changed` : l));
            const patch = unifiedDiff(lines(...a), lines(...b), opts);
            expect(applyPatch(lines(...a), patch)).toBe(lines(...b));
        }
    });
});
