// In-memory data for the executor: column arrays per table, in the physical
// schema's names. Cell values are normalized so both engines compare alike:
// uuid → lower-case string, timestamptz → epoch milliseconds, date →
// 'YYYY-MM-DD', bigint and double → number, text → string, boolean, null.

export type Cell = string | number | boolean | null;

export interface Table {
    rowCount: number;
    columns: Record<string, Cell[]>;
}

export type Tables = Record<string, Table>;

/** The tables and columns a plan reads. */
export interface TableNeeds {
    [table: string]: Set<string>;
}
