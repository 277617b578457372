import { test } from 'vitest';
import { diagnosticsOf, rangeText } from '../helpers.js';

const cases: string[] = ["segment A = profile contact where birthdate between 2026-02-01 and 2026-10-01", "segment A = profile contact where birthdate between 2026-10-01 and 2026-02-01", "segment A = profile contact where createdon between 2026-10-01 and 2026-02-01T00:00:00Z", "segment A = profile contact where (firstname = \"x\" or)\nsegment B = profile contact where numberofchildren = \"x\"", "segment A = profile contact where firstname = \"x\"\n  and lastname = \nsegment B = profile contact where numberofchildren = \"x\"", "segment A = \nsegment B = profile contact where numberofchildren = \"x\"", "segment A = profile contact where numberofchildren = \"x\" segment"];

test('explore', async () => {
    for (const c of cases) {
        const ds = await diagnosticsOf(c);
        console.log('### ' + c.replace(/\n/g, ' ⏎ '));
        for (const d of ds) console.log(`  ${d.code} sev${d.severity} [${rangeText(c, d)}] ${d.message}`);
    }
}, 60000);
