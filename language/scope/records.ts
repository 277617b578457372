// Records of segment tests: which test or fixture a name stands in, and the
// records visible there (its own, then those of the fixtures a test uses).
import type { AstNode } from 'langium';
import {
    isEntityRecord, isFixtureDecl, isInteractionRecord, isTestDecl,
    type EntityRecord, type FixtureDecl, type RecordBody, type TestDecl,
} from '../generated/ast.js';
import type { Subject } from './subject.js';

export type RecordOwner = TestDecl | FixtureDecl;

/** The test or fixture that holds `node`. */
export function recordOwner(node: AstNode): RecordOwner | undefined {
    for (let n: AstNode | undefined = node; n; n = n.$container) if (isTestDecl(n) || isFixtureDecl(n)) return n;
    return undefined;
}

/** The entity records an owner sees: its own first, then each used fixture's (a fixture's own only). */
export function recordsInScope(owner: RecordOwner): EntityRecord[] {
    const own = (owner.items as AstNode[]).filter(isEntityRecord);
    if (!isTestDecl(owner)) return own;
    // A fixture named twice brings its records once (the checker reports the repetition).
    const fixtures = [...new Set(owner.fixtures.map(f => f.ref).filter(f => f !== undefined))];
    const used = fixtures.flatMap(f => (f.items as AstNode[]).filter(isEntityRecord));
    return [...own, ...used];
}

/** The entity or interaction whose fields a record body sets. */
export function recordSubject(body: RecordBody['$container']): Subject | undefined {
    if (isEntityRecord(body)) return body.entity?.ref;
    if (isInteractionRecord(body)) return body.type?.ref;
    return undefined;
}
