// A generated row's cells, and the context a row is made in: its random stream
// and the contact, account and lead it belongs to.
import type { Cell } from '../cells.js';
import type { Rng } from '../random.js';

export type { Cell, Row } from '../cells.js';

export interface Context {
    r: Rng;
    /** The contact, account and lead the row belongs to, or -1. */
    contact: number;
    account: number;
    lead: number;
    /** The contact's id (computed once per contact), or null. */
    contactCell: Cell;
}
