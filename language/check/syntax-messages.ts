// Chevrotain's parser messages name token types ("Expecting token of type 'ID'");
// users should read what was expected in their own terms.
import type { IToken } from 'chevrotain';
import { didYouMean, suggest } from './suggest.js';

const TOKEN_WORDS: Record<string, string> = {
    ID: 'a name',
    STRING: 'a string',
    NUMBER: 'a number',
    DATE: 'a date',
    DATETIME: 'a date-time',
    EOF: 'end of file',
};

const DECLARATION_STARTS = `'segment', 'draft segment', 'entity', 'interaction', 'fixture' or 'test'`;

function describeToken(token: string): string {
    const t = token.trim().replace(/^'|'$/g, '');
    return TOKEN_WORDS[t] ?? `'${t}'`;
}

function describeFound(found: string): string {
    return found === '' ? 'end of file' : `'${found}'`;
}

/**
 * The text of the token the parser found where it expected the end of the
 * file (everything before it parsed as complete declarations), or undefined
 * when the message is about something else.
 */
export function unexpectedAfterDeclaration(message: string): string | undefined {
    const m = /^Expecting (?:token of type '?EOF'?|end of file) but found `([\s\S]*)`\.?$/.exec(message)
        ?? /^Redundant input, expecting EOF but found: ([\s\S]*)$/.exec(message);
    return m?.[1];
}

/** Words from SQL and other query languages, and what Seg writes instead. */
const FOREIGN_WORDS: Record<string, string> = {
    like: `write 'contains', 'starts with' or 'ends with'`,
    ilike: `write 'contains', 'starts with' or 'ends with'`,
    '==': `write '='`,
    '<>': `write '!='`,
};

export function friendlyParseMessage(message: string): string {
    const redundant = unexpectedAfterDeclaration(message);
    if (redundant !== undefined) {
        const lower = redundant.toLowerCase();
        if (FOREIGN_WORDS[lower]) return `Unexpected '${redundant}': ${FOREIGN_WORDS[lower]}.`;
        if (lower !== redundant && KEYWORDS.has(lower)) return `Unexpected '${redundant}': keywords are lower case (write '${lower}').`;
        return `Expected a new declaration (${DECLARATION_STARTS}) but found ${describeFound(redundant)}.`;
    }
    // "Expecting token of type 'ID' but found `=`." / "Expecting keyword ')' but found `or`."
    let m = /^Expecting (?:token of type '?([^' ]+)'?|keyword '([\s\S]+?)') but found `([\s\S]*)`\.?$/.exec(message);
    if (m) return `Expected ${describeToken(m[1] ?? m[2])} but found ${describeFound(m[3])}.${keywordTypo(m[3], m[2] ? [m[2]] : [])}`;
    // "Expecting: one of these possible Token sequences:\n  1. [A, B]\n  2. [C]\nbut found: 'x'"
    m = /^Expecting: (?:one of these possible Token sequences|expecting at least one iteration which starts with one of these possible Token sequences)?:?([\s\S]*?)\nbut found: '([\s\S]*)'$/.exec(message);
    if (m) {
        const firsts = new Set<string>();
        for (const seq of m[1].matchAll(/\[([^\]]*)\]/g)) {
            const first = seq[1].split(',')[0]?.trim();
            if (first) firsts.add(describeToken(first));
        }
        let list = [...firsts];
        // Twelve time units read better as six.
        if (UNITS.every(u => firsts.has(`'${u}'`))) list = [...list.filter(t => !UNITS.includes(t.slice(1, -1))), UNIT.what];
        const expected = list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
        const keywords = [...firsts].filter(t => /^'[a-z]+'$/.test(t)).map(t => t.slice(1, -1));
        return `Expected ${expected || 'something else'} but found ${describeFound(m[2])}.${keywordTypo(m[2], keywords)}`;
    }
    return message;
}

/** " Did you mean 'includes'?" when a word found where keywords were expected is a misspelling of one. */
function keywordTypo(found: string, keywords: string[]): string {
    if (!/^[A-Za-z_]\w*$/.test(found) || keywords.includes(found)) return '';
    return didYouMean(suggest(found, keywords));
}

/** Operators from other languages, and what Seg writes instead; curly quotes come from word processors. */
const FOREIGN_OPERATORS: Record<string, string> = {
    '&&': 'and', '&': 'and', '||': 'or', '|': 'or', '!': 'not',
    '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u2018': "'", '\u2019': "'",
};

/** `skipped` is the source text the lexer skipped, when known. */
export function friendlyLexMessage(message: string, skipped = ''): string {
    const m = /unexpected character: ->([\s\S]*?)<- at offset/.exec(message);
    if (!m) return message;
    if (m[1] === '"' || m[1] === "'") return `Unterminated string: it needs a closing ${m[1]} on the same line.`;
    const text = skipped || m[1];
    const instead = FOREIGN_OPERATORS[text];
    const what = [...text].length > 1 ? `Unexpected characters '${text}'` : `Unexpected character '${text}'`;
    return instead ? `${what}: write '${instead}'.` : `${what}.`;
}

// ---------------------------------------------------------------- incomplete conditions
// Seg's parser decides with unbounded lookahead whether an operator such as
// `=` continues a test. When what follows the operator is malformed
// (`lastname =` at the end of a line), it backs out, treats the declaration
// as complete and reports "expected end of file" at the operator. These
// helpers find the real problem: the first token after the operator that
// does not fit.

export interface Continuation {
    /** The offending token, or undefined for the end of the file. */
    token: IToken | undefined;
    /** The last token of the offending text, when it is more than `token`. */
    through?: IToken;
    /** The token after which something else was expected. */
    after: IToken;
    message: string;
}

type Matcher = { what: string; ok: (t: IToken) => boolean };

const type = (t: IToken) => t.tokenType.name;
const isKeyword = (...words: string[]) => (t: IToken) => type(t) !== 'ID' && words.includes(t.image);
const VALUE: Matcher = {
    what: 'a value',
    ok: t => ['STRING', 'NUMBER', 'DATE', 'DATETIME'].includes(type(t)) || isKeyword('true', 'false', 'null')(t),
};
const STRING: Matcher = { what: 'a string', ok: t => type(t) === 'STRING' };
const NAME: Matcher = { what: 'a field name', ok: t => type(t) === 'ID' };
const CONDITION: Matcher = { what: 'a condition', ok: t => type(t) === 'ID' || isKeyword('not', '(', 'exists')(t) };
const NUMBER: Matcher = { what: 'a whole number', ok: t => type(t) === 'NUMBER' };
const UNITS = ['minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years'];
const UNIT: Matcher = { what: `a unit ('days', 'weeks', 'months', …)`, ok: isKeyword(...UNITS) };
const word = (w: string): Matcher => ({ what: `'${w}'`, ok: isKeyword(w) });
const COMPARISONS = ['=', '!=', '<', '<=', '>', '>='];
/** Keywords users may type in upper case, from SQL habit. */
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'null', 'where', 'between', 'within', 'contains', 'starts', 'ends', 'with',
    'having', 'count', 'distinct', 'first', 'last', 'then', 'on', 'sum', 'avg', 'min', 'max', 'via', 'since', 'before', 'ago', 'exists', 'union', 'intersect', 'except',
    'profile', 'interaction', 'segment', 'draft', 'entity', 'relation', 'true', 'false', ...UNITS]);
const NEGATABLE: Matcher = { what: `'in', 'contains', 'starts with' or 'ends with'`, ok: isKeyword('in', 'contains', 'starts', 'ends') };

/** Tokens that end an operand: an operator after one of them continues a test or condition. */
function endsOperand(t: IToken | undefined): boolean {
    if (!t) return false;
    return ['ID', 'STRING', 'NUMBER', 'DATE', 'DATETIME'].includes(type(t)) || isKeyword('true', 'false', 'null', ')', ']', ...UNITS)(t);
}

/** Where a token stands: in a condition (`where …`), in a `having` clause, or elsewhere. */
export type TokenContext = (token: IToken) => 'condition' | 'having' | undefined;

/**
 * Explains an "expected end of file" error at `tokens[index]` as an
 * incomplete test or condition, or returns undefined when it is not one.
 */
export function explainIncomplete(tokens: IToken[], index: number, contextOf: TokenContext): Continuation | undefined {
    const op = tokens[index];
    const before = tokens[index - 1];
    if (!op || !before || !endsOperand(before)) return undefined;
    const context = contextOf(before);
    if (context === 'having' && isKeyword('and', 'or')(op)) {
        return {
            token: op, after: before,
            message: `A 'having' clause takes one comparison; for a range write 'having count between 1 and 3', or intersect two queries.`,
        };
    }
    // Windows (`within 3`, `between 30 and`) also stand outside conditions; every other operator continues a test.
    if (context !== 'condition' && !isKeyword('within', 'between')(op)) return undefined;
    let i = index + 1;
    // Matches `steps` from tokens[i] on; returns the first mismatch.
    const expect = (...steps: Matcher[]): Continuation | undefined => {
        for (const step of steps) {
            const t = tokens[i];
            if (!t || !step.ok(t)) return { token: t, after: tokens[i - 1], message: mismatch(step.what, tokens[i - 1], t) };
            i++;
        }
        return undefined;
    };
    const image = type(op) === 'ID' ? '' : op.image;
    const next = tokens[i];
    // `==` and `<>` from other languages.
    const pair = next && next.startOffset === op.startOffset + op.image.length ? op.image + next.image : '';
    if (FOREIGN_WORDS[pair]) return { token: op, through: next, after: before, message: `Unexpected '${pair}': ${FOREIGN_WORDS[pair]}.` };
    // `where f between 30 and 90 days ago`: a window written as a test.
    if (isKeyword(...UNITS)(op) && index >= 4 && isKeyword('between')(tokens[index - 4]) && isKeyword('and')(tokens[index - 2])) {
        const window = tokens.slice(index - 4, index + 1).map(t => t.image).join(' ');
        return {
            token: op, after: before,
            message: `'${window} ago' is a time window: write it before 'where' (inside a condition, 'between' tests a field).`,
        };
    }
    if (COMPARISONS.includes(image) || image === 'contains') return expect(image === 'contains' ? STRING : VALUE);
    switch (image) {
        case 'and': case 'or': return expect(CONDITION);
        case '.': return expect(NAME);
        case 'starts': case 'ends': return expect(word('with'), STRING);
        case 'not': return expect(NEGATABLE);
        case 'is': {
            if (tokens[i] && isKeyword('not')(tokens[i])) i++;
            return expect(word('null'));
        }
        case 'within': return expect(NUMBER, UNIT);
        case 'between': return expect(VALUE, word('and'), VALUE);
        case 'in': return expect(word('[')) ?? expectList(tokens, i);
        default: return undefined;
    }
}

/** `[` was matched; finds the first token that breaks `v, v, … ]`. */
function expectList(tokens: IToken[], i: number): Continuation | undefined {
    let wantValue = true;
    for (; ; i++) {
        const t = tokens[i];
        if (t && isKeyword(']')(t)) return undefined;
        const ok = t && (wantValue ? VALUE.ok(t) : isKeyword(',')(t));
        if (!ok) {
            const what = wantValue ? `a value or ']'` : `',' or ']'`;
            return { token: t, after: tokens[i - 1], message: mismatch(what, tokens[i - 1], t) };
        }
        wantValue = !wantValue;
    }
}

function mismatch(what: string, after: IToken, found: IToken | undefined): string {
    return `Expected ${what} after '${after.image}' but found ${found ? describeFound(found.image) : 'end of file'}.`;
}
