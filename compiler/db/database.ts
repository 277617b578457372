// One interface over the embedded database (PGlite) and a PostgreSQL server
// (pg), so every command and test runs the same code on both.

export interface QueryResult {
    rows: Array<Record<string, unknown>>;
}

export interface SegDatabase {
    /** 'pglite', 'postgres' or 'clickhouse', for messages and capability checks. */
    readonly kind: 'pglite' | 'postgres' | 'clickhouse';
    /** A short description for messages: "embedded database (in memory)", "postgresql://host:5432/db". */
    readonly description: string;
    query(text: string, params?: unknown[]): Promise<QueryResult>;
    /** Several statements without parameters (DDL). */
    exec(sql: string): Promise<void>;
    /**
     * Bulk load with COPY … FROM STDIN (text format): `rows` yields one array
     * of cell strings per row (null for NULL), already in column order.
     */
    copyRows(table: string, columns: string[], rows: Iterable<Array<string | null>>): Promise<number>;
    /**
     * Runs `work` in one transaction: committed when it resolves, rolled back
     * (and the error rethrown) when it throws. Inside a transaction, joins it.
     */
    transaction<T>(work: (db: SegDatabase) => Promise<T>): Promise<T>;
    /** Runs `work` in a READ ONLY transaction with a statement timeout, then rolls back. */
    readOnly<T>(timeoutMs: number, work: (db: SegDatabase) => Promise<T>): Promise<T>;
    /** Another connection to the same database, for work in parallel (servers only: the embedded database has one). */
    connectAnother?(): Promise<SegDatabase>;
    close(): Promise<void>;
}

/**
 * What went wrong talking to a database, as one line a user can act on
 * ("cannot connect to …", "table … does not exist: run 'seg db init'", "timed out after …").
 */
export class DatabaseError extends Error {
    constructor(message: string, readonly kind: 'connect' | 'missing-table' | 'timeout' | 'query' | 'not-empty' | 'busy' = 'query') {
        super(message);
    }
}
