// The page's side of the database worker: one run at a time, with progress.
// Stop (or a worker that dies) ends the worker and every run waiting on it; the
// next run starts a new one (PGlite and the demo data are made again).
import type { DatabaseMessage, RunRequest, RunResult } from './protocol.js';

interface Waiting { progress(text: string): void; resolve(r: RunResult): void; reject(e: Error): void }

export class DatabaseClient {
    private next = 0;
    private worker: Worker | undefined;
    private readonly waiting = new Map<number, Waiting>();

    constructor(private readonly start: () => Worker) {
        this.worker = this.spawn();
    }

    run(request: Omit<RunRequest, 'id'>, progress: (text: string) => void): Promise<RunResult> {
        const id = ++this.next;
        const worker = this.worker ??= this.spawn();
        return new Promise((resolve, reject) => {
            this.waiting.set(id, { progress, resolve, reject });
            worker.postMessage({ ...request, id } satisfies RunRequest);
        });
    }

    /** Ends the worker (a statement cannot be interrupted otherwise); what was running or waiting fails with `why`. */
    stop(why: string): void {
        this.worker?.terminate();
        this.worker = undefined;
        this.failAll(new Error(why));
    }

    private spawn(): Worker {
        const worker = this.start();
        worker.addEventListener('message', (event: MessageEvent<DatabaseMessage>) => {
            const m = event.data;
            const w = this.waiting.get(m.id);
            if (!w) return;
            if (m.kind === 'progress') { w.progress(m.text); return; }
            this.waiting.delete(m.id);
            if (m.kind === 'result') w.resolve(m.result);
            else w.reject(new Error(m.message));
        });
        worker.addEventListener('error', event => {
            if (this.worker !== worker) return;
            this.worker = undefined;
            worker.terminate();
            this.failAll(new Error(`The database worker failed: ${event.message || 'it could not start'}. Press Run to try again.`));
        });
        return worker;
    }

    private failAll(error: Error): void {
        for (const w of this.waiting.values()) w.reject(error);
        this.waiting.clear();
    }
}
