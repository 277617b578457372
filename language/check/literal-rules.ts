// Literals that lex but cannot mean anything: 2026-02-30, unknown escapes.
import type { ValidationAcceptor } from 'langium';
import type { DateLiteral, DateTimeLiteral, StringLiteral } from '../generated/ast.js';
import { unknownEscapes } from '../seg-value-converter.js';
import { Codes } from './codes.js';

export function dateParts(text: string): [number, number, number] {
    return [Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))];
}

export function isValidDate(text: string): boolean {
    const [y, m, d] = dateParts(text);
    if (m < 1 || m > 12 || d < 1) return false;
    return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function isValidDateTime(text: string): boolean {
    if (!isValidDate(text)) return false;
    const m = /T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|([+-])(\d{2}):(\d{2}))?$/.exec(text);
    if (!m) return false;
    const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
    if (h > 23 || min > 59 || s > 59) return false;
    return !m[5] || (Number(m[6]) <= 14 && Number(m[7]) <= 59);
}

export function hasOffset(dateTime: string): boolean {
    return /(Z|[+-]\d{2}:\d{2})$/.test(dateTime);
}

/** Milliseconds since the epoch; a floating instant is read in UTC, its real zone (the project's) being unknown here. */
export interface Instant { ms: number; floating: boolean }

/**
 * The instant a valid date or date-time literal stands for. Without an offset
 * it is floating: in the project time zone. A date is the start of that day,
 * or with `endOfDay` the start of the next one.
 */
export function instantOf(literal: DateLiteral | DateTimeLiteral, endOfDay = false): Instant | undefined {
    if (literal.$type === 'DateLiteral') {
        if (!isValidDate(literal.value)) return undefined;
        const [y, m, d] = dateParts(literal.value);
        return { ms: Date.UTC(y, m - 1, d + (endOfDay ? 1 : 0)), floating: true };
    }
    if (!isValidDateTime(literal.value)) return undefined;
    const offset = hasOffset(literal.value);
    return { ms: Date.parse(offset ? literal.value : literal.value + 'Z'), floating: !offset };
}

/** The most a floating instant can move once a time zone is known (UTC−12 to UTC+14). */
const MAX_ZONE_SHIFT = 14 * 3600 * 1000;

/** Is `a` certainly later than `b` (or, with `orEqual`, not earlier), in any project time zone? */
export function certainlyAfter(a: Instant, b: Instant, orEqual = false): boolean {
    const slack = a.floating === b.floating ? 0 : MAX_ZONE_SHIFT;
    return orEqual ? a.ms - b.ms >= slack : a.ms - b.ms > slack;
}

export function checkDate(node: DateLiteral, accept: ValidationAcceptor): void {
    if (!isValidDate(node.value)) {
        accept('error', `${node.value} is not a calendar date.`, { node, code: Codes.InvalidDate });
    }
}

export function checkDateTime(node: DateTimeLiteral, accept: ValidationAcceptor): void {
    if (!isValidDateTime(node.value)) {
        accept('error', `${node.value} is not a valid date-time (hours 0–23, minutes and seconds 0–59, offset up to ±14:00).`,
            { node, code: Codes.InvalidDate });
    }
}

export function checkEscapes(node: StringLiteral, accept: ValidationAcceptor): void {
    const text = node.$cstNode?.text;
    const range = node.$cstNode?.range;
    if (!text || !range || range.start.line !== range.end.line) return;
    const nul = text.indexOf('\0');
    if (nul >= 0) {
        // PostgreSQL text cannot hold NUL; no stored value could ever match.
        const start = { line: range.start.line, character: range.start.character + nul };
        accept('error', 'A string cannot contain the NUL character (U+0000).',
            { node, range: { start, end: { line: start.line, character: start.character + 1 } }, code: Codes.InvalidCharacter });
    }
    for (const esc of unknownEscapes(text)) {
        const start = { line: range.start.line, character: range.start.character + esc.offset };
        accept('warning', `Unknown escape '${esc.text}': it stands for '${esc.text[1]}'. Write '\\\\' for a backslash.`,
            { node, range: { start, end: { line: start.line, character: start.character + 2 } }, code: Codes.UnknownEscape });
    }
}
