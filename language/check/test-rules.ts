// Checks for segment tests (docs/language.md §15): record names are unique in
// a test and the fixtures it uses, field values fit their fields, `by` and
// expectations name records of the right entity, and a test expects something.
import type { AstNode, ValidationAcceptor } from 'langium';
import {
    isAsOfClause, isExpectation, isFixtureDecl, isInteractionRecord, isKeyField, isRecordRef, isRelativeTime, isTestDecl,
    type CountExpectation, type EntityRecord, type FixtureDecl, type InteractionRecord, type MembershipExpectation, type Model,
    type RecordBody, type TestDecl,
} from '../generated/ast.js';
import { AUDIENCE_ENTITY, fieldType, isTemporal } from '../model/field-types.js';
import { byField, lookupTarget } from '../model/test-records.js';
import { recordsInScope } from '../scope/records.js';
import { Codes } from './codes.js';
import { article, describeType } from './describe.js';
import { checkValue, expectedValue } from './value-rules.js';
import { quote } from '../seg-value-converter.js';

export function checkTest(node: TestDecl, accept: ValidationAcceptor): void {
    checkOwner(node, accept);
    // Without a title the header did not parse, and its syntax error is the one to report.
    if (node.title === undefined) return;
    if (!(node.items as AstNode[]).some(isExpectation)) {
        accept('warning', `Test "${node.title}" expects nothing, so it cannot fail: add 'expect SEGMENT includes …', 'excludes …' or 'expect count(SEGMENT) = N'.`,
            { node, property: 'title', code: Codes.NoExpectations });
    }
    const model = node.$container as Model;
    const first = model.declarations.find(d => isTestDecl(d) && d.title === node.title);
    if (first && first !== node) {
        accept('error', `Another test in this file is called "${node.title}" (line ${line(first)}); give each test its own name.`,
            { node, property: 'title', code: Codes.DuplicateTest });
    }
}

export function checkFixture(node: FixtureDecl, accept: ValidationAcceptor): void {
    checkOwner(node, accept);
}

/** Unique record names and at most one `as of` in a test or fixture. */
function checkOwner(node: TestDecl | FixtureDecl, accept: ValidationAcceptor): void {
    const seen = new Map<string, EntityRecord>();
    // The used fixtures' records first, so a test's own record that takes a fixture's name is
    // the one reported (and underlined), and a clash between two fixtures goes to 'using'.
    const inScope = recordsInScope(node);
    const ordered = [...inScope.filter(r => r.$container !== node), ...inScope.filter(r => r.$container === node)];
    for (const record of ordered) {
        if (!record.name) continue;
        const first = seen.get(record.name);
        if (!first) { seen.set(record.name, record); continue; }
        const mine = record.$container === node;
        // Two records of one fixture: that fixture reports them.
        if (!mine && first.$container === record.$container) continue;
        const where = (r: EntityRecord) => isFixtureDecl(r.$container) && r.$container !== node ? `fixture '${r.$container.name}'` : `line ${line(r)}`;
        const message = `Record '${record.name}' is defined twice (${where(first)} and ${where(record)}); records of a test and the fixtures it uses share one set of names.`;
        if (mine) accept('error', message, { node: record, property: 'name', code: Codes.DuplicateRecord });
        else accept('error', message, { node: node as TestDecl, keyword: 'using', code: Codes.DuplicateRecord });
    }
    if (isTestDecl(node)) {
        node.fixtures.forEach((f, index) => {
            if (!f.ref) return;
            if (node.fixtures.findIndex(g => g.ref === f.ref) < index) {
                accept('error', `Fixture '${f.$refText}' is used twice; its records would be added twice.`,
                    { node, property: 'fixtures', index, code: Codes.DuplicateRecord });
            }
        });
    }
    // Two records with the same key (set in braces) would be one row twice.
    const keys = new Map<string, EntityRecord>();
    for (const record of ordered) {
        const key = record.block?.fields.find(fv => fv.field?.ref && isKeyField(fv.field.ref));
        if (!key || key.value?.$type !== 'StringLiteral' || !record.entity?.ref) continue;
        const id = `${record.entity.ref.name}\u0000${key.value.value.toLowerCase()}`;
        const first = keys.get(id);
        if (!first) { keys.set(id, record); continue; }
        const message = `Records '${first.name}' and '${record.name}' have the same ${key.field.$refText}; each record is a row of its own.`;
        if (record.$container === node) accept('error', message, { node: key, property: 'value', code: Codes.DuplicateRecord });
        // Two fixtures' records: reported at the test that brings them together (each fixture reports its own).
        else if (isTestDecl(node) && first.$container !== record.$container) accept('error', message, { node, keyword: 'using', code: Codes.DuplicateRecord });
    }
    const asOfs = (node.items as AstNode[]).filter(isAsOfClause);
    for (const extra of asOfs.slice(1)) {
        accept('error', `'as of' is given twice here (first on line ${line(asOfs[0])}).`, { node: extra, code: Codes.DuplicateClause });
    }
}

/** Field values: the right type, each field once, a lookup set to a record of its target entity. */
export function checkRecordBody(node: RecordBody, accept: ValidationAcceptor): void {
    const seen = new Map<string, AstNode>();
    const owner = node.$container;
    const by = isInteractionRecord(owner) && owner.by && owner.type?.ref ? byField(owner.type.ref) : undefined;
    for (const fv of node.fields) {
        const field = fv.field?.ref;
        if (!field || !fv.value) continue;
        const first = seen.get(field.name);
        if (first) {
            accept('error', `'${field.name}' is set twice in this record (first on line ${line(first)}).`,
                { node: fv, property: 'field', code: Codes.DuplicateMember });
            continue;
        }
        seen.set(field.name, fv);
        if (field === by) {
            accept('error', `'${field.name}' is already set by 'by ${isInteractionRecord(owner) ? owner.by?.$refText : ''}'; set it in one place.`,
                { node: fv, property: 'field', code: Codes.DuplicateMember });
            continue;
        }
        if (isInteractionRecord(owner) && field.name === 'timestamp') {
            accept('error', `An interaction's time is given after its type ('${owner.type?.$refText} … 2 days ago'), not as a field.`,
                { node: fv, property: 'field', code: Codes.TimestampInBody });
            continue;
        }
        const type = fieldType(field);
        const value = fv.value;
        if (isRecordRef(value)) {
            const record = value.record?.ref;
            const target = lookupTarget(field);
            if (!target) {
                const example = type.kind === 'choice' ? `one of its labels in quotes, such as ${quote((type.options.find(o => o.label.toLowerCase() === value.record.$refText.toLowerCase()) ?? type.options[0])?.label ?? value.record.$refText)}`
                    : type.kind === 'string' ? `a string in quotes: ${quote(value.record.$refText)}`
                    : `${expectedValue(type)}`;
                accept('error', `'${field.name}' is ${describeType(type)}, not a lookup, so '${value.record.$refText}' is not a record name here: write ${example}.`,
                    { node: value, code: Codes.TypeMismatch });
            } else if (record?.entity?.ref && record.entity.ref !== target) {
                accept('error', `'${field.name}' refers to ${target.name} records; '${record.name}' is ${article(record.entity.ref.name)}.`,
                    { node: value, code: Codes.RecordKindMismatch });
            }
        } else if (isRelativeTime(value)) {
            if (!isTemporal(type)) {
                accept('error', `'${field.name}' is ${describeType(type)}; a relative time ('now', '2 days ago') fits only date and datetime fields.`,
                    { node: value, code: Codes.TypeMismatch });
            }
        } else if (value.$type !== 'NullLiteral') {
            checkValue(type, value, field.name, accept);
        }
    }
}

/** `by R`: the type must have a relation, and R must be a record of the entity its first field refers to. */
export function checkInteractionRecord(node: InteractionRecord, accept: ValidationAcceptor): void {
    const type = node.type?.ref;
    const record = node.by?.ref;
    if (!type || !record) return;
    const field = byField(type);
    if (!field) {
        accept('error', `'${type.name}' has no relation to contacts, so 'by' has nothing to set; set its fields in braces instead.`,
            { node, keyword: 'by', code: Codes.NoDefaultRelation });
        return;
    }
    const target = lookupTarget(field);
    if (target && record.entity?.ref && record.entity.ref !== target) {
        accept('error', `'by' sets '${field.name}' of ${type.name}, which refers to ${target.name} records; '${record.name}' is ${article(record.entity.ref.name)}.`,
            { node, property: 'by', code: Codes.RecordKindMismatch });
    }
}

/** Segments hold contacts: `includes`/`excludes` name contact records. */
export function checkMembership(node: MembershipExpectation, accept: ValidationAcceptor): void {
    node.records.forEach((ref, index) => {
        const entity = ref.ref?.entity?.ref;
        if (entity && entity.name !== AUDIENCE_ENTITY) {
            accept('error', `Segments hold ${AUDIENCE_ENTITY}s; '${ref.$refText}' is ${article(entity.name)}.`,
                { node, property: 'records', index, code: Codes.RecordKindMismatch });
        }
    });
}

export function checkCount(node: CountExpectation, accept: ValidationAcceptor): void {
    if (!node.value) return;
    const v = Number(node.value.value);
    if (!Number.isInteger(v) || v < 0) {
        accept('error', `A count of contacts is a whole number (0 or more); found ${node.value.value}.`,
            { node: node.value, code: Codes.InvalidCount });
    } else if (v === 0 && (node.op === '>=' || node.op === '<')) {
        const always = node.op === '>=' ? 'cannot fail' : 'cannot pass';
        const instead = node.op === '>=' ? `'expect count(${node.segment?.$refText}) > 0' or '= 0'` : `'expect count(${node.segment?.$refText}) = 0'`;
        accept('warning', `This expectation ${always}: a count is never below 0. Did you mean ${instead}?`,
            { node, property: 'op', code: Codes.VacuousExpectation });
    }
}

function line(node: AstNode): number {
    return (node.$cstNode?.range.start.line ?? 0) + 1;
}

