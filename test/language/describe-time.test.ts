// The English of behaviour over time: distinct counts, first/last, `before … ago`
// and sequences read as what they select (seg explain and the hover).
import { describe, expect, it } from 'vitest';
import { isSegmentDecl } from '../../language/generated/ast.js';
import { describeSegment } from '../../language/describe/describe.js';
import { checkFiles } from '../helpers.js';

const CASES: Record<string, [string, string]> = {
    Broad: ['interaction EmailOpened having count(distinct messageId) >= 3 within 30 days',
        'Contacts with EmailOpened interactions with at least 3 different messageId values in the last 30 days.'],
    First: ['first interaction WebsiteVisited within 7 days',
        'Contacts with their first WebsiteVisited interaction in the last 7 days.'],
    Stopped: ['last interaction EmailOpened before 90 days ago',
        'Contacts with their most recent EmailOpened interaction 90 days ago or earlier.'],
    Then: ['interaction EmailOpened within 30 days then EmailClicked on messageId within 1 day',
        'Contacts with an EmailOpened interaction in the last 30 days followed by an EmailClicked interaction with the same messageId within 1 day.'],
    ThenNot: ['interaction EventRegistration within 60 days then not EventCheckIn within 3 days',
        'Contacts with an EventRegistration interaction in the last 60 days not followed by an EventCheckIn interaction within 3 days (once that time has passed).'],
};

describe('describing behaviour over time', () => {
    it('says what each form selects', async () => {
        const source = Object.entries(CASES).map(([n, [body]]) => `segment ${n} = ${body}`).join('\n') + '\n';
        const project = await checkFiles({ 't.seg': source });
        const decls = project.files.find(f => f.path === 't.seg')!.document.parseResult.value.declarations.filter(isSegmentDecl);
        expect(Object.fromEntries(decls.map(d => [d.name, describeSegment(d.body)]))).toEqual(Object.fromEntries(Object.entries(CASES).map(([n, [, text]]) => [n, text])));
    });
});
