// Plan → one ClickHouse query per segment: `SELECT toString(key) AS contact_id
// FROM <audience> WHERE <membership>`. SQL that 18.16 and current releases
// both run, on plain MergeTree tables or on Distributed ones:
//
// - A segment is a condition on the audience row, never a set operation:
//   union is OR, intersect AND, except AND NOT (18.16 has no INTERSECT or
//   EXCEPT, and no WITH … AS (subquery)).
// - Everything another table decides is an uncorrelated `key GLOBAL IN
//   (subquery)` (18.16 has no correlated subqueries; GLOBAL runs the subquery
//   once and ships its keys to every shard, which a Distributed table needs).
//   Lookups (`a.b`) are nested INs instead of LEFT JOINs (18.16 joins one
//   table per SELECT, and fills a missing row with defaults, not NULLs).
// - An interaction query groups its table by the contact key: on a
//   Distributed table each shard aggregates its own rows, the initiator
//   merges the groups. A relation through another table (`via lead`) joins
//   it first (GLOBAL ALL INNER JOIN … USING).
// - Three-valued logic is explicit: see `known` in clickhouse-dialect.ts.
//   `cond(c, true)` is "c is true", `cond(c, false)` "c is false"; a row is
//   kept where the condition is true.
import { timeZone as zoneNamed, type TimeZone } from '../calendar/time-zone.js';
import { windowBounds } from '../calendar/windows.js';
import type { ColumnRef, Cond, Having, InteractionNode, Literal, Lookup, Plan, PlanNode, ProfileNode, SequenceNode, SequenceStep, ValueType, Window } from '../plan/plan.js';
import { PLAN_VERSION } from '../plan/plan.js';
import { instantPlusStages } from './clickhouse-calendar.js';
import { clickhouseDialect as ch } from './clickhouse-dialect.js';
import { SqlError } from './sql-error.js';

/** Aliases this compiler gives columns; a table column of the same name would be shadowed by them. */
// (The other names sequences use, seg_e, seg_ta, the calendar stages', are only defined over subqueries.)
const ALIASES = new Set(['seg_key', 'seg_value', 'seg_join', 'seg_target', 'seg_t', 'seg_null', 'seg_v']);

interface Ctx {
    plan: Plan;
    zone: TimeZone;
    asOfMs: number;
}

/** The query of one segment as of an instant, with every value inline (ClickHouse cannot bind parameters). */
export function toClickHouseSql(plan: Plan, segmentName: string, asOf: Date | string): string {
    if (plan.version !== PLAN_VERSION) throw new SqlError(`This compiler reads plan version ${PLAN_VERSION}, not ${String(plan.version)}.`);
    const segment = plan.segments.find(s => s.name === segmentName);
    if (!segment) throw new SqlError(`The plan has no segment named '${segmentName}'.`);
    const asOfMs = typeof asOf === 'string' ? Date.parse(asOf) : asOf.getTime();
    if (Number.isNaN(asOfMs)) throw new SqlError('The as-of instant is not a valid date.');
    let zone: TimeZone;
    try {
        zone = zoneNamed(plan.timeZone);
    } catch {
        throw new SqlError(`Unknown time zone '${plan.timeZone}'.`);
    }
    const ctx: Ctx = { plan, zone, asOfMs };
    const key = col(plan.audience.key);
    return [
        `SELECT toString(${key}) AS contact_id`,
        `FROM ${table(plan.audience.table)}`,
        `WHERE ${indent(member(ctx, segment.node), '  ').trimStart()}`,
    ].join('\n');
}

function node(ctx: Ctx, id: number): PlanNode {
    const n = ctx.plan.nodes[id];
    if (!n || n.id !== id) throw new SqlError(`The plan has no node ${id} (or its nodes are out of order).`);
    return n;
}

/** Whether the audience row is a member of a node (never null). */
function member(ctx: Ctx, id: number): string {
    const n = node(ctx, id);
    switch (n.kind) {
        case 'profile': return profile(ctx, n);
        case 'interaction': return interaction(ctx, n);
        case 'union': return block('OR', [member(ctx, n.left), member(ctx, n.right)]);
        case 'intersect': return block('AND', [member(ctx, n.left), member(ctx, n.right)]);
        case 'except': return block('AND', [member(ctx, n.left), `NOT ${member(ctx, n.right)}`]);
        case 'sequence': return sequence(ctx, n);
        default: throw new SqlError(`Unknown plan node kind '${String((n as { kind: unknown }).kind)}'.`);
    }
}

function profile(ctx: Ctx, n: ProfileNode): string {
    const audience = ctx.plan.audience;
    if (n.table === audience.table && n.key === audience.key) return n.where ? cond(ctx, n.where, true) : '1';
    // Another table's rows whose key is an audience key (as the executor reads it).
    return inQuery(col(audience.key), select(col(n.key), n.table, n.where ? [cond(ctx, n.where, true)] : []), false);
}

/**
 * The contacts whose matching rows pass `having`: keys of the passing groups;
 * or, when contacts without rows pass too (count = 0 …), every contact but
 * the keys of failing groups.
 */
function interaction(ctx: Ctx, n: InteractionNode): string {
    const filters = [...windowFilters(ctx, n.window), ...(n.where ? [cond(ctx, n.where, true)] : []), ...distinctGuard(n)];
    const test = havingTest(n.having, n.type);
    const value = n.having.agg === 'count' ? undefined : n.having.agg === 'distinct' ? distinctValue(n) : col(n.having.column!);
    let grouped: string;
    if (!n.relation.steps.length) {
        const key = col(n.relation.column);
        const agg = aggregate(n.having, value ?? '');
        grouped = [
            `SELECT ${key} AS seg_key`,
            `FROM ${table(n.table)}`,
            `WHERE ${[`isNotNull(${key})`, ...filters].join('\n  AND ')}`,
            `GROUP BY seg_key`,
            `HAVING ${n.admitsZero ? `NOT ${test(agg)}` : test(agg)}`,
        ].join('\n');
    } else {
        let rows = select(`${col(n.relation.column)} AS seg_key, ${value ?? '0'} AS seg_value`, n.table, [`isNotNull(${col(n.relation.column)})`, ...filters]);
        for (const step of n.relation.steps) rows = relationStep(rows, step);
        const agg = aggregate(n.having, 'seg_value');
        grouped = [`SELECT seg_key`, `FROM (`, indent(rows, '  '), `)`, `GROUP BY seg_key`, `HAVING ${n.admitsZero ? `NOT ${test(agg)}` : test(agg)}`].join('\n');
    }
    return inQuery(col(ctx.plan.audience.key), grouped, n.admitsZero);
}

/** Rows (seg_key, seg_value) with seg_key replaced by the `column` of the `table` row it is the key of (inner join). */
function relationStep(rows: string, step: Lookup): string {
    const target = select(`assumeNotNull(${col(step.key)}) AS seg_join, ${col(step.column)} AS seg_target`, step.table, [`isNotNull(${col(step.key)})`]);
    return [
        'SELECT seg_target AS seg_key, seg_value',
        'FROM (',
        indent(`SELECT assumeNotNull(seg_key) AS seg_join, seg_value\nFROM (\n${indent(rows, '  ')}\n)`, '  '),
        ')',
        'GLOBAL ALL INNER JOIN (',
        indent(target, '  '),
        ') USING seg_join',
        'WHERE isNotNull(seg_target)',
    ].join('\n');
}

/**
 * What count(distinct …) tells apart, as PostgreSQL's count(DISTINCT …) does:
 * strings lowered (as `=` compares them), and a number's -0 as 0 (uniqExact
 * hashes the bits; -0 + 0 is +0).
 */
function distinctValue(n: InteractionNode): string {
    return asEqualityCompares(col(n.having.column!), n.having.type!);
}

/** A value as `=` compares it: strings lowered, a number's -0 as 0 (hashing and joins compare bits). */
function asEqualityCompares(value: string, type: ValueType): string {
    return type === 'string' ? ch.lower(value) : type === 'number' ? `(${value} + 0)` : value;
}

/** A string counted by count(distinct …) is lowered: refused where lowerUTF8 differs from PostgreSQL's lower(). */
function distinctGuard(n: InteractionNode): string[] {
    if (n.having.agg !== 'distinct' || n.having.type !== 'string') return [];
    const value = col(n.having.column!);
    return [`(isNull(${value}) OR ${ch.caseGuard(value)})`];
}

/** The aggregate over a group's values (sum of none or only nulls is 0; avg, min and max of those are null). */
function aggregate(having: Having, value: string): string {
    switch (having.agg) {
        case 'count': return 'count()';
        // Of a Nullable column whose values are all null, ClickHouse's aggregate is null, not 0.
        case 'distinct': return `ifNull(uniqExact(${value}), 0)`;
        case 'sum': return `ifNull(sum(${value}), 0)`;
        case 'avg': case 'min': case 'max': return `${having.agg}(${value})`;
        default: throw new SqlError(`Unknown aggregate '${String(having.agg)}'.`);
    }
}

/** "The having comparison is true" of an aggregate (a null aggregate satisfies none). */
function havingTest(having: Having, type: string): (agg: string) => string {
    if (having.agg !== 'count' && !having.column) throw new SqlError(`The ${having.agg} of interaction ${type} names no column.`);
    if (having.low !== undefined && having.high !== undefined) {
        const low = ch.number(having.low), high = ch.number(having.high);
        return agg => `ifNull(${agg} >= ${low} AND ${agg} <= ${high}, 0)`;
    }
    if (!having.op || having.value === undefined || !CMP[having.op]) throw new SqlError(`The having of interaction ${type} has neither a comparison nor a range.`);
    const op = CMP[having.op], value = ch.number(having.value);
    return agg => `ifNull(${agg} ${op} ${value}, 0)`;
}

/** The window on `timestamp` (microseconds), bounds computed here from as-of, always with `timestamp <= asOf`. */
function windowFilters(ctx: Ctx, window: Window): string[] {
    const b = windowBounds(window, ctx.asOfMs, ctx.zone);
    const ts = col('timestamp');
    const filters: string[] = [];
    if (b.low !== -Infinity) filters.push(`${ts} ${b.lowInclusive ? '>=' : '>'} ${ch.micros(b.low)}`);
    filters.push(`${ts} ${b.highInclusive ? '<=' : '<'} ${ch.micros(b.high)}`);
    return filters;
}

/**
 * A sequence whose gap is calendar time in a zone other than UTC refuses first-step rows before this
 * (the query fails): the zone's offsets (clickhouse-calendar.ts) come from Node's time-zone data,
 * which agrees with PostgreSQL's from 1970 on only.
 */
const CALENDAR_FLOOR_MS = Date.UTC(1970, 0, 1);

/**
 * `interaction A … then [not] B [on f] within gap` (plan.ts's SequenceNode). 18.16 joins only on
 * equality, so each step's rows are grouped by contact (and correlated value): A's timestamps and
 * gap ends, B's timestamps, as arrays; the groups are joined on the key, A's arrays unrolled again,
 * and a contact is a member where some A row has a B row in (t, t + gap] (`then`), or none and its
 * gap has ended (`then not`; a contact without B rows joins an empty array).
 * The gap end is computed per A row, in the zone's calendar (clickhouse-calendar.ts).
 */
function sequence(ctx: Ctx, n: SequenceNode): string {
    const first = windowBounds(n.first.window, ctx.asOfMs, ctx.zone);
    const calendar = n.gap.unit !== 'minute' && n.gap.unit !== 'hour';
    const floored = calendar && ctx.zone.name.toUpperCase() !== 'UTC' && first.low < CALENDAR_FLOOR_MS;
    const range = { lo: floored || first.low === -Infinity ? Math.max(first.low, CALENDAR_FLOOR_MS) : first.low, hi: first.high };
    const ts = col('timestamp');
    const on = n.on;
    const gapEnd = instantPlusStages('seg_t', n.gap.amount, n.gap.unit, ctx.zone, range, 'seg_e');
    const aFilters = [
        ...stepFilters(ctx, n.first),
        ...(floored ? [`NOT throwIf(${ts} < ${ch.micros(CALENDAR_FLOOR_MS)})`] : []),
        // A row without a value pairs with nothing: dropped for `then`, kept (marked) for `then not`.
        ...(on ? [...(n.negated ? [] : [`isNotNull(${col(on.first)})`]), ...correlatedGuard(on.first, on.type)] : []),
    ];
    const bFilters = [
        ...stepFilters(ctx, n.then),
        // b.t > a.t >= the first window's start: the rest of B's rows cannot pair.
        ...(first.low !== -Infinity ? [`${ts} > ${ch.micros(first.low)}`] : []),
        ...(on ? [`isNotNull(${col(on.then)})`, ...correlatedGuard(on.then, on.type)] : []),
    ];
    const tagged = (column: string | undefined) => column && on ? [`isNull(${col(column)}) AS seg_null`, `${correlated(column, on.type)} AS seg_v`] : [];
    const left = grouped(n.first, tagged(on?.first), gapEnd, n.negated ? [`seg_e <= ${ch.micros(ctx.asOfMs)}`] : [], aFilters, ['seg_t', 'seg_e'], ['seg_ta', 'seg_ea'], !!on);
    const right = grouped(n.then, tagged(on?.then), [], [], bFilters, ['seg_t'], ['seg_tb'], !!on);
    const pairs = `arrayExists(b -> b > seg_t AND b <= seg_e, seg_tb)`;
    const pairing = [
        'SELECT seg_key',
        'FROM (',
        indent(left, '  '),
        `) GLOBAL ANY ${n.negated ? 'LEFT' : 'INNER'} JOIN (`,
        indent(right, '  '),
        `) USING ${on ? '(seg_key, seg_null, seg_v)' : 'seg_key'}`,
        'ARRAY JOIN seg_ta AS seg_t, seg_ea AS seg_e',
        `WHERE ${n.negated ? `NOT ${pairs}` : pairs}`,
    ].join('\n');
    return inQuery(col(ctx.plan.audience.key), pairing, false);
}

/** A step's filters: its window (with `timestamp <= asOf`) and its `where`. */
function stepFilters(ctx: Ctx, step: SequenceStep): string[] {
    return [...windowFilters(ctx, step.window), ...(step.where ? [cond(ctx, step.where, true)] : [])];
}

/**
 * A step's rows grouped by contact (and, with `on`, by null flag and correlated value), each with
 * `seg_t` (its timestamp) and what `stages` compute from it (nested SELECTs), kept where `after`
 * holds; `seg_value`, a tuple of the `carried` columns and the tags, goes through the relation's
 * lookups; `arrays` are the groupArray of the carried columns.
 */
function grouped(step: SequenceStep, tags: string[], stages: string[][], after: string[], filters: string[], carried: string[], arrays: string[], correlated: boolean): string {
    const key = col(step.relation.column);
    let rows = select([`${key} AS seg_key`, `${col('timestamp')} AS seg_t`, ...tags].join(', '), step.table, [`isNotNull(${key})`, ...filters]);
    for (const items of stages) rows = `SELECT *, ${items.join(', ')}\nFROM (\n${indent(rows, '  ')}\n)`;
    const packed = [...carried, ...(correlated ? ['seg_null', 'seg_v'] : [])];
    rows = [`SELECT seg_key, tuple(${packed.join(', ')}) AS seg_value`, 'FROM (', indent(rows, '  '), ')', ...(after.length ? [`WHERE ${after.join(' AND ')}`] : [])].join('\n');
    for (const lookup of step.relation.steps) rows = relationStep(rows, lookup);
    const n = carried.length;
    return [
        `SELECT seg_key${correlated ? `, tupleElement(seg_value, ${n + 1}) AS seg_null, tupleElement(seg_value, ${n + 2}) AS seg_v` : ''}, `
            + arrays.map((a, i) => `groupArray(tupleElement(seg_value, ${i + 1})) AS ${a}`).join(', '),
        'FROM (',
        indent(rows, '  '),
        ')',
        `GROUP BY seg_key${correlated ? ', seg_null, seg_v' : ''}`,
    ].join('\n');
}

/** The correlated value as `=` compares it (strings lowered, -0 as 0), never null (nulls are flagged apart). */
function correlated(column: string, type: ValueType): string {
    return `assumeNotNull(${asEqualityCompares(col(column), type)})`;
}

/** A correlated string is lowered: refused where lowerUTF8 differs from PostgreSQL's lower(). */
function correlatedGuard(column: string, type: ValueType): string[] {
    return type === 'string' ? [`(isNull(${col(column)}) OR ${ch.caseGuard(col(column))})`] : [];
}

const CMP: Record<string, string> = { '=': '=', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** "c is true" (want) or "c is false" (!want), as a never-null condition on the current row. */
function cond(ctx: Ctx, c: Cond, want: boolean): string {
    switch (c.op) {
        case 'and': return block(want ? 'AND' : 'OR', c.args.map(a => cond(ctx, a, want)));
        case 'or': return block(want ? 'OR' : 'AND', c.args.map(a => cond(ctx, a, want)));
        case 'not': return cond(ctx, c.arg, !want);
        case 'exists': {
            // Never unknown: rows of `table` whose `via` is this row's key, and that satisfy `where`.
            const rows = select(col(c.via), c.table, c.where ? [cond(ctx, c.where, true)] : []);
            const test = block('AND', [`isNotNull(${col(c.outerKey)})`, inQuery(col(c.outerKey), rows, false)]);
            return want ? test : `NOT ${test}`;
        }
        case 'null': {
            // `a.b is null` is true when a is null or dangling too (no value), as PostgreSQL's LEFT JOIN gives.
            const has = reach(c.column.path, `isNotNull(${col(c.column.column)})`);
            return want === c.negated ? has : `NOT ${has}`;
        }
        case 'in':
            // `x in []` is false even for a null x (PostgreSQL's `x = ANY('{}')`).
            if (!c.values.length) return want === c.negated ? '1' : '0';
            return atom(ctx, c, want);
        default: return atom(ctx, c, want);
    }
}

/** A test of one (possibly looked-up) column: true or false only where the value is known. */
function atom(ctx: Ctx, c: Exclude<Cond, { op: 'and' | 'or' | 'not' | 'exists' | 'null' }>, want: boolean): string {
    const value = col(c.column.column);
    const test = testSql(ctx, c, value);
    // A string is lowered: guarded where it holds a character lowerUTF8 gets wrong (both polarities, so the
    // query fails rather than answer differently).
    const guard = c.column.type === 'string' && !(c.op === 'in' && !c.values.length) ? ` AND ${ch.caseGuard(value)}` : '';
    return reach(c.column.path, ch.known(value, (want ? test : `NOT (${test})`) + guard));
}

/** `pred` of the row reached along `path` (false where a step is null or dangling). */
function reach(path: Lookup[], pred: string): string {
    if (!path.length) return pred;
    const [step, ...rest] = path;
    const rows = select(col(step!.key), step!.table, [reach(rest, pred)]);
    return block('AND', [`isNotNull(${col(step!.column)})`, inQuery(col(step!.column), rows, false)]);
}

/** The two-valued test of a non-null value. */
function testSql(ctx: Ctx, c: Exclude<Cond, { op: 'and' | 'or' | 'not' | 'exists' | 'null' }>, value: string): string {
    const ref = c.column;
    const operand = ref.type === 'string' ? ch.lower(value) : value;
    switch (c.op) {
        case 'cmp': {
            const op = CMP[c.cmp];
            if (!op) throw new SqlError(`Unknown comparison '${String(c.cmp)}' on '${ref.column}'.`);
            return `${operand} ${op} ${literal(ctx, c.value, ref)}`;
        }
        case 'in': {
            // 18.16 reads toUUID('…') in an IN list as a UInt128: GUIDs are compared as their canonical text.
            if (ref.type === 'uuid') {
                const list = c.values.map(v => { literal(ctx, v, ref); return ch.quoteString(String(v.value)); }).join(', ');
                return `toString(${value}) ${c.negated ? 'NOT IN' : 'IN'} (${list})`;
            }
            const list = c.values.map(v => literal(ctx, v, ref)).join(', ');
            return `${operand} ${c.negated ? 'NOT IN' : 'IN'} (${list})`;
        }
        case 'text': {
            if (ref.type !== 'string') throw new SqlError(`'${c.mode}' needs a string column; '${ref.column}' is ${ref.type}.`);
            ch.checkCase(c.value, `'${ref.column}' ${c.mode}`);
            const test = ch.textTest(c.mode, operand, ch.lower(ch.quoteString(c.value)));
            return c.negated ? `NOT (${test})` : test;
        }
        case 'between': return `${operand} >= ${literal(ctx, c.low, ref)} AND ${operand} <= ${literal(ctx, c.high, ref)}`;
        case 'within': {
            if (ref.type === 'datetime') {
                return `${value} > ${ch.micros(ch.instantMinus(ctx.asOfMs, c.amount, c.unit, ctx.zone))} AND ${value} <= ${ch.micros(ctx.asOfMs)}`;
            }
            if (ref.type === 'date') {
                const { after, upTo } = ch.dateWindow(ctx.asOfMs, c.amount, c.unit, ctx.zone);
                return `${value} > ${ch.number(after)} AND ${value} <= ${ch.number(upTo)}`;
            }
            throw new SqlError(`'within' needs a date or datetime column; '${ref.column}' is ${ref.type}.`);
        }
        case 'true':
            if (ref.type !== 'boolean') throw new SqlError(`'${ref.column}' alone needs a boolean column; it is ${ref.type}.`);
            return `${value} = 1`;
        default: throw new SqlError(`Unknown condition '${String((c as { op: unknown }).op)}'.`);
    }
}

const isNumeric = (t: string) => t === 'integer' || t === 'number';

/** A literal compared with a column of `ref`'s type (strings lowered, as the column is). */
function literal(ctx: Ctx, lit: Literal, ref: ColumnRef): string {
    if (!(lit.type === ref.type || (isNumeric(lit.type) && isNumeric(ref.type)))) {
        throw new SqlError(`A ${lit.type} value cannot be compared with '${ref.column}', a ${ref.type} column.`);
    }
    if (lit.type === 'string') ch.checkCase(lit.value, `'${ref.column}'`);
    const text = ch.literal(lit, ctx.zone);
    return lit.type === 'string' ? ch.lower(text) : text;
}

/** A column name of checked metadata, quoted; never one of the aliases this compiler uses. */
function col(name: string): string {
    if (ALIASES.has(name)) throw new SqlError(`A column named '${name}' cannot be read on ClickHouse: the generated SQL uses that name as an alias.`);
    return ch.quoteIdentifier(name);
}

const table = (name: string): string => ch.quoteIdentifier(name);

function select(columns: string, from: string, where: string[]): string {
    return [`SELECT ${columns}`, `FROM ${table(from)}`, ...(where.length ? [`WHERE ${where.join('\n  AND ')}`] : [])].join('\n');
}

function inQuery(key: string, query: string, negated: boolean): string {
    const test = `${key} GLOBAL IN (\n${indent(query, '  ')}\n)`;
    return negated ? `NOT (${test})` : `(${test})`;
}

/** Operands joined by AND or OR, one per line, in parentheses (a single operand as is). */
function block(op: 'AND' | 'OR', args: string[]): string {
    if (args.length === 0) return op === 'AND' ? '1' : '0';
    if (args.length === 1) return args[0]!;
    return `(\n${args.map(a => indent(a, '  ')).join(`\n  ${op}\n`)}\n)`;
}

function indent(text: string, by: string): string {
    return text.split('\n').map(line => by + line).join('\n');
}
