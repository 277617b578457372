// A segment definition's fingerprint: a hash of what its members depend on
// — the plan nodes it reaches (segments it uses included), the audience and
// the time zone — and of nothing else: not where it is declared, not its
// node numbers, not the other segments of the project. Moving or reformatting
// a declaration keeps it; changing what it means (or what a segment it uses
// means) changes it.
import { createHash } from 'node:crypto';
import type { Plan, PlanNode } from '../plan/plan.js';

export function segmentFingerprint(plan: Plan, segmentName: string): string {
    const segment = plan.segments.find(s => s.name === segmentName);
    if (!segment) throw new Error(`Internal error: the plan has no segment '${segmentName}'.`);
    // Nodes renumbered in the order a depth-first walk meets them.
    const number = new Map<number, number>();
    const nodes: unknown[] = [];
    const visit = (id: number): number => {
        const seen = number.get(id);
        if (seen !== undefined) return seen;
        const { id: _id, source: _source, refCount: _refCount, ...meaning } = plan.nodes[id] as PlanNode;
        if (meaning.kind === 'union' || meaning.kind === 'intersect' || meaning.kind === 'except') {
            const left = visit(meaning.left), right = visit(meaning.right);
            nodes.push({ ...meaning, left, right });
        } else {
            nodes.push(meaning);
        }
        number.set(id, nodes.length - 1);
        return nodes.length - 1;
    };
    visit(segment.node);
    const canonical = stableJson({ version: plan.version, timeZone: plan.timeZone, audience: plan.audience, nodes });
    return createHash('sha256').update(canonical).digest('hex');
}

/** JSON with object keys sorted, so equal values give equal text. */
function stableJson(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
    if (value && typeof value === 'object') {
        const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
    }
    return JSON.stringify(value);
}
