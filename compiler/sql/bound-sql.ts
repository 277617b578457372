// When a moving bound crosses a value after as-of, in SQL: the same rules as
// compiler/calendar/bound-times.ts (read its header), with the same numbers.
//
// Each calendar or wall-clock bound gets a one-row CTE: its value at $1
// (`fa`), its first PIECE_SLOTS jumps in the PROBE_MINUTES minutes after $1
// (`s1`… at, `f1`… its value from there), where that sampled range ends
// (`e`), whether it had more jumps (`ovf`), and, if not, the lowest it gets
// (`lo`: never below that again after the range). It samples the bound at every
// whole minute with generate_series and keeps the minutes where the bound did
// not rise by exactly one minute (lag over the samples).
//
// A crossing is then a set of columns added to a staged query (stages.ts):
// `leave` in up to six levels (the calendar inverse, then the sampled pieces
// or the lower bound beyond them), `reenter` in one. Minutes and hours are
// exact and need no CTE.
import { FALL_BACK_DAYS, isExact, PIECE_SLOTS, PROBE_MINUTES, TRANSITION_PROBE_HOURS, type Bound } from '../calendar/bound.js';
import type { CalendarUnit } from '../plan/plan.js';
import { asOf, timeZone, type SqlContext } from './params.js';
import {
    alias, and, arithmetic, call, callStar, caseWhen, column, compare, constant, is, not, nullOf, or, over, select,
    type SqlExpr, type SqlName, type SqlQuery,
} from './sql-ast.js';
import type { Ref, RowOf, Stages } from './stages.js';

/** Levels a `leave` takes: for a window bound, for the wall clock. */
export const LEAVE_LEVELS = { window: 6, wall: 3, exact: 1 } as const;

export class BoundSql {
    constructor(private readonly ctx: SqlContext, readonly bound: Bound, readonly cte: SqlName | undefined) {
        if (isExact(bound) !== (cte === undefined)) throw new Error('Internal error: a calendar or wall-clock bound has a CTE, an exact one none.');
    }

    /** How many stage levels `leave` uses. */
    get leaveLevels(): number {
        return isExact(this.bound) ? LEAVE_LEVELS.exact : this.bound.kind === 'wall' ? LEAVE_LEVELS.wall : LEAVE_LEVELS.window;
    }

    /** The bound at instant t. */
    at(t: SqlExpr): SqlExpr {
        const { dialect } = this.ctx;
        return this.bound.kind === 'wall' ? dialect.toWall(t, timeZone()) : dialect.instantMinus(t, timeZone(), this.bound.amount, this.bound.unit);
    }

    /** The bound at as-of: in a stage, from the CTE's row. */
    atAsOf(rowOf: RowOf): SqlExpr {
        return this.cte ? column(rowOf(this.cte), alias('fa')) : this.at(asOf());
    }

    /**
     * Tests that `t` can still count after as-of: above the lowest the bound
     * gets (the CTE's `lo`; null: not known, the sampled range overflowed),
     * and (so that the planner can use an index and estimate the rows) above
     * its value at as-of less FALL_BACK_DAYS, which needs no CTE. A row at or
     * below the lowest never counts again, so it cannot change anything.
     */
    above(t: SqlExpr, rowOf: RowOf): SqlExpr[] {
        if (!this.cte) return [compare('>', t, this.at(asOf()))];
        const lowest = column(rowOf(this.cte), alias('lo'));
        return [compare('>', t, arithmetic('-', this.at(asOf()), this.ctx.dialect.interval(FALL_BACK_DAYS, 'day'))), or(is(lowest, 'NULL'), compare('>', t, lowest))];
    }

    /** The one-row CTE's query (see the file header). */
    cteQuery(): SqlQuery {
        const { dialect } = this.ctx;
        const [k, p, f, prev, j] = ['k', 'p', 'f', 'prev', 'j'].map(alias);
        const col = (n: SqlName) => column(undefined, n);
        const m0 = dialect.floorMinute(asOf());
        const series = select({ columns: [{ expr: call('generate_series', constant(0), constant(PROBE_MINUTES)), alias: k }] });
        const probes = select({ columns: [{ expr: arithmetic('+', m0, dialect.minutes(col(k))), alias: p }], from: { query: series, alias: alias('g') } });
        const values = select({ columns: [{ expr: col(p) }, { expr: this.at(col(p)), alias: f }], from: { query: probes, alias: alias('pr') } });
        const withPrev = select({
            columns: [{ expr: col(p) }, { expr: col(f) }, { expr: over(call('lag', col(f)), { orderBy: [{ expr: col(p), desc: false }] }), alias: prev }],
            from: { query: values, alias: alias('v') },
        });
        const jumps = select({
            columns: [{ expr: col(p) }, { expr: col(f) }, { expr: over(call('row_number'), { orderBy: [{ expr: col(p), desc: false }] }), alias: j }],
            from: { query: withPrev, alias: alias('w') },
            where: compare('<>', col(f), arithmetic('+', col(prev), dialect.interval(1, 'minute'))),
        });
        const nth = (i: number, of: SqlName) => call('max', caseWhen([{ when: compare('=', col(j), constant(i)), then: col(of) }]));
        const slots = Array.from({ length: PIECE_SLOTS }, (_, i) => i + 1);
        return select({
            columns: [
                { expr: this.at(asOf()), alias: alias('fa') },
                ...slots.flatMap(i => [{ expr: nth(i, p), alias: alias(`s${i}`) }, { expr: nth(i, f), alias: alias(`f${i}`) }]),
                { expr: call('coalesce', nth(PIECE_SLOTS + 1, p), arithmetic('+', m0, dialect.minutes(constant(PROBE_MINUTES)))), alias: alias('e') },
                { expr: compare('>', callStar('count'), constant(PIECE_SLOTS)), alias: alias('ovf') },
                {
                    expr: caseWhen([{ when: compare('<=', callStar('count'), constant(PIECE_SLOTS)), then: call('least', this.at(asOf()), call('min', col(f))) }]),
                    alias: alias('lo'),
                },
            ],
            from: { query: jumps, alias: alias('jm') },
        });
    }

    /**
     * Adds `<out>_at` and `<out>_exact` from `level` on (leaveLevels levels):
     * the first T > as-of with bound(T) >= the column `u` (null when u is).
     */
    leave(stages: Stages, level: number, u: string, out: string): void {
        const { dialect } = this.ctx;
        const bound = this.bound;
        if (isExact(bound)) {
            stages.add(level, `${out}_at`, ref => arithmetic('+', ref(u), dialect.interval(bound.amount, bound.unit)));
            stages.add(level, `${out}_exact`, () => constant(true));
            return;
        }
        let x = u;
        if (bound.kind === 'window') {
            this.earliestWall(stages, level, u, out);
            stages.add(level + 2, `${out}_x`, ref => wallReaching(this.ctx, ref(`${out}_a`), bound.amount, bound.unit));
            level += 3;
            x = `${out}_x`;
        }
        const cte = this.cte!;
        stages.add(level, `${out}_r2`, ref => this.instantOf(ref(x)));
        stages.add(level, `${out}_near`, (ref, rowOf) => nearLeave(this.ctx, rowOf(cte), ref(u)));
        stages.add(level + 1, `${out}_c`, ref => this.earliestInstant(ref(x), ref(`${out}_r2`)));
        const far = (ref: Ref, rowOf: RowOf) => call('greatest', ref(`${out}_c`), column(rowOf(cte), alias('e')));
        stages.add(level + 2, `${out}_at`, (ref, rowOf) => caseWhen([
            { when: is(ref(u), 'NULL'), then: nullOf('timestamptz') },
            { when: is(ref(`${out}_near`), 'NOT NULL'), then: ref(`${out}_near`) },
        ], far(ref, rowOf)));
        stages.add(level + 2, `${out}_exact`, (ref, rowOf) => or(
            is(ref(u), 'NULL'),
            is(ref(`${out}_near`), 'NOT NULL'),
            compare('>=', this.at(far(ref, rowOf)), ref(u)),
        ));
    }

    /**
     * Adds `<out>_at` and `<out>_exact` at `level`: the first T > as-of with
     * bound(T) < the column `l`, or null (never, exactly, unless the sampled
     * range overflowed).
     */
    reenter(stages: Stages, level: number, l: string, out: string): void {
        if (!this.cte) {
            stages.add(level, `${out}_at`, () => nullOf('timestamptz'));
            stages.add(level, `${out}_exact`, () => constant(true));
            return;
        }
        const cte = this.cte;
        const near = (ref: Ref, rowOf: RowOf) => nearReenter(rowOf(cte), ref(l));
        stages.add(level, `${out}_at`, (ref, rowOf) => caseWhen([{ when: is(ref(l), 'NOT NULL'), then: call('coalesce', near(ref, rowOf), caseWhen([{ when: column(rowOf(cte), alias('ovf')), then: column(rowOf(cte), alias('e')) }])) }]));
        stages.add(level, `${out}_exact`, (ref, rowOf) => or(is(ref(l), 'NULL'), is(near(ref, rowOf), 'NOT NULL'), not(column(rowOf(cte), alias('ovf')))));
    }

    private wall(t: SqlExpr): SqlExpr {
        return this.ctx.dialect.toWall(t, timeZone());
    }

    private instantOf(w: SqlExpr): SqlExpr {
        return this.ctx.dialect.wallToInstant(w, timeZone());
    }

    private probe(): SqlExpr {
        return this.ctx.dialect.interval(TRANSITION_PROBE_HOURS, 'hour');
    }

    /**
     * `<out>_a` at level + 1: a lower bound of the least wall time whose
     * instant is at or after u (inverse.ts, earliestWallAtInstant).
     */
    private earliestWall(stages: Stages, level: number, u: string, out: string): void {
        stages.add(level, `${out}_v`, ref => this.wall(ref(u)));
        stages.add(level, `${out}_r`, ref => this.instantOf(this.wall(ref(u))));
        stages.add(level, `${out}_w3`, ref => this.wall(arithmetic('-', ref(u), this.probe())));
        stages.add(level + 1, `${out}_a`, ref => {
            const v = ref(`${out}_v`), r = ref(`${out}_r`);
            const d = arithmetic('-', arithmetic('-', v, ref(`${out}_w3`)), this.probe());
            return caseWhen([
                { when: compare('>', r, ref(u)), then: arithmetic('-', v, arithmetic('-', r, ref(u))) },
                {
                    when: and(compare('>', arithmetic('-', v, ref(`${out}_w3`)), this.probe()), compare('>=', this.instantOf(arithmetic('-', v, d)), ref(u))),
                    then: arithmetic('-', v, d),
                },
            ], v);
        });
    }

    /** A lower bound of the earliest instant whose wall time is at or after x; r2 is x read as an instant (inverse.ts, earliestInstantAtWall). */
    private earliestInstant(x: SqlExpr, r2: SqlExpr): SqlExpr {
        const w = this.wall(r2);
        const d = arithmetic('-', arithmetic('+', this.wall(arithmetic('-', r2, this.probe())), this.probe()), w);
        const zero = this.ctx.dialect.interval(0, 'minute');
        return caseWhen([
            {
                when: compare('=', w, x),
                then: caseWhen([{ when: and(compare('>', d, zero), compare('=', this.wall(arithmetic('-', r2, d)), x)), then: arithmetic('-', r2, d) }], r2),
            },
        ], arithmetic('-', r2, arithmetic('-', w, x)));
    }
}

/** The first wall time x with x − amount unit >= a (inverse.ts, firstWallReaching). */
export function wallReaching(ctx: SqlContext, a: SqlExpr, amount: number, unit: CalendarUnit): SqlExpr {
    const { dialect } = ctx;
    const y = dialect.wallPlus(a, amount, unit);
    if (unit !== 'month' && unit !== 'year') return y;
    return caseWhen([{ when: compare('=', dialect.wallMinus(y, amount, unit), a), then: y }], dialect.wallPlus(dialect.monthStart(y), 1, 'month'));
}

/** The first T in (as-of, e) where the sampled pieces reach u (bound-times.ts, leaveNear); null if none. */
function nearLeave(ctx: SqlContext, b: SqlName, u: SqlExpr): SqlExpr {
    const { dialect } = ctx;
    const s = (i: number) => column(b, alias(`s${i}`));
    const f = (i: number) => column(b, alias(`f${i}`));
    const e = column(b, alias('e'));
    const end = (i: number) => (i < PIECE_SLOTS ? call('coalesce', s(i + 1), e) : e);
    const within = (start: SqlExpr, value: SqlExpr, pieceEnd: SqlExpr) => ({
        when: compare('>', arithmetic('-', pieceEnd, start), arithmetic('-', u, value)),
        then: dialect.plusElapsed(start, arithmetic('-', u, value)),
    });
    const whens = [within(asOf(), column(b, alias('fa')), end(0))];
    for (let i = 1; i <= PIECE_SLOTS; i++) whens.push({ when: compare('>=', f(i), u), then: s(i) }, within(s(i), f(i), end(i)));
    return caseWhen(whens);
}

/** The first jump in (as-of, e) to below l (bound-times.ts, reenter); null if none. */
function nearReenter(b: SqlName, l: SqlExpr): SqlExpr {
    return caseWhen(Array.from({ length: PIECE_SLOTS }, (_, k) => ({ when: compare('<', column(b, alias(`f${k + 1}`)), l), then: column(b, alias(`s${k + 1}`)) })));
}
