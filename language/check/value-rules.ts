// Type rules for conditions: each test's operator must apply to its field's
// type, and each value must fit that type (docs/language.md §8 and §9).
import { GrammarUtils, type AstNode, type ValidationAcceptor } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import type {
    BetweenTest, Comparison, FieldPath, InTest, TextTest, Value, WithinTest,
} from '../generated/ast.js';
import { isComparison, isFieldPath, isInteractionQuery, isTimeLiteral, isWindowClause, isNotCond, isAndCond, isOrCond, isParenCond, isExistsTest, isProfileQuery, isWhereClause } from '../generated/ast.js';
import { isGuidLike, isNumeric, isTemporal, pathText, pathType, type SegType } from '../model/field-types.js';
import { Codes } from './codes.js';
import { betweenRange, describeType } from './describe.js';
import { didYouMean, suggest } from './suggest.js';
import { certainlyAfter, instantOf, isValidDate } from './literal-rules.js';

export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function describeValue(v: Value): string {
    switch (v.$type) {
        case 'StringLiteral': return 'a string';
        case 'NumberLiteral': return `the number ${v.value}`;
        case 'BooleanLiteral': return `the boolean ${v.value ? 'true' : 'false'}`;
        case 'NullLiteral': return 'null';
        case 'DateLiteral': return `the date ${v.value}`;
        case 'DateTimeLiteral': return `the date-time ${v.value}`;
    }
}

export function expectedValue(type: SegType): string {
    switch (type.kind) {
        case 'string': return 'a string';
        case 'integer': return 'a whole number';
        case 'number': return 'a number';
        case 'boolean': return 'true or false';
        case 'date': return 'a date such as 2026-01-31';
        case 'datetime': return 'a date-time such as 2026-01-31T08:00:00Z (or a date)';
        case 'guid': case 'lookup': return 'a GUID string such as "5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a"';
        case 'choice': return 'one of its labels (a string) or codes';
    }
}

/** Reports a value that does not fit `type`; true when it fits. */
export function checkValue(type: SegType, value: Value, field: string, accept: ValidationAcceptor): boolean {
    const mismatch = () => {
        accept('error', `'${field}' is ${describeType(type)}: expected ${expectedValue(type)}, found ${describeValue(value)}.`,
            { node: value, code: Codes.TypeMismatch });
        return false;
    };
    if (value.$type === 'NullLiteral') {
        accept('error', `Nothing equals null: write '${field} is null' or '${field} is not null'.`, { node: value, code: Codes.NullComparison });
        return false;
    }
    switch (type.kind) {
        case 'string':
            return value.$type === 'StringLiteral' || mismatch();
        case 'integer':
            if (value.$type !== 'NumberLiteral') return mismatch();
            if (!Number.isInteger(Number(value.value))) return mismatch();
            return true;
        case 'number':
            return value.$type === 'NumberLiteral' || mismatch();
        case 'boolean':
            return value.$type === 'BooleanLiteral' || mismatch();
        case 'date':
            return value.$type === 'DateLiteral' || mismatch();
        case 'datetime':
            return value.$type === 'DateLiteral' || value.$type === 'DateTimeLiteral' || mismatch();
        case 'guid': case 'lookup':
            if (value.$type !== 'StringLiteral') return mismatch();
            if (!GUID_PATTERN.test(value.value)) {
                accept('error', `"${value.value}" is not a GUID: '${field}' expects 32 hex digits as 8-4-4-4-12, such as "5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a".`,
                    { node: value, code: Codes.InvalidGuid });
                return false;
            }
            return true;
        case 'choice': {
            if (value.$type === 'StringLiteral') {
                const wanted = value.value.toLowerCase();
                if (type.options.some(o => o.label.toLowerCase() === wanted)) return true;
                const labels = type.options.map(o => o.label);
                const suggestions = suggest(value.value, labels);
                const hint = suggestions.length ? didYouMean(suggestions.map(s => `"${s}"`)).replace(/'/g, '') :
                    labels.length <= 12 ? ` Its labels: ${labels.map(l => `"${l}"`).join(', ')}.` : '';
                accept('error', `"${value.value}" is not a label of '${field}'.${hint}`,
                    { node: value, code: Codes.UnknownChoiceLabel, data: { code: Codes.UnknownChoiceLabel, suggestions } });
                return false;
            }
            if (value.$type === 'NumberLiteral') {
                if (type.options.some(o => Number(o.code) === Number(value.value))) return true;
                const codes = type.options.length <= 12 ? `: its codes are ${type.options.map(o => `${o.code} (${o.label})`).join(', ')}` : '';
                accept('error', `${value.value} is not a code of '${field}'${codes}.`,
                    { node: value, code: Codes.UnknownChoiceLabel });
                return false;
            }
            return mismatch();
        }
    }
}

const ORDERED = (t: SegType) => isNumeric(t) || isTemporal(t) || t.kind === 'string';

export function checkComparison(node: Comparison, accept: ValidationAcceptor): void {
    const type = pathType(node.path);
    if (!type || !node.value) return;
    const field = pathText(node.path);
    if (node.op !== '=' && node.op !== '!=' && !ORDERED(type) && node.value.$type !== 'NullLiteral') {
        accept('error', `'${node.op}' does not apply to '${field}', ${describeType(type)}; use '=' or '!='.`,
            { node, property: 'op', code: Codes.OperatorNotApplicable });
        return;
    }
    checkValue(type, node.value, field, accept);
}

export function checkIn(node: InTest, accept: ValidationAcceptor): void {
    const type = pathType(node.path);
    if (!type) return;
    const field = pathText(node.path);
    for (const v of node.values) checkValue(type, v, field, accept);
}

export function checkText(node: TextTest, accept: ValidationAcceptor): void {
    const type = pathType(node.path);
    if (!type) return;
    const op = node.op === 'contains' ? 'contains' : `${node.op} with`;
    if (type.kind !== 'string') {
        accept('error', `'${op}' applies to string fields; '${pathText(node.path)}' is ${describeType(type)}.`,
            { node, range: operatorRange(node), code: Codes.OperatorNotApplicable });
        return;
    }
    if (node.value) checkValue(type, node.value, pathText(node.path), accept);
}

export function checkBetween(node: BetweenTest, accept: ValidationAcceptor): void {
    const type = pathType(node.path);
    if (!type || !node.low || !node.high) return;
    const field = pathText(node.path);
    if (!ORDERED(type)) {
        accept('error', `'between' does not apply to '${field}', ${describeType(type)}.`,
            { node, keyword: 'between', code: Codes.OperatorNotApplicable });
        return;
    }
    const lowOk = checkValue(type, node.low, field, accept);
    const highOk = checkValue(type, node.high, field, accept);
    if (lowOk && highOk && isEmptyRange(node.low, node.high)) {
        const order = node.low.$type === 'NumberLiteral' ? 'greater than' : 'after';
        accept('warning', `This range is empty: ${sourceOf(node.low)} is ${order} ${sourceOf(node.high)}, so no value is between them.`,
            { node, range: betweenRange(node, node.high), code: Codes.EmptyRange });
    }
}

export function checkWithin(node: WithinTest, accept: ValidationAcceptor): void {
    const type = pathType(node.path);
    if (!type) return;
    if (!isTemporal(type)) {
        // `interaction X where f within 30 days` most likely meant the query's window.
        const query = node.$container.$container;
        const inWhere = isWhereClause(node.$container) && node.$container.cond === node
            && isInteractionQuery(query) && !query.clauses.some(c => isWindowClause(c));
        const window = node.duration?.$cstNode ? `within ${node.duration.$cstNode.text}` : 'within …';
        const hint = inWhere ? ` To keep only the interactions of that period, write '${window}' as a clause before 'where'.` : '';
        accept('error', `'within' applies to date and datetime fields; '${pathText(node.path)}' is ${describeType(type)}.${hint}`,
            { node, keyword: 'within', code: Codes.WithinNotTemporal });
    }
}

/** A bare path in a condition is a boolean test. */
export function checkBareField(node: FieldPath, accept: ValidationAcceptor): void {
    if (!standsAsCondition(node)) return;
    const type = pathType(node);
    if (!type || type.kind === 'boolean') return;
    const field = pathText(node);
    accept('error', `'${field}' is ${describeType(type)}, not a boolean: compare it, for example '${field} = …'.`,
        { node, code: Codes.NotBoolean });
}

function standsAsCondition(path: FieldPath): boolean {
    const parent: AstNode | undefined = path.$container;
    if (isFieldPath(parent)) return false; // an inner step of a longer path
    if (isWhereClause(parent) || isNotCond(parent) || isParenCond(parent) || isAndCond(parent) || isOrCond(parent)) return true;
    return (isExistsTest(parent) || isProfileQuery(parent)) && path.$containerProperty === 'where';
}

/** Is `low <= x <= high` false for every x? Only decided for literals of comparable kinds. */
function isEmptyRange(low: Value, high: Value): boolean {
    if (low.$type === 'NumberLiteral' && high.$type === 'NumberLiteral') return Number(low.value) > Number(high.value);
    if (low.$type === 'StringLiteral' && high.$type === 'StringLiteral') return low.value.toLowerCase() > high.value.toLowerCase();
    // YYYY-MM-DD sorts as text.
    if (low.$type === 'DateLiteral' && high.$type === 'DateLiteral') return isValidDate(low.value) && isValidDate(high.value) && low.value > high.value;
    if (isTimeLiteral(low) && isTimeLiteral(high)) {
        // On a datetime field a date means midnight at the start of that day (docs/language.md, decision 8).
        const a = instantOf(low), b = instantOf(high);
        return !!a && !!b && certainlyAfter(a, b);
    }
    return false;
}

/** `contains`, or `starts with` / `ends with` as one range. */
function operatorRange(node: TextTest): Range | undefined {
    const first = GrammarUtils.findNodeForProperty(node.$cstNode, 'op');
    const last = node.op === 'contains' ? first : GrammarUtils.findNodeForKeyword(node.$cstNode, 'with');
    return first && last ? { start: first.range.start, end: last.range.end } : undefined;
}

function sourceOf(v: Value): string {
    return v.$cstNode?.text ?? describeValue(v);
}

export { isComparison, isGuidLike };
