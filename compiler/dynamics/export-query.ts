// A Seg segment → Dynamics segment query text (`seg export dynamics`), for the
// subset Dynamics says with the same meaning; anything else is an ExportError
// naming the construct. Importing the text back gives a segment with the same
// members (test/compiler/dynamics/round-trip.test.ts).
import {
    isAndCond, isCountAgg, isExistsTest, isFieldPath, isParenCond, isProfileQuery, isRollingWindow, isSegmentRef, isSetOp, isSetParen,
    isViaClause, isWhereClause, isHavingClause, isWindowClause, isTextTest, isOrCond,
    type Cond, type HavingClause, type InteractionQuery, type ProfileQuery, type SetExpr,
} from '../../language/generated/ast.js';
import { AUDIENCE_ENTITY } from '../../language/model/field-types.js';
import { admitsZero } from '../../language/model/having.js';
import { exportCond, ExportError, fieldsOf, type CondNaming } from './export-cond.js';
import { exportCount, type Part } from './export-count.js';

export { ExportError };

export function exportSetExpr(e: SetExpr): Part {
    if (isSetParen(e)) return exportSetExpr(e.inner);
    if (isSetOp(e)) return { text: `${operand(exportSetExpr(e.left))} ${e.op.toUpperCase()} ${operand(exportSetExpr(e.right))}`, compound: true };
    if (isSegmentRef(e)) return { text: `SEGMENT(${e.segment.$refText})`, compound: false };
    if (isProfileQuery(e)) return exportProfile(e);
    return exportInteraction(e as InteractionQuery);
}

function operand(p: Part): string {
    return p.compound ? `(${p.text})` : p.text;
}

const on = (alias: string): CondNaming => fieldsOf(name => `${alias}.${name}`);
const throughAccount: CondNaming = { field: path => path.length === 2 && path[0] === 'parentcustomerid' ? `account_1.${path[1]}` : undefined };

/** `profile contact where …`: contact conditions, a whole group through parentcustomerid (a TRAVERSE from accounts), and exists (one TRAVERSE each, intersected). */
function exportProfile(q: ProfileQuery): Part {
    const local: Cond[] = [], account: Cond[] = [], chains: string[] = [];
    for (const c of q.where ? conjuncts(q.where) : []) {
        const paths = pathsOf(c);
        if (isExistsTest(c)) chains.push(existsChain(c));
        else if (paths.every(p => p.length === 1)) local.push(c);
        else if (paths.every(p => p.length === 2 && p[0] === 'parentcustomerid')) account.push(c);
        else throw new ExportError('This condition mixes the contact\'s own fields with fields through lookups (or goes deeper than one lookup); Dynamics can only filter each record of a TRAVERSE on its own.', c);
    }
    const contactFilter = local.length ? `.FILTER(${local.map(c => and(c, on('contact_1'))).join(' && ')})` : '';
    const main = account.length
        ? `PROFILE(account, account_1).FILTER(${account.map(c => and(c, throughAccount)).join(' && ')})` +
          `.TRAVERSE(contact_account_parentcustomerid, contact_1)${contactFilter}`
        : `PROFILE(contact, contact_1)${contactFilter}`;
    const all = local.length || account.length || !chains.length ? [main, ...chains] : chains;
    return { text: all.join(' INTERSECT '), compound: all.length > 1 };
}

function and(c: Cond, naming: CondNaming): string {
    const text = exportCond(c, naming);
    return isOrCond(c) ? `(${text})` : text;
}

function existsChain(c: Extract<Cond, { $type: 'ExistsTest' }>): string {
    const entity = c.entity?.$refText, via = c.via?.$refText;
    const alias = `${entity}_1`;
    const filter = c.where ? `.FILTER(${exportCond(c.where, on(alias))})` : '';
    return `PROFILE(${entity}, ${alias})${filter}.TRAVERSE(${entity}_${AUDIENCE_ENTITY}_${via}, contact_1)`;
}

/** The top-level `and`s of a condition, through parentheses. */
function conjuncts(c: Cond): Cond[] {
    if (isAndCond(c)) return [...conjuncts(c.left), ...conjuncts(c.right)];
    if (isParenCond(c)) return conjuncts(c.inner);
    return [c];
}

/** The field paths a condition reads, as names; an exists' own condition is its business. */
function pathsOf(c: Cond): string[][] {
    const found: string[][] = [];
    const visit = (n: object): void => {
        for (const [key, v] of Object.entries(n)) {
            if (key.startsWith('$') || v === null || typeof v !== 'object') continue;
            if (isFieldPath(v)) { found.push(pathNames(v)); continue; }
            if (isExistsTest(v)) continue;
            if (Array.isArray(v)) v.forEach(x => typeof x === 'object' && x && visit(x));
            else if ('$type' in v) visit(v);
        }
    };
    if (isFieldPath(c)) return [pathNames(c)];
    visit(c);
    return found;
}

function pathNames(p: Extract<Cond, { $type: 'FieldPath' }>): string[] {
    const names: string[] = [];
    for (let s: typeof p | undefined = p; s; s = s.previous) names.unshift(s.field?.$refText ?? '?');
    return names;
}

const WINDOW_UNITS: Record<string, [string, number]> = {
    day: ['UTCDAYS', 1], days: ['UTCDAYS', 1], week: ['UTCDAYS', 7], weeks: ['UTCDAYS', 7],
    month: ['UTCMONTHS', 1], months: ['UTCMONTHS', 1], year: ['UTCYEARS', 1], years: ['UTCYEARS', 1],
};

function exportInteraction(q: InteractionQuery): Part {
    const type = q.type.$refText;
    if (q.occurrence) {
        throw new ExportError(`Dynamics' interaction segments count interactions in a window ending now: '${q.occurrence} interaction' (the ${q.occurrence === 'first' ? 'oldest' : 'newest'} one per contact) has no equivalent.`, q);
    }
    const distinct = q.clauses.find(isHavingClause)?.agg;
    if (distinct && isCountAgg(distinct) && distinct.distinct) {
        throw new ExportError(`Dynamics' COUNT() counts interactions, not different values: 'count(distinct ${distinct.field?.$refText ?? '…'})' has no equivalent.`, distinct);
    }
    const via = q.clauses.find(isViaClause)?.relation.$refText ?? 'contact';
    const link = `${type}_${via[0].toUpperCase()}${via.slice(1)}Link`;
    const where = q.clauses.find(isWhereClause)?.cond;
    if (where) forbidTextTests(where);
    const filter = where ? `.FILTER(${exportCond(where, fieldsOf(name => name[0].toUpperCase() + name.slice(1)))})` : '';
    const window = q.clauses.find(isWindowClause);
    let windowArg = '';
    if (window) {
        const unit = isRollingWindow(window) ? WINDOW_UNITS[window.duration.unit] : undefined;
        if (!isRollingWindow(window) || !unit) {
            throw new ExportError(`Dynamics' only windows are UTCDAYS/UTCMONTHS/UTCYEARS ending now: '${window.$cstNode?.text}' has no equivalent.`, window);
        }
        windowArg = `, ${unit[0]}(${Number(window.duration.amount.value) * unit[1]})`;
    }
    const chain = (condition: string) => `INTERACTION(${type}, ${link})${filter}.HAVING(${condition}${windowArg})`;
    const having = q.clauses.find(isHavingClause);
    if (!having) return { text: chain('COUNT() > 0'), compound: false };
    if (isCountAgg(having.agg)) return exportCount(having, chain);
    return exportAggregate(having, chain);
}

/** SUM/AVG/MIN/MAX: Dynamics never includes contacts without interactions, so a sum test that 0 passes has no equivalent. */
function exportAggregate(h: HavingClause, chain: (condition: string) => string): Part {
    const agg = h.agg as Extract<HavingClause['agg'], { $type: 'FieldAgg' }>;
    const call = `${agg.fn.toUpperCase()}(${agg.field.$refText[0].toUpperCase()}${agg.field.$refText.slice(1)})`;
    const tests = h.op ? [[h.op === '=' ? '==' : h.op, h.value!.value]] : [['>=', h.low!.value], ['<=', h.high!.value]];
    if (agg.fn === 'sum' && admitsZero({ op: h.op, value: Number(h.value?.value), low: Number(h.low?.value), high: Number(h.high?.value) })) {
        throw new ExportError(`'having sum(…) ${h.$cstNode?.text.replace(/^having sum\([^)]*\) /, '')}' also selects contacts without interactions (their sum is 0); Dynamics' interaction segments never include them.`, h);
    }
    const parts = tests.map(([op, n]) => chain(`${call} ${op} ${n}`));
    return { text: parts.join(' INTERSECT '), compound: parts.length > 1 };
}

/** Dynamics refuses CONTAINS/STARTSWITH/ENDSWITH in an interaction's FILTER (SQD "usage limitations"). */
function forbidTextTests(c: Cond): void {
    const walk = (n: object): void => {
        if (isTextTest(n)) throw new ExportError(`Dynamics does not allow '${n.op === 'contains' ? 'contains' : `${n.op} with`}' in an interaction's filter.`, n);
        for (const [k, v] of Object.entries(n)) if (!k.startsWith('$') && v && typeof v === 'object' && '$type' in v) walk(v);
    };
    walk(c);
}
