// What one execution shares between nodes: the data, the as-of instant and
// time zone, and indexes built once (key → row per lookup table, row →
// audience row per relation).
import type { Lookup, Relation } from '../plan/plan.js';
import type { Cell, Table, Tables } from './tables.js';
import { ExecError, timeZone, type TimeZone } from '../calendar/time-zone.js';

/** Row → audience row through a relation; NO_ONE when null or dangling. */
export const NO_ONE = -1;
const NOT_YET = -2;

export interface Audience {
    table: string;
    key: string;
    rowCount: number;
    /** The audience key → its (first) row. */
    rowOf: Map<Cell, number>;
    /** Keys by row (null for rows that are not an audience member: a null or repeated key). */
    keys: Array<string | null>;
}

export class ExecContext {
    readonly zone: TimeZone;
    readonly asOf: number;
    readonly audience: Audience;
    private readonly indexes = new Map<string, Map<Cell, number>>();
    private readonly reaches = new Map<string, Int32Array>();

    constructor(readonly tables: Tables, audience: { table: string; key: string }, options: { asOf: Date | number; timeZone: string }) {
        this.zone = timeZone(options.timeZone);
        this.asOf = typeof options.asOf === 'number' ? options.asOf : options.asOf.getTime();
        if (!Number.isFinite(this.asOf)) throw new ExecError('The as-of instant is not a valid date.');
        const rowOf = this.index(audience.table, audience.key);
        const rowCount = this.table(audience.table).rowCount;
        const keys = new Array<string | null>(rowCount).fill(null);
        rowOf.forEach((row, key) => { keys[row] = String(key); });
        this.audience = { ...audience, rowCount, rowOf, keys };
    }

    /** The same data and indexes, evaluated at another instant (for "what holds then"). */
    withAsOf(asOf: number): ExecContext {
        if (!Number.isFinite(asOf)) throw new ExecError('The as-of instant is not a valid date.');
        return Object.assign(Object.create(ExecContext.prototype) as ExecContext, this, { asOf });
    }

    table(name: string): Table {
        const t = this.tables[name];
        if (!t) throw new ExecError(`No data for table '${name}'.`);
        return t;
    }

    column(table: string, name: string): Cell[] {
        const c = this.table(table).columns[name];
        if (!c) throw new ExecError(`No data for column '${name}' of table '${table}'.`);
        return c;
    }

    /** Key value → first row with it (null keys left out), built once per table and column. */
    index(table: string, key: string): Map<Cell, number> {
        const id = `${table}\u0000${key}`;
        let index = this.indexes.get(id);
        if (!index) {
            index = new Map();
            const column = this.column(table, key);
            const n = this.table(table).rowCount;
            // Backwards, so the first row with a key is the one that stays.
            for (let row = n - 1; row >= 0; row--) {
                const v = column[row];
                if (v !== null && v !== undefined) index.set(v, row);
            }
            this.indexes.set(id, index);
        }
        return index;
    }

    /**
     * Row of `table` → row of the last table reached by following `steps`
     * (each reads a column as a key of the next table), or NO_ONE when a step
     * is null or dangling.
     */
    follow(table: string, steps: Lookup[]): (row: number) => number {
        let f: (row: number) => number = row => row;
        let from = table;
        for (const step of steps) {
            const column = this.column(from, step.column);
            const index = this.index(step.table, step.key);
            const prev = f;
            f = row => {
                const r = prev(row);
                if (r < 0) return NO_ONE;
                const v = column[r];
                if (v === null || v === undefined) return NO_ONE;
                const next = index.get(v);
                return next === undefined ? NO_ONE : next;
            };
            from = step.table;
        }
        return f;
    }

    /**
     * Row of `table` → audience row via `relation`, computed on demand and
     * remembered for the whole execution (nodes on the same table and relation share it).
     */
    reach(table: string, relation: Relation): (row: number) => number {
        const id = JSON.stringify([table, relation.column, relation.steps]);
        let memo = this.reaches.get(id);
        if (!memo) {
            memo = new Int32Array(this.table(table).rowCount).fill(NOT_YET);
            this.reaches.set(id, memo);
        }
        const cache = memo;
        // The relation's column, then each lookup's column, then the audience key.
        const steps = relation.steps;
        const first = this.column(table, relation.column);
        const stepColumns = steps.map(s => this.column(s.table, s.column));
        const stepIndexes = steps.map(s => this.index(s.table, s.key));
        const audienceRow = this.audience.rowOf;
        const compute = (row: number): number => {
            let v: Cell | undefined = first[row];
            for (let i = 0; i < stepIndexes.length; i++) {
                if (v === null || v === undefined) return NO_ONE;
                const r = stepIndexes[i].get(v);
                if (r === undefined) return NO_ONE;
                v = stepColumns[i][r];
            }
            if (v === null || v === undefined) return NO_ONE;
            const a = audienceRow.get(v);
            return a === undefined ? NO_ONE : a;
        };
        return row => {
            let a = cache[row];
            if (a === NOT_YET) a = cache[row] = compute(row);
            return a;
        };
    }
}
