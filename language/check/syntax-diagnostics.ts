// Lexer and parser errors as Seg diagnostics: stable codes, plain messages,
// the real place of an unfinished test, and none of the errors that only
// follow from another one.
import { CstUtils, DocumentValidator, type AstNode, type LangiumDocument } from 'langium';
import type { IToken } from 'chevrotain';
import type { Diagnostic } from 'vscode-languageserver-types';
import { isExistsTest, isFixtureDecl, isHavingClause, isProfileQuery, isTestDecl, isWhereClause } from '../generated/ast.js';
import { Codes, type Code } from './codes.js';
import type { SegDiagnosticData } from './seg-document-validator.js';
import { explainIncomplete, friendlyLexMessage, friendlyParseMessage, unexpectedAfterDeclaration } from './syntax-messages.js';

/** Rewrites the lexer and parser errors among `diagnostics` (all of one document, lexed as `tokens`). */
export function refineSyntaxDiagnostics(document: LangiumDocument, tokens: IToken[], diagnostics: Diagnostic[]): Diagnostic[] {
    const text = document.textDocument;
    const tokenAt = new Map(tokens.map((t, i) => [t.startOffset, i]));
    // Syntax errors by the offset of the token they were reported at: the
    // parser may report two at one token (an error and its recovery), of
    // which the explained one, else the first, is kept.
    const syntax = new Map<number, { diagnostic: Diagnostic; explained: boolean }>();
    const others: Diagnostic[] = [];
    for (const d of diagnostics) {
        const kind = (d.data as { code?: string } | undefined)?.code;
        if (kind === DocumentValidator.LexingError) {
            d.message = friendlyLexMessage(String(d.message), text.getText(d.range));
            setCode(d, Codes.InvalidCharacter);
        } else if (kind === DocumentValidator.ParsingError) {
            const offset = text.offsetAt(d.range.start);
            const index = tokenAt.get(offset);
            const explained = unexpectedAfterDeclaration(String(d.message)) !== undefined && index !== undefined
                ? explainIncomplete(tokens, index, t => tokenContext(document, t)) : undefined;
            if (explained) {
                d.message = explained.message;
                d.range = explained.token ? tokenRange(document, explained.token, explained.through) : endOfToken(document, explained.after);
            } else if (index !== undefined && index > 0 && tokens[index].image === '=' && tokens[index - 1].image === '='
                && tokens[index - 1].startOffset + 1 === offset) {
                // `count(S) == 1`: the first `=` was taken as the operator.
                d.message = `Unexpected '==': write '='.`;
                d.range = tokenRange(document, tokens[index - 1], tokens[index]);
            } else {
                d.message = friendlyParseMessage(String(d.message));
            }
            setCode(d, Codes.SyntaxError);
            const earlier = syntax.get(offset);
            if (!earlier || (explained && !earlier.explained)) syntax.set(offset, { diagnostic: d, explained: !!explained });
            continue;
        }
        others.push(d);
    }
    const syntaxOffsets = new Set(syntax.keys());
    const lexErrors = others.filter(d => d.code === Codes.InvalidCharacter).map(d => text.offsetAt(d.range.start));
    const end = text.getText().length;
    // A syntax error at the first token after an invalid character follows from that character.
    for (const [offset, { diagnostic }] of syntax) {
        const found = text.offsetAt(diagnostic.range.start);
        const previous = tokens.filter(t => t.startOffset < found).pop();
        const from = previous ? previous.startOffset + previous.image.length : 0;
        const to = tokenAt.has(found) ? found : end;
        if (lexErrors.some(l => from <= l && l < to)) syntax.delete(offset);
    }
    // A bare field right before a syntax error or an invalid character is the
    // start of an unfinished test (`lastname =`), not a boolean test.
    const kept = others.filter(d => {
        if (d.code !== Codes.NotBoolean) return true;
        const after = text.offsetAt(d.range.end);
        const next = tokens.find(t => t.startOffset >= after);
        const nextOffset = next?.startOffset ?? end;
        return !(next && syntaxOffsets.has(next.startOffset)) && !lexErrors.some(l => after <= l && l < nextOffset);
    });
    // In a test, the parser recovers from a broken line by reading the rest of it as a new record
    // (`expect S incudes alice` → a record 'alice' of entity 'incudes'): what it reports there follows from the syntax error.
    const syntaxLines = [...syntax.values()].map(s => s.diagnostic.range.start);
    const recovered = (d: Diagnostic) => syntaxLines.some(p => p.line === d.range.start.line && p.character <= d.range.start.character)
        && inTestBlock(document, text.offsetAt(d.range.start));
    return [...kept.filter(d => !recovered(d)), ...[...syntax.values()].map(s => s.diagnostic)];
}

function inTestBlock(document: LangiumDocument, offset: number): boolean {
    const root = document.parseResult.value.$cstNode;
    const leaf = root && CstUtils.findLeafNodeAtOffset(root, offset);
    for (let node: AstNode | undefined = leaf?.astNode; node; node = node.$container) if (isTestDecl(node) || isFixtureDecl(node)) return true;
    return false;
}

/** Whether a token belongs to a condition or a `having` clause, read from the syntax tree. */
function tokenContext(document: LangiumDocument, token: IToken): 'condition' | 'having' | undefined {
    const root = document.parseResult.value.$cstNode;
    const leaf = root && CstUtils.findLeafNodeAtOffset(root, token.startOffset);
    let child: AstNode | undefined = leaf?.astNode;
    for (let node = child?.$container; child && node; child = node, node = node.$container) {
        if (isHavingClause(child)) return 'having';
        if (isWhereClause(child)) return 'condition';
        if ((isProfileQuery(node) || isExistsTest(node)) && child.$containerProperty === 'where') return 'condition';
    }
    return undefined;
}

function tokenRange(document: LangiumDocument, token: IToken, through = token): Diagnostic['range'] {
    return { start: document.textDocument.positionAt(token.startOffset), end: document.textDocument.positionAt(through.startOffset + through.image.length) };
}

/** An empty range right after `token`: where the missing text belongs. */
function endOfToken(document: LangiumDocument, token: IToken): Diagnostic['range'] {
    const end = document.textDocument.positionAt(token.startOffset + token.image.length);
    return { start: end, end };
}

function setCode(d: Diagnostic, code: Code): void {
    d.code = code;
    d.data = { code } satisfies SegDiagnosticData;
}
