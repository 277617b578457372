// When a condition's value can next change by time alone, per row, in SQL:
// the rules of compiler/exec/cond-flips.ts. Only `within` tests read the
// clock, so the lower bound is the earliest next change of any of them,
// computed as stage columns (stages.ts) over the rows being tested: the
// tested values are selected in the base query, each test's crossings added
// in parallel levels, and their least is the flip column. A test under an
// `and` whose clock-free parts are false (an `or`: true) is left out: the
// base query selects that as a guard column per test. An `exists` whose
// condition reads the clock contributes the first flip of the rows it looks
// at (those whose `via` is the tested row's key): a CTE the caller provides,
// one row per `via` value, joined on the key.
import type { Bound } from '../calendar/bound.js';
import type { Cond } from '../plan/plan.js';
import type { BoundSql } from './bound-sql.js';
import { wallReaching } from './bound-sql.js';
import { readsClock } from '../plan/reads-clock.js';
import { condSql, type Scope } from './cond-sql.js';
import { asOf, type SqlContext } from './params.js';
import { alias, and, call, cast, caseWhen, column, compare, ident, is, nullOf, or, type SelectItem, type SqlExpr, type SqlName } from './sql-ast.js';
import type { Ref, Stages } from './stages.js';

export interface FlipEnv {
    bound(bound: Bound): BoundSql;
    /**
     * A CTE with one row per value `k` of the exists' `via` column whose column `at` is the first
     * flip of the rows with that value, or undefined when the exists' condition never reads the clock.
     */
    existsFlips(cond: Extract<Cond, { op: 'exists' }>): SqlName | undefined;
}

/** How many levels after the first the flip column comes. */
const FLIP_LEVELS = 8;

interface Atom {
    type: 'datetime' | 'date';
    value: SqlExpr;
    amount: number;
    unit: Extract<Cond, { op: 'within' }>['unit'];
    /** True where an and/or above it is settled by its clock-free parts (undefined: none can be). */
    guard?: SqlExpr;
}

export interface TimeAtoms {
    /** Columns the base query selects (the tested values). */
    columns: SelectItem[];
    /**
     * When every test is a datetime `within` (no date, no `exists`): the bounds to join and a
     * test, over the base query's row, that is false only where the flip is surely null (each
     * value null or at or below the lowest its window's bound gets: it never enters again), so
     * the base query can leave those rows out before the costly levels.
     */
    mayFlip?: { bounds: BoundSql[]; test(rowOf: (cte: SqlName) => SqlName): SqlExpr };
    /**
     * True (never null) where the clock-free parts settle the whole condition
     * (every test is guarded): its flip is null, so the base query can leave
     * out such rows that do not hold now. Undefined: no row is ever settled,
     * or an `exists`' flips are joined to the rows (filtering them first, the
     * planner would expect few rows and loop over that CTE once per row).
     */
    settled?: SqlExpr;
    /** Adds the levels from `level` on; returns the flip column (null: never) and the first free level. */
    stage(stages: Stages, level: number): { column: string; next: number };
}

/** The condition's clock-reading tests over `scope`'s row, or undefined when it reads no clock. */
export function timeAtoms(ctx: SqlContext, cond: Cond, scope: Scope, env: FlipEnv, prefix: string): TimeAtoms | undefined {
    const atoms: Atom[] = [];
    const exists: Array<{ cte: SqlName; key: SqlExpr; guard?: SqlExpr }> = [];
    /** Collects the tests under `c`, guarded by `guards`; returns when `c` is settled (undefined: never). */
    const visit = (c: Cond, guards: SqlExpr[]): SqlExpr | undefined => {
        const guard = guards.length ? or(...guards) : undefined;
        switch (c.op) {
            case 'and': case 'or': {
                const timed = c.args.filter(readsClock), fixed = c.args.filter(a => !readsClock(a));
                const part = fixed.length === 1 ? fixed[0] : { op: c.op, args: fixed };
                const settles = timed.length && fixed.length ? is(condSql(ctx, part, scope), c.op === 'and' ? 'FALSE' : 'TRUE') : undefined;
                const each = timed.map(a => visit(a, settles ? [...guards, settles] : guards));
                const all = each.length && each.every(e => e !== undefined) ? and(...each) : undefined;
                return settles && all ? or(settles, all) : settles ?? all;
            }
            case 'not': return visit(c.arg, guards);
            case 'within':
                if (c.amount === 0) return undefined; // never true, whenever
                if (c.column.type !== 'datetime' && c.column.type !== 'date') throw new Error(`Internal error: 'within' on a ${c.column.type} column.`);
                atoms.push({ type: c.column.type, value: scope.column(c.column), amount: c.amount, unit: c.unit, guard });
                return undefined;
            case 'exists': {
                const cte = env.existsFlips(c);
                if (cte) exists.push({ cte, key: column(scope.row, ident(c.outerKey)), guard });
                return undefined;
            }
            default: return undefined;
        }
    };
    const settled = visit(cond, []);
    if (atoms.length === 0 && exists.length === 0) return undefined;
    const v = (i: number) => `${prefix}v${i}`;
    const k = (j: number) => `${prefix}k${j}`;
    // Each guarded test's guard column (undefined: none).
    const atomGuards = atoms.map((a, i) => a.guard && { column: `${prefix}g${i}`, expr: a.guard });
    const existsGuards = exists.map((e, j) => e.guard && { column: `${prefix}h${j}`, expr: e.guard });
    const guards = [...atomGuards, ...existsGuards].flatMap(g => g ? [{ expr: g.expr, alias: alias(g.column) }] : []);
    /** A test's flip, null where its guard holds. */
    const unless = (guard: { column: string } | undefined, flip: SqlExpr, ref: Ref) =>
        guard ? caseWhen([{ when: ref(guard.column), then: nullOf('timestamptz') }], flip) : flip;
    const onlyDatetimes = exists.length === 0 && atoms.every(a => a.type === 'datetime');
    const bounds = onlyDatetimes ? atoms.map(a => env.bound({ kind: 'window', amount: a.amount, unit: a.unit })) : [];
    return {
        columns: [...atoms.map((a, i) => ({ expr: a.value, alias: alias(v(i)) })), ...exists.map((e, j) => ({ expr: e.key, alias: alias(k(j)) })), ...guards],
        ...(settled && exists.length === 0 ? { settled } : {}),
        ...(onlyDatetimes ? {
            mayFlip: {
                bounds,
                test: rowOf => or(...atoms.map((a, i) => and(is(a.value, 'NOT NULL'), ...bounds[i]!.above(a.value, rowOf)))),
            },
        } : {}),
        stage(stages, level) {
            const flips = atoms.map((a, i) => (a.type === 'datetime' ? datetimeFlip : dateFlip)(ctx, stages, level, a, v(i), `${prefix}${i}`, env));
            const name = `${prefix}flip`;
            stages.add(level + FLIP_LEVELS - 1, name, (ref, rowOf) => {
                const all = [
                    ...flips.map((f, i) => unless(atomGuards[i], ref(f), ref)),
                    ...exists.map((e, j) => unless(existsGuards[j], column(rowOf(e.cte, { column: 'k', equals: k(j) }), alias('at')), ref)),
                ];
                return all.length === 1 ? all[0] : call('least', ...all);
            });
            return { column: name, next: level + FLIP_LEVELS };
        },
    };
}

/** A datetime inside while F(T) < value <= T: enters at itself, leaves when F reaches it, comes back when F falls below it. */
function datetimeFlip(ctx: SqlContext, stages: Stages, level: number, atom: Atom, v: string, out: string, env: FlipEnv): string {
    const bound = env.bound({ kind: 'window', amount: atom.amount, unit: atom.unit });
    bound.leave(stages, level, v, `${out}l`);
    bound.reenter(stages, level, v, `${out}b`);
    const name = `${out}f`;
    stages.add(level + FLIP_LEVELS - 2, name, (ref, rowOf) => caseWhen([
        { when: is(ref(v), 'NULL'), then: nullOf('timestamptz') },
        { when: compare('>', ref(v), asOf()), then: ref(v) },
        { when: compare('>', ref(v), bound.atAsOf(rowOf)), then: ref(`${out}l_at`) },
    ], ref(`${out}b_at`)));
    return name;
}

/**
 * A date inside while the wall clock is in [its midnight, the midnight from
 * which date − N is not before it): crossings of the wall clock at both ends.
 */
function dateFlip(ctx: SqlContext, stages: Stages, level: number, atom: Atom, v: string, out: string, env: FlipEnv): string {
    const { dialect } = ctx;
    const wall = env.bound({ kind: 'wall' });
    const start = `${out}d0`, end = `${out}d1`;
    stages.add(level, start, ref => cast(ref(v), 'timestamp'));
    stages.add(level + 1, `${out}dx`, ref => wallReaching(ctx, ref(start), atom.amount, atom.unit));
    stages.add(level + 2, end, ref => {
        const x = ref(`${out}dx`);
        const midnight = cast(cast(x, 'date'), 'timestamp');
        return caseWhen([{ when: compare('=', x, midnight), then: x }], dialect.wallPlus(midnight, 1, 'day'));
    });
    wall.leave(stages, level + 3, start, `${out}e`);
    wall.leave(stages, level + 3, end, `${out}x`);
    wall.reenter(stages, level + 3, start, `${out}r`);
    wall.reenter(stages, level + 3, end, `${out}q`);
    const name = `${out}f`;
    stages.add(level + FLIP_LEVELS - 2, name, (ref, rowOf) => caseWhen([
        { when: is(ref(v), 'NULL'), then: nullOf('timestamptz') },
        { when: compare('>', ref(start), wall.atAsOf(rowOf)), then: ref(`${out}e_at`) },
        { when: compare('<', wall.atAsOf(rowOf), ref(end)), then: call('least', ref(`${out}x_at`), ref(`${out}r_at`)) },
    ], ref(`${out}q_at`)));
    return name;
}
