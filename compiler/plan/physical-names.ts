// The default physical schema's names (docs/language.md §11, "Physical schema"): tables and columns are
// the snake-case forms of declarations and fields.
import type { EntityDecl, Field, InteractionDecl } from '../../language/generated/ast.js';
import { isKeyField } from '../../language/generated/ast.js';

/** `messageId` → `message_id`, `EmailOpened` → `email_opened`, `address1_city` stays. */
export function snakeCase(name: string): string {
    return name
        .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
        .toLowerCase();
}

export function tableOf(decl: EntityDecl | InteractionDecl): string {
    return snakeCase(decl.name);
}

export function columnOf(field: Field): string {
    return snakeCase(field.name);
}

/** The key column of an entity table. */
export function keyOf(entity: EntityDecl): string {
    return snakeCase(entity.key?.name ?? 'id');
}

/** Columns every interaction table has, declared or not. */
export const INTERACTION_ID = 'internal_marketing_interaction_id';
export const INTERACTION_TIME = 'timestamp';
export const INTERACTION_CONTACT = 'contact_id';

export { isKeyField };
