// What changed in one segment's own definition, in plain English: the two
// versions compared structurally (interaction type, via, having, window, each
// condition, set operands and operators), every part shown as the source a
// user would write. "definition changed" only when nothing more specific fits.
import type { AstNode } from 'langium';
import type { Clause, Cond, InteractionQuery, ProfileQuery, SegmentDecl, SetExpr } from '../../language/generated/ast.js';
import { sourceText } from './source-text.js';

export interface Change {
    /** The part of the definition: "window", "having", "condition", "operand", "interaction type", … */
    aspect: string;
    kind: 'changed' | 'added' | 'removed' | 'note';
    /** Source text before (changed, removed). */
    before?: string;
    /** Source text after (changed, added). */
    after?: string;
    /** Where, or what it means: "in operand 2 (interaction EmailOpened)", "now any time". */
    detail?: string;
    /** One line: "window: within 14 days → within 30 days", "condition added: address1_city = \"Seattle\"". */
    summary: string;
}

export function change(aspect: string, kind: Change['kind'], parts: { before?: string; after?: string; detail?: string } = {}): Change {
    const { before, after, detail } = parts;
    // Parts of a list (conditions, operands) are "changed"; properties (window, having) just change.
    const listed = aspect === 'condition' || aspect === 'operand';
    const main = kind === 'changed' ? `${aspect}${listed ? ' changed' : ''}: ${before} → ${after}`
        : kind === 'added' ? `${aspect} added: ${after}`
        : kind === 'removed' ? `${aspect} removed: ${before}`
        : aspect;
    return {
        aspect, kind,
        ...(before !== undefined ? { before } : {}),
        ...(after !== undefined ? { after } : {}),
        ...(detail ? { detail } : {}),
        summary: detail ? `${main} (${detail})` : main,
    };
}

/** A segment's own definition as canonical source: `draft ` and the body (without parentheses around it all), on one line. */
export function definitionText(decl: SegmentDecl): string {
    return `${decl.draft ? 'draft ' : ''}${sourceText(unwrapSet(decl.body))}`;
}

/** The changes from `before` to `after` (the same segment in two versions); [] when the definitions read the same. */
export function summarizeChange(before: SegmentDecl, after: SegmentDecl): Change[] {
    const changes: Change[] = [];
    if (before.draft !== after.draft) changes.push(change(after.draft ? 'now a draft' : 'now live', 'note'));
    const a = sourceText(unwrapSet(before.body)), b = sourceText(unwrapSet(after.body));
    if (a === b) return changes;
    const body = compareSets(before.body, after.body);
    changes.push(...(body.length ? body : [change('definition', 'changed', { before: a, after: b })]));
    return changes;
}

// ---------------------------------------------------------------- set expressions

function compareSets(a: SetExpr, b: SetExpr, detail?: string): Change[] {
    const x = unwrapSet(a), y = unwrapSet(b);
    const tx = sourceText(x), ty = sourceText(y);
    if (tx === ty) return [];
    if (x.$type === 'InteractionQuery' && y.$type === 'InteractionQuery') return compareInteractions(x, y, detail);
    if (x.$type === 'ProfileQuery' && y.$type === 'ProfileQuery') return compareProfiles(x, y, detail);
    if (x.$type === 'SegmentRef' && y.$type === 'SegmentRef') return [change('refers to', 'changed', { before: tx, after: ty, detail })];
    if (x.$type === 'SetOp' && y.$type === 'SetOp' && !detail) {
        const changes = compareOperands(operands(x), operands(y));
        if (changes) return changes;
    }
    return [change('definition', 'changed', { before: tx, after: ty, detail })];
}

function unwrapSet(e: SetExpr): SetExpr {
    let x = e;
    while (x.$type === 'SetParen' && x.inner) x = x.inner;
    return x;
}

interface Operand {
    /** The operator before it (none for the first). */
    op?: string;
    node: SetExpr;
    text: string;
}

/** `a op b op c` flattened left to right, as the formatter prints it. */
function operands(e: SetExpr): Operand[] {
    const list: Operand[] = [];
    let x: SetExpr = e;
    while (x.$type === 'SetOp') {
        list.unshift({ op: x.op, node: x.right, text: sourceText(x.right) });
        x = x.left;
    }
    list.unshift({ node: x, text: sourceText(x) });
    return list;
}

/**
 * Operands matched by their text (longest common subsequence): operators that
 * changed between kept operands, operands added and removed, and an operand
 * replaced in place (same position, same operator) compared in detail.
 * Undefined when the two share no operand and differ in shape.
 */
function compareOperands(a: Operand[], b: Operand[]): Change[] | undefined {
    const pairs = lcs(a.map(o => o.text), b.map(o => o.text));
    const sameShape = a.length === b.length && a.every((o, k) => o.op === b[k].op);
    if (pairs.length === 0 && !sameShape) return undefined;
    const changes: Change[] = [];
    let i = 0, j = 0;
    const gap = (untilA: number, untilB: number) => {
        while (i < untilA && j < untilB && a[i].op === b[j].op) {
            if (sameQuery(a[i].node, b[j].node)) changes.push(...compareSets(a[i].node, b[j].node, `in operand ${j + 1}, ${queryHead(b[j].node)}`));
            else changes.push(change('operand', 'changed', { before: withOp(a[i]), after: withOp(b[j]) }));
            i++; j++;
        }
        for (; i < untilA; i++) changes.push(change('operand', 'removed', { before: withOp(a[i]) }));
        for (; j < untilB; j++) changes.push(change('operand', 'added', { after: withOp(b[j]) }));
    };
    for (const [pa, pb] of pairs) {
        gap(pa, pb);
        // An operand that moved to or from the front gains or loses its operator with the operands around it.
        const opA = a[pa].op, opB = b[pb].op;
        if (opA && opB && opA !== opB) changes.push(change('operator', 'changed', { before: opA, after: opB, detail: `before ${b[pb].text}` }));
        i = pa + 1;
        j = pb + 1;
    }
    gap(a.length, b.length);
    return changes;
}

function withOp(o: Operand): string {
    return o.op ? `${o.op} ${o.text}` : o.text;
}

function sameQuery(a: SetExpr, b: SetExpr): boolean {
    const x = unwrapSet(a), y = unwrapSet(b);
    if (x.$type === 'InteractionQuery' && y.$type === 'InteractionQuery') return true;
    return x.$type === 'ProfileQuery' && y.$type === 'ProfileQuery';
}

function queryHead(e: SetExpr): string {
    const x = unwrapSet(e);
    if (x.$type === 'InteractionQuery') return `interaction ${x.type?.$refText ?? '…'}`;
    if (x.$type === 'ProfileQuery') return `profile ${x.entity?.$refText ?? '…'}`;
    return sourceText(x);
}

// ---------------------------------------------------------------- queries

type ClauseFamily = 'via' | 'having' | 'window' | 'where';

function familyOf(c: Clause): ClauseFamily {
    switch (c.$type) {
        case 'ViaClause': return 'via';
        case 'HavingClause': return 'having';
        case 'WhereClause': return 'where';
        default: return 'window';
    }
}

function compareInteractions(a: InteractionQuery, b: InteractionQuery, detail?: string): Change[] {
    const changes: Change[] = [];
    const ta = a.type?.$refText, tb = b.type?.$refText;
    if (ta !== tb) changes.push(change('interaction type', 'changed', { before: ta, after: tb, detail }));
    const clause = (q: InteractionQuery, f: ClauseFamily) => q.clauses.find(c => familyOf(c) === f);
    // Shown without their keyword where the aspect names it: "having: count >= 3 → count >= 5".
    const shown = (c: Clause | undefined) => c ? sourceText(c).replace(/^(via|having) /, '') : undefined;
    const compareClause = (family: 'via' | 'having' | 'window', ifRemoved?: string) => {
        const x = shown(clause(a, family)), y = shown(clause(b, family));
        if (x === y) return;
        if (x === undefined) changes.push(change(family, 'added', { after: y, detail }));
        else if (y === undefined) changes.push(change(family, 'removed', { before: x, detail: joinDetail(ifRemoved, detail) }));
        else changes.push(change(family, 'changed', { before: x, after: y, detail }));
    };
    compareClause('via', 'now the default relation');
    compareClause('having', 'now at least one');
    compareClause('window', 'now any time');
    const wa = clause(a, 'where'), wb = clause(b, 'where');
    changes.push(...compareConditions(wa?.$type === 'WhereClause' ? wa.cond : undefined, wb?.$type === 'WhereClause' ? wb.cond : undefined, detail));
    return changes;
}

function compareProfiles(a: ProfileQuery, b: ProfileQuery, detail?: string): Change[] {
    const changes: Change[] = [];
    const ea = a.entity?.$refText, eb = b.entity?.$refText;
    if (ea !== eb) changes.push(change('entity', 'changed', { before: ea, after: eb, detail }));
    changes.push(...compareConditions(a.where, b.where, detail));
    return changes;
}

function joinDetail(...parts: Array<string | undefined>): string | undefined {
    const kept = parts.filter((p): p is string => !!p);
    return kept.length ? kept.join(', ') : undefined;
}

// ---------------------------------------------------------------- conditions

interface Conjunct {
    text: string;
    /** Its top-level `or` terms (itself alone when it is not an `or`). */
    disjuncts: string[];
    /** What it tests (a field path, an `exists`), to tell "changed" from "removed and added". */
    subject?: string;
}

/**
 * The top-level `and` terms of both conditions, matched by text: unmatched
 * terms on the same subject are "changed", the rest "removed" and "added".
 */
export function compareConditions(a: Cond | undefined, b: Cond | undefined, detail?: string): Change[] {
    const x = conjuncts(a), y = conjuncts(b);
    const usedA = new Set<number>(), usedB = new Set<number>();
    x.forEach((c, i) => {
        const j = y.findIndex((d, k) => !usedB.has(k) && d.text === c.text);
        if (j >= 0) { usedA.add(i); usedB.add(j); }
    });
    const removed = x.map((c, i) => ({ c, i })).filter(e => !usedA.has(e.i));
    const added = y.map((c, i) => ({ c, i })).filter(e => !usedB.has(e.i));
    if (removed.length === 0 && added.length === 0) {
        const reordered = x.some((c, i) => c.text !== y[i].text);
        return reordered ? [change('conditions reordered', 'note', { detail })] : [];
    }
    // Everything sorted by position in the new condition, removals where they stood.
    const changes: Array<{ at: number; change: Change }> = [];
    const pairedB = new Set<number>();
    for (const r of removed) {
        // `a or b` → `a or b or c`: an alternative added (or removed), not a whole new condition.
        const widened = added.find(e => !pairedB.has(e.i) && sharesAlternatives(r.c, e.c));
        if (widened) {
            pairedB.add(widened.i);
            for (const d of widened.c.disjuncts.filter(d => !r.c.disjuncts.includes(d))) changes.push({ at: widened.i, change: change('alternative', 'added', { after: d, detail: joinDetail(detail, `in ${r.c.text}`) }) });
            for (const d of r.c.disjuncts.filter(d => !widened.c.disjuncts.includes(d))) changes.push({ at: widened.i, change: change('alternative', 'removed', { before: d, detail: joinDetail(detail, `in ${widened.c.text}`) }) });
            continue;
        }
        const match = added.find(e => !pairedB.has(e.i) && e.c.subject !== undefined && e.c.subject === r.c.subject);
        if (match) {
            pairedB.add(match.i);
            changes.push({ at: match.i, change: change('condition', 'changed', { before: r.c.text, after: match.c.text, detail }) });
        } else {
            changes.push({ at: r.i - 0.5, change: change('condition', 'removed', { before: r.c.text, detail }) });
        }
    }
    for (const e of added) if (!pairedB.has(e.i)) changes.push({ at: e.i, change: change('condition', 'added', { after: e.c.text, detail }) });
    return changes.sort((p, q) => p.at - q.at).map(p => p.change);
}

function conjuncts(c: Cond | undefined): Conjunct[] {
    if (!c) return [];
    return terms(c, 'AndCond').map(t => ({ text: sourceText(t), disjuncts: terms(t, 'OrCond').map(d => sourceText(d)), subject: subjectOf(t) }));
}

/** The operands of a chain of `and` (or of `or`), outer parentheses dropped: `a and (b and c)` → a, b, c. */
function terms(c: Cond, chain: 'AndCond' | 'OrCond'): Cond[] {
    let root: Cond = c;
    while (root.$type === 'ParenCond' && root.inner) root = root.inner;
    const out: Cond[] = [];
    const walk = (n: Cond) => {
        if (n.$type === chain) { walk(n.left); walk(n.right); } else out.push(n);
    };
    walk(root);
    return out;
}

/** Two conditions, at least one an `or`, one of whose alternatives include all of the other's. */
function sharesAlternatives(a: Conjunct, b: Conjunct): boolean {
    if (a.disjuncts.length < 2 && b.disjuncts.length < 2) return false;
    const [small, large] = a.disjuncts.length <= b.disjuncts.length ? [a.disjuncts, b.disjuncts] : [b.disjuncts, a.disjuncts];
    return small.every(d => large.includes(d));
}

function subjectOf(c: Cond | undefined): string | undefined {
    if (!c) return undefined;
    switch (c.$type) {
        case 'Comparison': case 'InTest': case 'TextTest': case 'NullTest': case 'BetweenTest': case 'WithinTest':
            return pathOf(c.path);
        case 'FieldPath': return pathOf(c);
        case 'NotCond': return subjectOf(c.operand);
        case 'ParenCond': return subjectOf(c.inner);
        case 'ExistsTest': return `exists ${c.entity?.$refText ?? ''} via ${c.via?.$refText ?? ''}`;
        // `(a = 1 or a = 2)` tests a; a mix of fields has no one subject.
        case 'OrCond': case 'AndCond': {
            const left = subjectOf(c.left), right = subjectOf(c.right);
            return left !== undefined && left === right ? left : undefined;
        }
        default: return undefined;
    }
}

function pathOf(p: AstNode | undefined): string | undefined {
    return p ? sourceText(p) : undefined;
}

// ---------------------------------------------------------------- lcs

/** Index pairs of a longest common subsequence of two short lists, in order. */
function lcs(a: readonly string[], b: readonly string[]): Array<[number, number]> {
    const n = a.length, m = b.length;
    const len: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
    for (let i = n - 1; i >= 0; i--) {
        for (let j = m - 1; j >= 0; j--) len[i][j] = a[i] === b[j] ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
    }
    const pairs: Array<[number, number]> = [];
    let i = 0, j = 0;
    while (i < n && j < m) {
        if (a[i] === b[j]) { pairs.push([i, j]); i++; j++; } else if (len[i + 1][j] >= len[i][j + 1]) i++; else j++;
    }
    return pairs;
}
