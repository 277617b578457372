// Progress of long database work (seeding) on stderr: a bar redrawn in place
// on a terminal; elsewhere (CI logs, pipes) an occasional plain line.

export interface Progress {
    /** Work units done of total, and what is being worked on. Bound: pass it around as a callback. */
    update: (done: number, total: number, phase: string) => void;
    /** Ends the display (the bar's line is finished with a newline). */
    done: () => void;
}

export interface ProgressOptions {
    /** Shown before the bar. */
    label?: string;
    /** Least time between two redraws of the bar. */
    redrawMs?: number;
    /** Least time between two plain lines. */
    lineMs?: number;
    /** For tests. */
    now?: () => number;
}

interface Stream {
    isTTY?: boolean;
    columns?: number;
    write(text: string): unknown;
}

export function createProgress(stream: Stream = process.stderr, options: ProgressOptions = {}): Progress {
    const now = options.now ?? (() => performance.now());
    const label = options.label ?? 'seeding';
    const started = now();
    const tty = stream.isTTY === true && !process.env.CI;
    let lastDraw = -Infinity;
    let lastLine = -Infinity;
    let lastPercent = -1;
    let drawn = false;
    let finished = false;
    let state = { done: 0, total: 0, phase: '' };

    const draw = () => {
        const { done, total, phase } = state;
        const fraction = total > 0 ? Math.min(1, done / total) : 0;
        const elapsed = (now() - started) / 1000;
        const eta = fraction > 0.02 && fraction < 1 ? ` ~${clock(elapsed / fraction - elapsed)} left` : '';
        const right = ` ${(fraction * 100).toFixed(0).padStart(3)}% ${clock(elapsed)}${eta}`;
        const left = `${label} ${phase}`;
        const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - left.length - right.length - 4));
        const filled = Math.round(fraction * width);
        const bar = `[${'='.repeat(filled)}${filled < width ? '>' : ''}${' '.repeat(Math.max(0, width - filled - 1))}]`;
        stream.write(`\r${left} ${bar}${right}\u001b[K`);
        drawn = true;
    };

    const update = (done: number, total: number, phase: string) => {
        if (finished) return;
        state = { done, total, phase };
        const t = now();
        if (tty) {
            if (t - lastDraw >= (options.redrawMs ?? 100) || done >= total) {
                lastDraw = t;
                draw();
            }
            return;
        }
        // Plain: a line when starting, then per 10 % step at most every few seconds.
        const percent = total > 0 ? Math.floor((done / total) * 10) * 10 : 0;
        if (lastPercent < 0 || (percent > lastPercent && t - lastLine >= (options.lineMs ?? 5000))) {
            lastPercent = percent;
            lastLine = t;
            stream.write(`${label}: ${percent}% (${phase}, ${clock((t - started) / 1000)})\n`);
        }
    };

    const done = () => {
        if (finished) return;
        finished = true;
        if (tty && drawn) {
            draw();
            stream.write('\n');
        } else if (!tty && lastPercent >= 0 && lastPercent < 100) {
            stream.write(`${label}: 100% (${clock((now() - started) / 1000)})\n`);
        }
    };

    return { update, done };
}

/** `0:42`, `12:03`, `1:02:03`. */
function clock(seconds: number): string {
    const s = Math.max(0, Math.round(seconds));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    const mm = h ? String(m).padStart(2, '0') : String(m);
    return `${h ? `${h}:` : ''}${mm}:${String(r).padStart(2, '0')}`;
}
