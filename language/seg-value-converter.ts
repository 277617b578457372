// String literals keep exactly the escapes of docs/language.md §2: \\ \" \' \n \t.
// Any other backslash pair stands for the character after the backslash; the
// checker warns about it (see check/literal-rules.ts).
import { DefaultValueConverter, type CstNode, type ValueType } from 'langium';
import type { GrammarAST } from 'langium';
type AbstractRule = GrammarAST.AbstractRule;

export class SegValueConverter extends DefaultValueConverter {
    protected override runConverter(rule: AbstractRule, input: string, cstNode: CstNode): ValueType {
        if (rule.name === 'STRING') return unquote(input);
        return super.runConverter(rule, input, cstNode);
    }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t' };

export function unquote(literal: string): string {
    const body = literal.slice(1, -1);
    return body.replace(/\\([\s\S])/g, (_m, c: string) => ESCAPES[c] ?? c);
}

/** Escapes outside the contract's set, with their offsets inside the literal. */
export function unknownEscapes(literal: string): Array<{ offset: number; text: string }> {
    const found: Array<{ offset: number; text: string }> = [];
    const re = /\\([\s\S])/g;
    for (let m = re.exec(literal); m; m = re.exec(literal)) {
        if (!'\\"\'nt'.includes(m[1])) found.push({ offset: m.index, text: m[0] });
    }
    return found;
}

/** The canonical source form of a string value: double quotes, contract escapes. */
export function quote(value: string): string {
    return '"' + value.replace(/[\\"\n\t]/g, c => c === '\n' ? '\\n' : c === '\t' ? '\\t' : '\\' + c) + '"';
}
