// One segment's own plan: the nodes it needs, renumbered from 0, with only
// that segment listed, so unrelated changes elsewhere never touch it.
import type { Plan, PlanNode } from './plan.js';

/**
 * One segment's own plan: only its segment entry and the nodes it reaches,
 * renumbered 0… in the original (topological) order, with reference counts
 * recomputed within this plan. Unaffected by unrelated segments. `name` is one
 * of the plan's segments (callers take it from the plan or check it first).
 */
export function segmentPlan(plan: Plan, name: string): Plan {
    const segment = plan.segments.find(s => s.name === name);
    if (!segment) throw new Error(`The plan has no segment named '${name}'.`);
    const reached = new Set<number>();
    const pending = [segment.node];
    while (pending.length) {
        const id = pending.pop()!;
        if (reached.has(id)) continue;
        reached.add(id);
        const node = plan.nodes[id];
        if (node.kind === 'union' || node.kind === 'intersect' || node.kind === 'except') pending.push(node.left, node.right);
    }
    const kept = plan.nodes.filter(n => reached.has(n.id));
    const renumber = new Map(kept.map((n, i) => [n.id, i]));
    const nodes: PlanNode[] = kept.map(n => {
        const id = renumber.get(n.id)!;
        if (n.kind === 'union' || n.kind === 'intersect' || n.kind === 'except') {
            return { ...n, id, refCount: 0, left: renumber.get(n.left)!, right: renumber.get(n.right)! };
        }
        return { ...n, id, refCount: 0 };
    });
    for (const n of nodes) if (n.kind === 'union' || n.kind === 'intersect' || n.kind === 'except') { nodes[n.left].refCount++; nodes[n.right].refCount++; }
    const node = renumber.get(segment.node)!;
    nodes[node].refCount++;
    return { ...plan, nodes, segments: [{ ...segment, node }] };
}
