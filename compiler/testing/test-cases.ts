// The segment tests of a checked project, resolved for running: each test's
// records (its own and its fixtures'), its as-of instant and its expectations.
import { createHash } from 'node:crypto';
import type { AstNode } from 'langium';
import {
    isAsOfClause, isCountExpectation, isEntityRecord, isInteractionRecord, isMembershipExpectation, isTestDecl,
    type AsOfClause, type EntityRecord, type InteractionRecord, type TestDecl,
} from '../../language/generated/ast.js';
import type { SourceRef } from '../plan/plan.js';

export interface TestCase {
    title: string;
    source: SourceRef;
    decl: TestDecl;
    /** The test's own `as of`, else that of the first fixture it uses that has one. */
    asOf?: AsOfClause;
    entities: EntityRecord[];
    interactions: InteractionRecord[];
    expectations: Expectation[];
}

export type Expectation =
    | { kind: 'includes' | 'excludes'; segment: string; records: EntityRecord[]; source: SourceRef }
    | { kind: 'count'; segment: string; op: string; value: number; source: SourceRef };

/** Every test of the given files, in file and source order. */
export function collectTests(files: Array<{ path: string; document: { parseResult: { value: { declarations: AstNode[] } } } }>): TestCase[] {
    const tests: TestCase[] = [];
    for (const file of files) {
        for (const decl of file.document.parseResult.value.declarations) {
            if (isTestDecl(decl)) tests.push(testCase(decl, file.path));
        }
    }
    return tests;
}

function testCase(decl: TestDecl, path: string): TestCase {
    const fixtures = [...new Set(decl.fixtures.map(f => f.ref!).filter(Boolean))];
    const owners = [decl, ...fixtures];
    const items = owners.flatMap(o => o.items as AstNode[]);
    const where = (n: AstNode) => sourceOf(n, path);
    return {
        title: decl.title,
        source: where(decl),
        decl,
        asOf: owners.map(o => (o.items as AstNode[]).find(isAsOfClause)).find(Boolean) as AsOfClause | undefined,
        // Fixture records first, so a test's own records come after the ones they may refer to.
        entities: [...fixtures.flatMap(f => (f.items as AstNode[]).filter(isEntityRecord)), ...(decl.items as AstNode[]).filter(isEntityRecord)],
        interactions: [...fixtures.flatMap(f => (f.items as AstNode[]).filter(isInteractionRecord)), ...(decl.items as AstNode[]).filter(isInteractionRecord)],
        expectations: items.flatMap((item): Expectation[] => {
            if (isMembershipExpectation(item)) {
                return [{ kind: item.op as 'includes' | 'excludes', segment: item.segment.ref!.name, records: item.records.map(r => r.ref!), source: where(item) }];
            }
            if (isCountExpectation(item)) {
                return [{ kind: 'count', segment: item.segment.ref!.name, op: item.op, value: Number(item.value.value), source: where(item) }];
            }
            return [];
        }),
    };
}

export function sourceOf(node: AstNode, file: string): SourceRef {
    const range = node.$cstNode?.range;
    return {
        file,
        line: (range?.start.line ?? 0) + 1, column: (range?.start.character ?? 0) + 1,
        endLine: (range?.end.line ?? 0) + 1, endColumn: (range?.end.character ?? 0) + 1,
    };
}

/** A record's key: stable for its name (a UUID in the v4 layout, derived from a hash), unless the record sets its key. */
export function recordKey(name: string): string {
    const h = createHash('sha256').update(`seg-test-record:${name}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${(8 | (parseInt(h[16], 16) & 3)).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
