import { it } from 'vitest';
import { planOf } from '../../helpers.js';
it('x', async () => {
  const p = await planOf(`
segment A = interaction EmailOpened having count >= 3 within 14 days where messageId = "5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a"
segment B = interaction EmailOpened via lead having count = 0 between 3 and 5 days ago
segment C = profile contact where address1_city = "Seattle" and parentcustomerid.numberofemployees >= 500 and parentcustomerid.primarycontactid.firstname contains "x" and (exists lead via parentcontactid where budgetamount > 3)
segment D = A union B intersect C except A
segment E = interaction EmailOpened between 2026-01-01 and 2026-02-01T10:00
`);
  console.log(JSON.stringify(p, null, 1));
});
