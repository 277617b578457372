// Round trip: generated segments within the Dynamics-expressible subset,
// exported as Dynamics query text and imported back, select the same contacts
// as the originals on the in-memory executor over generated data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Model } from '../../../language/generated/ast.js';
import { execute } from '../../../compiler/exec/execute.js';
import type { Plan } from '../../../compiler/plan/plan.js';
import { exportSegments } from '../../../compiler/dynamics/export-segments.js';
import { importDynamicsQueries } from '../../../compiler/dynamics/import-queries.js';
import { checkFiles, planOf, services } from '../../helpers.js';
import { dataSetFor, durationsOf, toTables, type DataSet } from '../../support/arbitrary-data.js';
import { dynamicsExpressibleProgram } from '../../support/arbitrary-dynamics-seg.js';
import { replay } from '../../support/replay.js';

const RUNS = Number(process.env.SEG_ROUND_TRIP_RUNS ?? 60);

function members(plan: Plan, data: DataSet): Record<string, string[]> {
    const result = execute(plan, toTables(data), { asOf: data.asOf });
    return Object.fromEntries(plan.segments.map(s => [s.name, [...(result.get(s.name) ?? [])].sort()]));
}

async function exported(text: string): Promise<Array<{ name: string; query: string }>> {
    const project = await checkFiles({ 'generated.seg': text });
    const model = project.files.find(f => f.path === 'generated.seg')!.document.parseResult.value as Model;
    return exportSegments([model]).map(r => {
        if (!('query' in r)) throw new Error(`${r.segment.name} did not export: ${r.error.message}\n${text}`);
        return { name: r.segment.name, query: r.query };
    });
}

describe('Seg → Dynamics → Seg', () => {
    it(`keeps the members of ${RUNS} generated programs`, async () => {
        let nonEmpty = 0;
        const programAndData = dynamicsExpressibleProgram.chain(p => fc.tuple(fc.constant(p), dataSetFor(durationsOf(p.text))));
        await fc.assert(fc.asyncProperty(programAndData, async ([program, data]) => {
            const queries = await exported(program.text);
            const back = await importDynamicsQueries(services, queries);
            const lost = back.queries.filter(q => !q.imported);
            expect(lost.map(q => `${q.segment}: ${q.entry.query}\n${q.diagnostics.map(d => d.message).join('\n')}`), program.text).toEqual([]);
            // Dynamics' windows are UTC: both sides are planned in UTC.
            const original = members(await planOf(program.text, { timeZone: 'UTC' }), data);
            const imported = members(await planOf(back.text, { timeZone: 'UTC' }), data);
            const context = `${program.text}\n${queries.map(q => `${q.name}: ${q.query}`).join('\n')}\n${back.text}`;
            for (const name of program.names) expect(imported[name], `${name}\n${context}`).toEqual(original[name]);
            if (Object.values(original).some(m => m.length > 0)) nonEmpty++;
        }), { numRuns: RUNS, endOnFailure: true, ...replay });
        // Meaningful only if generated programs select someone: about a third do (34% over 200 runs), so
        // an eighth is a floor that a fair run does not miss (it is 3.5 standard deviations away at 60 runs).
        expect(nonEmpty).toBeGreaterThan(RUNS / 8);
    }, 300_000);
});
