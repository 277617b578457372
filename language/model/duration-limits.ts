// The longest duration the language accepts, per unit: 1,000 years or less.
//
// Why 1,000 years: as-of − duration must stay a timestamp both engines hold
// for any as-of `--as-of` accepts (years 0000–9999): PostgreSQL's timestamptz
// reaches back to 4713 BC and JavaScript's Date to 271,821 BC, so 1,000 years
// before year 0 is still inside both. Longer durations used to give silently
// wrong SQL answers (make_interval's 32-bit month count overflowed: 357,913,942
// years came out as 8 months) or "timestamp out of range" at run time. No
// segment needs more: 1,000 years back is "ever".
//
// Each limit is the round number of that unit within 1,000 years of 365 days,
// so none exceeds 1,000 calendar years.
export const MAX_DURATION: Readonly<Record<string, number>> = {
    minute: 525_600_000,
    hour: 8_760_000,
    day: 365_000,
    week: 52_000,
    month: 12_000,
    year: 1_000,
};

/** The limit for a unit as written (`day` or `days`). */
export function maxDuration(unit: string): number {
    return MAX_DURATION[unit.replace(/s$/, '')]!;
}
