// An explanation (explain.ts) as the lines `seg test` and `seg why` print,
// indented two spaces a level:
//   WelcomeOpeners: bob is not in
//     bob has 1 matching EmailOpened of 3; count 1 does not satisfy count >= 3
//       EmailOpened at 2026-06-14T09:00:00Z: matches
//       EmailOpened at 2026-05-31T09:00:00Z: outside the window (after … up to …)
import type { WhyCondition, WhyInteraction, WhyNode, WhyProfile, WhySequence, WhyWindow } from './explain.js';

export interface WhyTextOptions {
    /** How the contact is named: a test record's name, or the key. */
    who: string;
    /** At most this many interaction lines per interaction node (default 10); the rest are counted. */
    maxRows?: number;
}

export function whyLines(node: WhyNode, options: WhyTextOptions): string[] {
    return lines(node, 0, { maxRows: 10, ...options });
}

function lines(node: WhyNode, depth: number, options: Required<WhyTextOptions>): string[] {
    const pad = '  '.repeat(depth);
    const { who } = options;
    const head = `${pad}${label(node)}: ${who} is ${node.member ? 'in' : 'not in'}`;
    switch (node.kind) {
        case 'union': case 'intersect': case 'except': {
            const reason = node.removedByExcept ? ' (removed by the right side of except)' : '';
            return [head + reason, ...node.because.flatMap(n => lines(n, depth + 1, options))];
        }
        case 'profile': return [head, ...profile(node, who).map(l => `${pad}  ${l}`)];
        case 'interaction': return [head, ...interaction(node, options).map(l => `${pad}  ${l}`)];
        case 'sequence': return [head, ...sequence(node, options).map(l => `${pad}  ${l}`)];
    }
}

function sequence(node: WhySequence, options: Required<WhyTextOptions>): string[] {
    const then = `${node.negated ? 'no ' : ''}${node.then}${node.on ? ` on the same ${node.on}` : ''} within ${node.gap}`;
    if (!node.steps.length) return [`${options.who} has no ${node.first} that qualifies, so none can be followed by ${then}`];
    const shown = node.steps.slice(0, options.maxRows).map(s => {
        const answered = s.answeredAt.length ? `followed by ${node.then} at ${s.answeredAt.join(', ')}` : `not followed by ${node.then}`;
        const open = node.negated && !s.gapEnded ? ` (its gap ends ${s.gapEnd}, after the as-of instant)` : ` (gap until ${s.gapEnd})`;
        return `${node.first} at ${s.at}: ${answered}${open}`;
    });
    const more = node.steps.length > shown.length ? [`… and ${node.steps.length - shown.length} more ${node.first}`] : [];
    return [`${node.first} then ${then}:`, ...shown.map(l => `  ${l}`), ...more];
}

/** A segment by its name, else the source text of the sub-expression (shortened), else the node's kind. */
function label(node: WhyNode): string {
    if (node.segment) return node.segment;
    if (!node.text) return node.kind;
    return `\`${node.text.length > 90 ? `${node.text.slice(0, 87)}…` : node.text}\``;
}

function profile(node: WhyProfile, who: string): string[] {
    if (!node.record) return [`${who} is not a record of ${node.entity}`];
    if (node.condition === undefined) return [`every ${node.entity} is`];
    if (node.member) return [`matches: ${node.condition}`];
    return node.failing.map(conditionText);
}

function interaction(node: WhyInteraction, options: Required<WhyTextOptions>): string[] {
    const { having } = node;
    const verdict = having.value === null ? 'is null (no values), which never satisfies' : having.satisfied ? 'satisfies' : 'does not satisfy';
    const value = having.aggregate === 'count' ? `count ${node.counted}`
        : having.aggregate === 'distinct' ? `${having.value} different values` : `${having.aggregate} ${having.value ?? 'null'}`;
    const summary = `${options.who} has ${node.counted} matching ${node.type} of ${node.reaching}; ${value} ${verdict} ${having.condition}`;
    const rows = node.interactions.map(r => {
        const what = r.status === 'counted' ? 'matches'
            : r.status === 'after-as-of' ? 'after the as-of instant'
            : r.status === 'outside-window' ? `outside the window (${windowText(node.window)})`
            : (r.failing ?? []).map(conditionText).join('; ');
        return `  ${node.type} at ${r.at}: ${what}`;
    });
    const shown = rows.slice(0, options.maxRows);
    if (rows.length > options.maxRows) shown.push(`  … and ${rows.length - options.maxRows} more`);
    return [summary, ...shown];
}

/** "fails: customerJourneyId = "…" is false (customerJourneyId is "…")". */
function conditionText(c: WhyCondition): string {
    const verdict = c.truth !== 'unknown' || c.field !== undefined ? c.truth : 'unknown: a value it reads is null, or a lookup is null or dangling';
    const actual = c.field !== undefined ? ` (${c.field} is ${c.value})` : '';
    return `${c.underNot ? 'holds, under not' : 'fails'}: ${c.condition} is ${verdict}${actual}`;
}

export function windowText(w: WhyWindow): string {
    const to = `${w.toInclusive ? 'up to' : 'before'} ${w.to}`;
    return w.from === null ? to : `${w.fromInclusive ? 'from' : 'after'} ${w.from} ${to}`;
}
