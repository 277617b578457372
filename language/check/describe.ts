// Words and ranges shared by messages: "a string field", "an integer field", "a lookup to 'account'".
import { GrammarUtils, type AstNode } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import { type SegType, typeLabel } from '../model/field-types.js';

export const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an ' : 'a ') + word;

/** What a field of this type is: "a string field", "a lookup to 'account'". */
export function describeType(type: SegType): string {
    return type.kind === 'lookup' ? `a lookup to '${type.targetName}'` : `${article(typeLabel(type))} field`;
}

/** From the `between` keyword of `node` to the end of its upper bound: `between 5 and 2`. */
export function betweenRange(node: AstNode, high: AstNode): Range | undefined {
    const keyword = GrammarUtils.findNodeForKeyword(node.$cstNode, 'between');
    const end = high.$cstNode;
    return keyword && end ? { start: keyword.range.start, end: end.range.end } : undefined;
}
