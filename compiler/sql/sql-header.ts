// The comment at the top of a compiled segment's .sql file: which segment,
// where it is declared, and what each parameter is. Values are shown as SQL
// literals, with anything that could end a `--` comment escaped.
import type { Plan } from '../plan/plan.js';
import { bindParams, type Binding } from './inline-sql.js';
import { AS_OF_PARAM, TIME_ZONE_PARAM, type SqlParam } from './params.js';
import { commentText } from './print-sql.js';
import { SqlError } from './sql-error.js';

/** Longer string values are cut in the header (the query itself has them whole). */
const MAX_SHOWN = 120;

/**
 * The header lines (no trailing newline). With a binding (for `--inline`
 * output), $1 shows the bound as-of instant.
 */
export function sqlFileHeader(plan: Plan, segmentName: string, query: { params: SqlParam[] }, binding?: Binding): string {
    const segment = plan.segments.find(s => s.name === segmentName);
    if (!segment) throw new SqlError(`The plan has no segment named '${segmentName}'.`);
    const { file, line, column } = segment.source;
    const lines = [
        `-- Segment: ${commentText(segment.name)}${segment.draft ? ' (draft)' : ''}`,
        `-- Source: ${commentText(`${file}:${line}:${column}`)}`,
        '-- Parameters:',
        ...bound(query.params, binding).map((p, i) => `--   ${commentText(describeParam(p, i + 1))}`),
    ];
    return lines.join('\n');
}

function bound(params: SqlParam[], binding: Binding | undefined): SqlParam[] {
    if (!binding) return params;
    const values = bindParams({ params }, binding);
    return params.map((p, i) => ({ ...p, value: values[i] }));
}

function describeParam(p: SqlParam, index: number): string {
    if (index === AS_OF_PARAM) return `$${index} asOf (${p.type})${p.value === null ? '' : ` = ${shown(p.value)}`}`;
    if (index === TIME_ZONE_PARAM) return `$${index} time zone (${p.type}) = ${shown(p.value)}`;
    return `$${index}${p.name ? ` ${p.name}` : ''} (${p.type}) = ${shown(p.value)}`;
}

/** Longer lists show their first values (the query binds them all). */
const MAX_SHOWN_VALUES = 10;

/** A value as an SQL literal; strings with special characters in E'…' form with escapes, long ones cut. */
function shown(value: SqlParam['value']): string {
    if (value === null) return 'NULL';
    if (typeof value === 'object') {
        const first = value.slice(0, MAX_SHOWN_VALUES).map(shown);
        const cut = value.length > MAX_SHOWN_VALUES;
        return `ARRAY[${first.join(', ')}${cut ? ', …' : ''}]${cut ? ` (${value.length} values, cut)` : ''}`;
    }
    if (typeof value !== 'string') return String(value);
    const chars = [...value];
    const cut = chars.length > MAX_SHOWN;
    const text = cut ? chars.slice(0, MAX_SHOWN).join('') : value;
    const suffix = cut ? ` (${chars.length} characters, cut)` : '';
    if (!/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\\]/.test(text)) return `'${text.replace(/'/g, "''")}'${cut ? '…' : ''}${suffix}`;
    const escaped = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\\']/g, c => {
        switch (c) {
            case '\\': return '\\\\';
            case "'": return "\\'";
            case '\n': return '\\n';
            case '\r': return '\\r';
            case '\t': return '\\t';
            default: return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
        }
    });
    return `E'${escaped}'${cut ? '…' : ''}${suffix}`;
}
