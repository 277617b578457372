// The Dynamics 365 Marketing segment query as parsed (../../../shared/reference,
// "Segment query definitions"): a set expression of chains such as
// `PROFILE(contact, contact_1).FILTER(…).TRAVERSE(…)` whose arguments are
// plain expressions. The parser checks only the shape (balanced parentheses,
// known functions); what each argument means is the translator's business.

/** Where a node starts in the query text: 1-based line and column, 0-based offset. */
export interface Pos {
    line: number;
    column: number;
    offset: number;
}

export type Expr =
    | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; pos: Pos }
    | { kind: 'negate'; operand: Expr; pos: Pos }
    | { kind: 'call'; name: string; args: Expr[]; pos: Pos }
    | { kind: 'path'; parts: string[]; pos: Pos }
    | { kind: 'string'; value: string; pos: Pos }
    | { kind: 'number'; value: number; text: string; pos: Pos }
    | { kind: 'boolean'; value: boolean; pos: Pos };

export type BinaryOp =
    | '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>='
    | 'CONTAINS' | 'STARTSWITH' | 'ENDSWITH' | '+' | '-' | '*' | '/' | 'ASC' | 'DESC';

/** `HEAD(args).STEP(args)…`: PROFILE, SEGMENT or INTERACTION, then FILTER, TRAVERSE, HAVING, … */
export interface Chain {
    kind: 'chain';
    head: CallNode;
    steps: CallNode[];
    pos: Pos;
}

export interface CallNode {
    name: string;
    args: Expr[];
    pos: Pos;
}

export type SetOperator = 'UNION' | 'INTERSECT' | 'EXCEPT';

export type Query =
    | Chain
    | { kind: 'set'; op: SetOperator; left: Query; right: Query; pos: Pos };

export class DynamicsSyntaxError extends Error {
    constructor(message: string, readonly pos: Pos) {
        super(message);
    }
}
