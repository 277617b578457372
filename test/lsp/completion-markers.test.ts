// Completion and validation with Langium's test helpers and `<|>` cursor markers,
// in process (test/lsp/in-process.ts).
import { describe, expect, it } from 'vitest';
import { inProcessServer } from './in-process.js';

const { completeAt, validate } = inProcessServer();

describe('completion at <|> markers (in-process services)', () => {
    it('offers interaction types after `interaction Email`', async () => {
        await completeAt('segment A = interaction Email<|>', l => {
            expect(l).toContain('EmailOpened');
            expect(l).toContain('EmailClicked');
        });
    });

    it('offers the relations of EmailOpened after `via`', async () => {
        await completeAt('segment A =\n  interaction EmailOpened\n    via <|>', l => {
            expect(l).toContain('contact');
            expect(l).toContain('lead');
        });
    });

    it('offers only the fields both types share after `then … on`', async () => {
        await completeAt('segment A = interaction EmailOpened within 30 days then EmailClicked on <|>', l => {
            expect(l).toContain('messageId');
            expect(l).toContain('customerJourneyId');
            // EmailClicked's own fields that EmailOpened lacks
            expect(l).not.toContain('linkFriendlyName');
        });
    });

    it('offers the second type\'s fields in the where after the gap', async () => {
        await completeAt('segment A = interaction EmailOpened then EmailClicked within 1 day where link<|>', l => {
            expect(l).toContain('linkFriendlyName');
        });
    });

    it('offers the interaction\'s fields in its where clause', async () => {
        await completeAt('segment A = interaction EmailOpened where mes<|>', l => {
            expect(l).toContain('messageId');
        });
    });

    it('offers the fields of the looked-up entity after `parentcustomerid.`', async () => {
        await completeAt('segment A = profile contact where parentcustomerid.<|>', l => {
            expect(l).toContain('name');
            expect(l).toContain('industrycode');
            // account's fields, not contact's
            expect(l).not.toContain('parentcustomerid');
        });
    });

    it('offers choice labels after `gendercode =`', async () => {
        await completeAt('segment A = profile contact where gendercode = <|>', l => {
            expect(l).toContain('"Male"');
            expect(l).toContain('"Female"');
        });
    });

    it('offers declared segments and query keywords at the start of a definition', async () => {
        await completeAt('segment Openers = interaction EmailOpened within 30 days\nsegment Locals = profile contact where address1_city = "Seattle"\nsegment B = <|>', l => {
            expect(l).toContain('Openers');
            expect(l).toContain('Locals');
            expect(l).toContain('profile');
            expect(l).toContain('interaction');
        });
    });

    it('offers time units after a number in a window', async () => {
        await completeAt('segment A = interaction EmailOpened within 3 <|>', (l, list) => {
            for (const unit of ['days', 'hours', 'weeks', 'months']) expect(l).toContain(unit);
            const days = list.items.find(i => i.label === 'days');
            expect(days?.detail).toBe('time unit');
        });
    });
});

describe('validation (in-process services, with the catalog)', () => {
    it('accepts a segment that uses catalog types, relations and fields', async () => {
        const { diagnostics, dispose } = await validate(
            'segment A =\n  interaction EmailOpened\n    via contact\n    within 3 days\n    where messageId = "5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a"\n' +
            'segment B = profile contact where gendercode = "Male" and parentcustomerid.name = "Contoso"\nsegment C = A union B\n');
        expect(diagnostics.filter(d => d.severity === 1)).toEqual([]);
        await dispose();
    });

    it('reports an unknown interaction type with a suggestion', async () => {
        const { diagnostics, dispose } = await validate('segment X =\n  interaction EmailOpend within 3 days\n');
        expect(diagnostics.map(d => d.code)).toEqual(['SEG103']);
        expect(diagnostics[0].message).toContain("Did you mean 'EmailOpened'?");
        await dispose();
    });

    it('reports a label that is not a choice of the field', async () => {
        const { diagnostics, dispose } = await validate('segment Y = profile contact where gendercode = "Mal"\n');
        expect(diagnostics.map(d => d.code)).toEqual(['SEG106']);
        await dispose();
    });
});
