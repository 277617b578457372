// FILTER conditions → Seg conditions on one record (a stage of a PROFILE chain
// or an interaction), with the field types deciding how values are written.
import { suggest, didYouMean } from '../../language/check/suggest.js';
import type { BinaryOp, Expr, Pos } from './ast.js';
import { ImportCodes, type Reporter } from './diagnostics.js';
import type { FieldMeta, RecordMeta } from './metadata.js';
import type { SegCond } from './seg-text.js';
import { datePart, exprLabel, valueLiteral, type DatePart } from './values.js';

export interface CondScope {
    record: RecordMeta;
    /** Lower-case names that mean the current record (its alias, its entity name). */
    aliases: string[];
    /** Lower-case aliases of earlier stages of the chain. */
    earlier: string[];
    reporter: Reporter;
}

const FLIP: Partial<Record<BinaryOp, BinaryOp>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };
const SEG_OP: Partial<Record<BinaryOp, string>> = { '==': '=', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };
const TEXT_OP: Partial<Record<BinaryOp, string>> = { CONTAINS: 'contains', STARTSWITH: 'starts with', ENDSWITH: 'ends with' };

export function translateCond(e: Expr, scope: CondScope): SegCond | undefined {
    const r = scope.reporter;
    if (e.kind === 'binary' && (e.op === '&&' || e.op === '||')) {
        const left = translateCond(e.left, scope), right = translateCond(e.right, scope);
        return left && right ? { k: e.op === '&&' ? 'and' : 'or', left, right } : undefined;
    }
    if (e.kind === 'call') return callCond(e, scope);
    if (e.kind === 'binary' && TEXT_OP[e.op]) {
        const field = resolvePath(e.left, scope);
        if (!field) return undefined;
        if (e.right.kind !== 'string') return r.error(ImportCodes.Untranslatable, `${e.op} needs a quoted string on its right, not ${exprLabel(e.right)}.`, e.right.pos);
        return { k: 'test', path: [field.name], rest: `${TEXT_OP[e.op]} ${valueLiteral(e.right, { kind: 'string' }, r)}` };
    }
    if (e.kind === 'binary' && SEG_OP[e.op]) return comparison(e.op, e.left, e.right, e.pos, scope);
    if (e.kind === 'path') {
        const field = resolvePath(e, scope);
        if (field && field.type.kind === 'boolean') return { k: 'test', path: [field.name], rest: '' };
        return field && r.error(ImportCodes.Untranslatable, `'${exprLabel(e)}' alone is not a condition: compare it with a value.`, e.pos);
    }
    return r.error(ImportCodes.Untranslatable, `${exprLabel(e)} is not a condition.`, e.pos);
}

function callCond(e: Extract<Expr, { kind: 'call' }>, scope: CondScope): SegCond | undefined {
    const r = scope.reporter;
    switch (e.name) {
        case 'NOT': {
            if (e.args.length !== 1) return r.error(ImportCodes.Untranslatable, 'NOT takes one condition.', e.pos);
            const operand = translateCond(e.args[0], scope);
            return operand && { k: 'not', operand };
        }
        case 'ISNULL': case 'ISNOTNULL': {
            if (e.args.length !== 1) return r.error(ImportCodes.Untranslatable, `${e.name} takes one field.`, e.pos);
            const field = resolvePath(e.args[0], scope);
            return field && { k: 'test', path: [field.name], rest: e.name === 'ISNULL' ? 'is null' : 'is not null' };
        }
        default:
            return r.error(ImportCodes.Untranslatable, `${e.name}(…) is not a condition here.`, e.pos);
    }
}

/** `a op b` with a field on one side (moved to the left) and a value, or a relative time, on the other. */
function comparison(op: BinaryOp, left: Expr, right: Expr, pos: Pos, scope: CondScope): SegCond | undefined {
    const r = scope.reporter;
    if (!isFieldSide(left) && isFieldSide(right)) return comparison(FLIP[op]!, right, left, pos, scope);
    if (isDateDiffNow(left)) return dateDiffCond(left, op, right, scope);
    if (isDateDiffNow(right)) return dateDiffCond(right, FLIP[op]!, left, scope);
    const field = resolvePath(left, scope);
    if (!field) return undefined;
    if (right.kind === 'path') return r.error(ImportCodes.Untranslatable, `Comparing two fields (${exprLabel(left)} ${op} ${exprLabel(right)}) has no Seg equivalent: Seg compares a field with a value.`, pos);
    if (isNow(right)) return r.error(ImportCodes.Untranslatable, `Comparing ${field.name} with DATETIMEUTCNOW() directly has no Seg equivalent: use a window such as DATEADD(day, -30, DATETIMEUTCNOW()).`, right.pos);
    const relative = relativeToNow(right);
    if (relative) return relativeCond(field, op, relative, pos, scope);
    const value = valueLiteral(right, field.type, r);
    return value === undefined ? undefined : { k: 'test', path: [field.name], rest: `${SEG_OP[op]} ${value}` };
}

function isFieldSide(e: Expr): boolean {
    return e.kind === 'path' || isDateDiffNow(e);
}

const isNow = (e: Expr): boolean => e.kind === 'call' && e.name === 'DATETIMEUTCNOW';

function isDateDiffNow(e: Expr): e is Extract<Expr, { kind: 'call' }> {
    return e.kind === 'call' && e.name === 'DATEDIFF' && e.args.length === 3 && isNow(e.args[2]);
}

/** DATEADD(part, n, DATETIMEUTCNOW()): now shifted by n parts. */
function relativeToNow(e: Expr): { part: Expr; amount: Expr } | undefined {
    return e.kind === 'call' && e.name === 'DATEADD' && e.args.length === 3 && isNow(e.args[2]) ? { part: e.args[0], amount: e.args[1] } : undefined;
}

/**
 * `f > DATEADD(day, -30, DATETIMEUTCNOW())` → `f within 30 days`; `f < …` → `not (f within 30 days)`.
 * Close, not exact: `within` also leaves out values after now, and `not within` keeps them.
 */
function relativeCond(field: FieldMeta, op: BinaryOp, rel: { part: Expr; amount: Expr }, pos: Pos, scope: CondScope): SegCond | undefined {
    const r = scope.reporter;
    const part = datePart(rel.part, r);
    const amount = rel.amount.kind === 'negate' && rel.amount.operand.kind === 'number' ? rel.amount.operand.value : undefined;
    if (!part) return undefined;
    if (amount === undefined || !Number.isInteger(amount) || amount <= 0 || (op !== '>' && op !== '>=' && op !== '<' && op !== '<=')) {
        return r.error(ImportCodes.Untranslatable, `Only '${field.name} > DATEADD(${part}, -N, DATETIMEUTCNOW())' (or <, <=, >=) with a whole N has a Seg equivalent ('within N ${part}s').`, pos);
    }
    const within: SegCond = { k: 'test', path: [field.name], rest: `within ${amount} ${unit(part, amount)}` };
    const recent = op === '>' || op === '>=';
    r.approximate(recent
        ? `${field.name} ${op} DATEADD(${part}, -${amount}, DATETIMEUTCNOW()) became '${field.name} within ${amount} ${unit(part, amount)}', which also leaves out values after now`
        : `${field.name} ${op} DATEADD(${part}, -${amount}, DATETIMEUTCNOW()) became 'not (${field.name} within ${amount} ${unit(part, amount)})', which also keeps values after now`, pos);
    return recent ? within : { k: 'not', operand: within };
}

/**
 * DATEDIFF(part, f, DATETIMEUTCNOW()) op N counts part boundaries crossed in UTC (T-SQL); Seg's
 * `f within N parts` is a sliding window. `< N` ≈ within N, `<= N` ≈ within N+1, `>= N` ≈ not within N, `> N` ≈ not within N+1.
 */
function dateDiffCond(e: Extract<Expr, { kind: 'call' }>, op: BinaryOp, value: Expr, scope: CondScope): SegCond | undefined {
    const r = scope.reporter;
    const part = datePart(e.args[0], r);
    const field = resolvePath(e.args[1], scope);
    if (!part || !field) return undefined;
    const n = value.kind === 'number' && Number.isInteger(value.value) ? value.value : undefined;
    if (n === undefined || !['<', '<=', '>', '>='].includes(op)) {
        return r.error(ImportCodes.Untranslatable, `DATEDIFF(${part}, ${field.name}, DATETIMEUTCNOW()) ${op} ${exprLabel(value)} has no Seg equivalent: only <, <=, > and >= a whole number translate (to 'within').`, e.pos);
    }
    const amount = op === '<' || op === '>=' ? n : n + 1;
    if (amount <= 0) return r.error(ImportCodes.Untranslatable, `DATEDIFF(…) ${op} ${n} compares with a negative or zero age: no Seg window says that.`, e.pos);
    const within: SegCond = { k: 'test', path: [field.name], rest: `within ${amount} ${unit(part, amount)}` };
    const recent = op === '<' || op === '<=';
    const segText = recent ? `${field.name} within ${amount} ${unit(part, amount)}` : `not (${field.name} within ${amount} ${unit(part, amount)})`;
    r.approximate(`DATEDIFF(${part}, ${field.name}, DATETIMEUTCNOW()) ${op} ${n} counts ${part} boundaries in UTC; '${segText}' is a sliding window ending now (it can differ by up to one ${part}, and for values after now)`, e.pos);
    return recent ? within : { k: 'not', operand: within };
}

function unit(part: DatePart, n: number): string {
    return n === 1 ? part : `${part}s`;
}

/** The field a path names in the current record: `field`, `alias.field` or `entity.field`. */
export function resolvePath(e: Expr, scope: CondScope): FieldMeta | undefined {
    const r = scope.reporter;
    if (e.kind !== 'path') return r.error(ImportCodes.Untranslatable, `Expected a field, found ${exprLabel(e)}.`, e.pos);
    if (e.parts.length > 2) return r.error(ImportCodes.Untranslatable, `'${e.parts.join('.')}' has more than one dot: Dynamics queries name 'alias.field'.`, e.pos);
    if (e.parts.length === 2) {
        const alias = e.parts[0].toLowerCase();
        if (scope.earlier.includes(alias)) {
            return r.error(ImportCodes.UnknownAlias, `'${e.parts[0]}' is an earlier stage of the query; after a TRAVERSE, FILTER can only name the records it moved to.`, e.pos);
        }
        if (!scope.aliases.includes(alias)) {
            return r.error(ImportCodes.UnknownAlias, `Unknown alias '${e.parts[0]}': here records are ${scope.record.name} (${scope.aliases.join(', ')}).`, e.pos);
        }
    }
    const name = e.parts[e.parts.length - 1];
    const field = scope.record.fields.get(name.toLowerCase());
    if (!field) {
        const names = [...scope.record.fields.values()].map(f => f.name);
        return r.error(ImportCodes.UnknownField, `Unknown field '${name}' on ${scope.record.name}.${didYouMean(suggest(name, names))}`, e.pos);
    }
    return field;
}
