// Segment references: no cycles (a segment means its definition, docs/language.md §3 and §10),
// and a live segment may not build on a draft one (docs/language.md §3).
import { AstUtils, WorkspaceCache, type LangiumCoreServices, type ValidationAcceptor } from 'langium';
import { isSegmentDecl, isSegmentRef, isSetOp, isSetParen, type SegmentDecl, type SegmentRef, type SetExpr } from '../generated/ast.js';
import { Codes } from './codes.js';

/** The segments a segment's body refers to directly (only set expressions hold references). */
export function referencedSegments(decl: SegmentDecl): SegmentRef[] {
    const refs: SegmentRef[] = [];
    const visit = (e: SetExpr | undefined): void => {
        if (!e) return;
        if (isSegmentRef(e)) refs.push(e);
        else if (isSetOp(e)) { visit(e.left); visit(e.right); }
        else if (isSetParen(e)) visit(e.inner);
    };
    visit(decl.body);
    return refs;
}

export class ReferenceRules {
    /** For each segment on a cycle, the id of its strongly connected component. */
    private readonly components: WorkspaceCache<'all', { cyclic: Map<SegmentDecl, number>; targets: Targets }>;

    constructor(private readonly services: LangiumCoreServices) {
        this.components = new WorkspaceCache(services.shared);
    }

    checkSegmentRef = (ref: SegmentRef, accept: ValidationAcceptor): void => {
        const target = ref.segment?.ref;
        const owner = AstUtils.getContainerOfType(ref, isSegmentDecl);
        if (!target || !owner) return;
        if (!owner.draft && target.draft) {
            accept('error', `Live segment '${owner.name}' cannot use draft segment '${target.name}': only live segments can be combined into live ones. Make '${target.name}' live or '${owner.name}' a draft.`,
                { node: ref, property: 'segment', code: Codes.LiveDependsOnDraft });
        }
        const { cyclic, targets } = this.cyclicComponents();
        const component = cyclic.get(owner);
        if (component !== undefined && cyclic.get(target) === component) {
            const path = cyclePath(target, owner, cyclic, targets);
            accept('error', `Segment '${owner.name}' refers to itself: ${[owner.name, ...path.map(s => s.name)].join(' → ')}.`,
                { node: ref, property: 'segment', code: Codes.ReferenceCycle });
        }
    };

    /** Tarjan's algorithm over every segment of the workspace, computed once per build. */
    private cyclicComponents(): { cyclic: Map<SegmentDecl, number>; targets: Targets } {
        return this.components.get('all', () => {
            const segments: SegmentDecl[] = [];
            for (const doc of this.services.shared.workspace.LangiumDocuments.all) {
                const root = doc.parseResult.value as { declarations?: unknown[] };
                for (const d of root.declarations ?? []) if (isSegmentDecl(d)) segments.push(d);
            }
            const targets = memoizedTargets();
            return { cyclic: tarjanCycles(segments, targets), targets };
        });
    }
}

type Targets = (decl: SegmentDecl) => SegmentDecl[];

/** Resolved direct references, memoized for one build (links change when any document does). */
function memoizedTargets(): Targets {
    const memo = new Map<SegmentDecl, SegmentDecl[]>();
    return decl => {
        let list = memo.get(decl);
        if (!list) {
            list = referencedSegments(decl).map(r => r.segment?.ref).filter((s): s is SegmentDecl => !!s);
            memo.set(decl, list);
        }
        return list;
    };
}

function tarjanCycles(nodes: SegmentDecl[], targets: Targets): Map<SegmentDecl, number> {
    const index = new Map<SegmentDecl, number>(), low = new Map<SegmentDecl, number>();
    const stack: SegmentDecl[] = [], onStack = new Set<SegmentDecl>();
    const result = new Map<SegmentDecl, number>();
    let counter = 0, componentId = 0;
    // Iterative, so a long chain of references cannot overflow the call stack.
    for (const root of nodes) {
        if (index.has(root)) continue;
        const work: Array<{ node: SegmentDecl; next: SegmentDecl[]; i: number }> = [];
        const enter = (n: SegmentDecl) => {
            index.set(n, counter); low.set(n, counter); counter++;
            stack.push(n); onStack.add(n);
            work.push({ node: n, next: targets(n), i: 0 });
        };
        enter(root);
        while (work.length) {
            const frame = work[work.length - 1];
            if (frame.i < frame.next.length) {
                const m = frame.next[frame.i++];
                if (!index.has(m)) enter(m);
                else if (onStack.has(m)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(m)!));
                continue;
            }
            work.pop();
            const n = frame.node;
            if (work.length) {
                const parent = work[work.length - 1].node;
                low.set(parent, Math.min(low.get(parent)!, low.get(n)!));
            }
            if (low.get(n) === index.get(n)) {
                const members: SegmentDecl[] = [];
                let m: SegmentDecl;
                do { m = stack.pop()!; onStack.delete(m); members.push(m); } while (m !== n);
                const selfLoop = members.length === 1 && targets(n).includes(n);
                if (members.length > 1 || selfLoop) {
                    for (const member of members) result.set(member, componentId);
                    componentId++;
                }
            }
        }
    }
    return result;
}

/** The shortest path of references from `from` to `to` inside one component. */
function cyclePath(from: SegmentDecl, to: SegmentDecl, components: Map<SegmentDecl, number>, targets: Targets): SegmentDecl[] {
    const component = components.get(from);
    const previous = new Map<SegmentDecl, SegmentDecl | undefined>([[from, undefined]]);
    const queue = [from];
    while (queue.length) {
        const n = queue.shift()!;
        if (n === to) break;
        for (const m of targets(n)) {
            if (components.get(m) === component && !previous.has(m)) { previous.set(m, n); queue.push(m); }
        }
    }
    const path: SegmentDecl[] = [];
    for (let n: SegmentDecl | undefined = to; n; n = previous.get(n)) path.unshift(n);
    return path;
}
