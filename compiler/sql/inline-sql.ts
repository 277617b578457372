// A compiled query with its parameters bound: as the driver's values array,
// or inlined as quoted literals for pasting into psql (`seg compile --inline`).
import type { Dialect, ParamValue } from './dialect.js';
import { AS_OF_PARAM, type SqlParam } from './params.js';
import { postgresDialect } from './postgres-dialect.js';
import { SqlError } from './sql-error.js';

/**
 * What is bound at run time: only the as-of instant. The time zone ($2) is the
 * plan's, compiled into the query's parameters (compiler/pipeline.ts decides it once).
 */
export interface Binding {
    /** The as-of instant: a Date or an ISO string with an offset. */
    asOf: Date | string;
}

/** The values for $1, $2, … in order, as pg and PGlite take them. */
export function bindParams(query: { params: SqlParam[] }, binding: Binding): ParamValue[] {
    const asOf = typeof binding.asOf === 'string' ? binding.asOf : isoOf(binding.asOf);
    return query.params.map((p, i) => i + 1 === AS_OF_PARAM ? asOf : p.value);
}

function isoOf(date: Date): string {
    if (Number.isNaN(date.getTime())) throw new SqlError('The as-of instant is not a valid date.');
    return date.toISOString();
}

/** The query as one standalone statement: every placeholder replaced by its value as a quoted literal. */
export function toInlineSql(query: { text: string; params: SqlParam[] }, binding: Binding, dialect: Dialect = postgresDialect): string {
    const values = bindParams(query, binding);
    return dialect.replacePlaceholders(query.text, index => {
        const p = query.params[index - 1];
        if (!p) throw new SqlError(`The query refers to parameter ${index}, but has ${query.params.length}.`);
        return dialect.inlineLiteral(values[index - 1], p.type);
    });
}
