// The generic demo data's tuning: rows per contact, account or lead, how often
// rows are steered to a scenario or to a tested literal, and the share of nulls.
// ---------------------------------------------------------------- tuning

/** Generic interaction rows per contact over the window (times its engagement weight, about 1 on average). */
export const INTERACTIONS_PER_CONTACT = 0.06;
/** Generic rows of an entity per owning contact, account or lead. */
export const ROWS_PER_OWNER = { contact: 0.08, account: 1, lead: 0.5 } as const;
/** The share of contacts that get rows made to match an interaction scenario, per scenario. */
export const INTERACTION_SCENARIO_SHARE = 0.01;
/** The same for a scenario on an entity (an `exists`): the segment still needs the contact's own conditions. */
export const ENTITY_SCENARIO_SHARE = 0.05;
/** Scenarios through the contact's lead: only contacts with a lead of their own qualify (about one in five). */
export const LEAD_BOOST = 5;
/** How often a generic row takes a literal the project tests a column for. */
export const LITERAL_SHARE = 0.15;
/** The share of nulls in optional columns. */
export const NULL_SHARE = 0.05;
/** Rows of an entity that belongs to no contact, account or lead: per 100 contacts, within bounds. */
export const REFERENCE_ROWS = { per: 100, min: 10, max: 1000 } as const;
/** At most this many rows for one `having count` scenario. */
export const MAX_SCENARIO_ROWS = 12;
