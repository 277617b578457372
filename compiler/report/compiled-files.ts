// The files `seg compile --out` writes for a segment, as text: its .sql (the
// header, then the query) and its .plan.json. `seg explain`, `seg diff` and the
// language server's seg/plan show the same text.
import type { Plan } from '../plan/plan.js';
import { postgresDialect } from '../sql/postgres-dialect.js';
import { toClickHouseSql } from '../sql/clickhouse-sql.js';
import { commentText } from '../sql/print-sql.js';
import { sqlFileHeader, toInlineSql, toSql } from '../sql/to-sql.js';

/** A plan as the pretty JSON written to files: two-space indent, trailing newline. */
export function planJson(plan: Plan): string {
    return JSON.stringify(plan, null, 2) + '\n';
}

/** A segment's .sql file: the header, then the query (or the standalone query with a binding). */
export function segmentSqlFile(plan: Plan, name: string, binding?: Parameters<typeof toInlineSql>[1]): string {
    const query = toSql(plan, name, postgresDialect);
    const body = binding ? toInlineSql(query, binding, postgresDialect) : query.text;
    const header = sqlFileHeader(plan, name, query, binding);
    return `${header}\n${body.trimEnd()};\n`;
}

/**
 * A segment's ClickHouse .sql file: a header, then the query with its values
 * inline (ClickHouse binds no parameters; window bounds are computed for `asOf`).
 */
export function clickhouseSqlFile(plan: Plan, name: string, asOf: Date): string {
    const segment = plan.segments.find(s => s.name === name);
    const query = toClickHouseSql(plan, name, asOf);
    const { file, line, column } = segment!.source;
    const header = [
        `-- Segment: ${commentText(name)}${segment!.draft ? ' (draft)' : ''}`,
        `-- Source: ${commentText(`${file}:${line}:${column}`)}`,
        `-- ClickHouse, as of ${asOf.toISOString()} in ${commentText(plan.timeZone)} (values and window bounds inline)`,
    ].join('\n');
    return `${header}\n${query.trimEnd()};\n`;
}
