// TRAVERSE relationships: a lookup field on one entity referring to another.
// Real queries name them `<from>_<to>_<lookup>` (contact_account_parentcustomerid);
// the standard Dataverse schema names of the contact/account/lead lookups are
// accepted too.
import type { Metadata } from './metadata.js';

export interface Relationship {
    /** The entity holding the lookup. */
    from: string;
    lookup: string;
    /** The entity the lookup refers to. */
    to: string;
}

const SCHEMA_NAMES: Record<string, Relationship> = {
    contact_customer_accounts: { from: 'contact', lookup: 'parentcustomerid', to: 'account' },
    account_primary_contact: { from: 'account', lookup: 'primarycontactid', to: 'contact' },
    lead_parent_contact: { from: 'lead', lookup: 'parentcontactid', to: 'contact' },
    lead_parent_account: { from: 'lead', lookup: 'parentaccountid', to: 'account' },
    account_parent_account: { from: 'account', lookup: 'parentaccountid', to: 'account' },
};

export function findRelationship(name: string, metadata: Metadata): Relationship | undefined {
    const known = SCHEMA_NAMES[name.toLowerCase()];
    if (known) return known;
    const words = name.toLowerCase().split('_');
    for (let i = 1; i < words.length - 1; i++) {
        for (let j = i + 1; j < words.length; j++) {
            const from = metadata.entity(words.slice(0, i).join('_')), to = metadata.entity(words.slice(i, j).join('_'));
            const field = from?.fields.get(words.slice(j).join('_'));
            if (from && to && field?.type.kind === 'lookup' && field.type.targetName.toLowerCase() === to.name.toLowerCase()) {
                return { from: from.name, lookup: field.name, to: to.name };
            }
        }
    }
    return undefined;
}

export const RELATIONSHIP_SCHEMA_NAMES = Object.keys(SCHEMA_NAMES);
