// Bulk reads: `COPY (query) TO STDOUT` in text format, streamed. Both engines
// here implement it (it is not part of SegDatabase); loadTables falls back to
// plain queries for any other SegDatabase.
import type { SegDatabase } from './database.js';

export interface CopyOutReader {
    /** Runs `COPY (sql) TO STDOUT` (text format) and hands over the output in chunks (lines may span chunks). */
    copyOut(sql: string, onChunk: (text: string) => void): Promise<void>;
}

export function canCopyOut(db: SegDatabase): db is SegDatabase & CopyOutReader {
    return typeof (db as Partial<CopyOutReader>).copyOut === 'function';
}
