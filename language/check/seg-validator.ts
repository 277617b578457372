// Registers every Seg check with Langium's validation registry, per AST type.
import type { ValidationChecks } from 'langium';
import type { SegAstType } from '../generated/ast.js';
import type { SegServices } from '../seg-module.js';
import { checkDate, checkDateTime, checkEscapes } from './literal-rules.js';
import { NameRules } from './name-rules.js';
import {
    checkAgoWindow, checkDuration, checkExists, checkHaving, checkInteractionQuery, checkProfile, checkRangeWindow, checkRelation, checkThenStep,
} from './query-rules.js';
import { ReferenceRules } from './reference-rules.js';
import { checkCount, checkFixture, checkInteractionRecord, checkMembership, checkRecordBody, checkTest } from './test-rules.js';
import { checkBareField, checkBetween, checkComparison, checkIn, checkText, checkWithin } from './value-rules.js';

export function registerSegChecks(services: SegServices): void {
    const names = new NameRules(services);
    const references = new ReferenceRules(services);
    const checks: ValidationChecks<SegAstType> = {
        SegmentDecl: names.checkUniqueDeclaration,
        FixtureDecl: [names.checkUniqueDeclaration, checkFixture],
        TestDecl: checkTest,
        RecordBody: checkRecordBody,
        InteractionRecord: checkInteractionRecord,
        MembershipExpectation: checkMembership,
        CountExpectation: checkCount,
        EntityDecl: [names.checkUniqueDeclaration, names.checkUniqueMembers],
        InteractionDecl: [names.checkUniqueDeclaration, names.checkUniqueMembers],
        ChoiceType: names.checkChoiceOptions,
        SegmentRef: references.checkSegmentRef,
        InteractionQuery: checkInteractionQuery,
        ThenStep: checkThenStep,
        ProfileQuery: checkProfile,
        HavingClause: checkHaving,
        Duration: checkDuration,
        AgoWindow: checkAgoWindow,
        RangeWindow: checkRangeWindow,
        ExistsTest: checkExists,
        RelationDecl: checkRelation,
        Comparison: checkComparison,
        InTest: checkIn,
        TextTest: checkText,
        BetweenTest: checkBetween,
        WithinTest: checkWithin,
        FieldPath: checkBareField,
        DateLiteral: checkDate,
        DateTimeLiteral: checkDateTime,
        StringLiteral: checkEscapes,
    };
    services.validation.ValidationRegistry.register(checks);
}
