// format: Seg text → canonical Seg text. Refuses (returns the problems) when
// the text does not parse, and never drops a comment.
import type { IRecognitionException, IToken } from 'chevrotain';
import type { LangiumCoreServices } from 'langium';
import type { Model } from '../generated/ast.js';
import { friendlyLexMessage, friendlyParseMessage } from '../check/syntax-messages.js';
import { findTooComplex } from '../parser/complexity-guard.js';
import { attachComments } from './comments.js';
import { printDoc } from './doc.js';
import { SegPrinter } from './print-seg.js';

export interface FormatOptions {
    /** Maximum line width before a group breaks (default 100). */
    width?: number;
}

export type FormatResult =
    | { ok: true; text: string; changed: boolean }
    | { ok: false; problems: Array<{ line: number; column: number; message: string }> };

export function formatSeg(services: LangiumCoreServices, text: string, options: FormatOptions = {}): FormatResult {
    const parsed = services.parser.LangiumParser.parse<Model>(text);
    const problems = [
        ...parsed.lexerErrors.map(e => ({ line: e.line ?? 1, column: e.column ?? 1, message: friendlyLexMessage(e.message) })),
        ...parsed.parserErrors.map(e => ({ ...errorPosition(text, e), message: friendlyParseMessage(e.message) })),
    ];
    const lexed = services.parser.Lexer.tokenize(text);
    for (const t of findTooComplex(lexed.tokens)) {
        problems.push({ line: t.token.startLine ?? 1, column: t.token.startColumn ?? 1, message: t.message });
    }
    if (problems.length) return { ok: false, problems };
    const attachments = attachComments(parsed.value, text, lexed.tokens, lexed.hidden.filter(isComment));
    const formatted = printDoc(new SegPrinter(attachments).model(parsed.value), options.width ?? 100);
    assertSameComments(services, text, formatted);
    return { ok: true, text: formatted, changed: formatted !== text };
}

/** Where a parser error is: its token, or just after the token before it when the input ended early. */
function errorPosition(text: string, error: IRecognitionException & { previousToken?: IToken }): { line: number; column: number } {
    const { token, previousToken } = error;
    if (token.startOffset >= 0 && token.startLine! > 0) return { line: token.startLine!, column: token.startColumn! };
    if (previousToken && previousToken.startOffset >= 0) return { line: previousToken.endLine!, column: previousToken.endColumn! + 1 };
    const lines = text.split('\n');
    return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

function isComment(token: { tokenType: { name: string } }): boolean {
    return token.tokenType.name === 'SL_COMMENT' || token.tokenType.name === 'ML_COMMENT';
}

/** A guard, not a check users should ever see fail: formatting must keep every comment. */
function assertSameComments(services: LangiumCoreServices, before: string, after: string): void {
    const texts = (s: string) => services.parser.Lexer.tokenize(s).hidden.filter(isComment).map(t => t.image.trimEnd()).sort();
    const a = texts(before), b = texts(after);
    if (a.length !== b.length || a.some((t, i) => t !== b[i])) {
        throw new Error('Internal error: formatting would lose a comment; the file was left unchanged. Please report this with the file.');
    }
}
