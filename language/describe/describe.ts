// Plain-English descriptions for hovers: what a segment selects, and which
// family an interaction type belongs to.
import type { AstNode } from 'langium';
import {
    isAgoWindow, isBeforeWindow, isOlderWindow, isCountAgg, isHavingClause, isRangeWindow, isRollingWindow, isSinceWindow, isViaClause, isWhereClause,
    type Cond, type Duration, type FieldPath, type InteractionQuery, type SetExpr, type SetOp, type SetParen, type Value,
} from '../generated/ast.js';
import { pathText } from '../model/field-types.js';

export type InteractionCategory = 'email' | 'event' | 'form' | 'web' | 'journey' | 'subscription' | 'lead' | 'other';

/** The family of an interaction type, from its name: `EmailOpened` → email. */
export function categoryOf(name: string): InteractionCategory {
    if (/^Email|Address$|^Domain|EmailCredits|Bounce/.test(name)) return 'email';
    if (/Event|Session/.test(name)) return 'event';
    if (/Form|Survey/.test(name)) return 'form';
    if (/Lead/.test(name)) return 'lead';
    if (/Website|Redirect|Link/.test(name)) return 'web';
    if (/Subscri|Segment|Consent/.test(name)) return 'subscription';
    if (/Journey|Activity|Trigger|Scheduler|Splitter|PassThrough|Channel|Confirmation/.test(name)) return 'journey';
    return 'other';
}

/** A segment's body as one sentence, as `seg explain` and the editor's hover show it. */
export function describeSegment(body: SetExpr | undefined): string {
    // The first letter upper-case, also when the sentence opens with a bracketed group.
    return `${describeSet(body).replace(/^(\(*)(.)/, (_, open: string, first: string) => open + first.toUpperCase())}.`;
}

/** "Contacts with at least 3 EmailOpened interactions in the last 14 days where customerJourneyId is "…"". */
export function describeSet(e: SetExpr | undefined, depth = 0): string {
    if (!e || depth > 20) return '…';
    switch (e.$type) {
        case 'SegmentRef': return `members of ${e.segment?.$refText ?? '…'}`;
        case 'SetParen': return describeSet(e.inner, depth + 1);
        case 'ProfileQuery': {
            const entity = e.entity?.$refText ?? '…';
            const who = entity === 'contact' ? 'Contacts' : `Records of ${entity}`;
            return e.where ? `${who} where ${describeCond(e.where)}` : `All ${entity === 'contact' ? 'contacts' : `records of ${entity}`}`;
        }
        case 'InteractionQuery': return describeInteraction(e);
        case 'SetOp': {
            // Grouping must survive into English: a compound operand is bracketed, except within a chain
            // of one associative operator (A union B union C), where grouping does not change the meaning.
            const parts = operands(e).map((o, i) => {
                const text = describeSet(o, depth + 1);
                return unwrap(o)?.$type === 'SetOp' ? `(${lowerFirst(text)})` : i === 0 ? text : lowerFirst(text);
            });
            return parts.join(e.op === 'union' ? ', or ' : e.op === 'intersect' ? ', who are also ' : ', except ');
        }
    }
    return '…';
}

function unwrap(e: SetExpr | undefined): SetExpr | undefined {
    while (e?.$type === 'SetParen') e = (e as SetParen).inner;
    return e;
}

/** The operands of a set operation; a chain of union (or of intersect), however bracketed, as one list. */
function operands(e: SetOp): Array<SetExpr | undefined> {
    if (e.op === 'except') return [e.left, e.right];
    const out: Array<SetExpr | undefined> = [];
    const visit = (x: SetExpr | undefined) => {
        const u = unwrap(x);
        if (u?.$type === 'SetOp' && (u as SetOp).op === e.op) {
            visit((u as SetOp).left);
            visit((u as SetOp).right);
        } else {
            out.push(x);
        }
    };
    visit(e.left);
    visit(e.right);
    return out;
}

function describeInteraction(q: InteractionQuery): string {
    const type = q.type?.$refText ?? '…';
    const having = q.clauses.find(isHavingClause);
    let amount = `at least one ${type} interaction`;
    if (having) {
        const distinct = isCountAgg(having.agg) && having.agg.distinct;
        const agg = isCountAgg(having.agg) ? undefined : `${having.agg.fn}(${having.agg.field?.$refText ?? '…'})`;
        const range = having.low && having.high ? `between ${having.low.value} and ${having.high.value}` : `${CMP_WORDS[having.op ?? ''] ?? having.op} ${having.value?.value ?? '…'}`;
        amount = distinct && isCountAgg(having.agg) ? `${type} interactions with ${range} different ${having.agg.field?.$refText ?? '…'} values`
            : agg ? `${type} interactions whose ${agg} is ${range}` : `${range} ${type} interactions`;
    }
    if (q.occurrence) amount = `their ${q.occurrence === 'first' ? 'first' : 'most recent'} ${type} interaction`;
    const parts = [`Contacts with ${amount}`];
    const via = q.clauses.find(isViaClause);
    if (via) parts.push(`(via ${via.relation?.$refText ?? '…'})`);
    for (const c of q.clauses) {
        if (isRollingWindow(c)) parts.push(`in the last ${duration(c.duration)}`);
        else if (isAgoWindow(c)) parts.push(`between ${c.from?.value ?? '…'} and ${duration(c.to)} ago`);
        else if (isSinceWindow(c)) parts.push(`since ${c.instant?.value ?? '…'}`);
        else if (isBeforeWindow(c)) parts.push(`before ${c.instant?.value ?? '…'}`);
        else if (isOlderWindow(c)) parts.push(`${duration(c.age)} ago or earlier`);
        else if (isRangeWindow(c)) parts.push(`from ${c.start?.value ?? '…'} until ${c.end?.value ?? '…'}`);
    }
    const where = q.clauses.find(isWhereClause);
    if (where) parts.push(`where ${describeCond(where.cond)}`);
    const t = q.then;
    if (t) {
        parts[0] = `Contacts with ${article(type)} ${type} interaction`;
        const on = t.on ? ` with the same ${t.on.$refText}` : '';
        parts.push(t.negated
            ? `not followed by ${article(t.type?.$refText ?? '')} ${t.type?.$refText ?? '…'} interaction${on} within ${duration(t.gap)} (once that time has passed)`
            : `followed by ${article(t.type?.$refText ?? '')} ${t.type?.$refText ?? '…'} interaction${on} within ${duration(t.gap)}`);
        if (t.where) parts.push(`where ${describeCond(t.where)}`);
    }
    return parts.join(' ');
}

/** "an EmailOpened", "a WebsiteVisited". */
function article(word: string): string {
    return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

const CMP_WORDS: Record<string, string> = {
    '=': 'exactly', '!=': 'other than', '<': 'fewer than', '<=': 'at most', '>': 'more than', '>=': 'at least',
};
const TEST_WORDS: Record<string, string> = {
    '=': 'is', '!=': 'is not', '<': 'is less than', '<=': 'is at most', '>': 'is greater than', '>=': 'is at least',
};

export function describeCond(c: Cond | undefined, depth = 0): string {
    if (!c || depth > 40) return '…';
    const path = (p: FieldPath | undefined) => (p ? safePathText(p) : '…');
    switch (c.$type) {
        case 'OrCond': return `${describeCond(c.left, depth + 1)} or ${describeCond(c.right, depth + 1)}`;
        case 'AndCond': return `${describeCond(c.left, depth + 1)} and ${describeCond(c.right, depth + 1)}`;
        case 'NotCond': return `not (${describeCond(c.operand, depth + 1)})`;
        case 'ParenCond': return `(${describeCond(c.inner, depth + 1)})`;
        case 'ExistsTest': return `there is a ${c.entity?.$refText ?? '…'} whose ${c.via?.$refText ?? '…'} refers to them${c.where ? ` with ${describeCond(c.where, depth + 1)}` : ''}`;
        case 'Comparison': return `${path(c.path)} ${TEST_WORDS[c.op] ?? c.op} ${value(c.value)}`;
        case 'InTest': return `${path(c.path)} is ${c.negated ? 'not ' : ''}one of ${c.values.map(value).join(', ')}`;
        case 'TextTest': return `${path(c.path)} ${c.negated ? 'does not ' : ''}${c.op === 'contains' ? (c.negated ? 'contain' : 'contains') : c.op === 'starts' ? (c.negated ? 'start with' : 'starts with') : (c.negated ? 'end with' : 'ends with')} ${value(c.value)}`;
        case 'NullTest': return `${path(c.path)} is ${c.negated ? 'set' : 'empty'}`;
        case 'BetweenTest': return `${path(c.path)} is between ${value(c.low)} and ${value(c.high)}`;
        case 'WithinTest': return `${path(c.path)} is in the last ${duration(c.duration)}`;
        case 'FieldPath': return `${safePathText(c)} is true`;
    }
    return '…';
}

function safePathText(p: FieldPath): string {
    try {
        return pathText(p);
    } catch {
        return '…';
    }
}

function value(v: Value | undefined): string {
    if (!v) return '…';
    switch (v.$type) {
        case 'StringLiteral': return JSON.stringify(v.value ?? '');
        case 'BooleanLiteral': return v.value ? 'true' : 'false';
        case 'NullLiteral': return 'null';
        default: return String((v as AstNode & { value?: unknown }).value ?? '…');
    }
}

function duration(d: Duration | undefined): string {
    return d ? `${d.amount?.value ?? '…'} ${d.unit ?? ''}`.trim() : '…';
}

function lowerFirst(s: string): string {
    return s.startsWith('Contacts') || s.startsWith('All contacts') ? s[0].toLowerCase() + s.slice(1) : s;
}
