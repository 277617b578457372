// Tokens of a Dynamics segment query, each with its line and column.
import { DynamicsSyntaxError, type Pos } from './ast.js';

export type TokenKind = 'id' | 'string' | 'number' | 'op' | 'eof';

export interface Token {
    kind: TokenKind;
    text: string;
    /** The string's value (quotes and escapes removed) for a string token. */
    value?: string;
    pos: Pos;
}

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '(', ')', ',', '.', '+', '-', '*', '/', '='];

/** Tokens of `text`; `origin` is where the text begins in a larger input (positions are then in that input's lines and columns). */
export function tokenize(text: string, origin: { line: number; column: number } = { line: 1, column: 1 }): Token[] {
    const tokens: Token[] = [];
    let i = 0, line = origin.line, lineStart = 1 - origin.column;
    const pos = (offset: number): Pos => ({ line, column: offset - lineStart + 1, offset });
    while (i < text.length) {
        const c = text[i];
        if (c === '\n') { i++; line++; lineStart = i; continue; }
        if (/\s/.test(c)) { i++; continue; }
        const start = pos(i);
        if (c === "'" || c === '"') {
            const { value, end } = readString(text, i, start);
            tokens.push({ kind: 'string', text: text.slice(i, end), value, pos: start });
            i = end;
            continue;
        }
        const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 200));
        if (word) {
            tokens.push({ kind: 'id', text: word[0], pos: start });
            i += word[0].length;
            continue;
        }
        const num = /^\d+(\.\d+)?/.exec(text.slice(i, i + 50));
        if (num) {
            tokens.push({ kind: 'number', text: num[0], pos: start });
            i += num[0].length;
            continue;
        }
        const op = OPERATORS.find(o => text.startsWith(o, i));
        if (!op) throw new DynamicsSyntaxError(`Unexpected character '${c}' at column ${start.column}.`, start);
        tokens.push({ kind: 'op', text: op === '=' ? '==' : op, pos: start });
        i += op.length;
    }
    tokens.push({ kind: 'eof', text: '', pos: pos(i) });
    return tokens;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t' };

/** A quoted string: a doubled quote, or a backslash before a character (\n and \t as in Seg), stands for it. */
function readString(text: string, start: number, pos: Pos): { value: string; end: number } {
    const quote = text[start];
    let value = '';
    let i = start + 1;
    while (i < text.length) {
        const c = text[i];
        if (c === '\\' && i + 1 < text.length) { value += ESCAPES[text[i + 1]] ?? text[i + 1]; i += 2; continue; }
        if (c === quote) {
            if (text[i + 1] === quote) { value += quote; i += 2; continue; }
            return { value, end: i + 1 };
        }
        value += c;
        i++;
    }
    throw new DynamicsSyntaxError(`Unterminated string: the quote at column ${pos.column} is never closed.`, pos);
}
