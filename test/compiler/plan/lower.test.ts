import { describe, expect, it } from 'vitest';
import type { InteractionNode, ProfileNode, SetOpNode } from '../../../compiler/plan/plan.js';
import { snakeCase } from '../../../compiler/plan/physical-names.js';
import { planOf } from '../../helpers.js';

const GUID = '5B2C7A4E-1D2F-4C3B-9A8E-0F1E2D3C4B5A';

describe('physical names', () => {
    it.each([
        ['messageId', 'message_id'], ['EmailOpened', 'email_opened'], ['address1_city', 'address1_city'],
        ['customerJourneyIterationId', 'customer_journey_iteration_id'], ['LinkedInFormSubmission', 'linked_in_form_submission'],
        ['internalMarketingInteractionId', 'internal_marketing_interaction_id'], ['contactid', 'contactid'], ['URLVisited', 'url_visited'],
    ])('%s → %s', (name, expected) => expect(snakeCase(name)).toBe(expected));
});

describe('lower', () => {
    it('an interaction query: table, default relation, window, where with a typed literal, default having', async () => {
        const plan = await planOf(`segment A = interaction EmailOpened within 14 days where messageId = "${GUID}"`);
        expect(plan.audience).toEqual({ table: 'contact', key: 'contactid' });
        const node = plan.nodes[plan.segments[0].node] as InteractionNode;
        expect(node).toMatchObject({
            kind: 'interaction', type: 'EmailOpened', table: 'email_opened',
            relation: { name: 'contact', column: 'contact_id', steps: [] },
            window: { kind: 'rolling', amount: 14, unit: 'day' },
            where: { op: 'cmp', cmp: '=', column: { path: [], column: 'message_id', type: 'uuid' }, value: { type: 'uuid', value: GUID.toLowerCase() } },
            having: { agg: 'count', op: '>=', value: 1 },
            admitsZero: false,
        });
        expect(plan.segments[0].source).toMatchObject({ file: 'test.seg', line: 1, column: 1 });
    });

    it('via lead follows the relation path through the lead table', async () => {
        const plan = await planOf('segment A = interaction FormSubmitted via lead having count between 0 and 2 within 3 months');
        const node = plan.nodes[0] as InteractionNode;
        expect(node.relation).toEqual({ name: 'lead', column: 'lead_id', steps: [{ table: 'lead', key: 'leadid', column: 'parentcontactid' }] });
        expect(node.having).toEqual({ agg: 'count', low: 0, high: 2 });
        expect(node.admitsZero).toBe(true);
        expect(node.window).toEqual({ kind: 'rolling', amount: 3, unit: 'month' });
    });

    it('aggregates: sum admits zero, avg/min/max never do', async () => {
        const plan = await planOf('segment S = interaction LeadScoreBoost having sum(boostValue) < 10\nsegment M = interaction LeadScoreBoost having max(boostValue) < 10');
        expect(plan.nodes[0]).toMatchObject({ having: { agg: 'sum', column: 'boost_value', op: '<', value: 10 }, admitsZero: true });
        expect(plan.nodes[1]).toMatchObject({ having: { agg: 'max', column: 'boost_value' }, admitsZero: false });
    });

    it('windows: ago, since/before with local and offset date-times, a date end meaning the whole day', async () => {
        const plan = await planOf([
            'segment A = interaction EmailOpened between 30 and 90 days ago',
            'segment B = interaction EmailOpened since 2026-01-01',
            'segment C = interaction EmailOpened before 2026-03-01T08:30:00+01:00',
            'segment D = interaction EmailOpened between 2026-01-01 and 2026-01-31',
            'segment E = interaction EmailOpened between 2026-01-01T10:00 and 2026-01-02T10:00:00Z',
        ].join('\n'), { timeZone: 'Europe/Amsterdam' });
        expect(plan.timeZone).toBe('Europe/Amsterdam');
        expect(plan.nodes.map(n => (n as InteractionNode).window)).toEqual([
            { kind: 'ago', from: 30, to: 90, unit: 'day' },
            { kind: 'since', start: { kind: 'local', value: '2026-01-01T00:00:00' } },
            { kind: 'before', end: { kind: 'utc', value: '2026-03-01T07:30:00.000Z' } },
            { kind: 'range', start: { kind: 'local', value: '2026-01-01T00:00:00' }, end: { kind: 'local', value: '2026-02-01T00:00:00' } },
            { kind: 'range', start: { kind: 'local', value: '2026-01-01T10:00:00' }, end: { kind: 'utc', value: '2026-01-02T10:00:00.000Z' } },
        ]);
    });

    it('profile conditions: choice labels become codes, lookups become paths, exists names the outer key', async () => {
        const plan = await planOf(`segment P = profile contact where statecode = "inactive" and parentcustomerid.industrycode in ["Financial", 1]
  and not donotemail and (exists lead via parentcontactid where leadsourcecode = "Web") and createdon >= 2026-01-01`);
        const node = plan.nodes[0] as ProfileNode;
        expect(node).toMatchObject({ kind: 'profile', table: 'contact', key: 'contactid' });
        const flat = JSON.stringify(node.where);
        expect(node.where).toMatchObject({ op: 'and' });
        expect(flat).toContain('{"op":"cmp","cmp":"=","column":{"path":[],"column":"statecode","type":"integer"},"value":{"type":"integer","value":1}}');
        expect(flat).toContain('{"op":"in","negated":false,"column":{"path":[{"table":"account","key":"accountid","column":"parentcustomerid"}],"column":"industrycode","type":"integer"},"values":[{"type":"integer","value":16},{"type":"integer","value":1}]}');
        expect(flat).toContain('{"op":"not","arg":{"op":"true","column":{"path":[],"column":"donotemail","type":"boolean"}}}');
        expect(flat).toContain('{"op":"exists","table":"lead","via":"parentcontactid","outerKey":"contactid","where":{"op":"cmp","cmp":"=","column":{"path":[],"column":"leadsourcecode","type":"integer"},"value":{"type":"integer","value":8}}}');
        expect(flat).toContain('"value":{"type":"datetime","value":{"kind":"local","value":"2026-01-01T00:00:00"}}');
    });

    it('a segment referenced twice is one shared node; set operations refer to node ids in topological order', async () => {
        const plan = await planOf([
            'segment A = interaction EmailOpened within 7 days',
            'segment B = profile contact where donotemail',
            'segment C = A union B',
            'segment D = (A intersect B) except C',
        ].join('\n'));
        const [a, b, c, d] = plan.segments;
        expect(a.node).not.toBe(b.node);
        expect(plan.nodes[a.node].refCount).toBe(3); // segment A, C's union, D's intersect
        expect(plan.nodes[c.node].refCount).toBe(2); // segment C and D's except
        expect(c.uses).toEqual(['A', 'B']);
        expect(d.uses).toEqual(['A', 'B', 'C']);
        const dNode = plan.nodes[d.node] as SetOpNode;
        expect(dNode.kind).toBe('except');
        expect(plan.nodes[dNode.left]).toMatchObject({ kind: 'intersect', left: a.node, right: b.node });
        expect(dNode.right).toBe(c.node);
        for (const n of plan.nodes) {
            if (n.kind === 'union' || n.kind === 'intersect' || n.kind === 'except') {
                expect(n.left).toBeLessThan(n.id);
                expect(n.right).toBeLessThan(n.id);
            }
        }
        expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    });
});
