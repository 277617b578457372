// The parameters of one query: $1 is the as-of instant, $2 the time zone,
// and every literal of the plan is one more, numbered in the order the
// compiler meets them (which is their order in the text).
import type { Dialect, ParamValue } from './dialect.js';
import { param, type SqlExpr, type SqlType } from './sql-ast.js';

export interface SqlParam {
    /** What it is, for headers: 'asOf', 'timeZone', a column name, 'count', 'window start'… */
    name?: string;
    type: SqlType;
    /** The plan's literal as the driver takes it; null for asOf, which is bound at run time. */
    value: ParamValue;
}

export const AS_OF_PARAM = 1;
export const TIME_ZONE_PARAM = 2;

export class Params {
    private readonly list: SqlParam[] = [];

    constructor(timeZone: string) {
        this.add('timestamptz', null, 'asOf');
        this.add('text', timeZone, 'timeZone');
    }

    add(type: SqlType, value: ParamValue, name?: string): SqlExpr {
        this.list.push(name === undefined ? { type, value } : { name, type, value });
        return param(this.list.length, type);
    }

    get all(): SqlParam[] {
        return this.list.map(p => ({ ...p }));
    }
}

/** What compiling one segment shares: the dialect, its parameters and the audience. */
export interface SqlContext {
    readonly dialect: Dialect;
    readonly params: Params;
    readonly audience: { readonly table: string; readonly key: string };
    /** The instant windows and `within` tests are measured from: the as-of instant ($1) unless set (next-change-sql.ts asks "what holds then"). */
    readonly now?: SqlExpr;
}

/** The instant a context measures from. */
export const nowOf = (ctx: SqlContext): SqlExpr => ctx.now ?? asOf();

/** `$1::timestamptz`, the as-of instant. */
export const asOf = (): SqlExpr => param(AS_OF_PARAM, 'timestamptz');

/** `$2::text`, the time zone. */
export const timeZone = (): SqlExpr => param(TIME_ZONE_PARAM, 'text');

/** The driver binds all parameters, so the text must refer to each (and to no other). */
export function checkParams(text: string, count: number, dialect: Dialect): void {
    const seen = new Set<number>();
    dialect.replacePlaceholders(text, index => { seen.add(index); return ''; });
    for (let i = 1; i <= count; i++) if (!seen.has(i)) throw new Error(`Internal error: parameter ${i} is not used in the query.`);
    if (seen.size !== count) throw new Error('Internal error: the query refers to a parameter it does not define.');
}
