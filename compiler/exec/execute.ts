// The in-memory executor: a Plan over columnar tables → each segment's
// members. Mirrors the SQL backend on PostgreSQL row for row (see plan.ts).
import type { Plan, PlanNode } from '../plan/plan.js';
import { ExecContext } from './context.js';
import { evaluateNode, type Members } from './nodes.js';
import type { Tables } from './tables.js';
import { sortKeys } from './sort-keys.js';
import { ExecError } from '../calendar/time-zone.js';

export { ExecError };

export interface ExecutionOptions {
    /** The as-of instant: interactions after it never count. */
    asOf: Date | number;
    /** Only these segments (and the nodes they need); default all, drafts included. */
    segments?: string[];
    /** Called once per evaluated node, after it is computed (for tests and profiling). */
    onNode?: (node: PlanNode, stats: { members: number; ms: number }) => void;
}

/** Per segment name (in plan order), its members' audience keys in code point order. */
export type ExecutionResult = Map<string, string[]>;

export function execute(plan: Plan, tables: Tables, options: ExecutionOptions): ExecutionResult {
    const ctx = contextOf(plan, tables, options);
    const wanted = options.segments
        ? options.segments.map(name => plan.segments.find(s => s.name === name) ?? unknownSegment(name))
        : plan.segments;
    const done = evaluateNodes(plan, ctx, wanted.map(s => s.node), options.onNode);
    const result: ExecutionResult = new Map();
    for (const s of wanted) result.set(s.name, keysOf(done[s.node]!, ctx));
    return result;
}

/** One node's members as a set of audience keys (its sub-plans computed once each). */
export function executeNode(plan: Plan, nodeId: number, tables: Tables, options: ExecutionOptions): Set<string> {
    const ctx = contextOf(plan, tables, options);
    const done = evaluateNodes(plan, ctx, [nodeId], options.onNode);
    return new Set(keysOf(done[nodeId]!, ctx));
}

/** The time zone of calendar units and wall-clock literals is the plan's, decided once when it was made (compiler/pipeline.ts). */
export function contextOf(plan: Plan, tables: Tables, options: { asOf: Date | number }): ExecContext {
    return new ExecContext(tables, plan.audience, { asOf: options.asOf, timeZone: plan.timeZone });
}

/** Evaluates, in plan order, each node the roots need, once; returns members by node id. */
function evaluateNodes(plan: Plan, ctx: ExecContext, roots: number[], onNode: ExecutionOptions['onNode']): Array<Members | undefined> {
    const needed = neededNodes(plan, roots);
    const done: Array<Members | undefined> = new Array(plan.nodes.length);
    for (const node of plan.nodes) {
        if (!needed[node.id]) continue;
        const start = performance.now();
        done[node.id] = evaluateNode(node, ctx, done);
        if (onNode) onNode(node, { members: count(done[node.id]!), ms: performance.now() - start });
    }
    return done;
}

/** Which nodes (by id) the roots need, checking that the plan's nodes are in order. */
export function neededNodes(plan: Plan, roots: number[]): Uint8Array {
    const needed = new Uint8Array(plan.nodes.length);
    for (const id of roots) {
        if (!plan.nodes[id]) throw new ExecError(`The plan has no node ${id}.`);
        needed[id] = 1;
    }
    for (let i = plan.nodes.length - 1; i >= 0; i--) {
        const node = plan.nodes[i];
        if (node.id !== i) throw new ExecError(`Plan node at position ${i} has id ${node.id}.`);
        if (needed[i] && (node.kind === 'union' || node.kind === 'intersect' || node.kind === 'except')) {
            if (!(node.left < i && node.right < i)) throw new ExecError(`Plan node ${i} refers to a later node; nodes must be topologically ordered.`);
            needed[node.left] = needed[node.right] = 1;
        }
    }
    return needed;
}

function unknownSegment(name: string): never {
    throw new ExecError(`The plan has no segment '${name}'.`);
}

function count(members: Members): number {
    let n = 0;
    for (let i = 0; i < members.length; i++) n += members[i];
    return n;
}

/** The members' keys, in code point order. */
function keysOf(members: Members, ctx: ExecContext): string[] {
    const { keys } = ctx.audience;
    const out: string[] = [];
    for (let row = 0; row < members.length; row++) if (members[row]) out.push(keys[row]!);
    return sortKeys(out);
}
