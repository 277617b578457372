// The gap end of a sequence on ClickHouse (clickhouse-calendar.ts) is
// PostgreSQL's `(t AT TIME ZONE z + interval) AT TIME ZONE z`, which the
// executor computes as plusInterval: compared here, on the server, for instants
// spread over 1970–2037 and packed around daylight-saving changes, in zones
// with a 30-minute change (Lord Howe), an offset that crosses the date line
// (Apia: −11 and +14 in one range), negative offsets, none (UTC), and every
// calendar unit, month ends included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plusInterval, timeZone } from '../../../compiler/calendar/time-zone.js';
import { ClickHouseDatabase, parseClickHouseUrl } from '../../../compiler/db/clickhouse-database.js';
import type { CalendarUnit } from '../../../compiler/plan/plan.js';
import { instantPlusStages } from '../../../compiler/sql/clickhouse-calendar.js';
import { CLICKHOUSE_SKIP, CLICKHOUSE_URL } from '../../support/clickhouse-engine.js';

const ZONES = ['Europe/Amsterdam', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Apia', 'America/Sao_Paulo', 'Asia/Kolkata', 'UTC'];
const UNITS: CalendarUnit[] = ['minute', 'hour', 'day', 'week', 'month', 'year'];
const LO = Date.UTC(1970, 0, 1), HI = Date.UTC(2037, 0, 1);

/** Instants: anywhere in the range, or within a day of one of the zone's changes (whole minutes, some with µs). */
function instants(zone: string): fc.Arbitrary<number[]> {
    const tz = timeZone(zone);
    const changes: number[] = [];
    for (let t = LO; t < HI; t += 7 * 86_400_000) if (tz.offsetAt(t) !== tz.offsetAt(t + 7 * 86_400_000)) changes.push(t);
    const near = changes.length
        ? fc.tuple(fc.constantFrom(...changes), fc.integer({ min: 0, max: 8 * 86_400 })).map(([c, s]) => c + s * 1000)
        : fc.integer({ min: LO, max: HI });
    return fc.array(fc.oneof(fc.integer({ min: LO, max: HI }), near, near), { minLength: 40, maxLength: 40 });
}

describe.skipIf(!CLICKHOUSE_URL)(`ClickHouse gap ends = plusInterval${CLICKHOUSE_SKIP ? ` (${CLICKHOUSE_SKIP})` : ''}`, () => {
    it('for every zone and calendar unit, on instants around daylight-saving changes and month ends', async () => {
        const db = await ClickHouseDatabase.connect(parseClickHouseUrl(CLICKHOUSE_URL!).nodes[0]!);
        try {
            for (const zone of ZONES) {
                for (const unit of UNITS) {
                    const [sample] = fc.sample(fc.tuple(instants(zone), fc.constantFrom(1, 2, 3, 7, 30)), { numRuns: 1, seed: ZONES.indexOf(zone) * 10 + UNITS.indexOf(unit) });
                    const [ts, amount] = sample!;
                    const tz = timeZone(zone);
                    let rows = `SELECT arrayJoin([${ts.map(t => `toInt64(${t * 1000 + (t % 7)})`).join(', ')}]) AS seg_t`;
                    for (const items of instantPlusStages('seg_t', amount, unit, tz, { lo: LO, hi: HI }, 'seg_e')) rows = `SELECT *, ${items.join(', ')} FROM (${rows})`;
                    const { rows: got } = await db.query(`SELECT toString(seg_t) AS t, toString(seg_e) AS e FROM (${rows})`);
                    const expected = ts.map(t => ({ t: String(t * 1000 + (t % 7)), e: String(plusInterval(t, amount, unit, tz) * 1000 + (t % 7)) }));
                    expect(got, `${zone}, ${amount} ${unit}`).toEqual(expected);
                }
            }
        } finally {
            await db.close();
        }
    }, 120_000);

    it('a query longer than ClickHouse\'s default 256 KiB runs', async () => {
        // A sequence's window of hundreds of years in a zone with daylight saving inlines every offset
        // change (`then not EmailOpened within 386 year` in America/New_York: 263,584 characters of
        // gap-end stages, found by the differential test). Here a plain long query stands in for it.
        const db = await ClickHouseDatabase.connect(parseClickHouseUrl(CLICKHOUSE_URL!).nodes[0]!);
        try {
            const tz = timeZone('America/New_York');
            const stages = instantPlusStages('seg_t', 386, 'year', tz, { lo: Date.UTC(1700, 0, 1), hi: Date.UTC(2400, 0, 1) }, 'seg_e');
            expect(stages.flat().join(', ').length).toBeGreaterThan(256 * 1024);
            const query = `SELECT length([${Array.from({ length: 60_000 }, (_, i) => i).join(', ')}]) AS n`;
            expect(query.length).toBeGreaterThan(256 * 1024);
            expect(await db.query(query)).toEqual({ rows: [{ n: '60000' }] });
        } finally {
            await db.close();
        }
    }, 120_000);
});
