// Conditions as SQL expressions over one row (a scope). SQL's three-valued
// logic is the plan's, so and/or/not map one to one; what needs care is
// strings (lowered on both sides, ordered by code point, substring tests
// without LIKE), lookups (LEFT JOINs, so a null or dangling key gives null)
// and literals (always parameters, cast to their type).
import type { ColumnRef, Cond, Literal, Lookup } from '../plan/plan.js';
import {
    alias, and, between, column, compare, constant, exists, ident, inArray, is, mapArray, not, or, select,
    type CompareOp, type Join, type ScalarType, type SqlExpr, type SqlName,
} from './sql-ast.js';
import { SqlError } from './sql-error.js';
import { instantSql, withinSql } from './time-sql.js';
import { timeZone, type SqlContext } from './params.js';

/**
 * One row being tested: its table and alias, and the LEFT JOINs its
 * conditions' lookups need, one per distinct lookup path prefix
 * (`<prefix>0`, `<prefix>1`… in the order first met).
 */
export class Scope {
    private readonly lookupJoins: Join[] = [];
    private readonly lookups = new Map<string, SqlName>();

    constructor(readonly table: string, readonly row: SqlName, private readonly lookupPrefix: string, readonly depth = 0) {}

    get joins(): Join[] {
        return [...this.lookupJoins];
    }

    /** A column of the row, or of the row its lookups reach. */
    column(ref: ColumnRef): SqlExpr {
        let from = this.row;
        ref.path.forEach((step, i) => { from = this.lookup(ref.path.slice(0, i + 1), from, step); });
        return column(from, ident(ref.column));
    }

    private lookup(prefix: Lookup[], from: SqlName, step: Lookup): SqlName {
        const id = JSON.stringify(prefix.map(s => [s.table, s.key, s.column]));
        let target = this.lookups.get(id);
        if (!target) {
            target = alias(`${this.lookupPrefix}${this.lookups.size}`);
            this.lookups.set(id, target);
            this.lookupJoins.push({
                type: 'LEFT',
                item: { table: ident(step.table), alias: target },
                on: compare('=', column(target, ident(step.key)), column(from, ident(step.column))),
            });
        }
        return target;
    }

    /** The scope of an `exists` subquery's rows: `e1`, its lookups `e1_t0`… */
    nested(table: string): Scope {
        const depth = this.depth + 1;
        return new Scope(table, alias(`e${depth}`), `e${depth}_t`, depth);
    }
}

const CMP: Record<string, CompareOp> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

export function condSql(ctx: SqlContext, cond: Cond, scope: Scope): SqlExpr {
    switch (cond.op) {
        case 'and': return and(...cond.args.map(a => condSql(ctx, a, scope)));
        case 'or': return or(...cond.args.map(a => condSql(ctx, a, scope)));
        case 'not': return not(condSql(ctx, cond.arg, scope));
        case 'cmp': {
            const op = CMP[cond.cmp];
            if (!op) throw new SqlError(`Unknown comparison '${String(cond.cmp)}' on '${cond.column.column}'.`);
            const ordering = op !== '=' && op !== '<>';
            return compare(op, operand(ctx, cond.column, scope, ordering), literalSql(ctx, cond.value, cond.column));
        }
        case 'in': {
            // An empty list has no value to equal: false even for null (PostgreSQL's `x = ANY('{}')`), so `not in []` is true.
            if (cond.values.length === 0) return constant(cond.negated);
            const column = operand(ctx, cond.column, scope, false);
            // One array parameter however long the list (PostgreSQL takes at most 65,535 parameters);
            // date-times are two: exact instants, and wall-clock times converted in the time zone.
            const arrays = cond.column.type === 'datetime' ? instantArrays(ctx, cond.values, cond.column) : [arrayParam(ctx, cond.values, cond.column)];
            const tests = arrays.map(a => inArray(column, a, cond.negated));
            // NOT IN (a ∪ b) is NOT IN a AND NOT IN b, in three-valued logic too.
            return tests.length === 1 ? tests[0]! : cond.negated ? and(...tests) : or(...tests);
        }
        case 'text': {
            if (cond.column.type !== 'string') throw new SqlError(`'${cond.mode}' needs a string column; '${cond.column.column}' is ${cond.column.type}.`);
            const needle = ctx.dialect.lower(ctx.params.add('text', stringValue(cond.value), name(cond.column)));
            const test = ctx.dialect.textTest(cond.mode, ctx.dialect.lower(scope.column(cond.column)), needle);
            return cond.negated ? not(test) : test;
        }
        case 'null': return is(scope.column(cond.column), cond.negated ? 'NOT NULL' : 'NULL');
        case 'between':
            return between(operand(ctx, cond.column, scope, true), literalSql(ctx, cond.low, cond.column), literalSql(ctx, cond.high, cond.column));
        case 'within':
            return withinSql(ctx, scope.column(cond.column), cond.column.type, cond.amount, cond.unit, cond.column.column);
        case 'true': {
            if (cond.column.type !== 'boolean') throw new SqlError(`'${cond.column.column}' alone needs a boolean column; it is ${cond.column.type}.`);
            return scope.column(cond.column);
        }
        case 'exists': return existsSql(ctx, cond, scope);
        default: throw new SqlError(`Unknown condition '${String((cond as { op: unknown }).op)}'.`);
    }
}

/** `EXISTS (SELECT 1 FROM table AS eN … WHERE eN.via = outer.key AND where)`. */
function existsSql(ctx: SqlContext, cond: Extract<Cond, { op: 'exists' }>, outer: Scope): SqlExpr {
    const inner = outer.nested(cond.table);
    const link = compare('=', column(inner.row, ident(cond.via)), column(outer.row, ident(cond.outerKey)));
    const where = cond.where ? and(link, condSql(ctx, cond.where, inner)) : link;
    return exists(select({ columns: [{ expr: constant(1) }], from: { table: ident(cond.table), alias: inner.row }, joins: inner.joins, where }));
}

/** The tested column as compared: strings lowered, and ordered by code point for <, <=, >, >= and between. */
function operand(ctx: SqlContext, ref: ColumnRef, scope: Scope, ordering: boolean): SqlExpr {
    const value = scope.column(ref);
    if (ref.type !== 'string') return value;
    const lowered = ctx.dialect.lower(value);
    return ordering ? ctx.dialect.codePointOrder(lowered) : lowered;
}

const isNumeric = (t: string) => t === 'integer' || t === 'number';

/** A literal as a parameter of the column's comparison (strings lowered). */
export function literalSql(ctx: SqlContext, lit: Literal, ref: ColumnRef): SqlExpr {
    if (!(lit.type === ref.type || (isNumeric(lit.type) && isNumeric(ref.type)))) {
        throw new SqlError(`A ${lit.type} value cannot be compared with '${ref.column}', a ${ref.type} column.`);
    }
    const n = name(ref);
    switch (lit.type) {
        case 'string': return ctx.dialect.lower(ctx.params.add('text', stringValue(lit.value), n));
        case 'integer': case 'number': {
            const v = lit.value;
            if (typeof v !== 'number' || !Number.isFinite(v)) throw new SqlError(`The value of '${n}' is not a finite number.`);
            return ctx.params.add(lit.type === 'integer' && Number.isSafeInteger(v) ? 'bigint' : 'double precision', v, n);
        }
        case 'boolean':
            if (typeof lit.value !== 'boolean') throw new SqlError(`The value of '${n}' is not a boolean.`);
            return ctx.params.add('boolean', lit.value, n);
        case 'date': return ctx.params.add('date', stringValue(lit.value), n);
        case 'uuid': return ctx.params.add('uuid', stringValue(lit.value), n);
        case 'datetime': return instantSql(ctx, lit.value, n);
        default: throw new SqlError(`Unknown literal type '${String((lit as { type: unknown }).type)}' for '${n}'.`);
    }
}

/** An `in` list's values as one typed array parameter (strings lowered, as one value is by literalSql). */
function arrayParam(ctx: SqlContext, values: Literal[], ref: ColumnRef): SqlExpr {
    const n = name(ref);
    const scalars = values.map(v => literalValue(v, ref));
    const type = elementType(values, ref);
    const array = ctx.params.add(`${type}[]`, scalars, n);
    return type === 'text' ? ctx.dialect.lowerEach(array) : array;
}

/** A date-time list as arrays: `timestamptz[]` of its exact instants, wall-clock times each converted in the time zone. */
function instantArrays(ctx: SqlContext, values: Literal[], ref: ColumnRef): SqlExpr[] {
    const instants = values.map(v => {
        if (v.type !== 'datetime') throw new SqlError(`A ${v.type} value cannot be compared with '${ref.column}', a ${ref.type} column.`);
        if (typeof v.value.value !== 'string') throw new SqlError(`The ${name(ref)} instant is not a string.`);
        return v.value;
    });
    const utc = instants.filter(i => i.kind === 'utc').map(i => i.value);
    const local = instants.filter(i => i.kind === 'local').map(i => i.value);
    const arrays: SqlExpr[] = [];
    if (utc.length) arrays.push(ctx.params.add('timestamptz[]', utc, name(ref)));
    if (local.length) {
        const walls = ctx.params.add('timestamp[]', local, name(ref));
        arrays.push(mapArray(walls, alias('v'), v => ctx.dialect.wallToInstant(v, timeZone())));
    }
    return arrays;
}

/** The SQL element type of a list: a number column's list is bigint only when every value is a safe integer. */
function elementType(values: Literal[], ref: ColumnRef): ScalarType {
    switch (ref.type) {
        case 'string': return 'text';
        case 'integer': case 'number':
            return values.every(v => v.type === 'integer' && Number.isSafeInteger(v.value)) ? 'bigint' : 'double precision';
        case 'boolean': return 'boolean';
        case 'date': return 'date';
        case 'uuid': return 'uuid';
        default: throw new SqlError(`An 'in' list cannot be compared with '${ref.column}', a ${ref.type} column.`);
    }
}

/** One list value, checked as literalSql checks a single one. */
function literalValue(lit: Literal, ref: ColumnRef): string | number | boolean {
    if (!(lit.type === ref.type || (isNumeric(lit.type) && isNumeric(ref.type)))) {
        throw new SqlError(`A ${lit.type} value cannot be compared with '${ref.column}', a ${ref.type} column.`);
    }
    switch (lit.type) {
        case 'integer': case 'number':
            if (typeof lit.value !== 'number' || !Number.isFinite(lit.value)) throw new SqlError(`The value of '${name(ref)}' is not a finite number.`);
            return lit.value;
        case 'boolean':
            if (typeof lit.value !== 'boolean') throw new SqlError(`The value of '${name(ref)}' is not a boolean.`);
            return lit.value;
        default: return stringValue(lit.value);
    }
}

/** A parameter's display name: the column, through its lookups (`parentcustomerid.name`). */
function name(ref: ColumnRef): string {
    return [...ref.path.map(s => s.column), ref.column].join('.');
}

/** Plan strings go to the database as parameters; PostgreSQL text cannot hold NUL, so say so here. */
function stringValue(value: unknown): string {
    if (typeof value !== 'string') throw new SqlError('A string literal in the plan is not a string.');
    if (value.includes('\u0000')) throw new SqlError('A string containing a NUL character (U+0000) cannot be used in PostgreSQL.');
    return value;
}

