// The default physical schema (docs/language.md §11, "Physical schema") as DDL: one table per entity and
// interaction type in scope, and the indexes the generated SQL relies on.
// Idempotent: `seg db init` may run again after declarations change (new
// tables and columns are added; existing ones are left alone). No foreign
// keys: real exports hold dangling lookups, and they must load.
import { createHash } from 'node:crypto';
import type { EntityDecl, InteractionDecl, Model } from '../../language/generated/ast.js';
import { isEntityDecl, isInteractionDecl, isKeyField } from '../../language/generated/ast.js';
import { fieldType, fieldsOf, pathSteps, relationsOf, type SegType } from '../../language/model/field-types.js';
import { columnOf, INTERACTION_CONTACT, INTERACTION_ID, INTERACTION_TIME, keyOf, tableOf } from '../plan/physical-names.js';
import { quoteIdent } from './sql-text.js';

/** What schemaStatements reads: models, or a loaded project (every file: catalog, declarations, sources). */
export type SchemaInput = Model[] | { files: Array<{ document: { parseResult: { value: Model } } }> };

export interface ColumnSpec {
    name: string;
    /** The PostgreSQL type, e.g. `uuid`, `timestamptz`. */
    type: string;
    primaryKey?: boolean;
    notNull?: boolean;
}

export interface TableSpec {
    name: string;
    kind: 'entity' | 'interaction';
    columns: ColumnSpec[];
    /** Indexes as column lists, in order. */
    indexes: string[][];
}

/** PostgreSQL's identifier limit (NAMEDATALEN − 1). */
const MAX_IDENT_BYTES = 63;

/** The PostgreSQL type of a field's values. */
export function sqlType(type: SegType): string {
    switch (type.kind) {
        case 'guid': case 'lookup': return 'uuid';
        case 'string': return 'text';
        case 'integer': return 'bigint';
        case 'number': return 'double precision';
        case 'boolean': return 'boolean';
        case 'date': return 'date';
        case 'datetime': return 'timestamptz';
        case 'choice': return 'integer';
    }
}

/** Every table of the declarations in scope, in declaration order (entities and interactions as they come). */
export function schemaTables(input: SchemaInput): TableSpec[] {
    const models = Array.isArray(input) ? input : input.files.map(f => f.document.parseResult.value);
    const tables = new Map<string, TableSpec>();
    for (const model of models) {
        for (const decl of model.declarations ?? []) {
            const spec = !(isEntityDecl(decl) || isInteractionDecl(decl)) || !decl.name ? undefined
                : isEntityDecl(decl) ? entityTable(decl) : interactionTable(decl);
            if (!spec) continue;
            const seen = tables.get(spec.name);
            if (seen) merge(seen, spec);
            else tables.set(spec.name, spec);
        }
    }
    return [...tables.values()];
}

/**
 * The DDL for every entity and interaction type in scope: each string is one
 * statement (no trailing semicolon). Running them again is harmless.
 */
export function schemaStatements(input: SchemaInput): string[] {
    return schemaTables(input).flatMap(tableStatements);
}

export function tableStatements(t: TableSpec): string[] {
    const table = quoteIdent(t.name);
    const columnDef = (c: ColumnSpec) => `${quoteIdent(c.name)} ${c.type}${c.primaryKey ? ' PRIMARY KEY' : c.notNull ? ' NOT NULL' : ''}`;
    const statements = [`CREATE TABLE IF NOT EXISTS ${table} (\n  ${t.columns.map(columnDef).join(',\n  ')}\n)`];
    // Columns declared after the table was created (a key column cannot be added this way, and needs not be).
    const added = t.columns.filter(c => !c.primaryKey);
    if (added.length) {
        statements.push(`ALTER TABLE ${table}\n  ${added.map(c => `ADD COLUMN IF NOT EXISTS ${quoteIdent(c.name)} ${c.type}`).join(',\n  ')}`);
    }
    for (const columns of t.indexes) {
        statements.push(`CREATE INDEX IF NOT EXISTS ${quoteIdent(indexName(t.name, columns))} ON ${table} (${columns.map(quoteIdent).join(', ')})`);
    }
    return statements;
}

/** `<table>_<col>_<col>_idx`, shortened with a hash suffix to PostgreSQL's 63-byte limit. */
export function indexName(table: string, columns: string[]): string {
    const full = `${table}_${columns.join('_')}_idx`;
    if (utf8Bytes(full) <= MAX_IDENT_BYTES) return full;
    const hash = createHash('sha256').update(full).digest('hex').slice(0, 10);
    let head = full.slice(0, MAX_IDENT_BYTES - hash.length - 1);
    while (utf8Bytes(head) > MAX_IDENT_BYTES - hash.length - 1) head = head.slice(0, -1);
    return `${head}_${hash}`;
}

function utf8Bytes(text: string): number {
    return new TextEncoder().encode(text).length;
}

function entityTable(decl: EntityDecl): TableSpec {
    const key = keyOf(decl);
    const columns: ColumnSpec[] = [{ name: key, type: 'uuid', primaryKey: true }];
    const indexes: string[][] = [];
    for (const field of fieldsOf(decl)) {
        if (isKeyField(field)) continue;
        const type = fieldType(field);
        if (add(columns, { name: columnOf(field), type: sqlType(type) }) && type.kind === 'lookup') {
            // Lookups are joined on: `exists lead via parentcontactid`, relation steps, reverse navigation.
            indexes.push([columnOf(field)]);
        }
    }
    return { name: tableOf(decl), kind: 'entity', columns, indexes };
}

function interactionTable(decl: InteractionDecl): TableSpec {
    const columns: ColumnSpec[] = [
        { name: INTERACTION_ID, type: 'uuid', primaryKey: true },
        { name: INTERACTION_TIME, type: 'timestamptz', notNull: true },
        { name: INTERACTION_CONTACT, type: 'uuid' },
    ];
    for (const field of fieldsOf(decl)) add(columns, { name: columnOf(field), type: sqlType(fieldType(field)) });
    const indexes: string[][] = [[INTERACTION_CONTACT, INTERACTION_TIME], [INTERACTION_TIME]];
    for (const relation of relationsOf(decl)) {
        const first = relation.path ? pathSteps(relation.path)[0]?.field?.ref : undefined;
        if (!first) continue;
        const column = columnOf(first);
        if (column !== INTERACTION_CONTACT && !indexes.some(ix => ix[0] === column)) indexes.push([column, INTERACTION_TIME]);
    }
    return { name: tableOf(decl), kind: 'interaction', columns, indexes };
}

/** Adds a column unless one of that name exists (the first declaration wins). */
function add(columns: ColumnSpec[], column: ColumnSpec): boolean {
    if (columns.some(c => c.name === column.name)) return false;
    columns.push(column);
    return true;
}

function merge(into: TableSpec, other: TableSpec): void {
    for (const c of other.columns) add(into.columns, { ...c, primaryKey: false, notNull: false });
    for (const ix of other.indexes) {
        if (!into.indexes.some(x => x.join('\0') === ix.join('\0'))) into.indexes.push(ix);
    }
}
