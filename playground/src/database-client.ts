// The page's side of the database worker: one run at a time, with progress.
import type { DatabaseMessage, RunRequest, RunResult } from './protocol.js';

export class DatabaseClient {
    private next = 0;
    private readonly waiting = new Map<number, { progress(text: string): void; resolve(r: RunResult): void; reject(e: Error): void }>();

    constructor(private readonly worker: Worker) {
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
            const error = new Error(`the database worker failed: ${event.message || 'it could not start'}`);
            for (const w of this.waiting.values()) w.reject(error);
            this.waiting.clear();
        });
    }

    run(request: Omit<RunRequest, 'id'>, progress: (text: string) => void): Promise<RunResult> {
        const id = ++this.next;
        return new Promise((resolve, reject) => {
            this.waiting.set(id, { progress, resolve, reject });
            this.worker.postMessage({ ...request, id } satisfies RunRequest);
        });
    }
}
