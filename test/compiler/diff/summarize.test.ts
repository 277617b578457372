// Plain-English change summaries: one segment's definition before and after.
import { EmptyFileSystem } from 'langium';
import { describe, expect, it } from 'vitest';
import { summarizeChange } from '../../../compiler/diff/summarize.js';
import { isSegmentDecl, type SegmentDecl } from '../../../language/generated/ast.js';
import { createSegServices } from '../../../language/seg-module.js';
import { loadProject } from '../../../language/workspace/load-project.js';

/** Segments every version may use. */
const CONTEXT = `
segment A = profile contact where address1_city = "Seattle"
segment B = interaction EmailOpened within 7 days
segment C = interaction EmailClicked within 7 days
`;

// A workspace per version: loading the other version must not disturb this one's AST.
const workspaces = [createSegServices(EmptyFileSystem), createSegServices(EmptyFileSystem)];

/** Segment S of a project (checked without errors) with CONTEXT. */
async function segment(text: string, version: 0 | 1 = 0): Promise<SegmentDecl> {
    const services = workspaces[version];
    const project = await loadProject(services, { files: [{ path: 'test.seg', text: `${CONTEXT}\n${text}\n` }] });
    const errors = project.files.flatMap(f => f.diagnostics.filter(d => d.severity === 1).map(d => d.message));
    expect(errors).toEqual([]);
    const decl = project.files.flatMap(f => f.document.parseResult.value.declarations).find(d => isSegmentDecl(d) && d.name === 'S');
    return decl as SegmentDecl;
}

async function summaries(before: string, after: string): Promise<string[]> {
    return summarizeChange(await segment(before, 0), await segment(after, 1)).map(c => c.summary);
}

describe('summarizeChange', () => {
    it('names an alternative added to, or removed from, an `or` condition', async () => {
        expect(await summaries(
            'segment S = profile contact where donotemail or statecode = 1',
            'segment S = profile contact where donotemail or statecode = 1 or address1_city = "Seattle"',
        )).toEqual(['alternative added: address1_city = "Seattle" (in donotemail or statecode = 1)']);
        expect(await summaries(
            'segment S = profile contact where jobtitle contains "cfo" and (donotemail or donotphone)',
            'segment S = profile contact where jobtitle contains "cfo" and donotemail',
        )).toEqual(['alternative removed: donotphone (in donotemail)']);
    });

    it('names a widened window and a changed having', async () => {
        expect(await summaries(
            'segment S = interaction EmailOpened having count >= 3 within 14 days',
            'segment S = interaction EmailOpened having count >= 5 within 30 days',
        )).toEqual(['having: count >= 3 → count >= 5', 'window: within 14 days → within 30 days']);
    });

    it('gives structured parts for tools', async () => {
        const [c] = summarizeChange(
            await segment('segment S = interaction EmailOpened within 14 days'),
            await segment('segment S = interaction EmailOpened within 30 days', 1));
        expect(c).toEqual({ aspect: 'window', kind: 'changed', before: 'within 14 days', after: 'within 30 days', summary: 'window: within 14 days → within 30 days' });
    });

    it('says what a removed clause leaves, and names an added one', async () => {
        expect(await summaries(
            'segment S = interaction EmailOpened having count >= 2 within 14 days',
            'segment S = interaction EmailOpened between 30 and 90 days ago',
        )).toEqual(['having removed: count >= 2 (now at least one)', 'window: within 14 days → between 30 and 90 days ago']);
        expect(await summaries(
            'segment S = interaction EmailOpened within 14 days',
            'segment S = interaction EmailOpened',
        )).toEqual(['window removed: within 14 days (now any time)']);
        expect(await summaries(
            'segment S = interaction EmailOpened',
            'segment S = interaction EmailOpened having count >= 2',
        )).toEqual(['having added: count >= 2']);
    });

    it('names conditions added, removed and changed, as written in source', async () => {
        expect(await summaries(
            'segment S = profile contact where jobtitle contains "director"',
            'segment S = profile contact where jobtitle contains "director" and address1_city = "Seattle"',
        )).toEqual(['condition added: address1_city = "Seattle"']);
        expect(await summaries(
            'segment S = profile contact',
            'segment S = profile contact where address1_city = \'Seattle\'',
        )).toEqual(['condition added: address1_city = "Seattle"']);
        expect(await summaries(
            'segment S = profile contact where address1_city = "Seattle" and jobtitle contains "director"',
            'segment S = profile contact where jobtitle contains "director"',
        )).toEqual(['condition removed: address1_city = "Seattle"']);
        expect(await summaries(
            'segment S = profile contact where address1_city = "Seattle" and jobtitle contains "director"',
            'segment S = profile contact where address1_city in ["Seattle", "Portland"] and jobtitle contains "director"',
        )).toEqual(['condition changed: address1_city = "Seattle" → address1_city in ["Seattle", "Portland"]']);
        expect(await summaries(
            'segment S = interaction EmailOpened within 7 days where emailDomain = "example.com"',
            'segment S = interaction EmailOpened within 7 days where emailDomain = "example.org" and usageType = "x"',
        )).toEqual(['condition changed: emailDomain = "example.com" → emailDomain = "example.org"', 'condition added: usageType = "x"']);
    });

    it('notes conditions that only moved', async () => {
        expect(await summaries(
            'segment S = profile contact where address1_city = "Seattle" and jobtitle contains "director"',
            'segment S = profile contact where jobtitle contains "director" and address1_city = "Seattle"',
        )).toEqual(['conditions reordered']);
    });

    it('names the interaction type, the entity and a reference', async () => {
        expect(await summaries(
            'segment S = interaction EmailOpened within 7 days',
            'segment S = interaction EmailClicked within 7 days',
        )).toEqual(['interaction type: EmailOpened → EmailClicked']);
        expect(await summaries('segment S = A', 'segment S = B')).toEqual(['refers to: A → B']);
    });

    it('notes the draft flag', async () => {
        expect(await summaries('segment S = A', 'draft segment S = A')).toEqual(['now a draft']);
        expect(await summaries('draft segment S = A', 'segment S = A')).toEqual(['now live']);
    });

    it('names set operands added and removed, and operators changed', async () => {
        expect(await summaries('segment S = A union B', 'segment S = A union B union C')).toEqual(['operand added: union C']);
        expect(await summaries('segment S = A union B except C', 'segment S = A union B')).toEqual(['operand removed: except C']);
        expect(await summaries('segment S = A union B', 'segment S = A intersect B')).toEqual(['operator: union → intersect (before B)']);
    });

    it('pairs an operand replaced in place', async () => {
        expect(await summaries('segment S = A union B except C', 'segment S = A union B except (B union C)'))
            .toEqual(['operand changed: except C → except (B union C)']);
        expect(await summaries(
            'segment S = (interaction EmailOpened within 7 days) except (profile contact where address1_city = "Oslo")',
            'segment S = (interaction EmailOpened within 9 days) except (profile contact where address1_city = "Bergen")',
        )).toEqual([
            'window: within 7 days → within 9 days (in operand 1, interaction EmailOpened)',
            'condition changed: address1_city = "Oslo" → address1_city = "Bergen" (in operand 2, profile contact)',
        ]);
    });

    it('pairs conditions on one field, even grouped in parentheses', async () => {
        expect(await summaries(
            'segment S = profile contact where address1_city = "Oslo" and (jobtitle contains "director" or jobtitle ends with "officer")',
            'segment S = profile contact where address1_city = "Oslo" and (jobtitle contains "manager" or jobtitle ends with "officer")',
        )).toEqual(['condition changed: (jobtitle contains "director" or jobtitle ends with "officer") → (jobtitle contains "manager" or jobtitle ends with "officer")']);
    });

    it('compares an operand edited in place in detail', async () => {
        expect(await summaries(
            'segment S = A union interaction EmailOpened within 14 days',
            'segment S = A union interaction EmailOpened within 30 days',
        )).toEqual(['window: within 14 days → within 30 days (in operand 2, interaction EmailOpened)']);
    });

    it('ignores layout, clause order, parentheses around the whole and comments', async () => {
        expect(await summaries(
            'segment S = interaction EmailOpened within 14 days having count >= 2',
            'segment S =\n  // why\n  interaction EmailOpened\n    having count >= 2\n    within 14 days',
        )).toEqual([]);
    });

    it('falls back to the whole definition when the shapes differ', async () => {
        expect(await summaries('segment S = profile contact', 'segment S = A')).toEqual(['definition: profile contact → A']);
        expect(await summaries('segment S = A union B', 'segment S = (A union B)')).toEqual([]);
        expect(await summaries('segment S = A union B', 'segment S = C intersect profile contact')).toEqual(['definition: A union B → C intersect profile contact']);
    });
});
