// Rules for interaction and profile queries: clauses, aggregates, windows,
// relations, exists (docs/language.md §5, §6 and §8).
import type { ValidationAcceptor } from 'langium';
import {
    isExistsTest, isProfileQuery,
    type AgoWindow, type Clause, type Duration, type ExistsTest, type HavingClause, type InteractionQuery,
    type ProfileQuery, type RangeWindow, type RelationDecl, type RollingWindow, type ThenStep,
} from '../generated/ast.js';
import { AUDIENCE_ENTITY, fieldsOf, fieldType, isNumeric, pathSteps, relationsOf } from '../model/field-types.js';
import { enclosingQuery, queryOf, subjectOf } from '../scope/subject.js';
import { admitsZero, type NumericOp } from '../model/having.js';
import { maxDuration } from '../model/duration-limits.js';
import { Codes } from './codes.js';
import { betweenRange, describeType } from './describe.js';
import { certainlyAfter, instantOf } from './literal-rules.js';

const CLAUSE_KIND: Record<Clause['$type'], string> = {
    ViaClause: 'via', HavingClause: 'having', WhereClause: 'where',
    RollingWindow: 'window', AgoWindow: 'window', SinceWindow: 'window', BeforeWindow: 'window', OlderWindow: 'window', RangeWindow: 'window',
};

export function checkInteractionQuery(node: InteractionQuery, accept: ValidationAcceptor): void {
    const seen = new Map<string, Clause>();
    for (const clause of node.clauses) {
        const kind = CLAUSE_KIND[clause.$type];
        if (seen.has(kind)) {
            const what = kind === 'window' ? 'a time window' : `a '${kind}' clause`;
            accept('error', `This query already has ${what} (line ${(seen.get(kind)!.$cstNode?.range.start.line ?? 0) + 1}); each clause may appear once.`,
                { node: clause, code: Codes.DuplicateClause });
        } else {
            seen.set(kind, clause);
        }
    }
    const having = seen.get('having');
    if (node.then && (having || node.occurrence)) {
        const what = having ? `a 'having' clause` : `'${node.occurrence}'`;
        accept('error', `A sequence ('then') pairs single interactions: ${what} does not apply to it (remove it, or write the count as a segment of its own and combine them with 'intersect').`,
            { node: having ?? node, ...(having ? {} : { property: 'occurrence' as const }), code: Codes.SequenceWithAggregate });
    } else if (node.occurrence && having) {
        accept('error', `'${node.occurrence} interaction' picks one interaction per contact, its ${node.occurrence === 'first' ? 'oldest' : 'newest'}: a 'having' clause does not apply (remove it, or drop '${node.occurrence}' to count interactions).`,
            { node: having, code: Codes.OccurrenceWithHaving });
    }
    const type = node.type?.ref;
    if (type && !seen.has('via') && relationsOf(type).length === 0) {
        accept('error', `Interaction '${type.name}' has no relation to ${AUDIENCE_ENTITY}s, so it cannot select any: declare one in '${type.name}' (for example 'relation ${AUDIENCE_ENTITY} = contactId').`,
            { node, property: 'type', code: Codes.NoDefaultRelation });
    }
}

/** `then [not] B [via r] [on f] within gap`: B reaches contacts, `f` is a field of both types with one type, and the gap fits the window. */
export function checkThenStep(node: ThenStep, accept: ValidationAcceptor): void {
    const first = node.$container.type?.ref;
    const type = node.type?.ref;
    if (type && !node.relation && relationsOf(type).length === 0) {
        accept('error', `Interaction '${type.name}' has no relation to ${AUDIENCE_ENTITY}s, so it cannot follow another: declare one in '${type.name}' (for example 'relation ${AUDIENCE_ENTITY} = contactId').`,
            { node, property: 'type', code: Codes.NoDefaultRelation });
    }
    const on = node.on?.ref;
    if (first && type && on) {
        const mine = fieldsOf(first).find(f => f.name === on.name);
        if (!mine) {
            accept('error', `'on ${on.name}' correlates a field both interactions have, but '${first.name}' has no field '${on.name}'.`,
                { node, property: 'on', code: Codes.CorrelationMismatch });
        } else if (describeType(fieldType(mine)) !== describeType(fieldType(on))) {
            accept('error', `'on ${on.name}' compares '${first.name}.${on.name}' (${describeType(fieldType(mine))}) with '${type.name}.${on.name}' (${describeType(fieldType(on))}); the two must have the same type.`,
                { node, property: 'on', code: Codes.CorrelationMismatch });
        }
    }
    const window = node.$container.clauses.find(c => c.$type === 'RollingWindow') as RollingWindow | undefined;
    if (window?.duration?.amount && window.duration.unit && node.gap?.amount && node.gap.unit) {
        const ms = (d: Duration) => Number(d.amount.value) * APPROX_MS[d.unit.replace(/s$/, '')];
        if (ms(node.gap) > ms(window.duration)) {
            accept('warning', `The gap (${node.gap.amount.value} ${node.gap.unit}) is longer than the window (${window.duration.amount.value} ${window.duration.unit}): the following interaction must also happen by now, so the part of the gap beyond the window never counts. Shorten the gap or widen the window.`,
                { node, property: 'gap', code: Codes.GapLongerThanWindow });
        }
    }
}

/** Rough lengths, only to compare a gap with a window. */
const APPROX_MS: Record<string, number> = {
    minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000, month: 30 * 86_400_000, year: 365 * 86_400_000,
};

/** Does `agg op value` hold for an aggregate of 0 (count or sum of no rows)? */
export function havingAdmitsZero(node: HavingClause): boolean {
    return admitsZero({
        op: node.op as NumericOp | undefined, value: node.value ? Number(node.value.value) : undefined,
        low: node.low ? Number(node.low.value) : undefined, high: node.high ? Number(node.high.value) : undefined,
    });
}

export function checkHaving(node: HavingClause, accept: ValidationAcceptor): void {
    const numbers = [node.value, node.low, node.high].filter(n => n !== undefined);
    const isCount = node.agg?.$type === 'CountAgg';
    let valid = true;
    if (isCount) {
        for (const n of numbers) {
            const v = Number(n.value);
            if (!Number.isInteger(v) || v < 0) {
                accept('error', `A count is a whole number of interactions (0 or more); found ${n.value}.`,
                    { node: n, code: Codes.InvalidCount });
                valid = false;
            }
        }
    }
    if (node.agg?.$type === 'FieldAgg') {
        const field = node.agg.field?.ref;
        if (!field) valid = false;
        else {
            const t = fieldType(field);
            if (!isNumeric(t)) {
                accept('error', `'${node.agg.fn}' needs a numeric field; '${field.name}' is ${describeType(t)}.`,
                    { node: node.agg, property: 'field', code: Codes.AggregateNotNumeric });
                valid = false;
            }
        }
    }
    if (node.low && node.high && Number(node.low.value) > Number(node.high.value)) {
        accept('warning', `This range is empty: ${node.low.value} is greater than ${node.high.value}, so no value is between them.`,
            { node, range: betweenRange(node, node.high), code: Codes.EmptyRange });
    }
    // Only for a query that is otherwise fine: the hint is no use next to an error in the same clause.
    const type = queryOf(node)?.type?.ref?.name;
    const zeroCounts = isCount || node.agg?.$type === 'FieldAgg' && node.agg.fn === 'sum';
    if (zeroCounts && valid && type && numbers.length === (node.low ? 2 : 1) && havingAdmitsZero(node)) {
        const what = isCount ? 'count' : 'sum';
        accept('hint', `This condition also selects contacts with no ${type} interactions at all (their ${what} is 0).`,
            { node, code: Codes.CountAdmitsZero });
    }
}

/** Durations that may be 0: `between 0 and N days ago` ends now, `before 0 days ago` is up to now. */
const ZERO_ALLOWED = new Set(['AgoWindow', 'AgoTime', 'OlderWindow']);

const plural = (unit: string) => unit.endsWith('s') ? unit : `${unit}s`;

export function checkDuration(node: Duration, accept: ValidationAcceptor): void {
    if (!node.amount || !node.unit) return;
    const v = Number(node.amount.value);
    if (!Number.isInteger(v) || v < 0) {
        const zeroAllowed = ZERO_ALLOWED.has(node.$container.$type);
        accept('error', `A duration is ${zeroAllowed ? 'a whole number (0 or more)' : 'a positive whole number'} of ${plural(node.unit)}; found ${node.amount.value}.`,
            { node, property: 'amount', code: Codes.InvalidDuration });
    } else if (v > maxDuration(node.unit)) {
        accept('error', `A duration is at most 1,000 years: ${maxDuration(node.unit).toLocaleString('en-US')} ${plural(node.unit)}; found ${node.amount.value}.`,
            { node, property: 'amount', code: Codes.InvalidDuration });
    } else if (v === 0 && !ZERO_ALLOWED.has(node.$container.$type)) {
        // (`between 0 and N days ago` is fine: it ends now. Its own check covers `between 0 and 0`.)
        accept('error', `A window of 0 ${plural(node.unit)} is empty: nothing can fall inside it.`,
            { node, code: Codes.EmptyWindow });
    }
}

export function checkAgoWindow(node: AgoWindow, accept: ValidationAcceptor): void {
    if (!node.from || !node.to?.amount || !node.to.unit) return;
    const from = Number(node.from.value), to = Number(node.to.amount.value);
    const unit = plural(node.to.unit);
    if (!Number.isInteger(from) || from < 0) {
        accept('error', `The first number of 'between … ago' is a whole number of ${unit} (0 or more); found ${node.from.value}.`,
            { node: node.from, code: Codes.InvalidDuration });
    } else if (Number.isInteger(to) && to >= 0 && from >= to) {
        const fix = from > to ? ` (write 'between ${to} and ${from} ${unit} ago')` : '';
        accept('error', `This window is empty: 'between ${from} and ${to} ${unit} ago' needs the first number smaller than the second${fix}.`,
            { node, code: Codes.EmptyWindow });
    }
}

export function checkRangeWindow(node: RangeWindow, accept: ValidationAcceptor): void {
    if (!node.start || !node.end) return;
    // `between X and Y` keeps X <= timestamp < Y, and a date Y means the end of
    // that day, so a single day (X = Y) is a valid window.
    const start = instantOf(node.start), end = instantOf(node.end, true);
    if (start && end && certainlyAfter(start, end, true)) {
        const reason = node.start.value === node.end.value ? 'it starts where it ends' : `${node.start.value} is not before ${node.end.value}`;
        accept('error', `This window is empty: ${reason}.`, { node, code: Codes.EmptyWindow });
    }
}

export function checkExists(node: ExistsTest, accept: ValidationAcceptor): void {
    const query = enclosingQuery(node);
    if (!isProfileQuery(query)) {
        accept('error', `'exists' can only be used in a profile query's condition (it follows one-to-many links from the profile's records).`,
            { node, keyword: 'exists', code: Codes.ExistsOutsideProfile });
        return;
    }
    const via = node.via?.ref;
    const outer = subjectOf(node);
    if (!via || !outer || !node.entity?.ref) return;
    const t = fieldType(via);
    if (t.kind !== 'lookup' || t.target !== outer) {
        const found = t.kind === 'lookup' ? `it refers to '${t.targetName}'` : `it is ${describeType(t)}`;
        accept('error', `'${via.name}' must be a lookup from '${node.entity.ref.name}' to '${outer.name}', but ${found}.`,
            { node, property: 'via', code: Codes.ExistsViaMismatch });
    }
}

export function checkProfile(node: ProfileQuery, accept: ValidationAcceptor): void {
    const entity = node.entity?.ref;
    if (entity && entity.name !== AUDIENCE_ENTITY) {
        accept('error', `Segments select ${AUDIENCE_ENTITY}s: 'profile ${entity.name}' has no path to them yet. Query '${AUDIENCE_ENTITY}' and follow a lookup (e.g. 'parentcustomerid.name') or use 'exists ${entity.name} via …'.`,
            { node, property: 'entity', code: Codes.ProfileNotAudience });
    }
}

export function checkRelation(node: RelationDecl, accept: ValidationAcceptor): void {
    if (!node.path) return;
    const steps = pathSteps(node.path);
    const last = steps[steps.length - 1].field?.ref;
    if (!last) return;
    const t = fieldType(last);
    if (t.kind !== 'lookup' || t.targetName !== AUDIENCE_ENTITY) {
        accept('error', `A relation must end at a lookup to '${AUDIENCE_ENTITY}'; '${last.name}' is ${describeType(t)}.`,
            { node: node.path, code: Codes.RelationNotToAudience });
    }
}

export { isExistsTest };
