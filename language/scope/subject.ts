// Which record a field name is read from, decided by where the name stands.
import type { AstNode } from 'langium';
import {
    isExistsTest, isHavingClause, isInteractionQuery, isThenStep, isProfileQuery, isRelationDecl, isWhereClause,
    type EntityDecl, type InteractionDecl, type InteractionQuery, type ProfileQuery,
} from '../generated/ast.js';

export type Subject = EntityDecl | InteractionDecl;

/**
 * The entity or interaction whose fields are in scope at `node`: the entity of
 * the innermost `exists … where`, else the interaction of an interaction query
 * (its `where` and `having`), else the entity of a profile query, else the
 * interaction declaring a relation.
 */
export function subjectOf(node: AstNode): Subject | undefined {
    let child: AstNode = node;
    for (let parent = node.$container; parent; child = parent, parent = parent.$container) {
        if (isExistsTest(parent) && child.$containerProperty === 'where') return parent.entity?.ref;
        if (isThenStep(parent) && child.$containerProperty === 'where') return parent.type?.ref;
        if (isWhereClause(parent) || isHavingClause(parent)) return queryOf(parent)?.type?.ref;
        if (isProfileQuery(parent)) return parent.entity?.ref;
        if (isRelationDecl(parent)) return parent.$container;
    }
    return undefined;
}

export function queryOf(node: AstNode): InteractionQuery | undefined {
    for (let n: AstNode | undefined = node; n; n = n.$container) if (isInteractionQuery(n)) return n;
    return undefined;
}

/** The query whose condition holds `node`: a profile query, an interaction query, or none. */
export function enclosingQuery(node: AstNode): ProfileQuery | InteractionQuery | undefined {
    for (let n: AstNode | undefined = node.$container; n; n = n.$container) {
        if (isProfileQuery(n) || isInteractionQuery(n)) return n;
    }
    return undefined;
}
