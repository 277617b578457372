// Time arithmetic as PostgreSQL does it, without dependencies: offsets come
// from Intl.DateTimeFormat (the runtime's tz database), wall-clock times are
// plain epoch-like milliseconds "as if UTC", and calendar arithmetic works on
// those wall times like `(asOf AT TIME ZONE tz − interval) AT TIME ZONE tz`.
import type { CalendarUnit, Instant } from '../plan/plan.js';

export class ExecError extends Error {}

const MS_PER_SECOND = 1000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;

// ---------------------------------------------------------------- civil calendar

/** Days since 1970-01-01 of a proleptic Gregorian date (astronomical years: 1 BC = 0). */
export function daysFromCivil(year: number, month: number, day: number): number {
    const y = month <= 2 ? year - 1 : year;
    const era = Math.floor(y / 400);
    const yoe = y - era * 400;
    const mp = (month + 9) % 12;
    const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
}

/** The proleptic Gregorian date of a day number (inverse of daysFromCivil). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
    const z = days + 719468;
    const era = Math.floor(z / 146097);
    const doe = z - era * 146097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
    return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysInMonth(year: number, month: number): number {
    return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

// ---------------------------------------------------------------- wall-clock values

/**
 * A wall-clock time from text: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`, `…:SS` or
 * `…:SS.ffffff`, as milliseconds "as if UTC". Fractions are rounded to
 * microseconds, as PostgreSQL stores them.
 */
export function parseWall(text: string): number {
    const m = /^(-?\d{4,})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/.exec(text);
    if (!m) throw new ExecError(`'${text}' is not a date or a date-time without offset (YYYY-MM-DDTHH:MM:SS).`);
    const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = m;
    const micros = frac ? Math.round(Number(`0.${frac}`) * 1e6) : 0;
    return daysFromCivil(Number(y), Number(mo), Number(d)) * MS_PER_DAY
        + Number(h) * MS_PER_HOUR + Number(mi) * MS_PER_MINUTE + Number(s) * MS_PER_SECOND + micros / 1000;
}

/** The date part of a wall time, as `YYYY-MM-DD` (PostgreSQL's `date` text for years 1–9999). */
export function wallDate(wallMs: number): string {
    const { year, month, day } = civilFromDays(Math.floor(wallMs / MS_PER_DAY));
    const y = year < 0 ? `-${String(-year).padStart(4, '0')}` : String(year).padStart(4, '0');
    return `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A wall time as `YYYY-MM-DD HH:MM:SS(.fff)`, for messages and tests. */
export function formatWall(wallMs: number): string {
    const days = Math.floor(wallMs / MS_PER_DAY);
    const rest = wallMs - days * MS_PER_DAY;
    const h = Math.floor(rest / MS_PER_HOUR), mi = Math.floor((rest % MS_PER_HOUR) / MS_PER_MINUTE);
    const s = Math.floor((rest % MS_PER_MINUTE) / MS_PER_SECOND), ms = rest % MS_PER_SECOND;
    const two = (n: number) => String(n).padStart(2, '0');
    return `${wallDate(wallMs)} ${two(h)}:${two(mi)}:${two(s)}${ms ? `.${String(ms).padStart(3, '0')}` : ''}`;
}

/**
 * PostgreSQL's `timestamp − interval 'amount unit'` on a wall time: months
 * (and years = 12 months) keep the day of month, clamped to the target
 * month's last day; days and weeks (7 days) and hours and minutes are plain
 * arithmetic on the wall clock.
 */
export function subtractFromWall(wallMs: number, amount: number, unit: CalendarUnit): number {
    switch (unit) {
        case 'minute': return wallMs - amount * MS_PER_MINUTE;
        case 'hour': return wallMs - amount * MS_PER_HOUR;
        case 'day': return wallMs - amount * MS_PER_DAY;
        case 'week': return wallMs - amount * 7 * MS_PER_DAY;
        case 'month': return subtractMonths(wallMs, amount);
        case 'year': return subtractMonths(wallMs, amount * 12);
    }
}

function subtractMonths(wallMs: number, months: number): number {
    const days = Math.floor(wallMs / MS_PER_DAY);
    const timeOfDay = wallMs - days * MS_PER_DAY;
    const { year, month, day } = civilFromDays(days);
    const index = year * 12 + (month - 1) - months;
    const y = Math.floor(index / 12), m = index - y * 12 + 1;
    const d = Math.min(day, daysInMonth(y, m));
    return daysFromCivil(y, m, d) * MS_PER_DAY + timeOfDay;
}

// ---------------------------------------------------------------- time zones

/**
 * An IANA time zone: instant ↔ wall time. `fromWall` resolves times that do
 * not exist (a spring-forward gap) or exist twice (a fall-back overlap) the way
 * PostgreSQL does (DetermineTimeZoneOffset): of the two readings with the
 * offsets before and after the transition, use the one that is consistent; if
 * both are (overlap) or neither is (gap), use the LATER instant. So a gap time
 * is read with the offset before the jump (02:30 in Amsterdam on 2026-03-29 is
 * 01:30Z, i.e. 03:30 CEST) and an overlap time with the offset after it (02:30
 * on 2026-10-25 is 01:30Z, the second, CET, 02:30).
 */
export class TimeZone {
    private readonly format: Intl.DateTimeFormat | undefined;
    private readonly cache = new Map<number, number>();

    constructor(readonly name: string) {
        if (/^[+\-\d]/.test(name)) {
            // PostgreSQL reads '+02' as a POSIX zone (UTC−2), Intl as UTC+2: refuse rather than disagree.
            throw new ExecError(`'${name}' is not an IANA time zone name (such as 'UTC' or 'Europe/Amsterdam').`);
        }
        if (name.toUpperCase() === 'UTC') return;
        try {
            this.format = new Intl.DateTimeFormat('en-US', {
                timeZone: name, hourCycle: 'h23', era: 'short',
                year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
            });
        } catch {
            throw new ExecError(`Unknown time zone '${name}': use an IANA name such as 'UTC' or 'Europe/Amsterdam'.`);
        }
    }

    /** The zone's offset from UTC (ms, east positive) at an instant. */
    offsetAt(utcMs: number): number {
        if (!this.format) return 0;
        const second = Math.floor(utcMs / MS_PER_SECOND) * MS_PER_SECOND;
        let offset = this.cache.get(second);
        if (offset === undefined) {
            let year = 0, month = 1, day = 1, hour = 0, minute = 0, sec = 0, bc = false;
            for (const p of this.format.formatToParts(second)) {
                switch (p.type) {
                    case 'year': year = Number(p.value); break;
                    case 'month': month = Number(p.value); break;
                    case 'day': day = Number(p.value); break;
                    case 'hour': hour = Number(p.value); break;
                    case 'minute': minute = Number(p.value); break;
                    case 'second': sec = Number(p.value); break;
                    case 'era': bc = p.value === 'BC'; break;
                }
            }
            if (bc) year = 1 - year;
            const wall = daysFromCivil(year, month, day) * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + sec * MS_PER_SECOND;
            offset = wall - second;
            if (this.cache.size > 200_000) this.cache.clear();
            this.cache.set(second, offset);
        }
        return offset;
    }

    /** `instant AT TIME ZONE zone`: the wall time at an instant. */
    toWall(utcMs: number): number {
        return utcMs + this.offsetAt(utcMs);
    }

    /** `wall AT TIME ZONE zone`: the instant of a wall time, with PostgreSQL's gap and overlap rules. */
    fromWall(wallMs: number): number {
        if (!this.format) return wallMs;
        // PostgreSQL looks at the first transition after wall − 1 day (read as UTC);
        // zones' offsets are under a day and transitions over two days apart.
        const before = this.offsetAt(wallMs - MS_PER_DAY);
        const after = this.offsetAt(wallMs + MS_PER_DAY);
        const beforeTime = wallMs - before;
        if (before === after) return beforeTime;
        const afterTime = wallMs - after;
        const beforeValid = this.offsetAt(beforeTime) === before;
        const afterValid = this.offsetAt(afterTime) === after;
        if (beforeValid !== afterValid) return beforeValid ? beforeTime : afterTime;
        return Math.max(beforeTime, afterTime);
    }
}

const zones = new Map<string, TimeZone>();

/** A (cached) time zone by IANA name; throws ExecError for an unknown name. */
export function timeZone(name: string): TimeZone {
    let zone = zones.get(name);
    if (!zone) {
        zone = new TimeZone(name);
        zones.set(name, zone);
    }
    return zone;
}

/**
 * `instant − amount unit` as the plan means it: minutes and hours exact,
 * calendar units on the wall clock in the zone
 * (`(instant AT TIME ZONE tz − interval) AT TIME ZONE tz`).
 */
export function minusInterval(utcMs: number, amount: number, unit: CalendarUnit, zone: TimeZone): number {
    if (unit === 'minute') return utcMs - amount * MS_PER_MINUTE;
    if (unit === 'hour') return utcMs - amount * MS_PER_HOUR;
    return zone.fromWall(subtractFromWall(zone.toWall(utcMs), amount, unit));
}

/** `instant + amount unit`, in the same arithmetic (PostgreSQL's `(instant AT TIME ZONE tz + interval) AT TIME ZONE tz`). */
export function plusInterval(utcMs: number, amount: number, unit: CalendarUnit, zone: TimeZone): number {
    return minusInterval(utcMs, -amount, unit, zone);
}

/** A plan instant in epoch milliseconds: `utc` as is, `local` as a wall time in the zone. */
export function instantMs(instant: Instant, zone: TimeZone): number {
    if (instant.kind === 'local') return zone.fromWall(parseWall(instant.value));
    const ms = Date.parse(instant.value);
    if (Number.isNaN(ms)) throw new ExecError(`'${instant.value}' is not a UTC date-time.`);
    return ms;
}
