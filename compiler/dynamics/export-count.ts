// `having count …` → Dynamics. Dynamics' interaction segments hold only
// contacts with at least one matching interaction, so a count test that 0
// passes is written as its complement: `count < 3` → PROFILE(contact) EXCEPT
// INTERACTION(…).HAVING(COUNT() > 2). Count ranges become intersections.
import type { HavingClause } from '../../language/generated/ast.js';

export interface Part {
    text: string;
    /** Whether the text is a set operation (it needs parentheses as an operand). */
    compound: boolean;
}

/** The counts a test keeps, as [low, high] (high Infinity): one range, or two for `!=`. */
function ranges(h: HavingClause): Array<[number, number]> {
    const n = Number(h.value?.value);
    switch (h.op) {
        case '=': return n >= 0 ? [[n, n]] : [];
        case '!=': return [[0, n - 1], [n + 1, Infinity]].filter(([a, b]) => a <= b) as Array<[number, number]>;
        case '<': return [[0, Math.ceil(n) - 1]];
        case '<=': return [[0, Math.floor(n)]];
        case '>': return [[Math.floor(n) + 1, Infinity]];
        case '>=': return [[Math.ceil(n), Infinity]];
        default: return [[Math.ceil(Number(h.low!.value)), Math.floor(Number(h.high!.value))]];
    }
}

export function exportCount(h: HavingClause, chain: (condition: string) => string): Part {
    const kept = ranges(h).map(([a, b]): [number, number] => [Math.max(a, 0), b]).filter(([a, b]) => a <= b);
    if (kept.length === 0) return { text: 'PROFILE(contact) EXCEPT PROFILE(contact)', compound: true };
    if (kept.length === 2) {
        // `!= n`: everyone but those with exactly n.
        return { text: `PROFILE(contact) EXCEPT ${chain(`COUNT() == ${kept[0][1] + 1}`)}`, compound: true };
    }
    const [[low, high]] = kept;
    if (low >= 1) return positive([low, high], chain);
    // Zero passes: everyone except those above the range.
    if (high === Infinity) return { text: 'PROFILE(contact)', compound: false };
    return { text: `PROFILE(contact) EXCEPT ${chain(`COUNT() > ${high}`)}`, compound: true };
}

/** A range of counts from at least 1: `COUNT() > low-1` ("at least low", Dynamics' idiom), `== n`, and `<= high`. */
function positive([low, high]: [number, number], chain: (condition: string) => string): Part {
    if (low === high) return { text: chain(`COUNT() == ${low}`), compound: false };
    const tests = [`COUNT() > ${low - 1}`, ...(high === Infinity ? [] : [`COUNT() <= ${high}`])].map(chain);
    return { text: tests.join(' INTERSECT '), compound: tests.length > 1 };
}
