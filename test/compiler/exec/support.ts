// Test data for the executor: columnar tables from row objects, readable keys.
import type { Cell, Table, Tables } from '../../../compiler/exec/tables.js';
import type { ColumnRef, Cond, Plan, PlanNode, ValueType } from '../../../compiler/plan/plan.js';

/** A uuid whose last group is `n` (so keys sort as their numbers). */
export const uid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A columnar table from rows; a column missing from a row is null there. */
export function table(rows: Array<Record<string, Cell>>, columns: string[] = []): Table {
    const names = [...new Set([...columns, ...rows.flatMap(r => Object.keys(r))])];
    const out: Record<string, Cell[]> = {};
    for (const name of names) out[name] = rows.map(r => (name in r ? r[name] : null));
    return { rowCount: rows.length, columns: out };
}

/** `n` contacts with keys uid(1) … uid(n) and the given extra columns per row. */
export function contacts(n: number, extra: (i: number) => Record<string, Cell> = () => ({})): Table {
    return table(Array.from({ length: n }, (_, i) => ({ contactid: uid(i + 1), ...extra(i + 1) })), ['contactid']);
}

export const col = (column: string, type: ValueType, path: ColumnRef['path'] = []): ColumnRef => ({ path, column, type });

const source = { file: 'test.seg', line: 1, column: 1, endLine: 1, endColumn: 1 };

/** A plan over hand-made nodes (ids are their positions); one segment per entry of `segments`. */
export function plan(nodes: Array<Record<string, unknown>>, segments: Record<string, number>): Plan {
    return {
        version: 1,
        timeZone: 'UTC',
        audience: { table: 'contact', key: 'contactid' },
        nodes: nodes.map((n, id) => ({ source, refCount: 1, ...n, id }) as unknown as PlanNode),
        segments: Object.entries(segments).map(([name, node]) => ({ name, draft: false, source, node, uses: [] })),
    };
}

/** A profile node on contacts. */
export const profileNode = (where?: Cond) => ({ kind: 'profile', table: 'contact', key: 'contactid', ...(where ? { where } : {}) });

export type { Tables };
