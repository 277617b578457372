// What a segment test's records mean, shared by the checker and the runner.
import type { EntityDecl, Field, InteractionDecl } from '../generated/ast.js';
import { fieldType, pathSteps, relationsOf } from './field-types.js';

/**
 * The field `by R` sets on an interaction record: the first step of the
 * type's default (first) relation, e.g. `contactId`, or `leadId` for
 * `relation lead = leadId.parentcontactid`. Undefined when the type has no
 * relation or it does not link.
 */
export function byField(type: InteractionDecl): Field | undefined {
    const relation = relationsOf(type)[0];
    if (!relation?.path) return undefined;
    return pathSteps(relation.path)[0]?.field?.ref;
}

/** The entity a lookup field refers to (undefined for other fields). */
export function lookupTarget(field: Field): EntityDecl | undefined {
    const type = fieldType(field);
    return type.kind === 'lookup' ? type.target : undefined;
}
