// The Plan IR: what every backend executes. A plain, versioned, JSON-serializable
// value; all names in it are physical (tables and columns), all values typed
// literals. Backends (compiler/sql, compiler/exec) depend on this file only.
//
// Semantics are docs/language.md §10; where this file says "as SQL", the in-memory
// executor mirrors PostgreSQL exactly.

export const PLAN_VERSION = 1;

export interface Plan {
    version: typeof PLAN_VERSION;
    /**
     * The time zone (IANA) of calendar windows and wall-clock literals, decided once when the plan
     * is made (compiler/pipeline.ts); every engine uses this one, none takes another at run time.
     */
    timeZone: string;
    /** The audience: every segment is a set of keys of this table. */
    audience: { table: string; key: string };
    /** Every node, topologically ordered: a node only refers to nodes before it. */
    nodes: PlanNode[];
    /** One entry per segment, in source order. */
    segments: PlanSegment[];
}

export interface SourceRef {
    /** Path (or in-memory name) of the .seg file. */
    file: string;
    /** 1-based start and end, inclusive start, exclusive end column. */
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
}

export interface PlanSegment {
    name: string;
    draft: boolean;
    /** The declaration's location. */
    source: SourceRef;
    /** Id of the node that computes it. */
    node: number;
    /** Names of the segments it refers to directly. */
    uses: string[];
}

export type PlanNode = ProfileNode | InteractionNode | SequenceNode | SetOpNode;

interface NodeBase {
    id: number;
    source: SourceRef;
    /** How many nodes and segments refer to this node; > 1 means a shared sub-plan, computed once. */
    refCount: number;
}

/** Audience records whose own (and looked-up) fields satisfy `where` (all records without one). */
export interface ProfileNode extends NodeBase {
    kind: 'profile';
    table: string;
    key: string;
    where?: Cond;
}

export interface InteractionNode extends NodeBase {
    kind: 'interaction';
    /** The interaction type's name, for messages. */
    type: string;
    table: string;
    /** How a row reaches an audience key. */
    relation: Relation;
    window: Window;
    where?: Cond;
    having: Having;
    /**
     * Whether an audience record with no matching interactions satisfies `having`
     * (count or sum of nothing is 0). Then the node also holds every audience key
     * without matching rows.
     */
    admitsZero: boolean;
}

/** One side of a sequence: an interaction type's rows that match `where`, in `window`, reaching a key by `relation`. */
export interface SequenceStep {
    type: string;
    table: string;
    relation: Relation;
    window: Window;
    where?: Cond;
}

/**
 * `interaction A … then [not] B [on f] within gap`: contacts with a row a of
 * A and a row b of B (same key) with a.t < b.t <= a.t + gap (the gap in the
 * calendar of windows; b up to as-of; with `on`, a.f = b.f, strings
 * case-insensitively, nulls never equal). Negated: a row a whose gap has
 * ended (a.t + gap <= as-of) and no such b.
 */
export interface SequenceNode extends NodeBase {
    kind: 'sequence';
    first: SequenceStep;
    then: SequenceStep;
    negated: boolean;
    gap: { amount: number; unit: CalendarUnit };
    /** The correlated columns (first's, then's) and their type. */
    on?: { first: string; then: string; type: ValueType };
}

export interface SetOpNode extends NodeBase {
    kind: 'union' | 'intersect' | 'except';
    left: number;
    right: number;
}

/**
 * The audience key of an interaction row: the row's `column` directly
 * (`steps` empty: `contact_id`), or following lookups (`lead_id` → lead.leadid,
 * then that row's `parentcontactid`). A null or dangling step means the row
 * reaches no one.
 */
export interface Relation {
    name: string;
    column: string;
    steps: Lookup[];
}

/** Follow a lookup: the current value is a key of `table.key`; read `column` of that row. */
export interface Lookup {
    table: string;
    key: string;
    column: string;
}

// ---------------------------------------------------------------- windows

export type CalendarUnit = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/**
 * Which timestamps count. Every window also keeps only `timestamp <= asOf`.
 * - all:     no further restriction.
 * - rolling: asOf − amount unit < t
 * - ago:     asOf − to unit < t <= asOf − from unit (no lower end without `to`: `before N unit ago`)
 * - since:   start <= t
 * - before:  t < end
 * - range:   start <= t < end   (a date-literal end was already moved to the next day's midnight)
 * Minutes and hours are exact; days, weeks, months and years are calendar
 * arithmetic on the wall clock in the time zone (PostgreSQL's
 * `(asOf AT TIME ZONE tz − interval) AT TIME ZONE tz`).
 */
export type Window =
    | { kind: 'all' }
    | { kind: 'rolling'; amount: number; unit: CalendarUnit }
    | { kind: 'ago'; from: number; to?: number; unit: CalendarUnit }
    | { kind: 'since'; start: Instant }
    | { kind: 'before'; end: Instant }
    | { kind: 'range'; start: Instant; end: Instant };

/**
 * A point in time from source text: an absolute instant (`…Z`, `…+01:00`,
 * normalized to UTC ISO), or a wall-clock time in the execution's time zone
 * (a date-time without offset, or a date meaning its midnight).
 */
export type Instant =
    | { kind: 'utc'; value: string }
    | { kind: 'local'; value: string /* YYYY-MM-DDTHH:MM:SS(.fff) */ };

// ---------------------------------------------------------------- having

export type CmpOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * `count(*)`, an aggregate over a numeric column (nulls skipped; sum of
 * nothing is 0, avg/min/max of nothing is null), or `distinct`: how many
 * different non-null values `column` has (strings compared case-insensitively,
 * as `=` compares them; of nothing, 0).
 */
export interface Having {
    agg: 'count' | 'distinct' | 'sum' | 'avg' | 'min' | 'max';
    column?: string;
    /** For `distinct`: the column's type (a string's values are lowered). */
    type?: ValueType;
    /** Either a comparison or an inclusive range. */
    op?: CmpOp;
    value?: number;
    low?: number;
    high?: number;
}

// ---------------------------------------------------------------- conditions

/** Value types as stored: choice codes are integers, lookups and guids are uuids. */
export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'uuid';

export type Literal =
    | { type: 'string'; value: string }
    | { type: 'integer' | 'number'; value: number }
    | { type: 'boolean'; value: boolean }
    | { type: 'date'; value: string /* YYYY-MM-DD */ }
    | { type: 'datetime'; value: Instant }
    | { type: 'uuid'; value: string /* lower-case canonical form */ };

/**
 * A column of the row being tested, or of a row reached through lookups:
 * each step reads `column` of the current row as a key of `table.key`; the
 * final `column` is read from the last row reached. A null or dangling step
 * makes the value null.
 */
export interface ColumnRef {
    path: Lookup[];
    column: string;
    type: ValueType;
}

/**
 * Conditions with SQL three-valued logic: a comparison with a null operand is
 * unknown, `not unknown` is unknown, and a row is kept only when true.
 * String comparisons (=, !=, in, text tests) are case-insensitive: both sides
 * are lowered (PostgreSQL `lower()`, Unicode simple case mapping); ordering
 * (<, between) compares the lowered strings by code point.
 */
export type Cond =
    | { op: 'and' | 'or'; args: Cond[] }
    | { op: 'not'; arg: Cond }
    | { op: 'cmp'; cmp: CmpOp; column: ColumnRef; value: Literal }
    | { op: 'in'; negated: boolean; column: ColumnRef; values: Literal[] }
    /** Plain substring tests on lowered strings; no pattern characters. */
    | { op: 'text'; mode: 'contains' | 'starts' | 'ends'; negated: boolean; column: ColumnRef; value: string }
    | { op: 'null'; negated: boolean; column: ColumnRef }
    /** Inclusive at both ends. */
    | { op: 'between'; column: ColumnRef; low: Literal; high: Literal }
    /**
     * asOf − amount unit < value <= asOf (same arithmetic as windows); for a
     * date column, against the as-of date in the time zone (its midnight).
     */
    | { op: 'within'; column: ColumnRef; amount: number; unit: CalendarUnit }
    /** A boolean column alone: value = true. */
    | { op: 'true'; column: ColumnRef }
    /**
     * Some row of `table` whose `via` column equals the current row's key
     * (`outerKey`) satisfies `where` (any such row without one).
     */
    | { op: 'exists'; table: string; via: string; outerKey: string; where?: Cond };
