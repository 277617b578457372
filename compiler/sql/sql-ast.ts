// A small immutable SQL tree, built by to-sql.ts and printed once by
// print-sql.ts. Nothing in it is SQL text: identifiers are names (quoted by the
// dialect when printed), values are numbered parameters, and the only inline
// constants are numbers and booleans the compiler generates itself (and the
// fixed 'month' of date_trunc). So no user string can reach the SQL text
// other than as a quoted identifier.

/** Types of parameters and casts, by their PostgreSQL names (a dialect maps them). */
export type ScalarType = 'uuid' | 'text' | 'bigint' | 'double precision' | 'boolean' | 'date' | 'timestamptz' | 'timestamp';
/** A scalar type, or an array of one (an `in` list is one array parameter, whatever its length). */
export type SqlType = ScalarType | `${ScalarType}[]`;

/**
 * A name in SQL: an identifier from checked metadata (a table, a column, a
 * collation), always quoted; or an alias the compiler generates (`c`, `t0`,
 * `q1`), printed bare and restricted to lower-case letters, digits and `_`.
 */
export interface SqlName {
    readonly quoted: boolean;
    readonly text: string;
}

export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type ArithmeticOp = '+' | '-' | '*' | '/';

export type SqlExpr =
    | { readonly kind: 'column'; readonly table?: SqlName; readonly column: SqlName }
    /** `$n::type`: every parameter is printed with its cast. */
    | { readonly kind: 'param'; readonly index: number; readonly type: SqlType }
    /** A constant the compiler generates (interval amounts, `0`, `1`, TRUE); never a user value. */
    | { readonly kind: 'constant'; readonly value: number | boolean }
    /** NULL (cast it to give it a type). */
    | { readonly kind: 'null' }
    | { readonly kind: 'cast'; readonly expr: SqlExpr; readonly type: SqlType }
    /** `fn(args)`; a named argument prints as `name => value`; `star` prints `fn(*)`. */
    | { readonly kind: 'call'; readonly fn: string; readonly args: readonly SqlArg[]; readonly star?: boolean; readonly distinct?: boolean }
    | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: SqlExpr; readonly right: SqlExpr }
    | { readonly kind: 'arithmetic'; readonly op: ArithmeticOp; readonly left: SqlExpr; readonly right: SqlExpr }
    | { readonly kind: 'logical'; readonly op: 'AND' | 'OR'; readonly args: readonly SqlExpr[] }
    | { readonly kind: 'not'; readonly arg: SqlExpr }
    | { readonly kind: 'is'; readonly arg: SqlExpr; readonly test: 'NULL' | 'NOT NULL' | 'TRUE' | 'NOT TRUE' | 'FALSE' }
    | { readonly kind: 'between'; readonly arg: SqlExpr; readonly low: SqlExpr; readonly high: SqlExpr }
    | { readonly kind: 'inQuery'; readonly arg: SqlExpr; readonly query: SqlQuery; readonly negated: boolean }
    /** `arg = ANY (array)`, or negated `arg <> ALL (array)`: IN and NOT IN over an array, with their null semantics. */
    | { readonly kind: 'inArray'; readonly arg: SqlExpr; readonly array: SqlExpr; readonly negated: boolean }
    /** `ARRAY(SELECT expr FROM unnest(array) AS element)`: `expr` (over the column `element`) applied to each element. */
    | { readonly kind: 'mapArray'; readonly expr: SqlExpr; readonly array: SqlExpr; readonly element: SqlName }
    | { readonly kind: 'exists'; readonly query: SqlQuery }
    | { readonly kind: 'case'; readonly whens: ReadonlyArray<{ readonly when: SqlExpr; readonly then: SqlExpr }>; readonly else?: SqlExpr }
    | { readonly kind: 'atTimeZone'; readonly arg: SqlExpr; readonly zone: SqlExpr }
    /** `fn(args) OVER (PARTITION BY … ORDER BY …)`: a window function; `rows` adds ROWS UNBOUNDED PRECEDING. */
    | { readonly kind: 'over'; readonly fn: SqlExpr; readonly partitionBy: readonly SqlExpr[]; readonly orderBy: readonly SortKey[]; readonly rows: boolean }
    /** `EXTRACT(EPOCH FROM arg)`: seconds since 1970 of an instant, or the length of an interval. */
    | { readonly kind: 'epoch'; readonly arg: SqlExpr }
    /** `date_trunc('month', arg)`: midnight at the start of a wall time's month. */
    | { readonly kind: 'monthStart'; readonly arg: SqlExpr }
    | { readonly kind: 'collate'; readonly arg: SqlExpr; readonly collation: SqlName };

export interface SortKey {
    readonly expr: SqlExpr;
    readonly desc: boolean;
}

export type SqlArg = SqlExpr | { readonly kind: 'named'; readonly name: string; readonly value: SqlExpr };

export interface SelectItem {
    readonly expr: SqlExpr;
    readonly alias?: SqlName;
}

/** A table, or a derived table (a subquery, which needs an alias). */
export type FromTable =
    | { readonly table: SqlName; readonly alias?: SqlName; readonly query?: undefined }
    | { readonly query: SqlQuery; readonly alias: SqlName; readonly table?: undefined };

export interface Join {
    readonly type: 'INNER' | 'LEFT' | 'FULL';
    readonly item: FromTable;
    readonly on: SqlExpr;
}

export interface SqlSelect {
    readonly kind: 'select';
    readonly columns: readonly SelectItem[];
    readonly from?: FromTable;
    readonly joins: readonly Join[];
    readonly where?: SqlExpr;
    readonly groupBy: readonly SqlExpr[];
    readonly having?: SqlExpr;
    /**
     * An optimization fence (PostgreSQL `OFFSET 0`): as a subquery, this SELECT
     * is not pulled up into its reader, so its expressions are computed once
     * per row, not substituted into every expression reading them.
     */
    readonly fence?: boolean;
}

/** Set semantics (no ALL): UNION, INTERSECT and EXCEPT of distinct rows. */
export interface SqlSetOp {
    readonly kind: 'setOp';
    readonly op: 'UNION' | 'INTERSECT' | 'EXCEPT';
    readonly left: SqlQuery;
    readonly right: SqlQuery;
}

export type SqlQuery = SqlSelect | SqlSetOp;

export interface Cte {
    readonly name: SqlName;
    readonly query: SqlQuery;
    /** Computed once even where the engine would inline it (it is read more than once). */
    readonly materialized: boolean;
    /** Read more than once, but inlined into each reader (so each pushes its own conditions down): NOT MATERIALIZED. */
    readonly inlined?: boolean;
    /** A one-line note printed above it; control characters are escaped by the printer. */
    readonly comment?: string;
}

export interface SqlStatement {
    readonly ctes: readonly Cte[];
    readonly body: SqlQuery;
    readonly orderBy: readonly SqlExpr[];
}

// ---------------------------------------------------------------- constructors
// Every constructor returns a frozen node, so a tree cannot change after it is built.

const freeze = <T extends object>(node: T): T => Object.freeze(node);

/** An identifier from checked metadata; printed quoted. */
export function ident(text: string): SqlName {
    return freeze({ quoted: true, text });
}

const ALIAS = /^[a-z][a-z0-9_]*$/;

/** A name the compiler generates; printed bare. */
export function alias(text: string): SqlName {
    if (!ALIAS.test(text)) throw new Error(`Internal error: '${text}' is not a generated alias.`);
    return freeze({ quoted: false, text });
}

export function column(table: SqlName | undefined, name: SqlName): SqlExpr {
    return freeze(table ? { kind: 'column', table, column: name } : { kind: 'column', column: name });
}

export function param(index: number, type: SqlType): SqlExpr {
    return freeze({ kind: 'param', index, type });
}

export function constant(value: number | boolean): SqlExpr {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new Error(`Internal error: constant ${value} is not a safe integer.`);
    return freeze({ kind: 'constant', value });
}

export function nullOf(type: SqlType): SqlExpr {
    return cast(freeze({ kind: 'null' }), type);
}

export function cast(expr: SqlExpr, type: SqlType): SqlExpr {
    return freeze({ kind: 'cast', expr, type });
}

const FUNCTION = /^[a-z_][a-z0-9_]*$/;

/** `count(DISTINCT arg)`: how many different non-null values. */
export function countDistinct(arg: SqlExpr): SqlExpr {
    return freeze({ kind: 'call', fn: 'count', args: freeze([arg]), distinct: true });
}

export function call(fn: string, ...args: SqlArg[]): SqlExpr {
    if (!FUNCTION.test(fn)) throw new Error(`Internal error: '${fn}' is not a function name.`);
    return freeze({ kind: 'call', fn, args: freeze([...args]) });
}

/** `fn(*)`, for count(*). */
export function callStar(fn: string): SqlExpr {
    if (!FUNCTION.test(fn)) throw new Error(`Internal error: '${fn}' is not a function name.`);
    return freeze({ kind: 'call', fn, args: freeze([]), star: true });
}

export function named(name: string, value: SqlExpr): SqlArg {
    if (!FUNCTION.test(name)) throw new Error(`Internal error: '${name}' is not an argument name.`);
    return freeze({ kind: 'named', name, value });
}

export function compare(op: CompareOp, left: SqlExpr, right: SqlExpr): SqlExpr {
    return freeze({ kind: 'compare', op, left, right });
}

export function arithmetic(op: ArithmeticOp, left: SqlExpr, right: SqlExpr): SqlExpr {
    return freeze({ kind: 'arithmetic', op, left, right });
}

/** AND of the arguments, nested ANDs flattened (AND is associative in three-valued logic); TRUE when empty. */
export function and(...args: SqlExpr[]): SqlExpr {
    return logical('AND', args, true);
}

/** OR of the arguments, nested ORs flattened; FALSE when empty. */
export function or(...args: SqlExpr[]): SqlExpr {
    return logical('OR', args, false);
}

function logical(op: 'AND' | 'OR', args: SqlExpr[], empty: boolean): SqlExpr {
    const flat = args.flatMap(a => (a.kind === 'logical' && a.op === op ? a.args : [a]));
    if (flat.length === 0) return constant(empty);
    if (flat.length === 1) return flat[0];
    return freeze({ kind: 'logical', op, args: freeze(flat) });
}

export function not(arg: SqlExpr): SqlExpr {
    return freeze({ kind: 'not', arg });
}

export function is(arg: SqlExpr, test: 'NULL' | 'NOT NULL' | 'TRUE' | 'NOT TRUE' | 'FALSE'): SqlExpr {
    return freeze({ kind: 'is', arg, test });
}

export function between(arg: SqlExpr, low: SqlExpr, high: SqlExpr): SqlExpr {
    return freeze({ kind: 'between', arg, low, high });
}

export function inArray(arg: SqlExpr, array: SqlExpr, negated = false): SqlExpr {
    return freeze({ kind: 'inArray', arg, array, negated });
}

/** Each element of `array` through `map`, which gets the element as a column. */
export function mapArray(array: SqlExpr, element: SqlName, map: (element: SqlExpr) => SqlExpr): SqlExpr {
    return freeze({ kind: 'mapArray', expr: map(column(undefined, element)), array, element });
}

export function inQuery(arg: SqlExpr, query: SqlQuery, negated = false): SqlExpr {
    return freeze({ kind: 'inQuery', arg, query, negated });
}

export function exists(query: SqlQuery): SqlExpr {
    return freeze({ kind: 'exists', query });
}

export function caseWhen(whens: Array<{ when: SqlExpr; then: SqlExpr }>, otherwise?: SqlExpr): SqlExpr {
    const list = freeze(whens.map(w => freeze({ ...w })));
    return freeze(otherwise ? { kind: 'case', whens: list, else: otherwise } : { kind: 'case', whens: list });
}

export function atTimeZone(arg: SqlExpr, zone: SqlExpr): SqlExpr {
    return freeze({ kind: 'atTimeZone', arg, zone });
}

/** A window function call over the rows of a partition, in order (running totals with `rows`). */
export function over(fn: SqlExpr, parts: { partitionBy?: SqlExpr[]; orderBy?: SortKey[]; rows?: boolean }): SqlExpr {
    if (fn.kind !== 'call') throw new Error('Internal error: OVER needs a function call.');
    return freeze({
        kind: 'over', fn,
        partitionBy: freeze([...(parts.partitionBy ?? [])]),
        orderBy: freeze((parts.orderBy ?? []).map(k => freeze({ ...k }))),
        rows: parts.rows ?? false,
    });
}

export function epoch(arg: SqlExpr): SqlExpr {
    return freeze({ kind: 'epoch', arg });
}

export function monthStart(arg: SqlExpr): SqlExpr {
    return freeze({ kind: 'monthStart', arg });
}

export function collate(arg: SqlExpr, collation: SqlName): SqlExpr {
    return freeze({ kind: 'collate', arg, collation });
}

export function select(parts: {
    columns: SelectItem[]; from?: FromTable; joins?: Join[]; where?: SqlExpr; groupBy?: SqlExpr[]; having?: SqlExpr; fence?: boolean;
}): SqlSelect {
    if (!parts.from && (parts.joins?.length || parts.where || parts.groupBy?.length || parts.having)) {
        throw new Error('Internal error: a SELECT without FROM has no other clauses.');
    }
    return freeze({
        kind: 'select',
        columns: freeze(parts.columns.map(c => freeze({ ...c }))),
        ...(parts.from ? { from: freeze({ ...parts.from }) } : {}),
        joins: freeze((parts.joins ?? []).map(j => freeze({ ...j, item: freeze({ ...j.item }) }))),
        ...(parts.where ? { where: parts.where } : {}),
        groupBy: freeze([...(parts.groupBy ?? [])]),
        ...(parts.having ? { having: parts.having } : {}),
        ...(parts.fence ? { fence: true } : {}),
    });
}

export function setOp(op: SqlSetOp['op'], left: SqlQuery, right: SqlQuery): SqlSetOp {
    return freeze({ kind: 'setOp', op, left, right });
}

export function statement(ctes: Cte[], body: SqlQuery, orderBy: SqlExpr[]): SqlStatement {
    return freeze({ ctes: freeze(ctes.map(c => freeze({ ...c }))), body, orderBy: freeze([...orderBy]) });
}
