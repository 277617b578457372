// What the import knows about entities and interaction types: the checked
// declarations in scope (the built-in catalog and any project declarations),
// looked up the way Dynamics names them (case-insensitively: `Contact`,
// `EmailId` for Seg's `emailId`).
import { isEntityDecl, isInteractionDecl, type Model } from '../../language/generated/ast.js';
import { fieldsOf, fieldType, relationsOf, type SegType } from '../../language/model/field-types.js';

export interface FieldMeta {
    name: string;
    type: SegType;
}

export interface RecordMeta {
    name: string;
    kind: 'entity' | 'interaction';
    /** By lower-case name. */
    fields: Map<string, FieldMeta>;
    /** The entity's key field. */
    key?: string;
    /** An interaction's relations, the default first. */
    relations: string[];
}

export interface Metadata {
    entity(name: string): RecordMeta | undefined;
    interaction(name: string): RecordMeta | undefined;
    entityNames(): string[];
    interactionNames(): string[];
}

export function metadataOf(models: Model[]): Metadata {
    const entities = new Map<string, RecordMeta>(), interactions = new Map<string, RecordMeta>();
    for (const d of models.flatMap(m => m.declarations)) {
        if (!isEntityDecl(d) && !isInteractionDecl(d)) continue;
        const fields = new Map(fieldsOf(d).map(f => [f.name.toLowerCase(), { name: f.name, type: fieldType(f) }]));
        if (isEntityDecl(d)) entities.set(d.name.toLowerCase(), { name: d.name, kind: 'entity', fields, key: d.key?.name, relations: [] });
        else interactions.set(d.name.toLowerCase(), { name: d.name, kind: 'interaction', fields, relations: relationsOf(d).map(r => r.name) });
    }
    return {
        entity: name => entities.get(name.toLowerCase()),
        interaction: name => interactions.get(name.toLowerCase()),
        entityNames: () => [...entities.values()].map(e => e.name),
        interactionNames: () => [...interactions.values()].map(e => e.name),
    };
}
