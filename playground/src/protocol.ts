// Messages between the page and the database worker (database-worker.ts).

export interface SourceText { path: string; text: string }

export interface RunRequest {
    id: number;
    /** The project: the editor's file (and any other open files). */
    sources: SourceText[];
    /** The instant membership is evaluated at. */
    asOf: string;
    /** The project's time zone for calendar windows (IANA name). */
    timeZone: string;
    /** The demo population: its size, and the instant its activity runs up to. */
    contacts: number;
    dataAsOf: string;
    /** false: only make the demo data (in the background, when the page opens); no segments run. */
    evaluate: boolean;
}

export interface MemberSample { id: string; name?: string; email?: string }

export interface SegmentOutcome {
    name: string;
    count?: number;
    ms: number;
    error?: string;
    /** The first members by contact id, with their names. */
    sample: MemberSample[];
}

export interface RunResult {
    asOf: string;
    timeZone: string;
    /** Set when this run (re)made the demo database. */
    seeded?: { contacts: number; interactions: number; ms: number };
    segments: SegmentOutcome[];
}

export type DatabaseMessage =
    | { id: number; kind: 'progress'; text: string }
    | { id: number; kind: 'result'; result: RunResult }
    | { id: number; kind: 'error'; message: string };
