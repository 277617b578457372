// Counts and seeds given on the command line or in the environment: digits
// only (no 1e3, 0x10 or 1.5, which Number() would take), within a range the
// message states, so a wrong value is a usage error rather than a crash or hang.
import { UsageError } from '../project/discover.js';

/** `text` as a whole number from min to max, else a UsageError naming `what` and the range. */
export function wholeNumber(what: string, text: string, min: number, max: number): number {
    const n = /^\d+$/.test(text) ? Number(text) : NaN;
    if (!(n >= min && n <= max)) {
        throw new UsageError(`${what} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, not '${text}'.`);
    }
    return n;
}
