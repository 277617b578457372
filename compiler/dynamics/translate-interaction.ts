// INTERACTION(Type, Type_ContactLink).FILTER(…).HAVING(agg op n[, UTCDAYS(n)]) → `interaction Type having … within … where …`.
//
// Dynamics builds an interaction segment from the interactions themselves, so
// a contact without any matching interaction is never in it; in Seg, `count`
// and `sum` of no rows are 0 and `having count < 3` includes such contacts.
// Where a condition admits zero the import keeps Dynamics' meaning: `COUNT() < 3`
// → `having count between 1 and 2`, and a `sum` test is intersected with the
// plain interaction query (at least one matching interaction).
import { suggest, didYouMean } from '../../language/check/suggest.js';
import type { CallNode, Chain, Expr } from './ast.js';
import { ImportCodes, type Reporter } from './diagnostics.js';
import type { Metadata, RecordMeta } from './metadata.js';
import { and, condText, type SegCond } from './seg-text.js';
import { resolvePath, translateCond } from './translate-cond.js';
import { compareNumbers, type NumericOp } from '../../language/model/having.js';
import { untranslatableStep } from './untranslatable.js';
import { constantNumber, exprLabel } from './values.js';

const WINDOWS: Record<string, string> = { UTCDAYS: 'day', UTCMONTHS: 'month', UTCYEARS: 'year' };
const LINKS: Record<string, string> = { contactlink: 'contact', leadlink: 'lead' };

export function translateInteraction(chain: Chain, metadata: Metadata, r: Reporter): string | undefined {
    const [typeArg, linkArg] = chain.head.args;
    const typeName = typeArg?.kind === 'path' && typeArg.parts.length === 1 ? typeArg.parts[0] : undefined;
    const record = typeName ? metadata.interaction(typeName) : undefined;
    if (!record) {
        return r.error(ImportCodes.UnknownInteraction, `Unknown interaction type '${typeName ?? ''}'.${didYouMean(suggest(typeName ?? '', metadata.interactionNames()))}`, typeArg?.pos ?? chain.pos);
    }
    const via = relationOf(record, linkArg, chain, r);
    const conds: SegCond[] = [];
    let having: CallNode | undefined;
    for (const step of chain.steps) {
        if (step.name === 'FILTER') {
            const cond = step.args.length === 1
                ? translateCond(step.args[0], { record, aliases: [record.name.toLowerCase()], earlier: [], reporter: r })
                : r.error(ImportCodes.Untranslatable, 'FILTER takes one condition.', step.pos);
            if (cond) conds.push(cond);
        } else if (step.name === 'HAVING' && !having) {
            having = step;
        } else {
            untranslatableStep(step, r);
        }
    }
    if (!having) r.warning(ImportCodes.Untranslatable, 'Dynamics requires a HAVING after INTERACTION; without one this imports as "at least one interaction, ever".', chain.pos);
    const parts = having ? havingParts(having, record, r) : { window: '' };
    if (r.failed || via === null || !parts) return undefined;
    const where = and(conds);
    const base = [`interaction ${record.name}`, via ? `via ${via}` : '', parts.window, where ? `where ${condText(where)}` : ''];
    const query = [...base.slice(0, 2), parts.having ?? '', ...base.slice(2)].filter(Boolean).join(' ');
    // A test that admits contacts without interactions: keep only those with at least one, as Dynamics does.
    return parts.admitsZero ? `(${query}) intersect (${base.filter(Boolean).join(' ')})` : query;
}

/** The Seg relation for the link type: `_ContactLink` → the default (no `via`); null when unknown (reported). */
function relationOf(record: RecordMeta, link: Expr | undefined, chain: Chain, r: Reporter): string | undefined | null {
    if (!link) {
        r.warning(ImportCodes.Untranslatable, `INTERACTION needs a link type (e.g. ${record.name}_ContactLink); imported as the contact link.`, chain.pos);
        return undefined;
    }
    const name = link.kind === 'path' && link.parts.length === 1 ? link.parts[0] : '';
    const suffix = name.toLowerCase().slice(name.lastIndexOf('_') + 1);
    const relation = LINKS[suffix];
    if (!relation || !record.relations.includes(relation)) {
        r.error(ImportCodes.Untranslatable, `Unknown link type '${name || exprLabel(link)}': ${record.name} reaches contacts through ${record.relations.map(rel => `${record.name}_${rel[0].toUpperCase()}${rel.slice(1)}Link`).join(' or ')}.`, link.pos);
        return null;
    }
    return relation === record.relations[0] ? undefined : relation;
}

interface HavingParts {
    having?: string;
    window: string;
    admitsZero?: boolean;
}

function havingParts(step: CallNode, record: RecordMeta, r: Reporter): HavingParts | undefined {
    const [test, windowArg, ...extra] = step.args;
    if (!test || extra.length) return r.error(ImportCodes.Untranslatable, 'HAVING takes a condition on an aggregate and an optional window.', step.pos);
    const window = windowArg ? windowText(windowArg, r) : '';
    if (window === undefined) return undefined;
    if (test.kind !== 'binary' || !['==', '!=', '<', '<=', '>', '>='].includes(test.op) || test.left.kind !== 'call') {
        return r.error(ImportCodes.Untranslatable, `HAVING's condition must be COUNT(), SUM(f), AVG(f), MIN(f) or MAX(f) compared with a number, not ${exprLabel(test)}.`, test.pos);
    }
    const n = constantNumber(test.right);
    if (n === undefined) return r.error(ImportCodes.Untranslatable, `HAVING compares an aggregate with a number, not ${exprLabel(test.right)}.`, test.right.pos);
    const agg = test.left;
    if (agg.name === 'COUNT') return countTest(test.op, n, test.pos, r, window);
    if (!['SUM', 'AVG', 'MIN', 'MAX'].includes(agg.name) || agg.args.length !== 1) {
        return r.error(ImportCodes.Untranslatable, `${agg.name}(…) is not an aggregate HAVING knows: COUNT(), SUM(f), AVG(f), MIN(f), MAX(f).`, agg.pos);
    }
    const field = resolvePath(agg.args[0], { record, aliases: [record.name.toLowerCase()], earlier: [], reporter: r });
    if (!field) return undefined;
    const op = test.op === '==' ? '=' : test.op;
    // avg/min/max of no rows are null in Seg and never pass: only sum (0) can admit contacts without interactions.
    const admitsZero = agg.name === 'SUM' && compareNumbers(op as NumericOp, 0, n);
    return { having: `having ${agg.name.toLowerCase()}(${field.name}) ${op} ${n}`, window, admitsZero };
}

/** COUNT() tests under Dynamics' rules (SQD "condition forbidden"), counting only contacts with interactions. */
function countTest(op: string, n: number, pos: Chain['pos'], r: Reporter, window: string): HavingParts | undefined {
    if (!Number.isInteger(n) || n < 0) return r.error(ImportCodes.ForbiddenInDynamics, `COUNT() compares with a whole number of at least 0, not ${n}.`, pos);
    switch (op) {
        case '>': return { having: n === 0 ? '' : `having count >= ${n + 1}`, window };
        case '>=': return { having: n <= 1 ? '' : `having count >= ${n}`, window };
        case '==': case '!=':
            if (op === '==' && n > 0) return { having: `having count = ${n}`, window };
            if (op === '!=' && n > 0) return { having: `having count != ${n}`, window, admitsZero: true };
            return r.error(ImportCodes.ForbiddenInDynamics, `COUNT() ${op} 0 is forbidden in Dynamics; for contacts without such interactions write PROFILE(contact) EXCEPT <the interaction query>.`, pos);
        case '<': case '<=': {
            const high = op === '<' ? n - 1 : n;
            if (high < 1) return r.error(ImportCodes.ForbiddenInDynamics, `COUNT() ${op} ${n} selects no one in Dynamics (an interaction segment needs at least one interaction).`, pos);
            return { having: high === 1 ? 'having count = 1' : `having count between 1 and ${high}`, window };
        }
    }
    return undefined;
}

function windowText(e: Expr, r: Reporter): string | undefined {
    const unit = e.kind === 'call' ? WINDOWS[e.name] : undefined;
    const n = e.kind === 'call' && e.args.length === 1 ? constantNumber(e.args[0]) : undefined;
    if (!unit || n === undefined || !Number.isInteger(n) || n <= 0) {
        return r.error(ImportCodes.Untranslatable, `HAVING's window must be UTCDAYS(n), UTCMONTHS(n) or UTCYEARS(n) with a whole n > 0, not ${exprLabel(e)}.`, e.pos);
    }
    return `within ${n} ${n === 1 ? unit : unit + 's'}`;
}
