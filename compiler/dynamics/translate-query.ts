// A whole Dynamics query → the Seg set expression of one segment.
// UNION/INTERSECT/EXCEPT keep Dynamics' (SQL's) precedence, which is Seg's:
// INTERSECT binds tighter, UNION and EXCEPT are left-associative; parentheses
// are written only where Seg needs them to read the same tree.
import type { Chain, Pos, Query } from './ast.js';
import { ImportCodes, type Reporter } from './diagnostics.js';
import type { Metadata } from './metadata.js';
import { translateInteraction } from './translate-interaction.js';
import { translateProfile } from './translate-profile.js';
import { untranslatableStep } from './untranslatable.js';
import { exprLabel } from './values.js';

export interface QueryContext {
    metadata: Metadata;
    /** The Seg name for SEGMENT(name); reports (a warning) and returns a placeholder when it is not imported. */
    segmentName(name: string, pos: Pos, r: Reporter): string;
}

type SegSet = { k: 'atom'; text: string } | { k: 'op'; op: 'union' | 'intersect' | 'except'; left: SegSet; right: SegSet };

export function translateQuery(query: Query, ctx: QueryContext, r: Reporter): string | undefined {
    const set = toSet(query, ctx, r);
    return set && !r.failed ? setText(set) : undefined;
}

function toSet(q: Query, ctx: QueryContext, r: Reporter): SegSet | undefined {
    if (q.kind === 'set') {
        const left = toSet(q.left, ctx, r), right = toSet(q.right, ctx, r);
        return left && right ? { k: 'op', op: q.op.toLowerCase() as 'union', left, right } : undefined;
    }
    const text = chainText(q, ctx, r);
    return text === undefined ? undefined : { k: 'atom', text };
}

function chainText(chain: Chain, ctx: QueryContext, r: Reporter): string | undefined {
    switch (chain.head.name) {
        case 'PROFILE': return translateProfile(chain, ctx.metadata, r);
        case 'INTERACTION': return translateInteraction(chain, ctx.metadata, r);
        default: {
            const [arg] = chain.head.args;
            const name = arg?.kind === 'path' && arg.parts.length === 1 ? arg.parts[0] : arg?.kind === 'string' ? arg.value : undefined;
            if (!name) return r.error(ImportCodes.Untranslatable, `SEGMENT needs a segment name, not ${arg ? exprLabel(arg) : 'nothing'}.`, chain.head.pos);
            for (const step of chain.steps) untranslatableStep(step, r);
            if (chain.steps.length) return undefined;
            return ctx.segmentName(name, arg!.pos, r);
        }
    }
}

const LEVEL = { union: 0, except: 0, intersect: 1 } as const;

function setText(s: SegSet): string {
    if (s.k === 'atom') return s.text;
    const level = LEVEL[s.op];
    // Left-associative: a right operand at the same level needs parentheses; anything looser does on either side.
    const side = (x: SegSet, right: boolean) => x.k === 'op' && (LEVEL[x.op] < level || (right && LEVEL[x.op] === level)) ? `(${setText(x)})` : setText(x);
    return `${side(s.left, false)} ${s.op} ${side(s.right, true)}`;
}
