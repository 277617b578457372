// Why a contact is, or is not, in a segment: the plan walked for one audience
// key, down to the condition or interaction count that decided it. Runs on the
// in-memory executor over the test's own rows, whichever engine ran the test.
import { compileCond, TRUE, type Truth } from '../exec/conditions.js';
import { ExecContext } from '../exec/context.js';
import { contextOf, executeNode } from '../exec/execute.js';
import { havingTest } from '../exec/nodes.js';
import type { Cell, Tables } from '../exec/tables.js';
import { windowBounds } from '../calendar/windows.js';
import type { Cond, InteractionNode, Plan, PlanNode, ProfileNode, SourceRef, ValueType } from '../plan/plan.js';
import type { SourceNames } from './cond-text.js';

export interface WhyInput {
    plan: Plan;
    tables: Tables;
    asOf: number;
    names: SourceNames;
    /** Audience key → record name. */
    recordNames: Map<string, string>;
    /** The source text a plan node came from. */
    sourceText(ref: SourceRef): string | undefined;
}

/** Lines (indented two spaces a level) explaining `key`'s membership of `nodeId`. */
export function why(input: WhyInput, nodeId: number, key: string): string[] {
    return new Explainer(input, key).explain(nodeId, 0);
}

class Explainer {
    private readonly ctx: ExecContext;
    private readonly memo = new Map<number, boolean>();
    private readonly who: string;

    constructor(private readonly input: WhyInput, private readonly key: string) {
        this.ctx = contextOf(input.plan, input.tables, { asOf: input.asOf });
        this.who = input.recordNames.get(key) ?? key;
    }

    private isIn(id: number): boolean {
        let v = this.memo.get(id);
        if (v === undefined) {
            v = executeNode(this.input.plan, id, this.input.tables, { asOf: this.input.asOf }).has(this.key);
            this.memo.set(id, v);
        }
        return v;
    }

    explain(id: number, depth: number): string[] {
        const node = this.input.plan.nodes[id];
        const isIn = this.isIn(id);
        const pad = '  '.repeat(depth);
        const head = `${pad}${this.label(node)}: ${this.who} is ${isIn ? 'in' : 'not in'}`;
        switch (node.kind) {
            case 'union': case 'intersect': case 'except': {
                const [l, r] = [this.isIn(node.left), this.isIn(node.right)];
                // The operands that decided: for `except`, a member of the right side is what removed it.
                const decisive = node.kind === 'union' ? (isIn ? [l ? node.left : node.right] : [node.left, node.right])
                    : node.kind === 'intersect' ? (isIn ? [node.left, node.right] : [node.left, node.right].filter(n => !this.isIn(n)))
                    : isIn ? [node.left, node.right] : !l ? [node.left] : [node.right];
                const reason = node.kind === 'except' && !isIn && l && r ? ' (removed by the right side of except)' : '';
                return [head + reason, ...decisive.flatMap(n => this.explain(n, depth + 1))];
            }
            case 'profile': return [head, ...this.profile(node, isIn, depth + 1)];
            case 'interaction': return [head, ...this.interaction(node, depth + 1)];
        }
    }

    /** A segment's own node by its name, else the source text of the sub-expression. */
    private label(node: PlanNode): string {
        const segment = this.input.plan.segments.find(s => s.node === node.id);
        if (segment) return segment.name;
        const text = this.input.sourceText(node.source)?.replace(/\s+/g, ' ').trim();
        if (!text) return node.kind;
        return `\`${text.length > 90 ? `${text.slice(0, 87)}…` : text}\``;
    }

    private profile(node: ProfileNode, isIn: boolean, depth: number): string[] {
        const pad = '  '.repeat(depth);
        const row = this.ctx.audience.rowOf.get(this.key);
        if (row === undefined) return [`${pad}${this.who} is not a record of ${this.input.names.table(node.table)}`];
        if (!node.where) return [`${pad}every ${this.input.names.table(node.table)} is`];
        if (isIn) return [`${pad}matches: ${this.input.names.cond(node.where, node.table)}`];
        return this.failing(node.where, node.table, row, true).map(l => `${pad}${l}`);
    }

    /** The leaf conditions that keep `cond` from being true (or, under `not`, from being false) for `row`. */
    private failing(cond: Cond, table: string, row: number, wantTrue: boolean): string[] {
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
                const text = this.input.names.cond(cond, table);
                const own = cond.op !== 'exists' && cond.column.path.length === 0 ? cond.column : undefined;
                const verdict = t === TRUE ? 'true' : t === 0 ? 'false' : own ? 'unknown' : 'unknown: a value it reads is null, or a lookup is null or dangling';
                const pre = wantTrue ? 'fails' : 'holds, under not';
                // The value tested, when it is the row's own column.
                const actual = own ? ` (${this.input.names.path(table, own)} is ${this.valueText(table, own.column, own.type, row)})` : '';
                return [`${pre}: ${text} is ${verdict}${actual}`];
            }
        }
    }

    private interaction(node: InteractionNode, depth: number): string[] {
        const pad = '  '.repeat(depth);
        const a = this.ctx.audience.rowOf.get(this.key);
        const reach = this.ctx.reach(node.table, node.relation);
        const ts = this.ctx.column(node.table, 'timestamp');
        const n = this.ctx.table(node.table).rowCount;
        const { low, lowInclusive, high, highInclusive } = windowBounds(node.window, this.ctx.asOf, this.ctx.zone);
        const where = node.where ? compileCond(node.where, node.table, this.ctx) : undefined;
        const type = this.input.names.table(node.table);
        const lines: string[] = [];
        let matching = 0, total = 0;
        const values: number[] = [];
        const column = node.having.column ? this.ctx.column(node.table, node.having.column) : undefined;
        for (let row = 0; row < n; row++) {
            if (a === undefined || reach(row) !== a) continue;
            total++;
            const t = ts[row] as number;
            const at = iso(t);
            if (t > this.ctx.asOf) { lines.push(`${type} at ${at}: after the as-of instant`); continue; }
            const inWindow = !(lowInclusive ? t < low : t <= low) && !(highInclusive ? t > high : t >= high);
            if (!inWindow) { lines.push(`${type} at ${at}: outside the window (${windowText(low, lowInclusive, high, highInclusive)})`); continue; }
            if (where && where(row) !== TRUE) {
                const why = this.failing(node.where!, node.table, row, true).join('; ');
                lines.push(`${type} at ${at}: ${why}`);
                continue;
            }
            matching++;
            if (column && typeof column[row] === 'number') values.push(column[row] as number);
            lines.push(`${type} at ${at}: matches`);
        }
        const having = this.input.names.having(node.having, node.table);
        const aggregate = node.having.agg === 'count' ? matching
            : node.having.agg === 'sum' ? values.reduce((s, v) => s + v, 0)
            : values.length === 0 ? null
            : node.having.agg === 'avg' ? values.reduce((s, v) => s + v, 0) / values.length
            : node.having.agg === 'min' ? Math.min(...values) : Math.max(...values);
        const verdict = aggregate === null ? 'is null (no values), which never satisfies' : havingTest(node.having)(aggregate) ? 'satisfies' : 'does not satisfy';
        const summary = `${this.who} has ${matching} matching ${type} of ${total}; ${node.having.agg === 'count' ? `count ${matching}` : `${node.having.agg} ${aggregate ?? 'null'}`} ${verdict} ${having}`;
        const shown = lines.slice(0, 10).map(l => `${pad}  ${l}`);
        if (lines.length > 10) shown.push(`${pad}  … and ${lines.length - 10} more`);
        return [`${pad}${summary}`, ...shown];
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

function iso(ms: number): string {
    return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function windowText(low: number, lowInclusive: boolean, high: number, highInclusive: boolean): string {
    const from = Number.isFinite(low) ? `${lowInclusive ? 'from' : 'after'} ${iso(low)}` : '';
    const to = `${highInclusive ? 'up to' : 'before'} ${iso(high)}`;
    return from ? `${from} ${to}` : to;
}
