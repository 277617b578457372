// The parser and the tree walks after it recurse; text nested hundreds of
// levels deep (or chains of thousands of operators) would overflow the stack.
// No real segment comes near these limits, so a declaration beyond them is
// set aside with one clear error instead of crashing the tool.
import type { IToken } from 'chevrotain';

export const LIMITS = {
    /** `(`, `[`, `not` and `exists` in one declaration. */
    nesting: 150,
    /** `union`/`intersect`/`except`/`and`/`or` in one declaration. */
    operators: 1000,
    /** `.` steps in one declaration. */
    steps: 300,
} as const;

export interface TooComplex {
    /** Offsets of the whole declaration, which is left out of the parse. */
    start: number;
    end: number;
    /** The token where the limit was passed. */
    token: IToken;
    message: string;
}

const NESTING = new Set(['(', '[', 'not', 'exists']);
const OPERATORS = new Set(['union', 'intersect', 'except', 'and', 'or']);

/** Splits the tokens into declarations and reports those beyond the limits. */
export function findTooComplex(tokens: IToken[]): TooComplex[] {
    const found: TooComplex[] = [];
    let start = 0;
    let counts = { nesting: 0, operators: 0, steps: 0 };
    let reported = false;
    const startsDeclaration = (i: number) => {
        const t = tokens[i].image;
        if (t === 'segment' || t === 'entity') return !(i > 0 && tokens[i - 1].image === 'draft');
        if (t === 'draft') return true;
        return t === 'interaction' && tokens[i + 2]?.image === '{';
    };
    const close = (endIndex: number) => {
        if (reported) {
            const last = found[found.length - 1];
            last.end = endIndex > 0 ? tokens[endIndex - 1].startOffset + tokens[endIndex - 1].image.length : last.end;
        }
    };
    for (let i = 0; i < tokens.length; i++) {
        const tok = tokens[i];
        if (startsDeclaration(i)) {
            close(i);
            start = tok.startOffset;
            counts = { nesting: 0, operators: 0, steps: 0 };
            reported = false;
        }
        const image = tok.image;
        const kind = NESTING.has(image) ? 'nesting' : OPERATORS.has(image) ? 'operators' : image === '.' ? 'steps' : undefined;
        if (!kind || reported) continue;
        if (++counts[kind] > LIMITS[kind]) {
            reported = true;
            found.push({ start, end: tok.startOffset + image.length, token: tok, message: messageFor(kind) });
        }
    }
    close(tokens.length);
    return found;
}

function messageFor(kind: keyof typeof LIMITS): string {
    switch (kind) {
        case 'nesting': return `This declaration nests more than ${LIMITS.nesting} levels of parentheses, 'not' and 'exists'; split it into smaller segments that refer to each other.`;
        case 'operators': return `This declaration chains more than ${LIMITS.operators} operators; split it into smaller segments that refer to each other.`;
        case 'steps': return `This declaration follows more than ${LIMITS.steps} lookup steps; shorten its paths.`;
    }
}

/** The text with the given ranges blanked out (newlines kept, so positions stay put). */
export function blankOut(text: string, ranges: Array<{ start: number; end: number }>): string {
    let out = '';
    let at = 0;
    for (const r of ranges) {
        out += text.slice(at, r.start) + text.slice(r.start, r.end).replace(/[^\r\n]/g, ' ');
        at = r.end;
    }
    return out + text.slice(at);
}
