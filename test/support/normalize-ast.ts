// An AST as plain data, for comparing two parses: no CST, containers or
// resolved targets; interaction clauses in canonical order (their order does
// not change meaning).
import { isReference, type AstNode } from 'langium';

const CLAUSE_RANK: Record<string, number> = {
    ViaClause: 0, HavingClause: 1, RollingWindow: 2, AgoWindow: 2, SinceWindow: 2, BeforeWindow: 2, OlderWindow: 2, RangeWindow: 2, WhereClause: 3,
};

export function normalizeAst(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(normalizeAst);
    if (isReference(node)) return { ref: node.$refText };
    if (typeof node !== 'object' || node === null) return node;
    const ast = node as AstNode & Record<string, unknown>;
    const out: Record<string, unknown> = { $type: ast.$type };
    for (const key of Object.keys(ast).sort()) {
        if (key.startsWith('$')) continue;
        let value = ast[key];
        if (key === 'clauses' && Array.isArray(value)) {
            value = [...value].sort((a: AstNode, b: AstNode) => CLAUSE_RANK[a.$type] - CLAUSE_RANK[b.$type]);
        }
        // Empty arrays and false flags are what Langium leaves for absent optional parts.
        if (value === false || (Array.isArray(value) && value.length === 0) || value === undefined) continue;
        out[key] = normalizeAst(value);
    }
    return out;
}
