// What every compiled query shares around its own CTEs: the CTE typing $1
// and $2, and CTE names that no table of the plan has (a CTE shadows a table
// of its name).
import type { Cond, Plan } from '../plan/plan.js';
import { asOf, timeZone } from './params.js';
import { alias, select, type Cte } from './sql-ast.js';

/** `base`, with `_` appended until `taken` says no. */
export function freshName(base: string, taken: (name: string) => boolean): string {
    let name = base;
    while (taken(name)) name += '_';
    return name;
}

/**
 * Every query takes $1 and $2, but not every query needs them, and
 * PostgreSQL rejects a parameter it cannot type. This CTE types both; unread,
 * it costs nothing.
 */
export function paramsCte(name: string): Cte {
    return {
        name: alias(name),
        query: select({ columns: [{ expr: asOf(), alias: alias('as_of') }, { expr: timeZone(), alias: alias('time_zone') }] }),
        materialized: false,
        comment: 'the as-of instant and time zone parameters, typed here: every query takes both',
    };
}

/** Every table a plan reads. */
export function tablesOf(plan: Plan): Set<string> {
    const tables = new Set<string>([plan.audience.table]);
    const cond = (c: Cond | undefined): void => {
        if (!c) return;
        switch (c.op) {
            case 'and': case 'or': c.args.forEach(cond); return;
            case 'not': cond(c.arg); return;
            case 'exists': tables.add(c.table); cond(c.where); return;
            default: for (const step of c.column.path) tables.add(step.table);
        }
    };
    for (const node of plan.nodes) {
        if (node.kind === 'profile' || node.kind === 'interaction') {
            tables.add(node.table);
            cond(node.where);
        }
        if (node.kind === 'interaction') for (const step of node.relation.steps) tables.add(step.table);
        if (node.kind === 'sequence') {
            for (const s of [node.first, node.then]) {
                tables.add(s.table);
                cond(s.where);
                for (const step of s.relation.steps) tables.add(step.table);
            }
        }
    }
    return tables;
}
