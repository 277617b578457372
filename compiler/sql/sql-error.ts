// What the SQL backend reports when a plan cannot become SQL: a value the
// engine cannot hold (a NUL character, a non-finite number), a plan that
// breaks its own invariants. The message says what and where; callers print it.
export class SqlError extends Error {
    override readonly name = 'SqlError';
}
