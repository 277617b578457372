// `t + amount unit` on a stored instant in ClickHouse SQL, for a value each row
// has (a sequence's gap end), with PostgreSQL's meaning (time-zone.ts's
// plusInterval): minutes and hours exact; days, weeks, months and years on the
// wall clock of the zone, and a wall time that does not exist or exists twice
// read as PostgreSQL reads it.
//
// 18.16 cannot compute that itself (its DateTime has whole seconds and 1970–2106,
// and its reading of DST gaps is not PostgreSQL's), so:
// - the zone's offset becomes a piecewise-constant function of the instant,
//   `multiIf(t < T1, o0, t < T2, o1, …)`, from the TimeZone the executor uses,
//   over the range of instants the rows can have; the way back (wall → instant)
//   likewise over the wall times the sums can reach, each piece checked;
// - months are added to the civil date by integer arithmetic (days ↔ civil
//   date as in time-zone.ts), the day clamped to the month's last.
// The steps are stages, each a SELECT over the previous one (`SELECT *, … FROM (…)`)
// reading only the columns the stages before made: ClickHouse substitutes an
// alias used in the same SELECT by its whole expression, which for these chains
// grows past its limit on query size.
import { MS_PER_DAY, type TimeZone } from '../calendar/time-zone.js';
import type { CalendarUnit } from '../plan/plan.js';
import { SqlError } from './sql-error.js';

/** The instants the rows may have (ms), finite. */
export interface InstantRange { lo: number; hi: number }

const US_PER_MS = 1000;
const DAY_US = MS_PER_DAY * US_PER_MS;

/**
 * An integer literal as Int64. Bare, ClickHouse types it by size (UInt64 above 2^32), and mixing it
 * with an Int64 goes wrong on 18.16: `toInt64(-1) % 86400000000` is 86399999999-ish garbage, and a
 * negative value and a UInt64 have no common type.
 */
const int64 = (n: number): string => `toInt64(${n})`;

/**
 * Stages (each a list of `expr AS column` reading only earlier stages' columns) whose last defines
 * `as`: `t + amount unit` in microseconds, for the column `t` (microseconds) in `range`.
 * Throws SqlError where a piece of the zone's offsets is not constant.
 */
export function instantPlusStages(t: string, amount: number, unit: CalendarUnit, zone: TimeZone, range: InstantRange, as: string): string[][] {
    if (!Number.isSafeInteger(amount) || amount < 0) throw new SqlError(`A gap of ${amount} ${unit}s cannot be computed.`);
    if (unit === 'minute' || unit === 'hour') return [[`(${t} + ${int64(amount * (unit === 'minute' ? 60_000 : 3_600_000) * US_PER_MS)}) AS ${as}`]];
    const stages = [[`(${t} + ${piecewise(t, offsetPieces(zone, range.lo - MS_PER_DAY, range.hi + MS_PER_DAY))}) AS seg_w`]];
    const reach = unit === 'day' ? amount : unit === 'week' ? 7 * amount : unit === 'month' ? 31 * amount : 366 * amount;
    if (unit === 'day' || unit === 'week') stages.push([`(seg_w + ${int64(reach * DAY_US)}) AS seg_w2`]);
    else stages.push(...addMonths('seg_w', unit === 'month' ? amount : 12 * amount, 'seg_w2'));
    const wallLo = zone.toWall(range.lo) - 2 * MS_PER_DAY, wallHi = zone.toWall(range.hi) + (reach + 2) * MS_PER_DAY;
    stages.push([`(seg_w2 - ${piecewise('seg_w2', wallPieces(zone, wallLo, wallHi))}) AS ${as}`]);
    return stages;
}

/** `x`'s piece value in microseconds: values[0] before starts[0], values[i] from starts[i − 1] (both in ms). */
function piecewise(x: string, pieces: Pieces): string {
    const { starts, values } = pieces;
    // Each value as Int64: bare literals get the smallest type that fits (Int32 for −0:14:44, UInt64 for
    // +2 h), and 18.16 finds no common type for a negative one and a UInt64.
    const value = (ms: number) => int64(ms * US_PER_MS);
    if (!starts.length) return value(values[0]!);
    const branches = starts.map((s, i) => `${x} < ${int64(s * US_PER_MS)}, ${value(values[i]!)}`);
    return `multiIf(${branches.join(', ')}, ${value(values[starts.length]!)})`;
}

interface Pieces { starts: number[]; values: number[] }

const SAMPLE_MS = 7 * MS_PER_DAY;
const cache = new Map<string, Pieces>();

/**
 * The zone's offset over [lo, hi] (from 1970 on: clickhouse-sql.ts refuses earlier rows): its changes, found
 * by sampling a week apart and then the exact millisecond by bisection (offsets are constant within a
 * second). Zones change at most twice a year; a change undone within the same week would be missed
 * (none in the IANA data since 1970).
 */
function offsetPieces(zone: TimeZone, lo: number, hi: number): Pieces {
    const key = `${zone.name} ${lo} ${hi}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const starts: number[] = [], values: number[] = [zone.offsetAt(lo)];
    let at = lo;
    while (at < hi) {
        const next = Math.min(at + SAMPLE_MS, hi);
        const current = values[values.length - 1]!;
        if (zone.offsetAt(next) === current) { at = next; continue; }
        // The first millisecond in (at, next] with another offset.
        let low = at, high = next;
        while (high - low > 1) {
            const mid = Math.floor((low + high) / 2);
            if (zone.offsetAt(mid) === current) low = mid; else high = mid;
        }
        starts.push(high);
        values.push(zone.offsetAt(high));
        at = high;
    }
    const pieces = { starts, values };
    if (cache.size > 1000) cache.clear();
    cache.set(key, pieces);
    return pieces;
}

/**
 * wall − fromWall(wall) over wall times [lo, hi], as pieces: it changes only where a zone change's
 * two readings begin and end (T + offset before, T + offset after). Each piece is probed just inside
 * its ends and in its middle, so a zone this does not model is refused rather than computed differently.
 */
function wallPieces(zone: TimeZone, lo: number, hi: number): Pieces {
    const changes = offsetPieces(zone, lo - 2 * MS_PER_DAY, hi + 2 * MS_PER_DAY);
    const bounds = new Set<number>();
    changes.starts.forEach((t, i) => { bounds.add(t + changes.values[i]!); bounds.add(t + changes.values[i + 1]!); });
    const starts = [...bounds].sort((a, b) => a - b);
    const back = (w: number) => w - zone.fromWall(w);
    const edges = [lo - MS_PER_DAY, ...starts, hi + MS_PER_DAY];
    const values: number[] = [];
    for (let i = 0; i + 1 < edges.length; i++) {
        const from = edges[i]!, to = edges[i + 1]!;
        const value = back(from);
        for (const probe of [from + 1, Math.floor((from + to) / 2), to - 1]) {
            if (probe > from && probe < to && back(probe) !== value) {
                throw new SqlError(`ClickHouse cannot add calendar time in ${zone.name} exactly as PostgreSQL does near ${new Date(from).toISOString()}: run this segment on PostgreSQL.`);
            }
        }
        values.push(value);
    }
    return { starts, values };
}

/**
 * `w + months` on a wall time in microseconds, as stages: the civil date of its day (Hinnant's days → civil, as
 * time-zone.ts's civilFromDays), plus months, the day clamped to the month's last, back to days
 * (daysFromCivil), and the time of day kept.
 */
function addMonths(w: string, months: number, as: string): string[][] {
    const floorDiv = (x: string, n: number) => `intDiv(${x} - (((${x} % ${n}) + ${n}) % ${n}), ${n})`;
    const day = int64(DAY_US);
    const leap = `((((seg_y2 % 4) + 4) % 4 = 0 AND (((seg_y2 % 100) + 100) % 100 != 0)) OR (((seg_y2 % 400) + 400) % 400 = 0))`;
    const yoe3 = '(seg_y3 - seg_era3 * 400)';
    return [
        [`(((${w} % ${day}) + ${day}) % ${day}) AS seg_rem`],
        [`(intDiv(${w} - seg_rem, ${day}) + 719468) AS seg_z`],
        [`intDiv(if(seg_z >= 0, seg_z, seg_z - 146096), 146097) AS seg_era`],
        [`(seg_z - seg_era * 146097) AS seg_doe`],
        [`intDiv(seg_doe - intDiv(seg_doe, 1460) + intDiv(seg_doe, 36524) - intDiv(seg_doe, 146096), 365) AS seg_yoe`],
        [`(seg_doe - (365 * seg_yoe + intDiv(seg_yoe, 4) - intDiv(seg_yoe, 100))) AS seg_doy`],
        [`intDiv(5 * seg_doy + 2, 153) AS seg_mp`],
        [`(seg_doy - intDiv(153 * seg_mp + 2, 5) + 1) AS seg_dd`, `if(seg_mp < 10, seg_mp + 3, seg_mp - 9) AS seg_mm`],
        [`((seg_yoe + seg_era * 400 + if(seg_mm <= 2, 1, 0)) * 12 + (seg_mm - 1) + ${months}) AS seg_mi`],
        [`${floorDiv('seg_mi', 12)} AS seg_y2`],
        [`(seg_mi - seg_y2 * 12 + 1) AS seg_m2`],
        [`least(seg_dd, multiIf(seg_m2 = 2, if(${leap}, 29, 28), seg_m2 IN (4, 6, 9, 11), 30, 31)) AS seg_d2`, `(seg_y2 - if(seg_m2 <= 2, 1, 0)) AS seg_y3`],
        [`${floorDiv('seg_y3', 400)} AS seg_era3`],
        [`(${yoe3} * 365 + intDiv(${yoe3}, 4) - intDiv(${yoe3}, 100) + intDiv(153 * (seg_m2 + if(seg_m2 > 2, -3, 9)) + 2, 5) + seg_d2 - 1) AS seg_doe3`],
        [`((seg_era3 * 146097 + seg_doe3 - 719468) * ${day} + seg_rem) AS ${as}`],
    ];
}
