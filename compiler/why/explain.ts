// Why a contact is, or is not, in a segment: the plan walked for one audience
// key, down to the condition or interaction count that decided it, as a tree
// (why-text.ts prints it). Runs on the in-memory executor over whatever rows it
// is given: a segment test's own records (seg test), or one contact's rows
// from a database (seg why, compiler/db/load-contact.ts).
import { compileCond, TRUE, type Truth } from '../exec/conditions.js';
import { ExecContext } from '../exec/context.js';
import { contextOf, executeNode } from '../exec/execute.js';
import { distinctKey, havingTest } from '../exec/nodes.js';
import { pairing, stepRows } from '../exec/sequence.js';
import type { Cell, Tables } from '../exec/tables.js';
import { inBounds, windowBounds } from '../calendar/windows.js';
import { INTERACTION_ID, INTERACTION_TIME } from '../plan/physical-names.js';
import type { Cond, Having, InteractionNode, Plan, PlanNode, ProfileNode, SequenceNode, SourceRef, ValueType } from '../plan/plan.js';
import type { SourceNames } from './cond-text.js';

export interface WhyInput {
    plan: Plan;
    tables: Tables;
    asOf: number;
    names: SourceNames;
    /** Audience key → record name (a test's `alice`); uuid values equal to one are shown by it. */
    recordNames: Map<string, string>;
    /** The source text a plan node came from. */
    sourceText(ref: SourceRef): string | undefined;
}

/** One plan node's verdict for the key, and what decided it. */
export type WhyNode = WhySetOp | WhyProfile | WhyInteraction | WhySequence;

interface WhyBase {
    /** The segment this node computes, when it is a segment's own node. */
    segment?: string;
    /** Its source text, whitespace collapsed. */
    text?: string;
    source: SourceRef;
    member: boolean;
}

export interface WhySetOp extends WhyBase {
    kind: 'union' | 'intersect' | 'except';
    /** An `except` whose right side removed a member of its left side. */
    removedByExcept: boolean;
    /** The operands that decided (both when both had to hold, or both failed). */
    because: WhyNode[];
}

export interface WhyProfile extends WhyBase {
    kind: 'profile';
    /** The entity's name, e.g. `contact`. */
    entity: string;
    /** Whether the key is a record of it at all. */
    record: boolean;
    /** The `where`, in Seg's words (absent: every record is in). */
    condition?: string;
    /** For a record that is not in: the leaf conditions that kept it out. */
    failing: WhyCondition[];
}

export interface WhyInteraction extends WhyBase {
    kind: 'interaction';
    /** The interaction type, e.g. `EmailOpened`. */
    type: string;
    window: WhyWindow;
    where?: string;
    having: { condition: string; aggregate: Having['agg']; value: number | null; satisfied: boolean };
    /** Interactions that count (in the window, passing `where`). */
    counted: number;
    /** Every interaction that reaches the key. */
    reaching: number;
    interactions: WhyInteractionRow[];
}

export interface WhySequence extends WhyBase {
    kind: 'sequence';
    /** The two interaction types, e.g. `EmailOpened` then `EmailClicked`. */
    first: string;
    then: string;
    negated: boolean;
    /** The gap, e.g. `1 day`. */
    gap: string;
    /** The correlated field, when `on` is given. */
    on?: string;
    /** The key's first-step interactions that qualify: when, the end of their gap, and the then-interactions answering them. */
    steps: Array<{ at: string; gapEnd: string; gapEnded: boolean; answeredAt: string[] }>;
}

/** Which timestamps the window keeps: after (or from) `from` — no lower bound when null — up to (or before) `to`. */
export interface WhyWindow { from: string | null; fromInclusive: boolean; to: string; toInclusive: boolean }

export interface WhyInteractionRow {
    /** The row's interaction id, when the data has one. */
    id?: string;
    at: string;
    status: 'counted' | 'after-as-of' | 'outside-window' | 'fails-where';
    /** For `fails-where`: the leaf conditions that failed. */
    failing?: WhyCondition[];
}

/** A leaf condition that kept a row out: false or unknown (or, under `not`, true). */
export interface WhyCondition {
    condition: string;
    truth: 'true' | 'false' | 'unknown';
    /** Under a `not`: it holds, which is what fails. */
    underNot: boolean;
    /** When the condition reads the row's own column: that field and its value, in Seg's words. */
    field?: string;
    value?: string;
}

/** Why `key` is, or is not, in the node `nodeId` of the plan. */
export function explain(input: WhyInput, nodeId: number, key: string): WhyNode {
    return new Explainer(input, key).explain(nodeId);
}

class Explainer {
    private readonly ctx: ExecContext;
    private readonly memo = new Map<number, boolean>();

    constructor(private readonly input: WhyInput, private readonly key: string) {
        this.ctx = contextOf(input.plan, input.tables, { asOf: input.asOf });
    }

    private isIn(id: number): boolean {
        let v = this.memo.get(id);
        if (v === undefined) {
            v = executeNode(this.input.plan, id, this.input.tables, { asOf: this.input.asOf }).has(this.key);
            this.memo.set(id, v);
        }
        return v;
    }

    explain(id: number): WhyNode {
        const node = this.input.plan.nodes[id];
        const member = this.isIn(id);
        const base = { ...this.naming(node), source: node.source, member };
        switch (node.kind) {
            case 'union': case 'intersect': case 'except': {
                const [l, r] = [this.isIn(node.left), this.isIn(node.right)];
                // The operands that decided: for `except`, a member of the right side is what removed it.
                const decisive = node.kind === 'union' ? (member ? [l ? node.left : node.right] : [node.left, node.right])
                    : node.kind === 'intersect' ? (member ? [node.left, node.right] : [node.left, node.right].filter(n => !this.isIn(n)))
                    : member ? [node.left, node.right] : !l ? [node.left] : [node.right];
                const removedByExcept = node.kind === 'except' && !member && l && r;
                return { kind: node.kind, ...base, removedByExcept, because: decisive.map(n => this.explain(n)) };
            }
            case 'profile': return { ...base, ...this.profile(node, member) };
            case 'interaction': return { ...base, ...this.interaction(node) };
            case 'sequence': return { ...base, ...this.sequence(node) };
        }
    }

    private sequence(node: SequenceNode): Omit<WhySequence, keyof WhyBase> {
        const a = this.ctx.audience.rowOf.get(this.key);
        const firsts = a === undefined ? undefined : stepRows(node.first, node.on?.first, this.ctx).get(a);
        const thens = a === undefined ? undefined : stepRows(node.then, node.on?.then, this.ctx).get(a);
        const steps = firsts ? pairing(node, firsts, thens, this.ctx)
            .sort((x, y) => y.at - x.at)
            .map(p => ({ at: iso(p.at), gapEnd: iso(p.gapEnd), gapEnded: p.gapEnded, answeredAt: p.answers.sort((x, y) => x - y).map(iso) })) : [];
        const names = this.input.names;
        const on = node.on ? names.field(node.then.table, node.on.then)?.name ?? node.on.then : undefined;
        return {
            kind: 'sequence', first: names.table(node.first.table), then: names.table(node.then.table), negated: node.negated,
            gap: `${node.gap.amount} ${node.gap.unit}${node.gap.amount === 1 ? '' : 's'}`, ...(on ? { on } : {}), steps,
        };
    }

    /** A segment's own node by its name, and the source text of the (sub-)expression. */
    private naming(node: PlanNode): { segment?: string; text?: string } {
        const segment = this.input.plan.segments.find(s => s.node === node.id)?.name;
        const text = this.input.sourceText(node.source)?.replace(/\s+/g, ' ').trim();
        return { ...(segment ? { segment } : {}), ...(text ? { text } : {}) };
    }

    private profile(node: ProfileNode, member: boolean): Omit<WhyProfile, keyof WhyBase> {
        const names = this.input.names;
        const entity = names.table(node.table);
        const row = this.ctx.audience.rowOf.get(this.key);
        const condition = node.where ? names.cond(node.where, node.table) : undefined;
        const failing = row === undefined || !node.where || member ? [] : this.failing(node.where, node.table, row, true);
        return { kind: 'profile', entity, record: row !== undefined, ...(condition !== undefined ? { condition } : {}), failing };
    }

    /** The leaf conditions that keep `cond` from being true (or, under `not`, from being false) for `row`. */
    private failing(cond: Cond, table: string, row: number, wantTrue: boolean): WhyCondition[] {
        const truth = (c: Cond): Truth => compileCond(c, table, this.ctx)(row);
        switch (cond.op) {
            case 'and': case 'or': {
                const blocking = cond.args.filter(a => (wantTrue ? truth(a) !== TRUE : truth(a) !== 0));
                const decisive = (cond.op === 'and') === wantTrue ? blocking : cond.args;
                return decisive.flatMap(a => this.failing(a, table, row, wantTrue));
            }
            case 'not': return this.failing(cond.arg, table, row, !wantTrue);
            default: {
                const t = truth(cond);
                const own = cond.op !== 'exists' && cond.column.path.length === 0 ? cond.column : undefined;
                return [{
                    condition: this.input.names.cond(cond, table),
                    truth: t === TRUE ? 'true' : t === 0 ? 'false' : 'unknown',
                    underNot: !wantTrue,
                    // The value tested, when it is the row's own column.
                    ...(own ? { field: this.input.names.path(table, own), value: this.valueText(table, own.column, own.type, row) } : {}),
                }];
            }
        }
    }

    private interaction(node: InteractionNode): Omit<WhyInteraction, keyof WhyBase> {
        const a = this.ctx.audience.rowOf.get(this.key);
        const reach = this.ctx.reach(node.table, node.relation);
        const ts = this.ctx.column(node.table, INTERACTION_TIME);
        const ids = this.ctx.table(node.table).columns[INTERACTION_ID];
        const n = this.ctx.table(node.table).rowCount;
        const bounds = windowBounds(node.window, this.ctx.asOf, this.ctx.zone);
        const { low, lowInclusive, high, highInclusive } = bounds;
        const inWindow = inBounds(bounds);
        const where = node.where ? compileCond(node.where, node.table, this.ctx) : undefined;
        const rows: WhyInteractionRow[] = [];
        const values: number[] = [];
        const column = node.having.column ? this.ctx.column(node.table, node.having.column) : undefined;
        const distinctOf = node.having.agg === 'distinct' ? distinctKey(node.having) : undefined;
        const distinct = new Set<unknown>();
        for (let row = 0; row < n; row++) {
            if (a === undefined || reach(row) !== a) continue;
            const t = ts[row] as number;
            const id = typeof ids?.[row] === 'string' ? { id: ids[row] as string } : {};
            const at = iso(t);
            if (t > this.ctx.asOf) { rows.push({ ...id, at, status: 'after-as-of' }); continue; }
            if (!inWindow(t)) { rows.push({ ...id, at, status: 'outside-window' }); continue; }
            if (where && where(row) !== TRUE) {
                rows.push({ ...id, at, status: 'fails-where', failing: this.failing(node.where!, node.table, row, true) });
                continue;
            }
            if (distinctOf) { if (column![row] !== null && column![row] !== undefined) distinct.add(distinctOf(column![row])); }
            else if (column && typeof column[row] === 'number') values.push(column[row] as number);
            rows.push({ ...id, at, status: 'counted' });
        }
        const counted = rows.filter(r => r.status === 'counted').length;
        const agg = node.having.agg;
        const value = agg === 'count' ? counted
            : agg === 'distinct' ? distinct.size
            : agg === 'sum' ? values.reduce((s, v) => s + v, 0)
            : values.length === 0 ? null
            : agg === 'avg' ? values.reduce((s, v) => s + v, 0) / values.length
            : agg === 'min' ? Math.min(...values) : Math.max(...values);
        const names = this.input.names;
        return {
            kind: 'interaction', type: names.table(node.table),
            window: { from: Number.isFinite(low) ? iso(low) : null, fromInclusive: lowInclusive, to: iso(high), toInclusive: highInclusive },
            ...(node.where ? { where: names.cond(node.where, node.table) } : {}),
            having: { condition: names.having(node.having, node.table), aggregate: agg, value, satisfied: value !== null && havingTest(node.having)(value) },
            counted, reaching: rows.length, interactions: rows,
        };
    }

    private valueText(table: string, column: string, type: ValueType, row: number): string {
        const v: Cell | undefined = this.ctx.tables[table]?.columns[column]?.[row];
        if (v === null || v === undefined) return 'null';
        if (type === 'datetime' && typeof v === 'number') return iso(v);
        if (type === 'uuid' && typeof v === 'string') return this.input.recordNames.get(v) ?? JSON.stringify(v);
        if (type === 'integer' && typeof v === 'number') {
            const field = this.input.names.field(table, column);
            return field ? this.input.names.literal({ type: 'integer', value: v }, field) : String(v);
        }
        return typeof v === 'string' ? JSON.stringify(v) : String(v);
    }
}

export function iso(ms: number): string {
    return new Date(ms).toISOString().replace('.000Z', 'Z');
}
