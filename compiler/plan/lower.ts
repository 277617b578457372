// lower: checked Seg declarations → Plan. Runs only on projects without
// errors, so every reference resolves and every value fits its field.
import type { AstNode } from 'langium';
import {
    isDateLiteral, isDateTimeLiteral, isEntityDecl, isSegmentDecl,
    type Cond as AstCond, type EntityDecl, type FieldPath, type HavingClause, type InteractionDecl, type InteractionQuery, type Model,
    type SegmentDecl, type SetExpr, type TimeLiteral, type Value, type WindowClause,
} from '../../language/generated/ast.js';
import { fieldsOf, fieldType, pathSteps, relationsOf, type SegType } from '../../language/model/field-types.js';
import { admitsZero, type NumericOp } from '../../language/model/having.js';
import { AUDIENCE_ENTITY } from '../../language/model/field-types.js';
import type {
    CalendarUnit, ColumnRef, Cond, Having, Instant, Literal, Lookup, Plan, PlanNode, PlanSegment, Relation,
    SequenceStep, SourceRef, ValueType, Window,
} from './plan.js';
import { PLAN_VERSION } from './plan.js';
import { columnOf, keyOf, tableOf } from './physical-names.js';

export interface LowerInput {
    /** The parsed, linked and error-free models with the file each came from. */
    files: Array<{ path: string; model: Model }>;
    timeZone: string;
}

export class LowerError extends Error {}

type NewNode = PlanNode extends infer N ? N extends PlanNode ? Omit<N, 'id' | 'refCount'> : never : never;

export function lower(input: LowerInput): Plan {
    return new Lowerer(input).run();
}

class Lowerer {
    private readonly nodes: PlanNode[] = [];
    private readonly segmentNode = new Map<SegmentDecl, number>();
    private readonly fileOf = new Map<Model, string>();

    constructor(private readonly input: LowerInput) {
        for (const f of input.files) this.fileOf.set(f.model, f.path);
    }

    run(): Plan {
        const decls = this.input.files.flatMap(f => f.model.declarations.filter(isSegmentDecl));
        const audience = this.audienceEntity(decls);
        const segments: PlanSegment[] = decls.map(decl => ({
            name: decl.name,
            draft: decl.draft,
            source: this.source(decl),
            node: this.segment(decl),
            uses: [],
        }));
        for (const s of segments) this.nodes[s.node].refCount++;
        segments.forEach((s, i) => { s.uses = [...new Set(referencesOf(decls[i].body))]; });
        return {
            version: PLAN_VERSION,
            timeZone: this.input.timeZone,
            audience: { table: tableOf(audience), key: keyOf(audience) },
            nodes: this.nodes,
            segments,
        };
    }

    private audienceEntity(decls: SegmentDecl[]): EntityDecl {
        for (const f of this.input.files) {
            for (const d of f.model.declarations) if (isEntityDecl(d) && d.name === AUDIENCE_ENTITY) return d;
        }
        // Without a declared audience entity there is nothing to select; a project without segments is fine.
        if (decls.length) throw new LowerError(`No '${AUDIENCE_ENTITY}' entity is declared; segments select ${AUDIENCE_ENTITY}s.`);
        return { name: AUDIENCE_ENTITY, key: { name: 'contactid' } } as unknown as EntityDecl;
    }

    /** A segment's node, lowered once however often it is referenced. */
    private segment(decl: SegmentDecl): number {
        let id = this.segmentNode.get(decl);
        if (id === undefined) {
            id = this.setExpr(decl.body);
            this.segmentNode.set(decl, id);
        }
        return id;
    }

    private add(node: NewNode): number {
        const id = this.nodes.length;
        this.nodes.push({ ...node, id, refCount: 0 } as PlanNode);
        return id;
    }

    private use(id: number): number {
        this.nodes[id].refCount++;
        return id;
    }

    private setExpr(e: SetExpr): number {
        switch (e.$type) {
            case 'SetParen': return this.setExpr(e.inner);
            case 'SegmentRef': return this.segment(e.segment.ref!);
            case 'SetOp': {
                const left = this.use(this.setExpr(e.left));
                const right = this.use(this.setExpr(e.right));
                return this.add({ kind: e.op, source: this.source(e), left, right });
            }
            case 'ProfileQuery': {
                const entity = e.entity.ref!;
                return this.add({
                    kind: 'profile', source: this.source(e), table: tableOf(entity), key: keyOf(entity),
                    ...(e.where ? { where: this.cond(e.where, entity) } : {}),
                });
            }
            case 'InteractionQuery': return this.interaction(e);
        }
    }

    private interaction(q: InteractionQuery): number {
        const type = q.type.ref!;
        let relation = relationsOf(type)[0];
        let window: Window = { kind: 'all' };
        let where: Cond | undefined;
        let having: Having = { agg: 'count', op: '>=', value: 1 };
        for (const c of q.clauses) {
            switch (c.$type) {
                case 'ViaClause': relation = c.relation.ref!; break;
                case 'WhereClause': where = this.cond(c.cond, type); break;
                case 'HavingClause': having = this.having(c); break;
                default: window = this.window(c);
            }
        }
        const zeroPossible = having.agg === 'count' || having.agg === 'distinct' || having.agg === 'sum';
        const node = (w: Window): number => this.add({
            kind: 'interaction', source: this.source(q), type: type.name, table: tableOf(type),
            relation: this.relation(relation!.name, relation!.path), window: w,
            ...(where ? { where } : {}),
            having,
            admitsZero: zeroPossible && admitsZero(having),
        });
        if (q.then) return this.sequence(q, { type: type.name, table: tableOf(type), relation: this.relation(relation!.name, relation!.path), window, ...(where ? { where } : {}) });
        if (!q.occurrence) return node(window);
        // `first`/`last` (no `having`): some interaction in the window, and none before (after) it.
        const excluded = occurrenceExcluded(q.occurrence, window);
        if (!excluded) return node(window);
        const left = this.use(node(window));
        const right = this.use(node(excluded));
        return this.add({ kind: 'except', source: this.source(q), left, right });
    }

    /** `interaction A … then [not] B [via r] [on f] within gap [where …]` (the checker refused `having` and first/last on it). */
    private sequence(q: InteractionQuery, first: SequenceStep): number {
        const t = q.then!;
        const type = t.type.ref!;
        const relation = t.relation?.ref ?? relationsOf(type)[0];
        const then: SequenceStep = {
            type: type.name, table: tableOf(type), relation: this.relation(relation!.name, relation!.path), window: { kind: 'all' },
            ...(t.where ? { where: this.cond(t.where, type) } : {}),
        };
        const on = t.on?.ref;
        const firstField = on ? fieldsOf(q.type.ref!).find(f => f.name === on.name) : undefined;
        return this.add({
            kind: 'sequence', source: this.source(q), first, then, negated: t.negated,
            gap: { amount: Number(t.gap.amount.value), unit: unitOf(t.gap.unit) },
            ...(on && firstField ? { on: { first: columnOf(firstField), then: columnOf(on), type: valueTypeOf(fieldType(on)) } } : {}),
        });
    }

    private having(c: HavingClause): Having {
        const agg = c.agg.$type === 'CountAgg' ? (c.agg.distinct ? 'distinct' : 'count') : c.agg.fn;
        const field = c.agg.$type === 'FieldAgg' || (c.agg.$type === 'CountAgg' && c.agg.distinct) ? c.agg.field?.ref : undefined;
        return {
            agg,
            ...(field ? { column: columnOf(field) } : {}),
            ...(agg === 'distinct' && field ? { type: valueTypeOf(fieldType(field)) } : {}),
            ...(c.low && c.high
                ? { low: Number(c.low.value), high: Number(c.high.value) }
                : { op: c.op as NumericOp, value: Number(c.value!.value) }),
        };
    }

    private relation(name: string, path: FieldPath): Relation {
        const [first, ...rest] = pathSteps(path);
        const steps: Lookup[] = [];
        let current = first.field.ref!;
        for (const step of rest) {
            const target = (fieldType(current) as { target: EntityDecl }).target;
            const field = step.field.ref!;
            steps.push({ table: tableOf(target), key: keyOf(target), column: columnOf(field) });
            current = field;
        }
        return { name, column: columnOf(first.field.ref!), steps };
    }

    private window(w: WindowClause): Window {
        switch (w.$type) {
            case 'RollingWindow': return { kind: 'rolling', amount: Number(w.duration.amount.value), unit: unitOf(w.duration.unit) };
            case 'AgoWindow': return { kind: 'ago', from: Number(w.from.value), to: Number(w.to.amount.value), unit: unitOf(w.to.unit) };
            case 'SinceWindow': return { kind: 'since', start: instant(w.instant) };
            case 'BeforeWindow': return { kind: 'before', end: instant(w.instant) };
            case 'OlderWindow': return { kind: 'ago', from: Number(w.age.amount.value), unit: unitOf(w.age.unit) };
            case 'RangeWindow': return { kind: 'range', start: instant(w.start), end: instant(w.end, true) };
        }
    }

    private cond(c: AstCond, subject: EntityDecl | InteractionDecl): Cond {
        switch (c.$type) {
            case 'OrCond': return { op: 'or', args: [this.cond(c.left, subject), this.cond(c.right, subject)] };
            case 'AndCond': return { op: 'and', args: [this.cond(c.left, subject), this.cond(c.right, subject)] };
            case 'NotCond': return { op: 'not', arg: this.cond(c.operand, subject) };
            case 'ParenCond': return this.cond(c.inner, subject);
            case 'ExistsTest': {
                const entity = c.entity.ref!;
                return {
                    op: 'exists', table: tableOf(entity), via: columnOf(c.via.ref!), outerKey: keyOf(subject as EntityDecl),
                    ...(c.where ? { where: this.cond(c.where, entity) } : {}),
                };
            }
            case 'FieldPath': return { op: 'true', column: columnRef(c) };
            case 'Comparison': {
                const column = columnRef(c.path);
                return { op: 'cmp', cmp: c.op, column, value: literal(c.value, fieldTypeOf(c.path)) };
            }
            case 'InTest': {
                const type = fieldTypeOf(c.path);
                return { op: 'in', negated: c.negated, column: columnRef(c.path), values: c.values.map(v => literal(v, type)) };
            }
            case 'TextTest':
                return { op: 'text', mode: c.op as 'contains' | 'starts' | 'ends', negated: c.negated, column: columnRef(c.path), value: (c.value as { value: string }).value };
            case 'NullTest': return { op: 'null', negated: c.negated, column: columnRef(c.path) };
            case 'BetweenTest': {
                const type = fieldTypeOf(c.path);
                return { op: 'between', column: columnRef(c.path), low: literal(c.low, type), high: literal(c.high, type) };
            }
            case 'WithinTest':
                return { op: 'within', column: columnRef(c.path), amount: Number(c.duration.amount.value), unit: unitOf(c.duration.unit) };
        }
    }

    private source(node: AstNode): SourceRef {
        let root: AstNode = node;
        while (root.$container) root = root.$container;
        const range = node.$cstNode?.range;
        return {
            file: this.fileOf.get(root as Model) ?? '?',
            line: (range?.start.line ?? 0) + 1, column: (range?.start.character ?? 0) + 1,
            endLine: (range?.end.line ?? 0) + 1, endColumn: (range?.end.character ?? 0) + 1,
        };
    }
}

function referencesOf(e: SetExpr): string[] {
    switch (e.$type) {
        case 'SegmentRef': return [e.segment.ref!.name];
        case 'SetOp': return [...referencesOf(e.left), ...referencesOf(e.right)];
        case 'SetParen': return referencesOf(e.inner);
        default: return [];
    }
}

/** `days` → `day`: a duration's unit as the plan names it. */
export function unitOf(unit: string): CalendarUnit {
    return unit.replace(/s$/, '') as CalendarUnit;
}

function fieldTypeOf(path: FieldPath): SegType {
    return fieldType(path.field.ref!);
}

export function valueTypeOf(type: SegType): ValueType {
    switch (type.kind) {
        case 'choice': return 'integer';
        case 'guid': case 'lookup': return 'uuid';
        default: return type.kind;
    }
}

function columnRef(path: FieldPath): ColumnRef {
    const steps = pathSteps(path);
    const lookups: Lookup[] = [];
    for (let i = 0; i < steps.length - 1; i++) {
        const target = (fieldType(steps[i].field.ref!) as { target: EntityDecl }).target;
        lookups.push({ table: tableOf(target), key: keyOf(target), column: columnOf(steps[i].field.ref!) });
    }
    const last = steps[steps.length - 1].field.ref!;
    return { path: lookups, column: columnOf(last), type: valueTypeOf(fieldType(last)) };
}

/** A source value as a typed literal of the field's stored type. */
export function literal(v: Value, type: SegType): Literal {
    switch (type.kind) {
        case 'choice': {
            if (v.$type === 'NumberLiteral') return { type: 'integer', value: Number(v.value) };
            const label = (v as { value: string }).value.toLowerCase();
            const option = type.options.find(o => o.label.toLowerCase() === label)!;
            return { type: 'integer', value: Number(option.code) };
        }
        case 'guid': case 'lookup': return { type: 'uuid', value: (v as { value: string }).value.toLowerCase() };
        case 'integer': case 'number': return { type: type.kind, value: Number((v as { value: string }).value) };
        case 'boolean': return { type: 'boolean', value: (v as { value: boolean }).value };
        case 'date': return { type: 'date', value: (v as { value: string }).value };
        case 'datetime': return { type: 'datetime', value: instant(v as TimeLiteral) };
        default: return { type: 'string', value: (v as { value: string }).value };
    }
}

/**
 * A date or date-time literal as an instant. A date means its midnight in the
 * time zone; `endOfDay` (the end of a `between X and Y` window) moves a date to
 * the next day's midnight, so the whole day is inside.
 */
export function instant(v: TimeLiteral, endOfDay = false): Instant {
    if (isDateLiteral(v)) {
        const day = endOfDay ? nextDay(v.value) : v.value;
        return { kind: 'local', value: `${day}T00:00:00` };
    }
    if (isDateTimeLiteral(v)) {
        const text = v.value;
        if (/(Z|[+-]\d{2}:\d{2})$/.test(text)) return { kind: 'utc', value: new Date(text).toISOString() };
        return { kind: 'local', value: text.length === 16 ? `${text}:00` : text };
    }
    throw new LowerError('unexpected time literal');
}

function nextDay(date: string): string {
    const d = new Date(`${date}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    return d.toISOString().slice(0, 10);
}

/**
 * `first`/`last` as a difference of two windows on the same rows (with the
 * same `where`): the first interaction up to as-of falls in W exactly when
 * one is in W and none is before W; the newest, when one is in W and none is
 * after W (up to as-of). Returns the window of rows that must not exist, or
 * undefined when W has no such side (any row in W will do).
 */
export function occurrenceExcluded(occurrence: 'first' | 'last', w: Window): Window | undefined {
    if (occurrence === 'first') {
        switch (w.kind) {
            case 'rolling': return { kind: 'ago', from: w.amount, unit: w.unit };
            case 'ago': return w.to === undefined ? undefined : { kind: 'ago', from: w.to, unit: w.unit };
            case 'since': return { kind: 'before', end: w.start };
            case 'range': return { kind: 'before', end: w.start };
            default: return undefined; // all, before: the first of them is in it if any is
        }
    }
    switch (w.kind) {
        case 'ago': return w.from === 0 ? undefined : { kind: 'rolling', amount: w.from, unit: w.unit };
        case 'before': return { kind: 'since', start: w.end };
        case 'range': return { kind: 'since', start: w.end };
        default: return undefined; // all, rolling, since: they reach as-of
    }
}
