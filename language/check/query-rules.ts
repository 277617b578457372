// Rules for interaction and profile queries: clauses, aggregates, windows,
// relations, exists (contract §4–§6).
import type { ValidationAcceptor } from 'langium';
import {
    isExistsTest, isProfileQuery,
    type AgoWindow, type Clause, type Duration, type ExistsTest, type HavingClause, type InteractionQuery,
    type ProfileQuery, type RangeWindow, type RelationDecl,
} from '../generated/ast.js';
import { AUDIENCE_ENTITY, fieldType, isNumeric, pathSteps, relationsOf, typeLabel } from '../model/field-types.js';
import { enclosingQuery, subjectOf } from '../scope/subject.js';
import { Codes } from './codes.js';
import { isValidDate, isValidDateTime } from './literal-rules.js';

const CLAUSE_KIND: Record<Clause['$type'], string> = {
    ViaClause: 'via', HavingClause: 'having', WhereClause: 'where',
    RollingWindow: 'window', AgoWindow: 'window', SinceWindow: 'window', BeforeWindow: 'window', RangeWindow: 'window',
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
    const type = node.type?.ref;
    if (type && !seen.has('via') && relationsOf(type).length === 0) {
        accept('error', `Interaction '${type.name}' has no relation to ${AUDIENCE_ENTITY}s, so it cannot select any: declare one in '${type.name}' (for example 'relation ${AUDIENCE_ENTITY} = contactId').`,
            { node, property: 'type', code: Codes.NoDefaultRelation });
    }
}

/** Does `agg op value` hold for an aggregate of 0 (count or sum of no rows)? */
export function admitsZero(node: HavingClause): boolean {
    if (node.low && node.high) return Number(node.low.value) <= 0 && 0 <= Number(node.high.value);
    const v = Number(node.value?.value);
    switch (node.op) {
        case '=': return v === 0;
        case '!=': return v !== 0;
        case '<': return 0 < v;
        case '<=': return 0 <= v;
        case '>': return 0 > v;
        case '>=': return 0 >= v;
        default: return false;
    }
}

export function checkHaving(node: HavingClause, accept: ValidationAcceptor): void {
    const numbers = [node.value, node.low, node.high].filter(n => n !== undefined);
    const isCount = node.agg?.$type === 'CountAgg';
    if (isCount) {
        for (const n of numbers) {
            const v = Number(n.value);
            if (!Number.isInteger(v) || v < 0) {
                accept('error', `A count is a whole number of interactions, 0 or more; ${n.value} can never match.`,
                    { node: n, code: Codes.InvalidCount });
            }
        }
    }
    if (node.agg?.$type === 'FieldAgg') {
        const field = node.agg.field?.ref;
        if (field) {
            const t = fieldType(field);
            if (!isNumeric(t)) {
                accept('error', `'${node.agg.fn}' needs a numeric field; '${field.name}' is ${typeLabel(t)}.`,
                    { node: node.agg, property: 'field', code: Codes.AggregateNotNumeric });
            }
        }
    }
    if (node.low && node.high && Number(node.low.value) > Number(node.high.value)) {
        accept('warning', `This range is empty: ${node.low.value} is greater than ${node.high.value}.`,
            { node, keyword: 'between', code: Codes.EmptyRange });
    }
    const zeroCounts = isCount || node.agg?.$type === 'FieldAgg' && node.agg.fn === 'sum';
    if (zeroCounts && numbers.length && admitsZero(node)) {
        const type = (node.$container as InteractionQuery).type?.$refText ?? 'matching';
        const what = isCount ? 'count' : 'sum';
        accept('hint', `This condition also selects contacts with no ${type} interactions at all (their ${what} is 0).`,
            { node, code: Codes.CountAdmitsZero });
    }
}

export function checkDuration(node: Duration, accept: ValidationAcceptor): void {
    const v = Number(node.amount?.value);
    if (!Number.isInteger(v) || v < 0) {
        accept('error', `A duration is a whole number of ${node.unit.replace(/s$/, '')}s; found ${node.amount?.value}.`,
            { node, property: 'amount', code: Codes.InvalidDuration });
    } else if (v === 0) {
        accept('error', `A window of 0 ${node.unit} is empty: nothing can fall inside it.`,
            { node, code: Codes.EmptyWindow });
    }
}

export function checkAgoWindow(node: AgoWindow, accept: ValidationAcceptor): void {
    const from = Number(node.from?.value), to = Number(node.to?.amount?.value);
    if (!Number.isInteger(from) || from < 0) {
        accept('error', `A duration is a whole number; found ${node.from?.value}.`, { node: node.from, code: Codes.InvalidDuration });
    } else if (Number.isInteger(to) && from >= to) {
        const unit = node.to.unit;
        accept('error', `This window is empty: 'between ${from} and ${to} ${unit} ago' needs the first number smaller than the second (write 'between ${Math.min(from, to)} and ${Math.max(from, to)} ${unit} ago').`,
            { node, code: Codes.EmptyWindow });
    }
}

export function checkRangeWindow(node: RangeWindow, accept: ValidationAcceptor): void {
    const start = node.start, end = node.end;
    if (!start || !end || start.$type !== end.$type) return;
    if (start.$type === 'DateLiteral' ? !isValidDate(start.value) || !isValidDate(end.value) : !isValidDateTime(start.value) || !isValidDateTime(end.value)) return;
    // A date end means the end of that day, so a single day (start = end) is a valid window.
    const empty = start.$type === 'DateLiteral' ? start.value > end.value : Date.parse(start.value) >= Date.parse(end.value);
    if (empty) {
        accept('error', `This window is empty: ${start.value} is not before ${end.value}.`, { node, code: Codes.EmptyWindow });
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
        const found = t.kind === 'lookup' ? `it refers to '${t.targetName}'` : `it is ${typeLabel(t)}`;
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
        accept('error', `A relation must end at a lookup to '${AUDIENCE_ENTITY}'; '${last.name}' is ${typeLabel(t)}.`,
            { node, property: 'path', code: Codes.RelationNotToAudience });
    }
}

export { isExistsTest };
