// Diagnostics across the checker: no cascades, and no crash on any prefix: one test (or a small describe) per code, with
// the code, the severity, the message and the exact range it underlines.
import { describe, expect, test } from 'vitest';
import { diagnosticsOf } from '../../helpers.js';
import { ERROR, all, clean, profile, GUID } from './support.js';

// ---------------------------------------------------------------- across the checker

describe('no cascades', () => {
    test('an unknown interaction type hides the fields of its where and having', async () => {
        expect(await all('segment S = interaction EmailOpend having sum(x) < 3 via contact where foo = 1 and bar.baz = 2 and qux')).toEqual([
            { code: 'SEG103', severity: ERROR, underlined: 'EmailOpend', message: `Unknown interaction type 'EmailOpend'. Did you mean 'EmailOpened'?` },
        ]);
    });

    test('an unknown entity hides its fields', async () => {
        expect(await all('segment S = profile contcat where foo = 1 and bar.baz')).toHaveLength(1);
    });

    test('an unknown lookup step hides the steps after it', async () => {
        expect(await all(profile('parentcustomeri.name.x = 1'))).toHaveLength(1);
    });

    test('an unfinished test is a syntax error, not also a bare-field error', async () => {
        expect((await all(profile('firstname in ['))).map(d => d.code)).toEqual(['SEG001']);
    });
});

test('error recovery: a syntax error in one segment does not hide a type error in a later one', async () => {
    const text = [
        'segment Broken = profile contact where firstname = "x" and',
        'segment AlsoBroken = ',
        'segment Typed = profile contact where numberofchildren = "three"',
    ].join('\n');
    expect((await all(text)).map(d => [d.code, d.underlined])).toEqual([
        ['SEG001', 'segment'],
        ['SEG001', 'segment'],
        ['SEG301', '"three"'],
    ]);
});

test('a realistic file is clean', async () => {
    await clean(`
/// Opened a welcome email at least 3 times in the last 14 days.
segment WelcomeOpeners =
  interaction EmailOpened
    having count >= 3
    within 14 days
    where customerJourneyId = "${GUID}"

segment RecentRegistrants =
  interaction EventRegistration within 30 days
    where eventId in ["49929f3e-2161-4542-b69c-c1be8aec58e9", "db5d6513-5934-4cc4-b807-a72ae3dfe6c7"]

segment SeattleDecisionMakers =
  profile contact
    where address1_city = "Seattle"
      and jobtitle contains "director"
      and parentcustomerid.numberofemployees >= 500
      and parentcustomerid.industrycode in ["Financial", 16]
      and (birthdate between 1970-01-01 and 1990-12-31 or createdon within 1 year)
      and not donotemail
      and exists lead via parentcontactid where leadqualitycode = "hot" and estimatedvalue > 10000.5

segment LeadClickers = interaction EmailClicked via lead between 30 and 90 days ago where originalUrl ends with ".pdf"
segment Surveyed = interaction SurveyResponse having avg(score) between 8 and 10 between 2025-09-01 and 2025-11-30T23:59:59+01:00
segment Engaged = WelcomeOpeners union RecentRegistrants
draft segment Target = SeattleDecisionMakers intersect Engaged except (LeadClickers union Surveyed)

interaction Call {
  timestamp: datetime
  durationMinutes: integer
  outcome: choice { "Reached" = 1, "Voicemail" = 2 }
  contactId: -> contact
  relation contact = contactId
}
segment Reached = interaction Call before 2026-01-01T00:00:00 where outcome = "reached" and durationMinutes > 5
`);
});

test('nothing a user types crashes the checker: every prefix gives only coded diagnostics', async () => {
    const text = `segment A = interaction EmailOpened via lead having sum(version) between 1 and 2 between 3 and 9 days ago where (emailDomain != "x" or not exists lead via parentcontactid where leadqualitycode in ["Hot", 2])
draft segment B = A union profile contact where parentcustomerid.name starts with 'C\\'s' and createdon >= 2026-01-01T08:00:00+01:00 and birthdate is not null
entity e key id { c: -> contact, k: choice { "A" = 1 } }
interaction I { timestamp: datetime, c: -> e, relation contact = c.c }`;
    const cuts = new Set<number>();
    for (const m of text.matchAll(/[\s().,[\]]/g)) cuts.add(m.index);
    for (const cut of cuts) {
        const prefix = text.slice(0, cut);
        for (const d of await diagnosticsOf(prefix)) {
            expect(String(d.code), `${prefix}\n→ ${d.message}`).toMatch(/^SEG\d{3}$/);
        }
    }
}, 120_000);
