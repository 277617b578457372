// A small tree of the Seg conditions the import writes, printed as Seg text.
// A tree rather than text because TRAVERSE moves conditions from one entity
// to another: a condition on an account becomes one on `parentcustomerid.…`.

export type SegCond =
    | { k: 'and' | 'or'; left: SegCond; right: SegCond }
    | { k: 'not'; operand: SegCond }
    | { k: 'test'; path: string[]; rest: string }
    | { k: 'exists'; entity: string; via: string; where?: SegCond };

export function and(conds: SegCond[]): SegCond | undefined {
    return conds.reduce<SegCond | undefined>((acc, c) => acc ? { k: 'and', left: acc, right: c } : c, undefined);
}

/** The condition read through lookup `field`: every path starts with it. Undefined when it holds an exists. */
export function throughLookup(cond: SegCond, field: string): SegCond | undefined {
    switch (cond.k) {
        case 'and': case 'or': {
            const left = throughLookup(cond.left, field), right = throughLookup(cond.right, field);
            return left && right ? { k: cond.k, left, right } : undefined;
        }
        case 'not': {
            const operand = throughLookup(cond.operand, field);
            return operand && { k: 'not', operand };
        }
        case 'test': return { ...cond, path: [field, ...cond.path] };
        case 'exists': return undefined;
    }
}

const PRECEDENCE = { or: 0, and: 1, not: 2, test: 2, exists: 2 } as const;

/** Seg text, parenthesized where Seg's precedence (not > and > or) and exists' greedy where need it. */
export function condText(cond: SegCond): string {
    switch (cond.k) {
        case 'or': case 'and':
            // and/or are associative: an operand of the same kind needs no parentheses on either side.
            return `${operand(cond.left, PRECEDENCE[cond.k], false)} ${cond.k} ${operand(cond.right, PRECEDENCE[cond.k], true)}`;
        case 'not': return `not ${operand(cond.operand, 2, true)}`;
        case 'test': return `${cond.path.join('.')} ${cond.rest}`.trimEnd();
        case 'exists': return `exists ${cond.entity} via ${cond.via}${cond.where ? ` where ${condText(cond.where)}` : ''}`;
    }
}

function operand(cond: SegCond, min: number, last: boolean): string {
    const text = condText(cond);
    const parens = PRECEDENCE[cond.k] < min;
    // An exists with a where takes the rest of the condition: parenthesize it unless nothing follows.
    return parens || (!last && endsGreedy(cond)) ? `(${text})` : text;
}

/** Whether the printed condition ends with an exists … where, which would swallow what follows. */
function endsGreedy(cond: SegCond): boolean {
    switch (cond.k) {
        case 'exists': return cond.where !== undefined;
        case 'not': return endsGreedy(cond.operand);
        case 'and': case 'or': return endsGreedy(cond.right);
        case 'test': return false;
    }
}
