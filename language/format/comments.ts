// Attaches every comment to a node the printer emits, so formatting keeps
// them all: own-line comments lead the line they precede, end-of-line
// comments trail the construct that ends before them.
import { CstUtils, type AstNode, type CstNode } from 'langium';
import type { IToken } from 'chevrotain';
import { isEntityDecl, isFixtureDecl, isInteractionDecl, isModel, isRecordBody, isTestDecl } from '../generated/ast.js';

export interface Comment {
    text: string;
    start: number;
    end: number;
    /** A blank line follows it in the source (kept for own-line comments). */
    blankAfter: boolean;
    /** A blank line precedes it in the source (kept between the items of a test). */
    blankBefore: boolean;
}

export interface Attachments {
    leading: Map<AstNode, Comment[]>;
    trailing: Map<AstNode, Comment[]>;
    /** Own-line comments before the closing `}` of a declaration body. */
    bodyEnd: Map<AstNode, Comment[]>;
    /** Comments after the last declaration. */
    fileEnd: Comment[];
}

const CHAIN_FAMILY: Record<string, string> = { SetOp: 'set', AndCond: 'and', OrCond: 'or' };

/** Nodes the printer folds into their parent (chain links and inner path steps) emit no comments. */
export function isFlattened(node: AstNode): boolean {
    const parent = node.$container;
    if (!parent) return false;
    if (node.$type === 'FieldPath' && parent.$type === 'FieldPath') return true;
    const family = CHAIN_FAMILY[node.$type];
    return !!family && CHAIN_FAMILY[parent.$type] === family && node.$containerProperty === 'left';
}

/** Nodes that the canonical layout may start on a line of their own. */
export function isLineStart(node: AstNode): boolean {
    const parent = node.$container;
    if (!parent) return false;
    if (isModel(parent)) return true;
    switch (node.$containerProperty) {
        case 'body': case 'clauses': case 'fields': case 'members': case 'options': case 'inner': case 'items': return true;
        case 'right': return !!CHAIN_FAMILY[parent.$type];
        case 'left': return !!CHAIN_FAMILY[parent.$type] && isLineStart(parent);
        default: return false;
    }
}

export function attachComments(root: AstNode, text: string, tokens: IToken[], comments: IToken[]): Attachments {
    const result: Attachments = { leading: new Map(), trailing: new Map(), bodyEnd: new Map(), fileEnd: [] };
    const rootCst = root.$cstNode;
    const add = (map: Map<AstNode, Comment[]>, node: AstNode, c: Comment) => {
        const list = map.get(node);
        if (list) list.push(c); else map.set(node, [c]);
    };
    let t = 0; // index of the first token after the current comment
    for (let i = 0; i < comments.length; i++) {
        const tok = comments[i];
        const start = tok.startOffset, end = tok.startOffset + tok.image.length;
        while (t < tokens.length && tokens[t].startOffset < start) t++;
        const prev = t > 0 ? tokens[t - 1] : undefined;
        const next = t < tokens.length ? tokens[t] : undefined;
        const preceding = Math.max(prev ? prev.startOffset + prev.image.length : 0, i > 0 ? comments[i - 1].startOffset + comments[i - 1].image.length : 0);
        const following = Math.min(comments[i + 1]?.startOffset ?? text.length, next?.startOffset ?? text.length);
        const comment: Comment = {
            text: tok.image.replace(/[ \t]+$/, ''), start, end,
            blankAfter: /\n[ \t]*\r?\n/.test(text.slice(end, following)),
            blankBefore: /\n[ \t]*\r?\n/.test(text.slice(preceding, start)),
        };
        const lineStart = text.lastIndexOf('\n', start - 1) + 1;
        const ownLine = text.slice(lineStart, start).trim() === '';
        const nextOnLaterLine = !next || text.slice(end, next.startOffset).includes('\n');
        if (!ownLine && rootCst && prev && (tok.tokenType.name === 'SL_COMMENT' || nextOnLaterLine)) {
            // After a separating comma (`a: 1, // why`) the comment trails what the comma follows;
            // the printer writes the comma itself, and the comment after it.
            const beforeComma = prev.image === ',' && t > 1 ? tokens[t - 2] : undefined;
            const owner = (beforeComma && trailingOwner(rootCst, beforeComma)) || trailingOwner(rootCst, prev);
            if (owner) { add(result.trailing, owner, comment); continue; }
        }
        if (!next || !rootCst) { result.fileEnd.push(comment); continue; }
        const leaf = CstUtils.findLeafNodeAtOffset(rootCst, next.startOffset);
        const decl = leaf?.astNode;
        if (next.image === '}' && hasBody(decl) && leaf?.offset === next.startOffset) {
            add(result.bodyEnd, decl, comment);
            continue;
        }
        // A comment before `and`/`or`/`union`/… belongs to the operand that operator introduces.
        const chainNode = leaf?.astNode as (AstNode & { right?: AstNode }) | undefined;
        if (chainNode && CHAIN_FAMILY[chainNode.$type] && chainNode.right && leaf?.offset === next.startOffset && next.tokenType.name !== 'ID') {
            add(result.leading, chainNode.right, comment);
            continue;
        }
        let node: AstNode | undefined = leaf?.astNode;
        while (node && !isLineStart(node)) node = node.$container;
        // The outermost of the lines starting at the same token, so a second run attaches it alike.
        while (node?.$container && isLineStart(node.$container) && node.$container.$cstNode?.offset === node.$cstNode?.offset) {
            node = node.$container;
        }
        if (node) add(result.leading, node, comment); else result.fileEnd.push(comment);
    }
    return result;
}

/** The outermost printed node that ends with the token before a trailing comment. */
function trailingOwner(root: CstNode, prev: IToken): AstNode | undefined {
    const leaf = CstUtils.findLeafNodeAtOffset(root, prev.startOffset);
    const endOffset = prev.startOffset + prev.image.length;
    let node: AstNode | undefined = leaf?.astNode;
    let best: AstNode | undefined;
    while (node && !isModel(node) && node.$cstNode && node.$cstNode.end === endOffset) {
        if (!isFlattened(node)) best = node;
        node = node.$container;
    }
    return best;
}

/** Declarations and records whose closing brace may have comments before it. */
function hasBody(node: AstNode | undefined): node is AstNode {
    return isEntityDecl(node) || isInteractionDecl(node) || isTestDecl(node) || isFixtureDecl(node) || isRecordBody(node);
}
