// The tables a project declares, physically: each entity's and interaction type's
// columns (kinds, choice codes, lookup targets) and an interaction's relations.
import type { EntityDecl, InteractionDecl } from '../../../language/generated/ast.js';
import { isEntityDecl, isInteractionDecl, isKeyField } from '../../../language/generated/ast.js';
import { AUDIENCE_ENTITY, fieldsOf, fieldType, pathSteps, relationsOf } from '../../../language/model/field-types.js';
import type { Lookup, Relation } from '../../plan/plan.js';
import { columnOf, INTERACTION_CONTACT, INTERACTION_ID, INTERACTION_TIME, keyOf, tableOf } from '../../plan/physical-names.js';
import type { SeedProject } from './inputs.js';

// ---------------------------------------------------------------- declarations, physically

export type Kind = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'guid' | 'choice' | 'lookup';

export interface Column {
    name: string;
    kind: Kind;
    /** A choice's codes, in declaration order. */
    codes: number[];
    /** A lookup's target. */
    target?: { table: string; key: string };
}

export interface TableDecl {
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
export function declaredTables(files: SeedProject['files']): Map<string, TableDecl> {
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
