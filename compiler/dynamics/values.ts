// Dynamics values as Seg literals, by the type of the field they are compared
// with: 'True' → true, '2017-03-30' → a date (or, for a date-time field, the
// UTC instant 2017-03-30T00:00:00Z: Dynamics compares date-times in UTC),
// DATE(y, m, d, …) and DATEADD(part, n, <fixed date>) → the instant they name.
import { quote } from '../../language/seg-value-converter.js';
import type { SegType } from '../../language/model/field-types.js';
import type { Expr } from './ast.js';
import { ImportCodes, type Reporter } from './diagnostics.js';

/** DATEADD/DATEDIFF date parts Seg has a unit for, by their T-SQL names and abbreviations. */
const DATE_PARTS: Record<string, 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute'> = {
    year: 'year', yy: 'year', yyyy: 'year', month: 'month', mm: 'month', m: 'month', week: 'week', wk: 'week', ww: 'week',
    day: 'day', dd: 'day', d: 'day', dayofyear: 'day', hour: 'hour', hh: 'hour', minute: 'minute', mi: 'minute', n: 'minute',
};

export type DatePart = (typeof DATE_PARTS)[string];

export function datePart(e: Expr, r: Reporter): DatePart | undefined {
    const name = e.kind === 'path' && e.parts.length === 1 ? e.parts[0] : e.kind === 'string' ? e.value : '';
    const part = DATE_PARTS[name.toLowerCase()];
    if (!part) return r.error(ImportCodes.Untranslatable, `'${exprLabel(e)}' is not a date part Seg can express (year, month, week, day, hour or minute).`, e.pos);
    return part;
}

/** A constant number: a literal, a negated one, or arithmetic on constants. */
export function constantNumber(e: Expr): number | undefined {
    switch (e.kind) {
        case 'number': return e.value;
        case 'negate': { const v = constantNumber(e.operand); return v === undefined ? undefined : -v; }
        case 'binary': {
            const a = constantNumber(e.left), b = constantNumber(e.right);
            if (a === undefined || b === undefined) return undefined;
            switch (e.op) {
                case '+': return a + b;
                case '-': return a - b;
                case '*': return a * b;
                case '/': return b === 0 ? undefined : a / b;
                default: return undefined;
            }
        }
        default: return undefined;
    }
}

/** A fixed instant: DATE(…), DATEADD(part, n, <fixed instant>), or a quoted ISO date/date-time. Undefined otherwise. */
export function constantInstant(e: Expr, r: Reporter): Date | undefined {
    if (e.kind === 'string') return isoInstant(e.value);
    if (e.kind !== 'call') return undefined;
    if (e.name === 'DATE') {
        const parts = e.args.map(constantNumber);
        if (parts.length < 3 || parts.length > 7 || parts.some(p => p === undefined || !Number.isInteger(p))) {
            return r.error(ImportCodes.Untranslatable, 'DATE takes 3 to 7 whole numbers: year, month, day[, hour, minute, second, millisecond].', e.pos);
        }
        const [y, mo, d, h = 0, mi = 0, s = 0, ms = 0] = parts as number[];
        const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms));
        if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return r.error(ImportCodes.Untranslatable, `DATE(${parts.join(', ')}) is not a valid date.`, e.pos);
        return date;
    }
    if (e.name === 'DATEADD' && e.args.length === 3) {
        const base = constantInstant(e.args[2], r);
        const n = constantNumber(e.args[1]);
        const part = base && n !== undefined ? datePart(e.args[0], r) : undefined;
        return part && base ? addPart(base, part, n!) : undefined;
    }
    return undefined;
}

function addPart(base: Date, part: DatePart, n: number): Date {
    const d = new Date(base);
    switch (part) {
        // T-SQL keeps the day where it can and clamps it to the month's last day (DATEADD(month, -1, '2024-03-31') is 2024-02-29).
        case 'year': return addMonths(d, 12 * n);
        case 'month': return addMonths(d, n);
        case 'week': d.setUTCDate(d.getUTCDate() + 7 * n); break;
        case 'day': d.setUTCDate(d.getUTCDate() + n); break;
        case 'hour': d.setUTCHours(d.getUTCHours() + n); break;
        case 'minute': d.setUTCMinutes(d.getUTCMinutes() + n); break;
    }
    return d;
}

function addMonths(d: Date, n: number): Date {
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + n);
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
    return d;
}

/** An ISO date or date-time string as an instant; without an offset it is UTC (Dynamics stores and compares UTC). */
function isoInstant(text: string): Date | undefined {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(text.trim());
    if (!m) return undefined;
    const zone = m[7] && m[7] !== 'Z' ? m[7] : 'Z';
    const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}${zone}`);
    return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Seg's literal for an instant compared with a field of this type. */
export function instantLiteral(instant: Date, type: SegType): string {
    const iso = instant.toISOString();
    if (type.kind === 'date') return iso.slice(0, 10);
    return iso.endsWith('.000Z') ? iso.replace('.000Z', 'Z') : iso;
}

/** A plain value compared with a field of `type`, as Seg text; undefined (reported) when it has none. */
export function valueLiteral(e: Expr, type: SegType, r: Reporter): string | undefined {
    if (type.kind === 'date' || type.kind === 'datetime') {
        const before = r.diagnostics.length;
        const instant = constantInstant(e, r);
        if (instant) return instantLiteral(instant, type);
        if (r.diagnostics.length > before) return undefined;
    }
    switch (e.kind) {
        case 'string': return quote(e.value);
        case 'boolean': return String(e.value);
        case 'number': case 'negate': case 'binary': {
            const n = constantNumber(e);
            if (n !== undefined) return String(n);
            break;
        }
    }
    return r.error(ImportCodes.Untranslatable, `${exprLabel(e)} is not a value Seg can compare a field with.`, e.pos);
}

/** A short description of an expression for messages. */
export function exprLabel(e: Expr): string {
    switch (e.kind) {
        case 'call': return `${e.name}(…)`;
        case 'path': return e.parts.join('.');
        case 'string': return `'${e.value}'`;
        case 'number': return e.text;
        case 'boolean': return e.value ? 'True' : 'False';
        case 'negate': return `-${exprLabel(e.operand)}`;
        case 'binary': return `${exprLabel(e.left)} ${e.op} ${exprLabel(e.right)}`;
    }
}
