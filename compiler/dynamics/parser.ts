// Dynamics segment query text → Query (./ast.ts). Every error is a
// DynamicsSyntaxError with the line and column of the offending token; the
// parser never throws anything else, whatever the text.
import { suggest, didYouMean } from '../../language/check/suggest.js';
import { DynamicsSyntaxError, type BinaryOp, type CallNode, type Chain, type Expr, type Pos, type Query, type SetOperator } from './ast.js';
import { tokenize, type Token } from './lexer.js';

/** Functions that start a chain, that follow a `.` in one, and that appear inside arguments. */
export const HEAD_FUNCTIONS = ['PROFILE', 'SEGMENT', 'INTERACTION'];
export const STEP_FUNCTIONS = ['FILTER', 'TRAVERSE', 'RELATE', 'HAVING', 'DISTINCT', 'ORDERBY', 'SKIP', 'TAKE', 'SELECT'];
const VALUE_FUNCTIONS = [
    'NOT', 'ISNULL', 'ISNOTNULL', 'DATE', 'DATEADD', 'DATEDIFF', 'DATETIMEUTCNOW', 'COUNT', 'SUM', 'AVG', 'MIN', 'MAX',
    'UTCDAYS', 'UTCMONTHS', 'UTCYEARS', 'FILTER', 'DISTINCT',
];
const ALL_FUNCTIONS = [...new Set([...HEAD_FUNCTIONS, ...STEP_FUNCTIONS, ...VALUE_FUNCTIONS])];
const SET_OPERATORS: Record<string, SetOperator> = { UNION: 'UNION', INTERSECT: 'INTERSECT', EXCEPT: 'EXCEPT', MINUS: 'EXCEPT' };
const TEXT_OPERATORS = ['CONTAINS', 'STARTSWITH', 'ENDSWITH'];
const MAX_NESTING = 100;

/** The query in `text`; `start` places it in a larger input (see tokenize). */
export function parseDynamicsQuery(text: string, start?: { line: number; column: number }): Query {
    return new Parser(tokenize(text, start)).query();
}

class Parser {
    private i = 0;
    /** The `(` tokens not yet closed, innermost last: an unbalanced query names the one left open. */
    private open: Token[] = [];

    constructor(private readonly tokens: Token[]) {}

    query(): Query {
        if (this.peek().kind === 'eof') throw new DynamicsSyntaxError('The query is empty.', this.peek().pos);
        const q = this.setExpr();
        const t = this.peek();
        if (t.kind !== 'eof') {
            if (t.text === ')') throw new DynamicsSyntaxError(`Unbalanced parentheses: the ')' at column ${t.pos.column} closes nothing.`, t.pos);
            throw new DynamicsSyntaxError(`Unexpected '${t.text}' at column ${t.pos.column}: expected UNION, INTERSECT, EXCEPT or the end of the query.`, t.pos);
        }
        return q;
    }

    // union/except (left-associative) bind looser than intersect, as in SQL.
    private setExpr(): Query {
        let left = this.setTerm();
        for (let op = this.setOperator(['UNION', 'EXCEPT']); op; op = this.setOperator(['UNION', 'EXCEPT'])) {
            left = { kind: 'set', op: op.op, left, right: this.setTerm(), pos: op.pos };
        }
        return left;
    }

    private setTerm(): Query {
        let left = this.setAtom();
        for (let op = this.setOperator(['INTERSECT']); op; op = this.setOperator(['INTERSECT'])) {
            left = { kind: 'set', op: op.op, left, right: this.setAtom(), pos: op.pos };
        }
        return left;
    }

    private setOperator(allowed: SetOperator[]): { op: SetOperator; pos: Pos } | undefined {
        const t = this.peek();
        const op = t.kind === 'id' ? SET_OPERATORS[t.text.toUpperCase()] : undefined;
        if (!op || !allowed.includes(op)) return undefined;
        this.i++;
        return { op, pos: t.pos };
    }

    private setAtom(): Query {
        const t = this.peek();
        if (t.text === '(' && t.kind === 'op') {
            this.openParen();
            const inner = this.setExpr();
            this.closeParen();
            return inner;
        }
        if (t.kind !== 'id' || !HEAD_FUNCTIONS.includes(t.text.toUpperCase())) {
            throw this.expected(t, 'PROFILE(…), SEGMENT(…), INTERACTION(…) or \'(\'', HEAD_FUNCTIONS);
        }
        const head = this.call();
        const steps: CallNode[] = [];
        while (this.peek().text === '.') {
            this.i++;
            const s = this.peek();
            if (s.kind !== 'id' || !STEP_FUNCTIONS.includes(s.text.toUpperCase())) throw this.expected(s, 'FILTER, TRAVERSE or HAVING after \'.\'', STEP_FUNCTIONS);
            steps.push(this.call());
        }
        const chain: Chain = { kind: 'chain', head, steps, pos: t.pos };
        return chain;
    }

    /** NAME(args): the name must be a known function. */
    private call(): CallNode {
        const t = this.next();
        const name = t.text.toUpperCase();
        if (!ALL_FUNCTIONS.includes(name)) {
            throw new DynamicsSyntaxError(`Unknown function '${t.text}' at column ${t.pos.column}.${didYouMean(functionSuggestions(t.text))}`, t.pos);
        }
        if (this.peek().text !== '(') throw new DynamicsSyntaxError(`Expected '(' after ${t.text} at column ${this.peek().pos.column}.`, this.peek().pos);
        this.openParen();
        const args: Expr[] = [];
        if (this.peek().text !== ')') {
            args.push(this.argument());
            while (this.peek().text === ',') {
                this.i++;
                args.push(this.argument());
            }
        }
        this.closeParen();
        return { name, args, pos: t.pos };
    }

    /** An argument: an expression, in ORDERBY optionally followed by ASC or DESC. */
    private argument(): Expr {
        const e = this.expr();
        const t = this.peek();
        const dir = t.kind === 'id' ? t.text.toUpperCase() : '';
        if (dir !== 'ASC' && dir !== 'DESC') return e;
        this.i++;
        return { kind: 'binary', op: dir, left: e, right: e, pos: t.pos };
    }

    // Expressions, loosest first: || , && , comparisons and string operators, + -, * /, unary minus.
    private expr(): Expr {
        return this.binary(0);
    }

    private static readonly LEVELS: BinaryOp[][] = [
        ['||'], ['&&'], ['==', '!=', '<', '<=', '>', '>=', 'CONTAINS', 'STARTSWITH', 'ENDSWITH'], ['+', '-'], ['*', '/'],
    ];

    private binary(level: number): Expr {
        if (level === Parser.LEVELS.length) return this.unary();
        let left = this.binary(level + 1);
        for (;;) {
            const t = this.peek();
            const op = binaryOp(t);
            if (!op || !Parser.LEVELS[level].includes(op)) return left;
            this.i++;
            left = { kind: 'binary', op, left, right: this.binary(level + 1), pos: t.pos };
        }
    }

    private unary(): Expr {
        const t = this.peek();
        if (t.kind === 'op' && t.text === '-') {
            let minus = 0;
            while (this.peek().text === '-' && this.peek().kind === 'op') { this.i++; minus++; }
            const operand = this.primary();
            return minus % 2 ? { kind: 'negate', operand, pos: t.pos } : operand;
        }
        return this.primary();
    }

    private primary(): Expr {
        const t = this.peek();
        switch (t.kind) {
            case 'string': this.i++; return { kind: 'string', value: t.value!, pos: t.pos };
            case 'number': this.i++; return { kind: 'number', value: Number(t.text), text: t.text, pos: t.pos };
            case 'op':
                if (t.text === '(') {
                    this.openParen();
                    const inner = this.expr();
                    this.closeParen();
                    return inner;
                }
                break;
            case 'id': {
                const upper = t.text.toUpperCase();
                if (upper === 'TRUE' || upper === 'FALSE') { this.i++; return { kind: 'boolean', value: upper === 'TRUE', pos: t.pos }; }
                if (this.tokens[this.i + 1]?.text === '(') {
                    const c = this.call();
                    return { kind: 'call', ...c };
                }
                return this.path();
            }
        }
        throw this.expected(t, 'a value, a field or a condition', []);
    }

    private path(): Expr {
        const first = this.next();
        const parts = [first.text];
        while (this.peek().text === '.' && this.tokens[this.i + 1]?.kind === 'id') {
            this.i++;
            parts.push(this.next().text);
        }
        return { kind: 'path', parts, pos: first.pos };
    }

    private openParen(): void {
        const t = this.next();
        // Nesting is recursion: a pathological paste must get an error, not a stack overflow.
        if (this.open.length >= MAX_NESTING) throw new DynamicsSyntaxError(`Parentheses nest more than ${MAX_NESTING} deep at column ${t.pos.column}.`, t.pos);
        this.open.push(t);
    }

    private closeParen(): void {
        const t = this.peek();
        if (t.text === ')' && t.kind === 'op') {
            this.i++;
            this.open.pop();
            return;
        }
        const opened = this.open[this.open.length - 1];
        if (t.kind === 'eof') {
            throw new DynamicsSyntaxError(`Unbalanced parentheses: the '(' at column ${opened.pos.column} is never closed.`, opened.pos);
        }
        throw new DynamicsSyntaxError(
            `Expected ')' at column ${t.pos.column} to close the '(' at column ${opened.pos.column}, found '${t.text}'.`, t.pos);
    }

    private expected(t: Token, what: string, names: string[]): DynamicsSyntaxError {
        if (t.kind === 'eof') {
            const opened = this.open[this.open.length - 1];
            if (opened) return new DynamicsSyntaxError(`Unbalanced parentheses: the '(' at column ${opened.pos.column} is never closed.`, opened.pos);
            return new DynamicsSyntaxError(`The query ends early: expected ${what}.`, t.pos);
        }
        if (t.text === ')') return new DynamicsSyntaxError(`Unexpected ')' at column ${t.pos.column}: expected ${what}.`, t.pos);
        const hint = t.kind === 'id' && names.length ? didYouMean(suggest(t.text, names)) : '';
        return new DynamicsSyntaxError(`Unexpected '${t.text}' at column ${t.pos.column}: expected ${what}.${hint}`, t.pos);
    }

    private peek(): Token {
        return this.tokens[this.i];
    }

    private next(): Token {
        return this.tokens[this.i++];
    }
}

/** Close names, and first any with the same letters in another order (DateTimeNowUtc → DATETIMEUTCNOW). */
function functionSuggestions(name: string): string[] {
    const letters = (s: string) => [...s.toUpperCase()].sort().join('');
    const shuffled = ALL_FUNCTIONS.filter(f => letters(f) === letters(name));
    return [...new Set([...shuffled, ...suggest(name, ALL_FUNCTIONS)])].slice(0, 3);
}

function binaryOp(t: Token): BinaryOp | undefined {
    if (t.kind === 'op') return ['||', '&&', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/'].includes(t.text) ? t.text as BinaryOp : undefined;
    if (t.kind !== 'id') return undefined;
    const upper = t.text.toUpperCase();
    if (TEXT_OPERATORS.includes(upper)) return upper as BinaryOp;
    if (upper === 'AND') return '&&';
    if (upper === 'OR') return '||';
    return undefined;
}
