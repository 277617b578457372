// Demo data for tables seed.ts has no generator for: a project's own entities
// and interaction types (and catalog types its segments read), filled from
// their declarations alone.
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
// Like seed.ts, every row is a pure function of (seed, table name, the unit it
// belongs to, its ordinal) and of the project: the same project, seed and asOf
// give the same rows, whatever else the database holds.
import type { EntityDecl, InteractionDecl, Model } from '../../language/generated/ast.js';
import { isEntityDecl, isInteractionDecl, isKeyField } from '../../language/generated/ast.js';
import { AUDIENCE_ENTITY, fieldsOf, fieldType, pathSteps, relationsOf } from '../../language/model/field-types.js';
import { daysFromCivil, instantMs, minusInterval, MS_PER_DAY, subtractFromWall, timeZone, type TimeZone } from '../exec/time-zone.js';
import { windowBounds } from '../exec/windows.js';
import type { CalendarUnit, CmpOp, Cond, Having, Literal, Lookup, Plan, Relation, Window } from '../plan/plan.js';
import { columnOf, INTERACTION_CONTACT, INTERACTION_ID, INTERACTION_TIME, keyOf, tableOf } from '../plan/physical-names.js';
import { hash, Rng, uuidFrom, uuidOf } from './random.js';
import { iso, isoDate, nameHash, recordId } from './seed-cells.js';
import {
    CITIES, COMPANY_STEMS, EVENTS, FEMALE_NAMES, FORMS, FREE_MAIL, JOURNEYS, LAST_NAMES, MALE_NAMES, MESSAGES, PAGE_IDS, PAGES, PRODUCTS,
    SEGMENTS, SURVEYS, WEBSITES,
} from './seed-data.js';

type Cell = string | null;
type Row = Cell[];

const DAY = MS_PER_DAY;

/**
 * What seed needs of a project: every file's model with its role (a loaded
 * project's `files`; 'builtin' marks the catalog's), and its plan.
 */
export interface SeedProject {
    files: ReadonlyArray<{ role: string; document: { parseResult: { value: Model } } }>;
    /** The project's plan: its conditions steer the values. Without it the rows are plain. */
    plan?: Plan;
}

/** What the generic rows read of the built-in demo data (implemented by seed.ts's DemoData). */
export interface DemoHost {
    readonly contactCount: number;
    readonly accountCount: number;
    readonly leadSlots: number;
    readonly asOfMs: number;
    /** The start of the interaction window (400 days before asOf). */
    readonly windowStartMs: number;
    contactId(i: number): string;
    accountId(j: number): string;
    leadId(j: number): string;
    /** Contact i's own lead slot, or -1. */
    leadOf(i: number): number;
    /** The contact of lead slot j (-1, -2: none or gone), or undefined when the slot holds no lead. */
    leadParent(j: number): number | undefined;
    /** Contact i's account index, or -1 (none, or a dangling reference). */
    contactAccount(i: number): number;
    engagement(i: number): number;
    /** When contact i's interactions may start (its creation, or the window's start). */
    contactStart(i: number): number;
    /** Contact i's city: an index into CITIES. */
    contactCity(i: number): number;
    contactEmail(i: number): string;
    contactName(i: number): readonly [string, string];
}

// ---------------------------------------------------------------- tuning

/** Generic interaction rows per contact over the window (times its engagement weight, about 1 on average). */
const INTERACTIONS_PER_CONTACT = 0.06;
/** Generic rows of an entity per owning contact, account or lead. */
const ROWS_PER_OWNER = { contact: 0.08, account: 1, lead: 0.5 } as const;
/** The share of contacts that get rows made to match an interaction scenario, per scenario. */
const INTERACTION_SCENARIO_SHARE = 0.01;
/** The same for a scenario on an entity (an `exists`): the segment still needs the contact's own conditions. */
const ENTITY_SCENARIO_SHARE = 0.05;
/** Scenarios through the contact's lead: only contacts with a lead of their own qualify (about one in five). */
const LEAD_BOOST = 5;
/** How often a generic row takes a literal the project tests a column for. */
const LITERAL_SHARE = 0.15;
/** The share of nulls in optional columns. */
const NULL_SHARE = 0.05;
/** Rows of an entity that belongs to no contact, account or lead: per 100 contacts, within bounds. */
const REFERENCE_ROWS = { per: 100, min: 10, max: 1000 } as const;
/** At most this many rows for one `having count` scenario. */
const MAX_SCENARIO_ROWS = 12;

// ---------------------------------------------------------------- declarations, physically

type Kind = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'guid' | 'choice' | 'lookup';

interface Column {
    name: string;
    kind: Kind;
    /** A choice's codes, in declaration order. */
    codes: number[];
    /** A lookup's target. */
    target?: { table: string; key: string };
}

interface TableDecl {
    name: string;
    kind: 'entity' | 'interaction';
    /** The key column (an interaction's id). */
    key: string;
    columns: Column[];
    /** An interaction's relations, the default first (as the plan has them). */
    relations: Relation[];
    /** Declared in one of the project's own files (not only in the built-in catalog). */
    own: boolean;
}

/** Every entity and interaction table the files declare (a table declared twice gets the union of the columns). */
function declaredTables(files: SeedProject['files']): Map<string, TableDecl> {
    const tables = new Map<string, TableDecl>();
    const models = files.map(f => ({ model: f.document.parseResult.value, own: f.role !== 'builtin' }));
    let audience = { table: AUDIENCE_ENTITY, key: 'contactid' };
    for (const { model } of models) {
        for (const d of model.declarations ?? []) {
            if (isEntityDecl(d) && d.name === AUDIENCE_ENTITY) audience = { table: tableOf(d), key: keyOf(d) };
        }
    }
    for (const { model, own } of models) {
        for (const d of model.declarations ?? []) {
            if (!(isEntityDecl(d) || isInteractionDecl(d)) || !d.name) continue;
            const spec = isEntityDecl(d) ? entityDecl(d, own) : interactionDecl(d, own, audience);
            const seen = tables.get(spec.name);
            if (!seen) {
                tables.set(spec.name, spec);
                continue;
            }
            seen.own ||= spec.own;
            for (const c of spec.columns) if (!seen.columns.some(x => x.name === c.name)) seen.columns.push(c);
            for (const r of spec.relations) if (!seen.relations.some(x => x.name === r.name)) seen.relations.push(r);
        }
    }
    return tables;
}

function columnOfField(field: Parameters<typeof fieldType>[0]): Column {
    const type = fieldType(field);
    const name = columnOf(field);
    switch (type.kind) {
        case 'choice': return { name, kind: 'choice', codes: type.options.map(o => Number(o.code)).filter(Number.isFinite) };
        case 'lookup': return type.target
            ? { name, kind: 'lookup', codes: [], target: { table: tableOf(type.target), key: keyOf(type.target) } }
            : { name, kind: 'guid', codes: [] };
        default: return { name, kind: type.kind, codes: [] };
    }
}

function entityDecl(d: EntityDecl, own: boolean): TableDecl {
    const key = keyOf(d);
    const columns: Column[] = [{ name: key, kind: 'guid', codes: [] }];
    for (const f of fieldsOf(d)) {
        if (isKeyField(f)) continue;
        const c = columnOfField(f);
        if (!columns.some(x => x.name === c.name)) columns.push(c);
    }
    return { name: tableOf(d), kind: 'entity', key, columns, relations: [], own };
}

function interactionDecl(d: InteractionDecl, own: boolean, audience: { table: string; key: string }): TableDecl {
    const columns: Column[] = [
        { name: INTERACTION_ID, kind: 'guid', codes: [] },
        { name: INTERACTION_TIME, kind: 'datetime', codes: [] },
        { name: INTERACTION_CONTACT, kind: 'lookup', codes: [], target: audience },
    ];
    for (const f of fieldsOf(d)) {
        const c = columnOfField(f);
        if (!columns.some(x => x.name === c.name)) columns.push(c);
    }
    const relations: Relation[] = [];
    for (const rel of relationsOf(d)) {
        const steps = rel.path ? pathSteps(rel.path) : [];
        let current = steps[0]?.field?.ref;
        if (!current || !rel.name) continue;
        const lookups: Lookup[] = [];
        for (const step of steps.slice(1)) {
            const type = fieldType(current);
            const field = step.field?.ref;
            if (type.kind !== 'lookup' || !type.target || !field) break;
            lookups.push({ table: tableOf(type.target), key: keyOf(type.target), column: columnOf(field) });
            current = field;
        }
        if (lookups.length === steps.length - 1) relations.push({ name: rel.name, column: columnOf(steps[0].field!.ref!), steps: lookups });
    }
    return { name: tableOf(d), kind: 'interaction', key: INTERACTION_ID, columns, relations, own };
}

// ---------------------------------------------------------------- what the plan tests

/** One test of a column, as a value to aim at. */
type Constraint =
    | { kind: 'eq'; values: Literal[] }
    | { kind: 'ne'; values: Literal[] }
    | { kind: 'cmp'; op: CmpOp; value: Literal }
    | { kind: 'range'; low: Literal; high: Literal }
    | { kind: 'within'; amount: number; unit: CalendarUnit }
    | { kind: 'text'; mode: 'contains' | 'starts' | 'ends'; value: string; negated: boolean }
    | { kind: 'null'; negated: boolean }
    | { kind: 'bool'; value: boolean };

/** Rows of `table` made to match a query of the plan. */
interface Scenario {
    table: string;
    where?: Cond;
    /** Interactions: the window, the relation and the having (none when it admits contacts without rows). */
    window?: Window;
    relation?: Relation;
    having?: Having;
    /** Entities (`exists … via column`): the column that refers to the contact. */
    via?: string;
}

function constraintOf(c: Cond): Constraint | undefined {
    switch (c.op) {
        case 'cmp':
            return c.cmp === '=' ? { kind: 'eq', values: [c.value] } : c.cmp === '!=' ? { kind: 'ne', values: [c.value] } : { kind: 'cmp', op: c.cmp, value: c.value };
        case 'in': return c.negated ? { kind: 'ne', values: c.values } : { kind: 'eq', values: c.values };
        case 'text': return { kind: 'text', mode: c.mode, value: c.value, negated: c.negated };
        case 'null': return { kind: 'null', negated: c.negated };
        case 'between': return { kind: 'range', low: c.low, high: c.high };
        case 'within': return { kind: 'within', amount: c.amount, unit: c.unit };
        case 'true': return { kind: 'bool', value: true };
        default: return undefined;
    }
}

/** The scenarios of a plan, by table (each distinct query once). */
function scenariosOf(plan: Plan | undefined): Map<string, Scenario[]> {
    const out = new Map<string, Scenario[]>();
    const seen = new Set<string>();
    const add = (s: Scenario) => {
        const id = JSON.stringify(s);
        if (seen.has(id)) return;
        seen.add(id);
        if (!out.has(s.table)) out.set(s.table, []);
        out.get(s.table)!.push(s);
    };
    const exists = (c: Cond | undefined, outer: string) => {
        if (!c) return;
        switch (c.op) {
            case 'and': case 'or': for (const a of c.args) exists(a, outer); break;
            case 'not': exists(c.arg, outer); break;
            case 'exists':
                // Only exists on the audience: its rows belong to a contact through `via`.
                if (outer === plan!.audience.table) add({ table: c.table, ...(c.where ? { where: c.where } : {}), via: c.via });
                exists(c.where, c.table);
                break;
        }
    };
    for (const node of plan?.nodes ?? []) {
        if (node.kind === 'interaction') {
            add({
                table: node.table, ...(node.where ? { where: node.where } : {}), window: node.window, relation: node.relation,
                ...(node.admitsZero ? {} : { having: node.having }),
            });
            exists(node.where, node.table);
        } else if (node.kind === 'profile') {
            exists(node.where, node.table);
        }
    }
    return out;
}

/** Per table and column, the tests the plan's conditions make (literals to use now and then). */
function poolsOf(plan: Plan | undefined): Map<string, Map<string, Constraint[]>> {
    const pools = new Map<string, Map<string, Constraint[]>>();
    const walk = (c: Cond | undefined, table: string) => {
        if (!c) return;
        switch (c.op) {
            case 'and': case 'or': for (const a of c.args) walk(a, table); return;
            case 'not': walk(c.arg, table); return;
            case 'exists': walk(c.where, c.table); return;
        }
        const constraint = constraintOf(c);
        if (!constraint) return;
        const at = c.column.path.length ? c.column.path[c.column.path.length - 1].table : table;
        if (!pools.has(at)) pools.set(at, new Map());
        const columns = pools.get(at)!;
        if (!columns.has(c.column.column)) columns.set(c.column.column, []);
        const list = columns.get(c.column.column)!;
        if (!list.some(x => JSON.stringify(x) === JSON.stringify(constraint))) list.push(constraint);
    };
    for (const node of plan?.nodes ?? []) {
        if (node.kind === 'interaction' || node.kind === 'profile') walk(node.where, node.table);
    }
    return pools;
}

/** The tests a condition makes of the row's own columns, picking one side of each `or`. */
function solve(c: Cond | undefined, r: Rng, out: Map<string, Constraint[]>): void {
    if (!c) return;
    const put = (column: string, k: Constraint) => {
        if (!out.has(column)) out.set(column, []);
        out.get(column)!.push(k);
    };
    switch (c.op) {
        case 'and': for (const a of c.args) solve(a, r, out); return;
        case 'or': solve(c.args[r.int(c.args.length)], r, out); return;
        case 'exists': return;
        case 'not': {
            const a = c.arg;
            if (a.op === 'true' && !a.column.path.length) put(a.column.column, { kind: 'bool', value: false });
            else if (a.op === 'null' && !a.column.path.length) put(a.column.column, { kind: 'null', negated: !a.negated });
            return;
        }
        default: {
            const k = constraintOf(c);
            if (k && !c.column.path.length) put(c.column.column, k);
        }
    }
}

// ---------------------------------------------------------------- the generator

interface Context {
    r: Rng;
    /** The contact, account and lead the row belongs to, or -1. */
    contact: number;
    account: number;
    lead: number;
    /** The contact's id (computed once per contact), or null. */
    contactCell: Cell;
}

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
class TableGen {
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

/**
 * The values a scenario's `having` wants of its rows' column (undefined for
 * `count`: then only the number of rows matters): enough rows for a count,
 * parts of a large enough total for a sum, each value in range for avg, min and max.
 */
function havingValues(having: Having | undefined, r: Rng, kind: Kind | undefined): Array<Constraint | undefined> {
    if (!having) return [undefined];
    const integer = kind !== 'number';
    const wanted = (op: CmpOp | undefined, value: number | undefined): [number, number] => {
        if (op === undefined || value === undefined) return [having.low ?? 0, having.high ?? having.low ?? 0];
        const step = integer ? 1 : 0.01;
        const spread = Math.max(10 * step, Math.abs(value) * 0.5);
        switch (op) {
            case '=': return [value, value];
            case '!=': return [value + step, value + spread];
            case '>': return [value + step, value + spread];
            case '>=': return [value, value + spread];
            case '<': return [value - spread, value - step];
            case '<=': return [value - spread, value];
        }
    };
    const [low, high] = wanted(having.op, having.value);
    const pick = () => {
        const x = low + r.float() * (high - low);
        return integer ? Math.min(Math.floor(high), Math.max(Math.ceil(low), Math.round(x))) : Math.round(x * 100) / 100;
    };
    if (having.agg === 'count') {
        const v = having.value ?? 1, extra = r.int(2);
        const n = having.op === undefined ? (having.low ?? 1) + r.int((having.high ?? 1) - (having.low ?? 1) + 1)
            : having.op === '>=' ? v + extra : having.op === '>' ? v + 1 + extra : having.op === '!=' ? v + 1
            : having.op === '<' ? v - 1 - extra : v;
        return Array.from({ length: Math.max(1, Math.min(MAX_SCENARIO_ROWS, n)) }, () => undefined);
    }
    const number = (v: number): Literal => ({ type: integer ? 'integer' : 'number', value: v });
    if (having.agg === 'sum') {
        const total = pick();
        const n = 1 + r.int(3);
        if (!integer) return Array.from({ length: n }, () => ({ kind: 'eq', values: [number(Math.round(total / n * 100) / 100)] }));
        const each = Math.floor(total / n), rest = ((total % n) + n) % n;
        return Array.from({ length: n }, (_, k) => ({ kind: 'eq', values: [number(each + (k < rest ? 1 : 0))] }));
    }
    const n = 1 + r.int(2);
    return Array.from({ length: n }, () => ({ kind: 'eq', values: [number(pick())] }));
}

/** The generic demo data of a project: the tables seed.ts has no generator for. */
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

    /** A guid from the column's pool of a dozen (the same for every seed, like seed-data's pools). */
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

/** A string meeting text tests: the starts-with part, the contained parts, the ends-with part (a URL where the column holds one). */
function composeText(column: string, texts: Array<{ mode: 'contains' | 'starts' | 'ends'; value: string }>): string {
    const starts = texts.find(t => t.mode === 'starts')?.value;
    const ends = texts.find(t => t.mode === 'ends')?.value ?? '';
    const middle = texts.filter(t => t.mode === 'contains').map(t => t.value).join('');
    let text = (starts ?? '') + middle + ends;
    if (starts === undefined && /url|uri|link|href|website/.test(column) && !/^https?:/i.test(text)) {
        const head = text.startsWith('/') ? 'https://www.contoso.com'
            : text.startsWith('.') ? 'https://www.contoso.com/downloads/document'
            : /^[?&#]/.test(text) ? 'https://www.contoso.com/offer'
            : text.includes('=') ? 'https://www.contoso.com/offer?'
            : 'https://www.contoso.com/';
        text = head + text;
    }
    return text;
}

// ---------------------------------------------------------------- natural values

const KNOWN_POOLS: Record<string, ReadonlyArray<{ id: string }>> = {
    customer_journey_id: JOURNEYS, message_id: MESSAGES, event_id: EVENTS, form_id: FORMS, website_id: WEBSITES,
    page_id: PAGE_IDS, survey_id: SURVEYS, segment_id: SEGMENTS,
};

const BROWSERS = ['Chrome', 'Edge', 'Safari', 'Firefox', 'Samsung Internet'];
const SEARCH_ENGINES = ['Google', 'Bing', 'DuckDuckGo', 'Ecosia'];
const SYSTEMS = ['Windows', 'macOS', 'iOS', 'Android', 'Linux'];
const DEVICES = ['Desktop', 'Mobile', 'Tablet'];
const LANGUAGES = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'nl-NL', 'es-ES', 'ja-JP'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD'];
const CHANNELS = ['Email', 'Web', 'Social', 'Event', 'Referral', 'Paid search'];
const STATUSES = ['Active', 'Pending', 'Completed', 'Canceled'];
const TYPES = ['Standard', 'Premium', 'Basic', 'Enterprise'];
const TIERS = ['Bronze', 'Silver', 'Gold', 'Platinum'];
const REASONS = ['Price', 'Timing', 'Features', 'Went with a competitor', 'No budget'];
const SEASONS = ['SPRING', 'SUMMER', 'AUTUMN', 'WINTER', 'WELCOME', 'LAUNCH', 'RENEWAL', 'VIP'];
const PREFIXES = ['Spring', 'Summer', 'Autumn', 'Winter', 'Launch', 'Partner', 'Customer', 'Product'];

const humanize = (name: string) => {
    const text = name.replace(/_/g, ' ').trim();
    return text.charAt(0).toUpperCase() + text.slice(1);
};
const pick = <T>(items: readonly T[]) => (ctx: Context) => items[ctx.r.int(items.length)];
const hex = (r: Rng) => r.next().toString(16).padStart(8, '0') + r.next().toString(16).padStart(8, '0');

/** The natural value of a column: by its type and, for strings and numbers, what its name suggests. */
function naturalValue(col: Column, table: TableDecl, gen: GenericData): (ctx: Context) => Cell {
    const n = col.name.toLowerCase();
    const host = gen.host;
    const optional = (f: (ctx: Context) => Cell) => (ctx: Context) => (ctx.r.chance(NULL_SHARE) ? null : f(ctx));
    switch (col.kind) {
        case 'lookup':
            return ctx => gen.lookup(col, ctx);
        case 'guid': {
            if (n === table.key) return ctx => uuidFrom(ctx.r.next(), ctx.r.next(), ctx.r.next(), ctx.r.next());
            if (/session|submission|registration|transaction|iteration|request|visitor|check_in|order/.test(n)) {
                return optional(ctx => uuidFrom(ctx.r.next(), ctx.r.next(), ctx.r.next(), ctx.r.next()));
            }
            // The ids of the demo data's own journeys, emails, events… where a column holds one of those.
            const known = KNOWN_POOLS[n];
            if (known) return optional(ctx => known[ctx.r.int(known.length)].id);
            const size = /organization|tenant/.test(n) ? 1 : 12;
            return optional(ctx => gen.poolGuid(table.name, col.name, ctx.r, size));
        }
        case 'choice': {
            const codes = col.codes;
            if (!codes.length) return () => null;
            // Earlier options are more common (Bronze before Platinum, Desktop before Tablet).
            const total = (codes.length * (codes.length + 1)) / 2;
            return optional(ctx => {
                let x = ctx.r.float() * total;
                for (let k = 0; k < codes.length; k++) {
                    x -= codes.length - k;
                    if (x < 0) return String(codes[k]);
                }
                return String(codes[codes.length - 1]);
            });
        }
        case 'boolean': {
            const p = /do_?not|deleted|blocked|opt_?out|unsubscribed|bounced|suspended/.test(n) ? 0.1
                : /active|enabled|verified|consent|confirmed|subscribed|opt_?in|valid/.test(n) ? 0.75 : 0.5;
            return ctx => (ctx.r.chance(p) ? 't' : 'f');
        }
        case 'integer':
        case 'number': {
            const f = numberOf(n, host.asOfMs);
            return col.kind === 'integer'
                ? optional(ctx => String(Math.round(f(ctx.r))))
                : optional(ctx => String(Math.round((f(ctx.r) + ctx.r.float()) * 100) / 100));
        }
        case 'date':
        case 'datetime': {
            const now = host.asOfMs;
            const [from, to] = /birth/.test(n) ? [Date.UTC(1950, 0, 1), Date.UTC(2006, 0, 1)]
                : /expir|renew|due|until|valid|end/.test(n) ? [now - 60 * DAY, now + 365 * DAY]
                : col.kind === 'date' ? [now - 3 * 365 * DAY, now]
                : [host.windowStartMs, now];
            return col.kind === 'date'
                ? optional(ctx => isoDate(from + ctx.r.float() * (to - from)))
                : optional(ctx => iso(from + ctx.r.float() * (to - from)));
        }
        case 'string':
            return stringOf(n, table, gen);
    }
}

function numberOf(n: string, asOf: number): (r: Rng) => number {
    if (/minute/.test(n)) return r => Math.min(180, 1 + r.exponential(25));
    if (/second|duration/.test(n)) return r => Math.min(3600, 5 + r.exponential(120));
    if (/hour/.test(n)) return r => 1 + r.int(8);
    if (/point/.test(n)) return r => r.exponential(1500);
    if (/rating|stars/.test(n)) return r => 1 + r.int(5);
    if (/score/.test(n)) return r => r.int(101);
    if (/percent|pct|rate/.test(n)) return r => r.int(101);
    if (/(^|_)age$/.test(n)) return r => 18 + r.int(63);
    if (/year/.test(n)) return r => new Date(asOf).getUTCFullYear() - r.int(11);
    if (/version/.test(n)) return r => 1 + r.int(3);
    if (/items|qty|quantity|seats|tickets/.test(n)) return r => 1 + r.poisson(1.5);
    if (/count|number|num|times|asked|clicks|visits|views|opens|attempts|children/.test(n)) return r => r.poisson(1.5);
    if (/amount|revenue|price|value|budget|cost|total|balance|limit|spend/.test(n)) return r => Math.exp(4 + 1.5 * r.normal());
    return r => r.exponential(20);
}

function stringOf(n: string, table: TableDecl, gen: GenericData): (ctx: Context) => Cell {
    const host = gen.host;
    const optional = (f: (ctx: Context) => Cell) => (ctx: Context) => (ctx.r.chance(NULL_SHARE) ? null : f(ctx));
    const city = (ctx: Context) => CITIES[ctx.contact >= 0 ? host.contactCity(ctx.contact) : ctx.r.int(CITIES.length)];
    const name = (ctx: Context): readonly [string, string] => ctx.contact >= 0 ? host.contactName(ctx.contact)
        : [ctx.r.chance(0.5) ? pick(FEMALE_NAMES)(ctx) : pick(MALE_NAMES)(ctx), pick(LAST_NAMES)(ctx)];
    const yy = String(new Date(host.asOfMs).getUTCFullYear() % 100).padStart(2, '0');
    if (/domain/.test(n)) {
        return optional(ctx => (ctx.contact >= 0 ? host.contactEmail(ctx.contact).split('@')[1] : pick(FREE_MAIL)(ctx)));
    }
    if (/email/.test(n)) {
        return optional(ctx => ctx.contact >= 0 ? host.contactEmail(ctx.contact)
            : `${name(ctx).join('.').toLowerCase().replace(/[^a-z.]/g, '')}@${pick(FREE_MAIL)(ctx)}`);
    }
    if (/first_?name|given_?name/.test(n)) return optional(ctx => name(ctx)[0]);
    if (/last_?name|surname|family_?name/.test(n)) return optional(ctx => name(ctx)[1]);
    if (/full_?name/.test(n)) return optional(ctx => name(ctx).join(' '));
    if (/country_?iso|iso_?code|country_?code/.test(n)) return optional(ctx => city(ctx)[3]);
    if (/city/.test(n)) return optional(ctx => city(ctx)[0]);
    if (/country/.test(n)) return optional(ctx => city(ctx)[2]);
    if (/state|province|region/.test(n)) return optional(ctx => city(ctx)[1]);
    if (/postal|zip/.test(n)) return optional(ctx => String(10000 + ctx.r.int(90000)));
    if (/phone|mobile|fax/.test(n)) return optional(ctx => `+1 555 ${String(ctx.r.int(10_000)).padStart(4, '0')}`);
    if (/url|uri|link|href|website/.test(n)) return optional(ctx => `https://www.contoso.com${pick(PAGES)(ctx)}`);
    if (/page|path/.test(n)) return optional(pick(PAGES));
    if (/version/.test(n)) return optional(ctx => `${1 + ctx.r.int(20)}.${ctx.r.int(10)}`);
    if (/duration|seconds/.test(n)) return optional(ctx => String(Math.round(5 + ctx.r.exponential(120))));
    if (/search_?engine/.test(n)) return optional(pick(SEARCH_ENGINES));
    if (/search|phrase|query|keyword/.test(n)) return optional(ctx => pick(PRODUCTS)(ctx));
    if (/returning/.test(n)) return optional(pick(['New', 'Returning']));
    if (/anonymous/.test(n)) return optional(pick(['Known', 'Anonymous']));
    if (/browser/.test(n)) return optional(pick(BROWSERS));
    if (/operating_?system|(^|_)os(_|$)/.test(n)) return optional(pick(SYSTEMS));
    if (/device/.test(n)) return optional(pick(DEVICES));
    if (/language|locale/.test(n)) return optional(pick(LANGUAGES));
    if (/currency/.test(n)) return optional(pick(CURRENCIES));
    if (/source|channel|medium/.test(n)) return optional(pick(CHANNELS));
    if (/status|state/.test(n)) return optional(pick(STATUSES));
    if (/tier|level/.test(n)) return optional(pick(TIERS));
    if (/type|category|kind|plan/.test(n)) return optional(pick(TYPES));
    if (/code/.test(n)) return optional(ctx => `${pick(SEASONS)(ctx)}-${yy}`);
    if (/reason/.test(n)) return optional(pick(REASONS));
    if (/title|subject|topic/.test(n)) return optional(ctx => `Interested in ${pick(PRODUCTS)(ctx)}`);
    if (/description|note|comment|message|text/.test(n)) return optional(ctx => `Asked about ${pick(PRODUCTS)(ctx)}`);
    if (/(^|_)id$/.test(n)) return optional(ctx => hex(ctx.r));
    if (/name/.test(n)) {
        const what = humanize(n.replace(/_?name$/, '') || table.name).toLowerCase();
        return optional(ctx => (n === 'name' ? `${pick(COMPANY_STEMS)(ctx)} ${what}` : `${pick(PREFIXES)(ctx)} ${what}`));
    }
    const label = humanize(n);
    return optional(ctx => `${label} ${1 + ctx.r.int(8)}`);
}
