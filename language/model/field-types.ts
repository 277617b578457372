// The semantic type of a field or path, derived from its declaration.
import type { AstNode } from 'langium';
import {
    isEntityDecl, isFieldDecl, isInteractionDecl, isKeyField,
    type ChoiceOption, type EntityDecl, type Field, type FieldDecl, type FieldPath, type InteractionDecl, type RelationDecl,
} from '../generated/ast.js';

export type PrimitiveKind = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'guid';

export type SegType =
    | { kind: PrimitiveKind }
    | { kind: 'choice'; options: ChoiceOption[] }
    | { kind: 'lookup'; target: EntityDecl | undefined; targetName: string };

/** The entity every segment selects: the audience. */
export const AUDIENCE_ENTITY = 'contact';

/** A field's type; a field whose type did not parse counts as a string (its syntax error is reported). */
export function fieldType(field: Field): SegType {
    if (isKeyField(field)) return { kind: 'guid' };
    const t = field.type;
    switch (t?.$type) {
        case undefined: return { kind: 'string' };
        case 'PrimitiveType': return { kind: t.name as PrimitiveKind };
        case 'ChoiceType': return { kind: 'choice', options: t.options };
        case 'LookupType': return { kind: 'lookup', target: t.target?.ref, targetName: t.target?.$refText ?? '?' };
    }
}

/** The type of the last step of a path, or undefined while it does not link. */
export function pathType(path: FieldPath): SegType | undefined {
    const field = path.field?.ref;
    return field ? fieldType(field) : undefined;
}

export function typeLabel(type: SegType): string {
    switch (type.kind) {
        case 'choice': return 'choice';
        case 'lookup': return `-> ${type.targetName}`;
        default: return type.kind;
    }
}

export const isNumeric = (t: SegType): boolean => t.kind === 'integer' || t.kind === 'number';
export const isTemporal = (t: SegType): boolean => t.kind === 'date' || t.kind === 'datetime';
/** Guid-valued: plain guids, keys and lookups. */
export const isGuidLike = (t: SegType): boolean => t.kind === 'guid' || t.kind === 'lookup';

/** Fields visible in a record of this declaration: an entity's key first, then its fields. */
export function fieldsOf(decl: EntityDecl | InteractionDecl): Field[] {
    if (isEntityDecl(decl)) return decl.key ? [decl.key, ...decl.fields] : [...decl.fields];
    return decl.members.filter(isFieldDecl);
}

export function relationsOf(decl: InteractionDecl): RelationDecl[] {
    return decl.members.filter((m): m is RelationDecl => m.$type === 'RelationDecl');
}

/** Steps of a path from first to last. */
export function pathSteps(path: FieldPath): FieldPath[] {
    const steps: FieldPath[] = [];
    for (let p: FieldPath | undefined = path; p; p = p.previous) steps.unshift(p);
    return steps;
}

export function pathText(path: FieldPath): string {
    return pathSteps(path).map(s => s.field?.$refText ?? '?').join('.');
}

/** The declaration that owns a field. */
export function ownerOf(field: Field): EntityDecl | InteractionDecl | undefined {
    const owner: AstNode | undefined = field.$container;
    return isEntityDecl(owner) || isInteractionDecl(owner) ? owner : undefined;
}

export type { FieldDecl };
