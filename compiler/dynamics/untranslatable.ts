// Chain steps with no Seg equivalent, each with the reason users need.
import type { CallNode } from './ast.js';
import { ImportCodes, type Reporter } from './diagnostics.js';

const REASONS: Record<string, string> = {
    ORDERBY: 'orders the members of a static segment; Seg segments are dynamic sets, without order',
    SKIP: 'takes a slice of a static segment\'s members; Seg segments are dynamic sets, without order',
    TAKE: 'takes a slice of a static segment\'s members; Seg segments are dynamic sets, without order',
    SELECT: 'chooses the columns of a static segment\'s member fetch; Seg segments are sets of contacts',
    RELATE: 'is the 2019+ designer\'s relationship step, whose syntax is undocumented; rewrite it as a TRAVERSE or a condition in Seg',
    HAVING: 'only follows an INTERACTION',
    TRAVERSE: 'cannot follow an INTERACTION or a SEGMENT (Dynamics\' own rule)',
    FILTER: 'cannot follow a SEGMENT: filter inside the referenced segment, or INTERSECT it with a PROFILE query',
};

export function untranslatableStep(step: CallNode, r: Reporter): undefined {
    const reason = REASONS[step.name] ?? 'has no Seg equivalent here';
    return r.error(ImportCodes.Untranslatable, `${step.name}(…) ${reason}.`, step.pos);
}
