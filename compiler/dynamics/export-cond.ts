// Seg conditions → Dynamics FILTER conditions, for the subset Dynamics can say
// with the same meaning. Anything else is an ExportError naming the construct.
import type { AstNode } from 'langium';
import {
    isAndCond, isBetweenTest, isBooleanLiteral, isComparison, isDateLiteral, isDateTimeLiteral, isExistsTest, isFieldPath, isInTest,
    isNotCond, isNullTest, isNumberLiteral, isOrCond, isParenCond, isStringLiteral, isTextTest, isWithinTest,
    type Cond, type FieldPath, type Value,
} from '../../language/generated/ast.js';
import { fieldType, pathSteps, type SegType } from '../../language/model/field-types.js';

export class ExportError extends Error {
    constructor(message: string, readonly node: AstNode) {
        super(message);
    }
}

export interface CondNaming {
    /** The Dynamics name of a path (`contact_1.firstname`, `MessageId`), given as field names. */
    field(path: string[]): string | undefined;
}

/** Fields of one record, `alias.field` (or as `name` makes them); a path through a lookup has no name. */
export function fieldsOf(name: (field: string) => string): CondNaming {
    return { field: path => path.length === 1 ? name(path[0]) : undefined };
}

const OPS: Record<string, string> = { '=': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const TEXT_OPS: Record<string, string> = { contains: 'CONTAINS', starts: 'STARTSWITH', ends: 'ENDSWITH' };

/** `cond` on one record: every path a single field of it. */
export function exportCond(cond: Cond, naming: CondNaming): string {
    if (isOrCond(cond)) return `${exportCond(cond.left, naming)} || ${exportCond(cond.right, naming)}`;
    if (isAndCond(cond)) return `${group(cond.left, naming)} && ${group(cond.right, naming)}`;
    if (isNotCond(cond)) return `NOT(${exportCond(cond.operand, naming)})`;
    if (isParenCond(cond)) return `(${exportCond(cond.inner, naming)})`;
    if (isExistsTest(cond)) throw new ExportError(`'exists ${cond.entity?.$refText} via …' inside another condition has no Dynamics equivalent: Dynamics reaches related records only with a TRAVERSE of the whole query.`, cond);
    if (isWithinTest(cond)) throw new ExportError(`'within' on a field is not exactly expressible in Dynamics (DATEADD against DATETIMEUTCNOW() also keeps values after now).`, cond);
    const path = cond as FieldPath;
    const name = fieldName(isFieldPath(cond) ? cond : (cond as { path: FieldPath }).path, naming);
    const type = isFieldPath(cond) ? typeOf(cond) : typeOf((cond as { path: FieldPath }).path);
    if (isFieldPath(cond)) return `${name} == True`;
    if (isComparison(cond)) return `${name} ${OPS[cond.op]} ${value(cond.value, type)}`;
    if (isNullTest(cond)) return `${cond.negated ? 'ISNOTNULL' : 'ISNULL'}(${name})`;
    if (isTextTest(cond)) {
        const test = `${name} ${TEXT_OPS[cond.op]} ${value(cond.value, { kind: 'string' })}`;
        return cond.negated ? `NOT(${test})` : test;
    }
    if (isInTest(cond)) {
        if (!cond.values.length) throw new ExportError(`An empty 'in' list has no Dynamics equivalent.`, cond);
        const tests = cond.values.map(v => `${name} ${cond.negated ? '!=' : '=='} ${value(v, type)}`);
        return `(${tests.join(cond.negated ? ' && ' : ' || ')})`;
    }
    if (isBetweenTest(cond)) return `(${name} >= ${value(cond.low, type)} && ${name} <= ${value(cond.high, type)})`;
    throw new ExportError(`This condition has no Dynamics equivalent.`, path);
}

/** An operand of &&: an || inside needs its parentheses back. */
function group(cond: Cond, naming: CondNaming): string {
    const text = exportCond(cond, naming);
    return isOrCond(cond) ? `(${text})` : text;
}

function fieldName(path: FieldPath, naming: CondNaming): string {
    const names = pathSteps(path).map(s => s.field?.$refText ?? '?');
    const name = naming.field(names);
    if (name === undefined) throw new ExportError(`The lookup path '${names.join('.')}' has no Dynamics equivalent here: only conditions wholly on parentcustomerid's account, joined by 'and' to the rest, become a TRAVERSE.`, path);
    return name;
}

function typeOf(path: FieldPath): SegType {
    const field = path.field?.ref;
    return field ? fieldType(field) : { kind: 'string' };
}

/** A Dynamics literal: strings single-quoted (a quote doubled, a backslash escaped), choices by their code, date-times in UTC. */
export function value(v: Value, type: SegType): string {
    if (isStringLiteral(v)) {
        if (type.kind === 'choice') {
            const option = type.options.find(o => o.label.toLowerCase() === v.value.toLowerCase());
            if (option) return option.code;
        }
        return `'${v.value.replace(/\\/g, '\\\\').replace(/'/g, "''").replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`;
    }
    if (isNumberLiteral(v)) return v.value;
    if (isBooleanLiteral(v)) return v.value ? 'True' : 'False';
    if (isDateLiteral(v)) return `'${v.value}'`;
    if (isDateTimeLiteral(v)) return `'${utc(v.value)}'`;
    throw new ExportError(`'null' as a value has no Dynamics equivalent: use ISNULL.`, v);
}

/** A Seg date-time as a UTC ISO string (one without an offset is taken as UTC, the project time zone export requires). */
function utc(text: string): string {
    const withZone = /(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`;
    return new Date(withZone).toISOString().replace('.000Z', 'Z');
}
