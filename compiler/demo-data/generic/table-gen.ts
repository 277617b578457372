// One generated table (TableGen): how many rows each contact, account or lead gets,
// the scenario its first rows match, and each row's cells.
import { MS_PER_DAY as DAY } from '../../calendar/time-zone.js';
import { windowBounds } from '../../calendar/windows.js';
import type { Relation } from '../../plan/plan.js';
import { INTERACTION_CONTACT, INTERACTION_TIME } from '../../plan/physical-names.js';
import { hash, Rng, uuidOf } from '../random.js';
import { iso, nameHash, recordId } from '../cells.js';
import type { Kind, TableDecl } from './declared-tables.js';
import type { GenericData } from './generic-data.js';
import { naturalValue } from './natural-values.js';
import type { Cell, Context, Row } from './row-context.js';
import { type Constraint, havingValues, type Scenario, solve } from './scenarios.js';
import {
    ENTITY_SCENARIO_SHARE, INTERACTION_SCENARIO_SHARE, INTERACTIONS_PER_CONTACT, LEAD_BOOST, LITERAL_SHARE, REFERENCE_ROWS, ROWS_PER_OWNER,
} from './tuning.js';

// ---------------------------------------------------------------- the generator

type Owner = 'contact' | 'account' | 'lead' | 'none';

interface PreparedScenario {
    scenario: Scenario;
    /** Interactions: the timestamps it allows, [low, high] in ms (undefined: none in reach, so no rows). */
    span?: [number, number];
    /** Whether the relation goes through the contact's lead (only contacts with one qualify). */
    viaLead: boolean;
    /** The column of the having's aggregate, and its kind. */
    havingKind?: Kind;
}

/** One generated table: its declaration, namespaces and what steers it. */
export class TableGen {
    readonly owner: Owner;
    readonly units: number;
    readonly scenarios: PreparedScenario[];
    private readonly nsCount: number;
    private readonly nsRow: number;
    private readonly nsKey: number;
    private readonly natural: Array<(ctx: Context) => Cell>;
    /** Per column: the literals the plan tests it for, if any. */
    private readonly columnPools: Array<Constraint[] | undefined>;
    private readonly keyIndex: number;
    private readonly ownerIndex: number;
    /** Interactions: the timestamp and contact columns, and each relation's first column. */
    private readonly timeIndex: number;
    private readonly contactIndex: number;
    private readonly relationIndex: number[];
    /** Generic rows per unit (before the engagement weight), and each scenario's share of units. */
    private readonly rate: number;
    private readonly share: number;
    /** unitPlan's answer (fields, not an object: it runs for every unit of every table). */
    private planScenario = -1;
    private planRows = 0;

    constructor(
        readonly gen: GenericData, readonly decl: TableDecl, seed: number,
        scenarios: Scenario[], pools: Map<string, Constraint[]>,
    ) {
        const name = nameHash(decl.name);
        this.nsCount = hash(seed, name, 1);
        this.nsRow = hash(seed, name, 2);
        this.nsKey = hash(seed, name, 3);
        const host = gen.host;
        const cols = decl.columns;
        const index = (column: string | undefined) => (column === undefined ? -1 : cols.findIndex(c => c.name === column));
        let ownerColumn: string | undefined;
        if (decl.kind === 'interaction') {
            this.owner = 'contact';
        } else {
            const lookups = cols.filter(c => c.kind === 'lookup' && c.target);
            const first = (t: string) => lookups.find(c => c.target!.table === t);
            const by = first('contact') ?? first('account') ?? first('lead');
            this.owner = (by?.target!.table as Owner | undefined) ?? 'none';
            ownerColumn = by?.name;
        }
        this.keyIndex = index(decl.key);
        this.ownerIndex = index(ownerColumn);
        this.timeIndex = decl.kind === 'interaction' ? index(INTERACTION_TIME) : -1;
        this.contactIndex = decl.kind === 'interaction' ? index(INTERACTION_CONTACT) : -1;
        this.relationIndex = decl.relations.map(r => index(r.column));
        this.units = this.owner === 'contact' ? host.contactCount
            : this.owner === 'account' ? host.accountCount
            : this.owner === 'lead' ? host.leadSlots
            : host.contactCount === 0 ? 0 : Math.min(REFERENCE_ROWS.max, Math.max(REFERENCE_ROWS.min, Math.round(host.contactCount / REFERENCE_ROWS.per)));
        this.rate = decl.kind === 'interaction' ? INTERACTIONS_PER_CONTACT : this.owner === 'none' ? 0 : ROWS_PER_OWNER[this.owner];
        this.share = decl.kind === 'interaction' ? INTERACTION_SCENARIO_SHARE : ENTITY_SCENARIO_SHARE;
        this.scenarios = scenarios
            .filter(s => decl.kind === 'interaction' ? s.via === undefined : s.via !== undefined && this.owner === 'contact')
            .map(s => this.prepare(s))
            // A scenario whose window lies beyond reach (all after asOf) gets no rows.
            .filter(p => decl.kind !== 'interaction' || p.span);
        this.natural = cols.map(c => naturalValue(c, decl, gen));
        this.columnPools = cols.map(c => pools.get(c.name));
    }

    private prepare(s: Scenario): PreparedScenario {
        const viaLead = !!s.relation && s.relation.steps.length > 0 && s.relation.steps[0].table === 'lead';
        const havingKind = this.decl.columns.find(c => c.name === s.having?.column)?.kind;
        if (this.decl.kind !== 'interaction') return { scenario: s, viaLead: false };
        const { asOfMs, windowStartMs } = this.gen.host;
        const b = windowBounds(s.window ?? { kind: 'all' }, asOfMs, this.gen.zone);
        const high = b.high;
        let low = Number.isFinite(b.low) ? b.low : Math.min(windowStartMs, high - 30 * DAY);
        if (high - Math.max(low, windowStartMs) > 2) low = Math.max(low, windowStartMs);
        return { scenario: s, viaLead, ...(havingKind ? { havingKind } : {}), ...(high - low > 2 ? { span: [low, high] as [number, number] } : {}) };
    }

    /** How many rows unit u has, and the scenario its first rows match (-1: none): in planRows and planScenario. */
    private unitPlan(u: number): void {
        const host = this.gen.host;
        this.planScenario = -1;
        if (this.owner === 'none' || this.owner === 'lead' && host.leadParent(u) === undefined) {
            this.planRows = this.owner === 'none' ? 1 : 0;
            return;
        }
        const r = new Rng(hash(this.nsCount, u));
        let weight = 1, span = 1;
        if (this.owner === 'contact') {
            weight = (0.3 + Math.min(host.engagement(u), 10)) / 1.3;
            if (this.timeIndex >= 0) span = (host.asOfMs - host.contactStart(u)) / (host.asOfMs - host.windowStartMs);
        }
        // At most one scenario per unit: each takes its share of [0, 1) among those the unit can meet.
        const x = r.float();
        const share = this.share * weight;
        let below = 0;
        for (let s = 0; s < this.scenarios.length; s++) {
            const p = this.scenarios[s];
            // Contacts with a lead of their own are about one in five: they get the lead scenarios five times as often.
            if (p.viaLead && host.leadOf(u) < 0) continue;
            below += p.viaLead ? share * LEAD_BOOST : share;
            if (x < below) {
                this.planScenario = s;
                break;
            }
        }
        this.planRows = r.poisson(this.rate * weight * span) + (this.planScenario >= 0 ? 1 : 0);
    }

    /** A key of a row of this table, for a lookup from a row of `ctx` (its own contact's, account's or lead's when it has one). */
    pickKey(ctx: Context): Cell {
        const { r } = ctx;
        if (this.units === 0) return null;
        if (this.owner === 'none') return uuidOf(this.nsKey, r.int(this.units));
        const mine = this.owner === 'contact' ? ctx.contact : this.owner === 'account' ? ctx.account : ctx.lead;
        for (let attempt = 0; attempt < 8; attempt++) {
            const u = attempt === 0 && mine >= 0 ? mine : r.int(this.units);
            this.unitPlan(u);
            if (this.planRows > 0) return recordId(this.nsKey, u, r.int(this.planRows));
        }
        return null;
    }

    *rows(): Generator<Row> {
        const host = this.gen.host;
        const ctx: Context = { r: new Rng(0), contact: -1, account: -1, lead: -1, contactCell: null };
        for (let u = 0; u < this.units; u++) {
            this.unitPlan(u);
            const rows = this.planRows, scenario = this.planScenario;
            if (rows > 0) {
                switch (this.owner) {
                    case 'contact': ctx.contact = u; ctx.account = host.contactAccount(u); ctx.lead = host.leadOf(u); break;
                    case 'account': ctx.contact = -1; ctx.account = u; ctx.lead = -1; break;
                    case 'lead': {
                        const parent = host.leadParent(u)!;
                        ctx.contact = parent >= 0 ? parent : -1;
                        ctx.account = parent >= 0 ? host.contactAccount(parent) : -1;
                        ctx.lead = u;
                        break;
                    }
                    case 'none': ctx.contact = -1; ctx.account = -1; ctx.lead = -1; break;
                }
                ctx.contactCell = ctx.contact >= 0 ? host.contactId(ctx.contact) : null;
                if (this.timeIndex >= 0) yield* this.interactionRows(u, rows, scenario, ctx);
                else yield* this.entityRows(u, rows, scenario, ctx);
            }
            if ((u + 1) % 8192 === 0) this.gen.tick?.(8192);
        }
        this.gen.tick?.(this.units % 8192);
    }

    private *entityRows(u: number, rows: number, scenario: number, ctx: Context): Generator<Row> {
        const host = this.gen.host;
        const ownerKey = this.owner === 'contact' ? ctx.contactCell : this.owner === 'account' ? host.accountId(u) : this.owner === 'lead' ? host.leadId(u) : null;
        for (let k = 0; k < rows; k++) {
            ctx.r = new Rng(hash(this.nsRow, u, k));
            const row: Row = new Array(this.decl.columns.length);
            row[this.keyIndex] = this.owner === 'none' ? uuidOf(this.nsKey, u) : recordId(this.nsKey, u, k);
            if (this.ownerIndex >= 0) row[this.ownerIndex] = ownerKey;
            let wanted: Map<string, Constraint[]> | undefined;
            if (k === 0 && scenario >= 0) {
                const s = this.scenarios[scenario].scenario;
                wanted = new Map();
                solve(s.where, ctx.r, wanted);
                const via = this.decl.columns.findIndex(c => c.name === s.via);
                if (via >= 0) row[via] = ctx.contactCell;
            }
            yield this.fill(row, ctx, wanted);
        }
    }

    private *interactionRows(i: number, rows: number, scenario: number, ctx: Context): Generator<Row> {
        const host = this.gen.host;
        let k = 0;
        if (scenario >= 0) {
            const prepared = this.scenarios[scenario];
            const { scenario: s, span } = prepared;
            const values = havingValues(s.having, new Rng(hash(this.nsRow, i, 0xffff)), prepared.havingKind);
            for (const value of values) {
                ctx.r = new Rng(hash(this.nsRow, i, k));
                const wanted = new Map<string, Constraint[]>();
                solve(s.where, ctx.r, wanted);
                if (value !== undefined && s.having?.column) wanted.set(s.having.column, [value]);
                const [low, high] = span!;
                const row = this.interactionCells(ctx, k++, low + 1 + Math.floor(ctx.r.float() * (high - low - 2)), s.relation);
                yield this.fill(row, ctx, wanted);
            }
        }
        const start = host.contactStart(i);
        const generic = rows - (scenario >= 0 ? 1 : 0);
        for (let n = 0; n < generic; n++) {
            ctx.r = new Rng(hash(this.nsRow, i, k));
            const row = this.interactionCells(ctx, k++, start + ctx.r.float() * (host.asOfMs - start));
            yield this.fill(row, ctx, undefined);
        }
    }

    /** An interaction row's id, timestamp, contact, and relation columns (the scenario's relation always, the others now and then). */
    private interactionCells(ctx: Context, k: number, t: number, via?: Relation): Row {
        const row: Row = new Array(this.decl.columns.length);
        row[this.keyIndex] = recordId(this.nsKey, ctx.contact, k);
        row[this.timeIndex] = iso(t);
        row[this.contactIndex] = ctx.contactCell;
        const relations = this.decl.relations;
        for (let n = 0; n < relations.length; n++) {
            const rel = relations[n], at = this.relationIndex[n];
            if (at < 0 || (at === this.contactIndex && rel.steps.length === 0)) continue;
            const always = via ? rel.name === via.name : n === 0;
            row[at] = always || ctx.r.chance(0.3) ? this.reach(rel, ctx) : null;
        }
        return row;
    }

    /** The first column of a relation, so that it leads to the row's contact where the data allows. */
    private reach(rel: Relation, ctx: Context): Cell {
        const host = this.gen.host;
        if (rel.steps.length === 0) return ctx.contactCell;
        const first = rel.steps[0];
        if (first.table === 'lead') return ctx.lead >= 0 ? host.leadId(ctx.lead) : null;
        if (first.table === 'account') return ctx.account >= 0 ? host.accountId(ctx.account) : null;
        const target = this.gen.byTable.get(first.table);
        return target ? target.pickKey(ctx) : null;
    }

    /** The rest of a row: the wanted values, then natural ones (with the plan's literals now and then). */
    private fill(row: Row, ctx: Context, wanted: Map<string, Constraint[]> | undefined): Row {
        const cols = this.decl.columns;
        for (let c = 0; c < cols.length; c++) {
            if (row[c] !== undefined) continue;
            const col = cols[c];
            const want = wanted?.get(col.name);
            let value: Cell | undefined;
            if (want) {
                value = this.gen.valueFor(col, want, ctx.r);
            } else {
                const pool = this.columnPools[c];
                if (pool && ctx.r.chance(LITERAL_SHARE)) value = this.gen.valueFor(col, [pool[ctx.r.int(pool.length)]], ctx.r, true);
            }
            if (value === undefined) {
                value = this.natural[c](ctx);
                if (value === null && want?.some(w => w.kind === 'null' && w.negated)) {
                    for (let tries = 0; tries < 4 && value === null; tries++) value = this.natural[c](ctx);
                }
            }
            row[c] = value;
        }
        return row;
    }
}
