// What the plan tests: the scenarios rows are made to match, the literals each
// column is tested for, and the values a condition or a `having` wants of a row.
import type { CalendarUnit, CmpOp, Cond, Having, Literal, Plan, Relation, Window } from '../../plan/plan.js';
import type { Rng } from '../random.js';
import type { Kind } from './declared-tables.js';
import { MAX_SCENARIO_ROWS } from './tuning.js';

// ---------------------------------------------------------------- what the plan tests

/** One test of a column, as a value to aim at. */
export type Constraint =
    | { kind: 'eq'; values: Literal[] }
    | { kind: 'ne'; values: Literal[] }
    | { kind: 'cmp'; op: CmpOp; value: Literal }
    | { kind: 'range'; low: Literal; high: Literal }
    | { kind: 'within'; amount: number; unit: CalendarUnit }
    | { kind: 'text'; mode: 'contains' | 'starts' | 'ends'; value: string; negated: boolean }
    | { kind: 'null'; negated: boolean }
    | { kind: 'bool'; value: boolean };

/** Rows of `table` made to match a query of the plan. */
export interface Scenario {
    table: string;
    where?: Cond;
    /** Interactions: the window, the relation and the having (none when it admits contacts without rows). */
    window?: Window;
    relation?: Relation;
    having?: Having;
    /** Entities (`exists … via column`): the column that refers to the contact. */
    via?: string;
}

function constraintOf(c: Cond): Constraint | undefined {
    switch (c.op) {
        case 'cmp':
            return c.cmp === '=' ? { kind: 'eq', values: [c.value] } : c.cmp === '!=' ? { kind: 'ne', values: [c.value] } : { kind: 'cmp', op: c.cmp, value: c.value };
        case 'in': return c.negated ? { kind: 'ne', values: c.values } : { kind: 'eq', values: c.values };
        case 'text': return { kind: 'text', mode: c.mode, value: c.value, negated: c.negated };
        case 'null': return { kind: 'null', negated: c.negated };
        case 'between': return { kind: 'range', low: c.low, high: c.high };
        case 'within': return { kind: 'within', amount: c.amount, unit: c.unit };
        case 'true': return { kind: 'bool', value: true };
        default: return undefined;
    }
}

/** The scenarios of a plan, by table (each distinct query once). */
export function scenariosOf(plan: Plan | undefined): Map<string, Scenario[]> {
    const out = new Map<string, Scenario[]>();
    const seen = new Set<string>();
    const add = (s: Scenario) => {
        const id = JSON.stringify(s);
        if (seen.has(id)) return;
        seen.add(id);
        if (!out.has(s.table)) out.set(s.table, []);
        out.get(s.table)!.push(s);
    };
    const exists = (c: Cond | undefined, outer: string) => {
        if (!c) return;
        switch (c.op) {
            case 'and': case 'or': for (const a of c.args) exists(a, outer); break;
            case 'not': exists(c.arg, outer); break;
            case 'exists':
                // Only exists on the audience: its rows belong to a contact through `via`.
                if (outer === plan!.audience.table) add({ table: c.table, ...(c.where ? { where: c.where } : {}), via: c.via });
                exists(c.where, c.table);
                break;
        }
    };
    for (const node of plan?.nodes ?? []) {
        if (node.kind === 'interaction') {
            add({
                table: node.table, ...(node.where ? { where: node.where } : {}), window: node.window, relation: node.relation,
                ...(node.admitsZero ? {} : { having: node.having }),
            });
            exists(node.where, node.table);
        } else if (node.kind === 'profile') {
            exists(node.where, node.table);
        }
    }
    return out;
}

/** Per table and column, the tests the plan's conditions make (literals to use now and then). */
export function poolsOf(plan: Plan | undefined): Map<string, Map<string, Constraint[]>> {
    const pools = new Map<string, Map<string, Constraint[]>>();
    const walk = (c: Cond | undefined, table: string) => {
        if (!c) return;
        switch (c.op) {
            case 'and': case 'or': for (const a of c.args) walk(a, table); return;
            case 'not': walk(c.arg, table); return;
            case 'exists': walk(c.where, c.table); return;
        }
        const constraint = constraintOf(c);
        if (!constraint) return;
        const at = c.column.path.length ? c.column.path[c.column.path.length - 1].table : table;
        if (!pools.has(at)) pools.set(at, new Map());
        const columns = pools.get(at)!;
        if (!columns.has(c.column.column)) columns.set(c.column.column, []);
        const list = columns.get(c.column.column)!;
        if (!list.some(x => JSON.stringify(x) === JSON.stringify(constraint))) list.push(constraint);
    };
    for (const node of plan?.nodes ?? []) {
        if (node.kind === 'interaction' || node.kind === 'profile') walk(node.where, node.table);
    }
    return pools;
}

/** The tests a condition makes of the row's own columns, picking one side of each `or`. */
export function solve(c: Cond | undefined, r: Rng, out: Map<string, Constraint[]>): void {
    if (!c) return;
    const put = (column: string, k: Constraint) => {
        if (!out.has(column)) out.set(column, []);
        out.get(column)!.push(k);
    };
    switch (c.op) {
        case 'and': for (const a of c.args) solve(a, r, out); return;
        case 'or': solve(c.args[r.int(c.args.length)], r, out); return;
        case 'exists': return;
        case 'not': {
            const a = c.arg;
            if (a.op === 'true' && !a.column.path.length) put(a.column.column, { kind: 'bool', value: false });
            else if (a.op === 'null' && !a.column.path.length) put(a.column.column, { kind: 'null', negated: !a.negated });
            return;
        }
        default: {
            const k = constraintOf(c);
            if (k && !c.column.path.length) put(c.column.column, k);
        }
    }
}

/**
 * The values a scenario's `having` wants of its rows' column (undefined for
 * `count`: then only the number of rows matters): enough rows for a count,
 * parts of a large enough total for a sum, each value in range for avg, min and max.
 */
export function havingValues(having: Having | undefined, r: Rng, kind: Kind | undefined): Array<Constraint | undefined> {
    if (!having) return [undefined];
    const integer = kind !== 'number';
    const wanted = (op: CmpOp | undefined, value: number | undefined): [number, number] => {
        if (op === undefined || value === undefined) return [having.low ?? 0, having.high ?? having.low ?? 0];
        const step = integer ? 1 : 0.01;
        const spread = Math.max(10 * step, Math.abs(value) * 0.5);
        switch (op) {
            case '=': return [value, value];
            case '!=': return [value + step, value + spread];
            case '>': return [value + step, value + spread];
            case '>=': return [value, value + spread];
            case '<': return [value - spread, value - step];
            case '<=': return [value - spread, value];
        }
    };
    const [low, high] = wanted(having.op, having.value);
    const pick = () => {
        const x = low + r.float() * (high - low);
        return integer ? Math.min(Math.floor(high), Math.max(Math.ceil(low), Math.round(x))) : Math.round(x * 100) / 100;
    };
    if (having.agg === 'count') {
        const v = having.value ?? 1, extra = r.int(2);
        const n = having.op === undefined ? (having.low ?? 1) + r.int((having.high ?? 1) - (having.low ?? 1) + 1)
            : having.op === '>=' ? v + extra : having.op === '>' ? v + 1 + extra : having.op === '!=' ? v + 1
            : having.op === '<' ? v - 1 - extra : v;
        return Array.from({ length: Math.max(1, Math.min(MAX_SCENARIO_ROWS, n)) }, () => undefined);
    }
    const number = (v: number): Literal => ({ type: integer ? 'integer' : 'number', value: v });
    if (having.agg === 'sum') {
        const total = pick();
        const n = 1 + r.int(3);
        if (!integer) return Array.from({ length: n }, () => ({ kind: 'eq', values: [number(Math.round(total / n * 100) / 100)] }));
        const each = Math.floor(total / n), rest = ((total % n) + n) % n;
        return Array.from({ length: n }, (_, k) => ({ kind: 'eq', values: [number(each + (k < rest ? 1 : 0))] }));
    }
    const n = 1 + r.int(2);
    return Array.from({ length: n }, () => ({ kind: 'eq', values: [number(pick())] }));
}
