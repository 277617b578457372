// Stable diagnostic codes. Tools and quick fixes key on these; never renumber.
// Each one is documented with an example in docs/diagnostics.md.
export const Codes = {
    SyntaxError: 'SEG001',
    InvalidCharacter: 'SEG002',
    UnknownEscape: 'SEG003',
    TooComplex: 'SEG004',

    UnknownSegment: 'SEG101',
    UnknownEntity: 'SEG102',
    UnknownInteraction: 'SEG103',
    UnknownField: 'SEG104',
    UnknownRelation: 'SEG105',
    UnknownChoiceLabel: 'SEG106',
    DuplicateName: 'SEG107',
    DuplicateMember: 'SEG108',
    NotALookup: 'SEG109',

    ReferenceCycle: 'SEG201',
    LiveDependsOnDraft: 'SEG202',

    TypeMismatch: 'SEG301',
    InvalidGuid: 'SEG302',
    InvalidDate: 'SEG303',
    AggregateNotNumeric: 'SEG304',
    WithinNotTemporal: 'SEG305',
    NotBoolean: 'SEG306',
    NullComparison: 'SEG307',
    OperatorNotApplicable: 'SEG308',

    ExistsOutsideProfile: 'SEG401',
    InvalidCount: 'SEG402',
    EmptyWindow: 'SEG403',
    NoDefaultRelation: 'SEG404',
    DuplicateClause: 'SEG405',
    CountAdmitsZero: 'SEG406',
    ProfileNotAudience: 'SEG407',
    ExistsViaMismatch: 'SEG408',
    InvalidDuration: 'SEG409',
    RelationNotToAudience: 'SEG410',
    EmptyRange: 'SEG411',
    OccurrenceWithHaving: 'SEG412',
    CorrelationMismatch: 'SEG413',
    GapLongerThanWindow: 'SEG414',
    SequenceWithAggregate: 'SEG415',

    DuplicateRecord: 'SEG501',
    RecordKindMismatch: 'SEG502',
    NoExpectations: 'SEG503',
    DuplicateTest: 'SEG504',
    TimestampInBody: 'SEG505',
    UnknownRecord: 'SEG506',
    UnknownFixture: 'SEG507',
    VacuousExpectation: 'SEG508',

    Config: 'SEG601',
} as const;

export type Code = typeof Codes[keyof typeof Codes];

/** SEG103 → unknown-interaction, SEG109 → not-a-lookup: the key above in kebab case, as docs/diagnostics.md's headings name each code. */
const NAMES = new Map<string, string>(Object.entries(Codes).map(([key, code]) => [code, key.replace(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/g, '-').toLowerCase()]));

/** A code's name (SEG109 → not-a-lookup), or undefined for a code that is not Seg's. */
export function codeName(code: string): string | undefined {
    return NAMES.get(code);
}
