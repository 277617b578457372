// A generated row's cells, and the context a row is made in: its random stream
// and the contact, account and lead it belongs to.
import type { Rng } from '../random.js';

export type Cell = string | null;
export type Row = Cell[];

export interface Context {
    r: Rng;
    /** The contact, account and lead the row belongs to, or -1. */
    contact: number;
    account: number;
    lead: number;
    /** The contact's id (computed once per contact), or null. */
    contactCell: Cell;
}
