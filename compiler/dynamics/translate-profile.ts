// PROFILE(entity[, alias]).FILTER(…).TRAVERSE(relationship, alias)… → `profile contact where …`.
// Each stage's conditions are carried along the traversals to the contacts
// at the end: through a lookup the contact (or lead, …) holds, as a path
// (`parentcustomerid.name = …`, a many-to-one step: exactly the records the
// lookup reaches); against a lookup the other record holds, as `exists lead
// via parentcontactid where …` (a one-to-many step: some such record matches).
import { suggest, didYouMean } from '../../language/check/suggest.js';
import { AUDIENCE_ENTITY } from '../../language/model/field-types.js';
import type { CallNode, Chain, Expr } from './ast.js';
import { ImportCodes, type Reporter } from './diagnostics.js';
import type { Metadata, RecordMeta } from './metadata.js';
import { findRelationship, RELATIONSHIP_SCHEMA_NAMES } from './relationships.js';
import { and, condText, throughLookup, type SegCond } from './seg-text.js';
import { translateCond } from './translate-cond.js';
import { untranslatableStep } from './untranslatable.js';
import { exprLabel } from './values.js';

interface Stage {
    record: RecordMeta;
    aliases: string[];
    /** Everything known about this stage's records, earlier stages included; undefined: no condition. */
    cond?: SegCond;
}

export function translateProfile(chain: Chain, metadata: Metadata, r: Reporter): string | undefined {
    const [entityArg, aliasArg] = chain.head.args;
    const record = entityArg && entityOf(entityArg, metadata, r);
    if (!record) return undefined;
    let stage: Stage = { record, aliases: aliasesOf(record, aliasArg) };
    const earlier: string[] = [];
    for (const step of chain.steps) {
        if (step.name === 'FILTER') {
            const cond = step.args.length === 1
                ? translateCond(step.args[0], { record: stage.record, aliases: stage.aliases, earlier, reporter: r })
                : r.error(ImportCodes.Untranslatable, 'FILTER takes one condition.', step.pos);
            if (cond) stage.cond = and([stage.cond, cond].filter(c => c !== undefined));
        } else if (step.name === 'TRAVERSE') {
            const next = traverse(stage, step, metadata, r);
            if (!next) return undefined;
            earlier.push(...stage.aliases);
            stage = next;
        } else if (step.name !== 'DISTINCT') {
            untranslatableStep(step, r);
        }
    }
    if (r.failed) return undefined;
    if (stage.record.name !== AUDIENCE_ENTITY) {
        return r.error(ImportCodes.NotContacts, `This query selects ${stage.record.name} records; Seg segments select ${AUDIENCE_ENTITY}s. TRAVERSE to ${AUDIENCE_ENTITY} at the end (e.g. TRAVERSE(contact_account_parentcustomerid, contact_1)).`, chain.pos);
    }
    return stage.cond ? `profile ${AUDIENCE_ENTITY} where ${condText(stage.cond)}` : `profile ${AUDIENCE_ENTITY}`;
}

function entityOf(e: Expr, metadata: Metadata, r: Reporter): RecordMeta | undefined {
    const name = e.kind === 'path' && e.parts.length === 1 ? e.parts[0] : undefined;
    if (!name) return r.error(ImportCodes.Untranslatable, `PROFILE needs an entity name, not ${exprLabel(e)}.`, e.pos);
    const record = metadata.entity(name);
    if (!record) {
        return r.error(ImportCodes.UnknownEntity, `Unknown entity '${name}': it is not in the catalog (custom entities must be declared in the project first).${didYouMean(suggest(name, metadata.entityNames()))}`, e.pos);
    }
    return record;
}

function aliasesOf(record: RecordMeta, alias: Expr | undefined): string[] {
    const name = alias?.kind === 'path' && alias.parts.length === 1 ? [alias.parts[0].toLowerCase()] : [];
    return [...name, record.name.toLowerCase()];
}

/** The stage a TRAVERSE moves to, with the conditions so far carried over. */
function traverse(stage: Stage, step: CallNode, metadata: Metadata, r: Reporter): Stage | undefined {
    const [relArg, ...rest] = step.args;
    const edgeFilter = rest.find(a => a.kind === 'call' && a.name === 'FILTER');
    if (edgeFilter) {
        return r.error(ImportCodes.Untranslatable, 'TRAVERSE(…, FILTER(…)) filters the relationship\'s edges; Seg\'s lookups carry no attributes of their own, so the filter has no equivalent.', edgeFilter.pos);
    }
    const name = relArg?.kind === 'path' && relArg.parts.length === 1 ? relArg.parts[0] : undefined;
    const rel = name ? findRelationship(name, metadata) : undefined;
    if (!rel) {
        return r.error(ImportCodes.UnknownRelationship, `Unknown relationship '${name ?? (relArg ? exprLabel(relArg) : '')}': Seg knows the lookups of its catalog, named <from>_<to>_<lookup> (e.g. contact_account_parentcustomerid) or by their schema names.${didYouMean(suggest(name ?? '', RELATIONSHIP_SCHEMA_NAMES))}`, relArg?.pos ?? step.pos);
    }
    const here = stage.record.name;
    const target = here === rel.from ? rel.to : here === rel.to ? rel.from : undefined;
    const record = target && metadata.entity(target);
    if (!record) return r.error(ImportCodes.UnknownRelationship, `Relationship '${name}' joins ${rel.from} and ${rel.to}; it does not start at ${here}.`, relArg.pos);
    if (rel.from === rel.to) {
        r.approximate(`'${name}' joins ${here} to ${here}: the import follows it from the record holding '${rel.lookup}' to the one it refers to (child to parent); check that this is the direction the segment meant`, relArg.pos);
    }
    const carried = here === rel.from
        ? carryAgainstLookup(stage, rel.lookup)
        : carryThroughLookup(stage, rel.lookup, metadata, r, step);
    if (!carried) return undefined;
    return { record, aliases: aliasesOf(record, rest[0]), cond: carried };
}

/** Moving from the lookup's holder to what it refers to: some holder with these conditions refers to it. */
function carryAgainstLookup(stage: Stage, lookup: string): SegCond {
    return { k: 'exists', entity: stage.record.name, via: lookup, where: stage.cond };
}

/** Moving from the referred record to the lookup's holders: the lookup reaches a record with these conditions. */
function carryThroughLookup(stage: Stage, lookup: string, metadata: Metadata, r: Reporter, step: CallNode): SegCond | undefined {
    if (!stage.cond) {
        // No condition: the lookup must still reach a record (a dangling one does not).
        return { k: 'test', path: [lookup, metadata.entity(stage.record.name)!.key!], rest: 'is not null' };
    }
    const carried = throughLookup(stage.cond, lookup);
    if (!carried) {
        return r.error(ImportCodes.Untranslatable, `This TRAVERSE follows '${lookup}' back after a one-to-many step; Seg cannot read an 'exists' through a lookup.`, step.pos);
    }
    return carried;
}
