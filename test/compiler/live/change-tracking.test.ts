// How `seg refresh --incremental` maps each table's rows to contacts (the
// column its triggers record, and which tables a segment narrows to the
// affected contacts), on the example project: an interaction's contact
// column, an `exists`' via column, the audience key; lookups map to no one.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableUses, trackedKeys } from '../../../compiler/live/change-tracking.js';
import { compileProject } from '../../../compiler/pipeline.js';

const examples = join(__dirname, '..', '..', '..', 'examples');

describe('change tracking: which column names a row\'s contact', () => {
    it('per segment: keyed uses by their column, lookups (an interaction through a lead, the lead itself) by none', async () => {
        const { plan } = await compileProject([examples]);
        const uses = (name: string) => Object.fromEntries([...tableUses(plan!, name)].map(([t, u]) => [t, u.key]));
        expect(uses('WebinarRegulars')).toEqual({ contact: 'contactid', webinar_attended: 'contact_id' });
        // `interaction WebinarAttended` reaching contacts through lead_id → lead.parentcontactid.
        expect(uses('LiveDeepDiveLeads')).toEqual({ contact: 'contactid', webinar_attended: null, lead: null });
        // `exists lead via parentcontactid`.
        expect(uses('HotLeadOwners')).toEqual({ contact: 'contactid', lead: 'parentcontactid' });
    });

    it('over the project: a table is tracked by the column its keyed uses agree on; one read only as a lookup by none', async () => {
        const { plan } = await compileProject([examples]);
        const keys = trackedKeys(plan!);
        expect(keys.get('webinar_attended')).toBe('contact_id');
        expect(keys.get('lead')).toBe('parentcontactid');
        expect(keys.get('contact')).toBe('contactid');
        expect(keys.get('account')).toBeNull();
        // Every table a live segment reads is tracked.
        for (const segment of plan!.segments.filter(s => !s.draft)) {
            for (const table of tableUses(plan!, segment.name).keys()) expect(keys.has(table), table).toBe(true);
        }
    });
});
