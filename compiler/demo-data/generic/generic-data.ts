// Demo data for tables the built-in generator (population.ts, journeys.ts) has
// no generator for: a project's own entities and interaction types (and
// catalog types its segments read), filled from their declarations alone.
//
// Values follow the field types (a choice's codes, booleans, modest numbers,
// dates in the demo window, guids from a small pool per column, plausible
// strings by field name), and lookups point at records that exist: the row's
// own contact, its account or lead, or a record of the target entity.
//
// So that the project's segments select someone, the plan steers a share of
// the rows: each interaction query and each `exists` on a generated table is a
// *scenario*, and a few contacts get rows made to match it (its `where`, its
// window, its relation, enough rows or large enough values for its `having`).
// Every other row picks, now and then, a literal the project's conditions
// compare that column with.
//
// Like population.ts, every row is a pure function of (seed, table name, the unit it
// belongs to, its ordinal) and of the project: the same project, seed and asOf
// give the same rows, whatever else the database holds.
import { daysFromCivil, instantMs, minusInterval, MS_PER_DAY as DAY, subtractFromWall, timeZone, type TimeZone } from '../../calendar/time-zone.js';
import type { Literal } from '../../plan/plan.js';
import { hash, type Rng, uuidFrom } from '../random.js';
import { iso, isoDate, nameHash } from '../cells.js';
import { type Column, declaredTables } from './declared-tables.js';
import type { DemoHost, SeedProject } from './inputs.js';
import { composeText } from './natural-values.js';
import type { Cell, Context, Row } from './row-context.js';
import { type Constraint, poolsOf, scenariosOf } from './scenarios.js';
import { TableGen } from './table-gen.js';

export type { DemoHost, SeedProject } from './inputs.js';

/** The generic demo data of a project: the tables the built-in generator does not fill. */
export class GenericData {
    readonly zone: TimeZone;
    readonly byTable = new Map<string, TableGen>();
    /** The tables, entities first, with the columns each row has (in order). */
    readonly tables: Array<{ name: string; kind: 'entity' | 'interaction'; columns: string[] }> = [];
    /** Called with units of work done (progress). */
    tick?: (units: number) => void;
    private readonly pools = new Map<string, string[]>();

    constructor(readonly host: DemoHost, project: SeedProject, options: { seed: number; skip: ReadonlySet<string> }) {
        const plan = project.plan;
        let zone: TimeZone;
        try {
            zone = timeZone(plan?.timeZone ?? 'UTC');
        } catch {
            zone = timeZone('UTC');
        }
        this.zone = zone;
        const declared = declaredTables(project.files);
        const scenarios = scenariosOf(plan);
        const pools = poolsOf(plan);
        const read = new Set<string>([...scenarios.keys(), ...pools.keys()]);
        for (const node of plan?.nodes ?? []) if (node.kind === 'interaction') read.add(node.table);
        const chosen = [...declared.values()]
            .filter(t => !options.skip.has(t.name) && (t.own || read.has(t.name)))
            .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'entity' ? -1 : 1));
        const seed = options.seed >>> 0;
        for (const t of chosen) {
            this.byTable.set(t.name, new TableGen(this, t, seed, scenarios.get(t.name) ?? [], pools.get(t.name) ?? new Map()));
            this.tables.push({ name: t.name, kind: t.kind, columns: t.columns.map(c => c.name) });
        }
    }

    /** Work units of a table, for progress. */
    units(table: string): number {
        return this.byTable.get(table)?.units ?? 0;
    }

    rows(table: string): Generator<Row> {
        const t = this.byTable.get(table);
        if (!t) throw new Error(`no demo data for ${table}`);
        return t.rows();
    }

    // ------------------------------------------------------------ values

    /** A lookup's value: the row's own contact, account or lead, or a record of the target entity. */
    lookup(col: Column, ctx: Context): Cell {
        const host = this.host;
        const { r } = ctx;
        switch (col.target?.table) {
            case 'contact':
                return ctx.contact >= 0 ? ctx.contactCell : host.contactCount ? host.contactId(r.int(host.contactCount)) : null;
            case 'account':
                if (ctx.account >= 0) return host.accountId(ctx.account);
                return host.accountCount && r.chance(0.5) ? host.accountId(r.int(host.accountCount)) : null;
            case 'lead':
                if (ctx.lead >= 0) return ctx.contact >= 0 && !r.chance(0.3) ? null : host.leadId(ctx.lead);
                for (let tries = 0; ctx.contact < 0 && tries < 4 && host.leadSlots; tries++) {
                    const j = r.int(host.leadSlots);
                    if (host.leadParent(j) !== undefined) return host.leadId(j);
                }
                return null;
            default: {
                const target = col.target ? this.byTable.get(col.target.table) : undefined;
                return target ? target.pickKey(ctx) : null;
            }
        }
    }

    /** A guid from the column's pool of a dozen (the same for every seed, like vocabulary.ts's pools). */
    poolGuid(table: string, column: string, r: Rng, size = 12): string {
        const id = `${table}.${column}`;
        let pool = this.pools.get(id);
        if (!pool) {
            const h = nameHash(id);
            pool = Array.from({ length: size }, (_, k) => uuidFrom(hash(0x5e6_0002, h, k, 1), hash(0x5e6_0002, h, k, 2), hash(0x5e6_0002, h, k, 3), hash(0x5e6_0002, h, k, 4)));
            this.pools.set(id, pool);
        }
        return pool[r.int(pool.length)];
    }

    /**
     * A value meeting all of `wanted` (tests of one column), or undefined when
     * they leave it open (then a natural value). `aim`: a literal from the pool,
     * used as such even when the test excludes it (`!=`, `not in`, `not contains`).
     */
    valueFor(col: Column, wanted: Constraint[], r: Rng, aim = false): Cell | undefined {
        if (wanted.some(w => w.kind === 'null' && !w.negated)) return null;
        const eq = wanted.find(w => w.kind === 'eq' || (aim && w.kind === 'ne'));
        if (eq && (eq.kind === 'eq' || eq.kind === 'ne')) {
            const options = eq.values.filter(v => !wanted.some(w => w !== eq && w.kind === 'ne' && w.values.some(x => x.value === v.value)));
            return options.length ? this.cell(options[r.int(options.length)], col) : undefined;
        }
        const bool = wanted.find(w => w.kind === 'bool');
        if (bool?.kind === 'bool') return bool.value ? 't' : 'f';
        const texts = wanted.filter((w): w is Extract<Constraint, { kind: 'text' }> => w.kind === 'text' && (aim || !w.negated));
        if (texts.length && col.kind === 'string') return composeText(col.name, texts);
        return this.inRange(col, wanted, r);
    }

    /** A literal as a cell of the column. */
    private cell(lit: Literal, col: Column): Cell {
        switch (lit.type) {
            case 'string': case 'uuid': return lit.value;
            case 'integer': case 'number': return String(lit.value);
            case 'boolean': return lit.value ? 't' : 'f';
            case 'date': return col.kind === 'datetime' ? iso(instantMs({ kind: 'local', value: `${lit.value}T00:00:00` }, this.zone)) : lit.value;
            case 'datetime': {
                const ms = instantMs(lit.value, this.zone);
                return col.kind === 'date' ? isoDate(this.zone.toWall(ms)) : iso(ms);
            }
        }
    }

    /** A literal on the column's number line: numbers as such, dates as day numbers, date-times as ms. */
    private position(lit: Literal, col: Column): number | undefined {
        switch (lit.type) {
            case 'integer': case 'number': return lit.value;
            case 'date': {
                const [y, m, d] = lit.value.split('-').map(Number);
                const days = daysFromCivil(y, m, d);
                return col.kind === 'datetime' ? instantMs({ kind: 'local', value: `${lit.value}T00:00:00` }, this.zone) : days;
            }
            case 'datetime': {
                const ms = instantMs(lit.value, this.zone);
                return col.kind === 'date' ? Math.floor(this.zone.toWall(ms) / DAY) : ms;
            }
            default: return undefined;
        }
    }

    /** A number, date or date-time meeting the comparisons, near their bounds. */
    private inRange(col: Column, wanted: Constraint[], r: Rng): Cell | undefined {
        const kind = col.kind;
        if (!['integer', 'number', 'choice', 'date', 'datetime'].includes(kind)) return undefined;
        const step = kind === 'number' ? 0.01 : kind === 'datetime' ? 1 : 1;
        let lo = -Infinity, hi = Infinity;
        const above = (v: number, strict: boolean) => { lo = Math.max(lo, strict ? v + step : v); };
        const below = (v: number, strict: boolean) => { hi = Math.min(hi, strict ? v - step : v); };
        let any = false;
        for (const w of wanted) {
            if (w.kind === 'cmp') {
                const v = this.position(w.value, col);
                if (v === undefined) continue;
                any = true;
                if (w.op === '<' || w.op === '<=') below(v, w.op === '<');
                else above(v, w.op === '>');
            } else if (w.kind === 'range') {
                const a = this.position(w.low, col), b = this.position(w.high, col);
                if (a === undefined || b === undefined) continue;
                any = true;
                above(a, false);
                below(b, false);
            } else if (w.kind === 'within' && (kind === 'date' || kind === 'datetime')) {
                any = true;
                if (kind === 'datetime') {
                    above(minusInterval(this.host.asOfMs, w.amount, w.unit, this.zone), true);
                    below(this.host.asOfMs, false);
                } else {
                    const today = Math.floor(this.zone.toWall(this.host.asOfMs) / DAY) * DAY;
                    const from = w.unit === 'minute' ? today - w.amount * 60_000 : w.unit === 'hour' ? today - w.amount * 3_600_000 : subtractFromWall(today, w.amount, w.unit);
                    above(Math.floor(from / DAY), true);
                    below(today / DAY, false);
                }
            }
        }
        if (!any) return undefined;
        if (kind === 'integer' || kind === 'choice' || kind === 'date') {
            lo = Math.ceil(lo);
            hi = Math.floor(hi);
        }
        const spread = kind === 'date' ? 60 : kind === 'datetime' ? 30 * DAY : (v: number) => Math.max(10 * step, Math.abs(v) * 0.5);
        const width = (v: number) => (typeof spread === 'number' ? spread : spread(v));
        if (!Number.isFinite(lo) && !Number.isFinite(hi)) return undefined;
        if (!Number.isFinite(lo)) lo = hi - width(hi);
        if (!Number.isFinite(hi)) {
            hi = lo + width(lo);
            if (kind === 'datetime' && lo < this.host.asOfMs) hi = Math.min(hi, this.host.asOfMs);
        }
        if (lo > hi) return undefined;
        if (kind === 'choice') {
            const codes = col.codes.filter(c => c >= lo && c <= hi);
            return codes.length ? String(codes[r.int(codes.length)]) : undefined;
        }
        if (kind === 'number') return String(Math.round((lo + r.float() * (hi - lo)) * 100) / 100);
        const v = lo + Math.floor(r.float() * (Math.floor(hi - lo) + 1));
        if (kind === 'integer') return String(v);
        if (kind === 'date') return isoDate(v * DAY);
        return iso(v);
    }
}
