// A test's records as data: one row per record in the default physical schema
// (docs/language.md §11, "Physical schema"), as the executor's columnar tables. Times relative to the
// test's as-of instant use the plan's calendar arithmetic in the time zone.
import {
    isAgoTime, isNowTime, isRecordRef, isTimeLiteral,
    type EntityRecord, type FieldValue, type RecordValue, type TimeSpec,
} from '../../language/generated/ast.js';
import type { Field } from '../../language/generated/ast.js';
import { fieldType } from '../../language/model/field-types.js';
import { byField } from '../../language/model/test-records.js';
import { isKeyField } from '../../language/generated/ast.js';
import type { TableSpec } from '../db/schema.js';
import type { Cell, Tables } from '../exec/tables.js';
import { instantMs, minusInterval, timeZone, wallDate, type TimeZone } from '../calendar/time-zone.js';
import { instant, literal, unitOf } from '../plan/lower.js';
import { columnOf, INTERACTION_ID, INTERACTION_TIME, keyOf, tableOf } from '../plan/physical-names.js';
import { recordKey, type TestCase } from './test-cases.js';

export interface FixtureData {
    asOf: number;
    /** Every table of the schema, the records' rows in source order. */
    tables: Tables;
    /** The rows per table, for loading into a database. */
    rows: Map<string, Array<Record<string, Cell>>>;
    /** Audience and other entity keys → record names, for messages. */
    names: Map<string, string>;
    /** Record → its key. */
    keys: Map<EntityRecord, string>;
}

export function fixtureData(test: TestCase, specs: TableSpec[], options: { timeZone: string; defaultAsOf: number }): FixtureData {
    const zone = timeZone(options.timeZone);
    const asOf = test.asOf ? instantMs(instant(test.asOf.instant), zone) : options.defaultAsOf;
    const keys = new Map<EntityRecord, string>();
    for (const r of test.entities) keys.set(r, explicitKey(r) ?? recordKey(r.name));
    const rows = new Map<string, Array<Record<string, Cell>>>(specs.map(s => [s.name, []]));
    const convert = (field: Field, value: RecordValue): Cell => cell(field, value, { asOf, zone, keys });

    for (const r of test.entities) {
        const entity = r.entity.ref!;
        const row: Record<string, Cell> = { [keyOf(entity)]: keys.get(r)! };
        for (const fv of fieldValues(r.block?.fields)) if (!isKeyField(fv.field.ref)) row[columnOf(fv.field.ref!)] = convert(fv.field.ref!, fv.value);
        rows.get(tableOf(entity))?.push(row);
    }
    test.interactions.forEach((r, i) => {
        const type = r.type.ref!;
        const row: Record<string, Cell> = {
            [INTERACTION_ID]: recordKey(`${test.title}\u0000interaction\u0000${i}`),
            [INTERACTION_TIME]: timeOf(r.time, asOf, zone),
        };
        const by = r.by?.ref ? byField(type) : undefined;
        if (by) row[columnOf(by)] = keys.get(r.by!.ref!) ?? null;
        for (const fv of fieldValues(r.block?.fields)) row[columnOf(fv.field.ref!)] = convert(fv.field.ref!, fv.value);
        rows.get(tableOf(type))?.push(row);
    });

    const tables: Tables = {};
    for (const spec of specs) {
        const list = rows.get(spec.name)!;
        const columns: Record<string, Cell[]> = {};
        for (const c of spec.columns) columns[c.name] = list.map(row => row[c.name] ?? null);
        tables[spec.name] = { rowCount: list.length, columns };
    }
    const names = new Map([...keys].map(([r, k]) => [k, r.name]));
    return { asOf, tables, rows, names, keys };
}

function fieldValues(fields: FieldValue[] | undefined): FieldValue[] {
    return (fields ?? []).filter(fv => fv.field?.ref && fv.value);
}

/** A record that sets its entity's key keeps it (lower-cased like every uuid). */
function explicitKey(r: EntityRecord): string | undefined {
    const set = r.block?.fields.find(fv => isKeyField(fv.field?.ref));
    return set && set.value.$type === 'StringLiteral' ? set.value.value.toLowerCase() : undefined;
}

function timeOf(spec: TimeSpec, asOf: number, zone: TimeZone): number {
    if (isNowTime(spec)) return asOf;
    if (isAgoTime(spec)) return minusInterval(asOf, Number(spec.duration.amount.value), unitOf(spec.duration.unit), zone);
    return instantMs(instant(spec), zone);
}

function cell(field: Field, value: RecordValue, ctx: { asOf: number; zone: TimeZone; keys: Map<EntityRecord, string> }): Cell {
    const type = fieldType(field);
    if (isRecordRef(value)) return value.record.ref ? ctx.keys.get(value.record.ref) ?? null : null;
    if (value.$type === 'NullLiteral') return null;
    if (isNowTime(value) || isAgoTime(value)) {
        const ms = timeOf(value, ctx.asOf, ctx.zone);
        return type.kind === 'date' ? wallDate(ctx.zone.toWall(ms)) : ms;
    }
    const lit = literal(value, type);
    if (lit.type === 'datetime') return instantMs(lit.value, ctx.zone);
    if (type.kind === 'date' && isTimeLiteral(value)) return lit.value as string;
    return lit.value as Cell;
}

