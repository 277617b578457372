// Time arithmetic: PostgreSQL's DST rules for wall times that do not exist or
// exist twice, calendar units on the wall clock, exact minutes and hours.
// (Expected values were read off PostgreSQL 18; time-zone-pglite.test.ts
// compares hundreds more against it.)
import { describe, expect, it } from 'vitest';
import type { CalendarUnit } from '../../../compiler/plan/plan.js';
import {
    civilFromDays, daysFromCivil, ExecError, formatWall, instantMs, minusInterval, parseWall, subtractFromWall, timeZone, wallDate,
} from '../../../compiler/calendar/time-zone.js';

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString();
const ams = timeZone('Europe/Amsterdam');
const nyc = timeZone('America/New_York');

describe('wall time → instant (PostgreSQL `timestamp AT TIME ZONE`)', () => {
    it('reads an ordinary wall time with its offset', () => {
        expect(iso(ams.fromWall(parseWall('2026-07-01T12:00:00')))).toBe('2026-07-01T10:00:00.000Z');
        expect(iso(nyc.fromWall(parseWall('2026-01-15T08:30:00')))).toBe('2026-01-15T13:30:00.000Z');
    });

    it('reads a time in a spring-forward gap with the offset before the jump (the later instant)', () => {
        // 02:30 does not exist on 2026-03-29 in Amsterdam: read as CET, it is 01:30Z (03:30 CEST).
        expect(iso(ams.fromWall(parseWall('2026-03-29T02:30:00')))).toBe('2026-03-29T01:30:00.000Z');
        expect(iso(ams.fromWall(parseWall('2026-03-29T02:00:00')))).toBe('2026-03-29T01:00:00.000Z');
        expect(iso(ams.fromWall(parseWall('2026-03-29T03:00:00')))).toBe('2026-03-29T01:00:00.000Z');
        expect(iso(nyc.fromWall(parseWall('2026-03-08T02:30:00')))).toBe('2026-03-08T07:30:00.000Z');
        expect(iso(nyc.fromWall(parseWall('2026-03-08T03:00:00')))).toBe('2026-03-08T07:00:00.000Z');
    });

    it('reads a time in a fall-back overlap with the offset after it (the later instant)', () => {
        // 02:30 happens twice on 2026-10-25 in Amsterdam (00:30Z CEST, 01:30Z CET): the second.
        expect(iso(ams.fromWall(parseWall('2026-10-25T02:30:00')))).toBe('2026-10-25T01:30:00.000Z');
        expect(iso(ams.fromWall(parseWall('2026-10-25T02:00:00')))).toBe('2026-10-25T01:00:00.000Z');
        expect(iso(ams.fromWall(parseWall('2026-10-25T03:00:00')))).toBe('2026-10-25T02:00:00.000Z');
        expect(iso(nyc.fromWall(parseWall('2026-11-01T01:30:00')))).toBe('2026-11-01T06:30:00.000Z');
        expect(iso(nyc.fromWall(parseWall('2026-11-01T01:00:00')))).toBe('2026-11-01T06:00:00.000Z');
        expect(iso(nyc.fromWall(parseWall('2026-11-01T00:59:59')))).toBe('2026-11-01T04:59:59.000Z');
    });

    it('follows the "later instant" rule where both offsets are standard time (Moscow, 2014)', () => {
        // Moscow went from +04 to +03 at 02:00 on 2014-10-26; 01:30 happened twice.
        expect(iso(timeZone('Europe/Moscow').fromWall(parseWall('2014-10-26T01:30:00')))).toBe('2014-10-25T22:30:00.000Z');
    });

    it('converts instants to wall times and dates', () => {
        expect(formatWall(ams.toWall(ms('2026-10-25T00:30:00Z')))).toBe('2026-10-25 02:30:00');
        expect(formatWall(ams.toWall(ms('2026-10-25T01:30:00Z')))).toBe('2026-10-25 02:30:00');
        expect(wallDate(nyc.toWall(ms('2026-01-01T04:59:59.999Z')))).toBe('2025-12-31');
        expect(wallDate(nyc.toWall(ms('2026-01-01T05:00:00Z')))).toBe('2026-01-01');
        expect(wallDate(timeZone('Asia/Kolkata').toWall(ms('2026-01-01T18:30:00Z')))).toBe('2026-01-02');
    });

    it('refuses unknown zones and numeric offsets (PostgreSQL reads +02 as POSIX, UTC−2)', () => {
        expect(() => timeZone('Mars/Olympus')).toThrow(ExecError);
        expect(() => timeZone('+02:00')).toThrow(ExecError);
        expect(timeZone('UTC').offsetAt(0)).toBe(0);
    });
});

describe('instant − interval', () => {
    const minus = (at: string, amount: number, unit: CalendarUnit, zone = ams) => iso(minusInterval(ms(at), amount, unit, zone));

    it('days are calendar days on the wall clock: 23 or 25 hours across DST', () => {
        expect(minus('2026-03-29T10:00:00Z', 1, 'day')).toBe('2026-03-28T11:00:00.000Z'); // 12:00 CEST → 12:00 CET
        expect(minus('2026-10-26T10:00:00Z', 1, 'day')).toBe('2026-10-25T10:00:00.000Z'); // 11:00 CET → 11:00 CET (25 h)
        expect(minus('2026-10-25T12:00:00Z', 1, 'day')).toBe('2026-10-24T11:00:00.000Z'); // 13:00 CET → 13:00 CEST (25 h)
        expect(minus('2026-03-08T16:00:00Z', 1, 'day', nyc)).toBe('2026-03-07T17:00:00.000Z'); // 12:00 EDT → 12:00 EST (23 h)
    });

    it('lands in a gap or an overlap as PostgreSQL does', () => {
        // 2026-03-30 02:30 CEST − 1 day = 2026-03-29 02:30, which does not exist: 01:30Z.
        expect(minus('2026-03-30T00:30:00Z', 1, 'day')).toBe('2026-03-29T01:30:00.000Z');
        // 2026-10-26 02:30 CET − 1 day = 2026-10-25 02:30, which exists twice: the later, 01:30Z.
        expect(minus('2026-10-26T01:30:00Z', 1, 'day')).toBe('2026-10-25T01:30:00.000Z');
        expect(minus('2026-11-08T06:30:00Z', 1, 'week', nyc)).toBe('2026-11-01T06:30:00.000Z');
        expect(minus('2026-04-08T06:30:00Z', 1, 'month', nyc)).toBe('2026-03-08T07:30:00.000Z');
    });

    it('hours and minutes are exact, across DST too', () => {
        expect(minus('2026-03-29T02:00:00Z', 2, 'hour')).toBe('2026-03-29T00:00:00.000Z');
        expect(minus('2026-10-25T02:00:00Z', 24, 'hour')).toBe('2026-10-24T02:00:00.000Z');
        expect(minus('2026-10-25T02:00:00Z', 90, 'minute')).toBe('2026-10-25T00:30:00.000Z');
        expect(minus('2026-11-01T07:00:00Z', 3, 'hour', nyc)).toBe('2026-11-01T04:00:00.000Z');
    });

    it('months keep the day of month and clamp to the end of shorter months', () => {
        const wall = (s: string, n: number, unit: CalendarUnit) => formatWall(subtractFromWall(parseWall(s), n, unit));
        expect(wall('2026-03-31T10:00:00', 1, 'month')).toBe('2026-02-28 10:00:00');
        expect(wall('2024-03-31T00:00:00', 1, 'month')).toBe('2024-02-29 00:00:00');
        expect(wall('2026-03-31T00:00:00', 2, 'month')).toBe('2026-01-31 00:00:00');
        expect(wall('2026-05-31T00:00:00', 1, 'month')).toBe('2026-04-30 00:00:00');
        expect(wall('2026-01-15T08:00:00', 1, 'month')).toBe('2025-12-15 08:00:00');
        expect(wall('2026-01-31T00:00:00', 13, 'month')).toBe('2024-12-31 00:00:00');
        expect(wall('2026-03-31T00:00:00', 25, 'month')).toBe('2024-02-29 00:00:00');
    });

    it('years are 12 months: Feb 29 becomes Feb 28', () => {
        const wall = (s: string, n: number) => formatWall(subtractFromWall(parseWall(s), n, 'year'));
        expect(wall('2024-02-29T12:00:00', 1)).toBe('2023-02-28 12:00:00');
        expect(wall('2024-02-29T12:00:00', 4)).toBe('2020-02-29 12:00:00');
        expect(wall('2100-02-28T00:00:00', 100)).toBe('2000-02-28 00:00:00');
        expect(wall('2000-02-29T00:00:00', 100)).toBe('1900-02-28 00:00:00');
    });

    it('weeks are 7 calendar days', () => {
        expect(minus('2026-04-01T10:00:00Z', 1, 'week')).toBe('2026-03-25T11:00:00.000Z');
        expect(formatWall(subtractFromWall(parseWall('2026-03-01T00:00:00'), 2, 'week'))).toBe('2026-02-15 00:00:00');
    });

    it('in UTC, calendar units are plain arithmetic', () => {
        expect(minus('2026-03-31T23:59:59.999Z', 1, 'month', timeZone('UTC'))).toBe('2026-02-28T23:59:59.999Z');
        expect(minus('2026-03-29T02:30:00Z', 1, 'day', timeZone('UTC'))).toBe('2026-03-28T02:30:00.000Z');
    });
});

describe('plan instants and calendar helpers', () => {
    it('reads local instants in the zone, utc ones as they are', () => {
        expect(iso(instantMs({ kind: 'local', value: '2026-03-29T02:30:00' }, ams))).toBe('2026-03-29T01:30:00.000Z');
        expect(iso(instantMs({ kind: 'local', value: '2026-06-01T00:00:00.25' }, ams))).toBe('2026-05-31T22:00:00.250Z');
        expect(iso(instantMs({ kind: 'utc', value: '2026-06-01T00:00:00.000Z' }, ams))).toBe('2026-06-01T00:00:00.000Z');
        expect(() => parseWall('June 1st')).toThrow(ExecError);
    });

    it('counts days of the proleptic Gregorian calendar both ways', () => {
        for (const [y, m, d] of [[1970, 1, 1], [2000, 2, 29], [1900, 3, 1], [2400, 12, 31], [1, 1, 1], [0, 2, 29], [-44, 3, 15]]) {
            const n = daysFromCivil(y, m, d);
            expect(civilFromDays(n)).toEqual({ year: y, month: m, day: d });
            if (y >= 1900) expect(n).toBe(Date.UTC(y, m - 1, d) / 86_400_000);
        }
        expect(wallDate(parseWall('0001-01-01'))).toBe('0001-01-01');
    });
});
