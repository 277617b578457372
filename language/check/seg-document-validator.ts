// Turns Langium's lexer, parser and linker errors into Seg diagnostics: stable
// codes, plain messages, "did you mean" suggestions, and no cascades (a name
// that cannot be resolved because its record is unknown is not reported again).
// Lexer and parser errors are refined in syntax-diagnostics.ts.
import {
    AstUtils, CstUtils, DefaultDocumentValidator, DocumentValidator, type IndexManager, type LangiumCoreServices, type LangiumDocument,
    type Lexer, type ReferenceInfo, type ScopeProvider, type ValidationOptions,
} from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { CancellationToken } from 'vscode-languageserver';
import { isExistsTest, isFieldDecl, isFieldPath, isFieldValue, isTestDecl } from '../generated/ast.js';
import { recordSubject } from '../scope/records.js';
import { fieldType } from '../model/field-types.js';
import { stepSubject } from '../scope/seg-scope-provider.js';
import { queryOf, subjectOf } from '../scope/subject.js';
import { findTooComplex } from '../parser/complexity-guard.js';
import { Codes, type Code } from './codes.js';
import { describeType } from './describe.js';
import { refineSyntaxDiagnostics } from './syntax-diagnostics.js';
import { didYouMean, suggest } from './suggest.js';

export interface SegDiagnosticData {
    code: Code;
    /** Replacement names a quick fix may offer. */
    suggestions?: string[];
}

export class SegDocumentValidator extends DefaultDocumentValidator {
    private readonly scopeProvider: ScopeProvider;
    private readonly indexManager: IndexManager;
    private readonly lexer: Lexer;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.scopeProvider = services.references.ScopeProvider;
        this.indexManager = services.shared.workspace.IndexManager;
        this.lexer = services.parser.Lexer;
    }

    override async validateDocument(document: LangiumDocument, options: ValidationOptions = {}, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        let diagnostics = await super.validateDocument(document, options, cancelToken);
        const tokens = this.lexer.tokenize(document.textDocument.getText()).tokens;
        const syntaxLevel = (d: Diagnostic) => [DocumentValidator.ParsingError, DocumentValidator.LexingError].includes(String((d.data as { code?: string } | undefined)?.code));
        if (diagnostics.some(syntaxLevel)) diagnostics = refineSyntaxDiagnostics(document, tokens, diagnostics);
        // Declarations the parser set aside (see parser/complexity-guard.ts).
        for (const t of findTooComplex(tokens)) {
            diagnostics.push({
                severity: 1, range: CstUtils.tokenToRange(t.token), message: t.message, code: Codes.TooComplex,
                data: { code: Codes.TooComplex } satisfies SegDiagnosticData, source: this.getSource(),
            });
        }
        return diagnostics;
    }

    protected override getSource(): string {
        return 'seg';
    }

    /** Per run of processLinkingErrors: a paste of hundreds of unknown names asks the same questions hundreds of times. */
    private kinds: Map<string, DeclarationKind> | undefined;
    private scopeNames = new Map<string, string[]>();

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[]): void {
        this.kinds = undefined;
        this.scopeNames.clear();
        for (const reference of document.references) {
            const error = reference.error;
            const range = reference.$refNode?.range;
            if (!error || !range) continue;
            const described = this.describeUnresolved(error.info);
            if (!described) continue;
            const data: SegDiagnosticData = { code: described.code, suggestions: described.suggestions };
            diagnostics.push({
                severity: 1, range, message: described.message, code: described.code, data, source: this.getSource(),
            });
        }
    }

    /** The kind of the declaration named `name` anywhere in the project, if any. */
    private declarationKind(name: string): DeclarationKind | undefined {
        if (!this.kinds) {
            this.kinds = new Map();
            for (const d of this.indexManager.allElements()) if (!this.kinds.has(d.name)) this.kinds.set(d.name, d.type as DeclarationKind);
        }
        return this.kinds.get(name);
    }

    private describeUnresolved(info: ReferenceInfo): { code: Code; message: string; suggestions: string[] } | undefined {
        const { container, property } = info;
        const name = info.reference.$refText;
        // Names of declarations (not of fields or records, whose scope depends on where they are) are the same for every reference of a kind.
        const shared = GLOBAL_SCOPES.has(`${container.$type}.${property}`) ? `${container.$type}.${property}` : undefined;
        const names = () => {
            const cached = shared ? this.scopeNames.get(shared) : undefined;
            if (cached) return cached;
            const all = this.scopeProvider.getScope(info).getAllElements().map(d => d.name).toArray();
            if (shared) this.scopeNames.set(shared, all);
            return all;
        };
        const withSuggestions = (code: Code, message: string) => {
            const suggestions = suggest(name, names());
            return { code, message: message + didYouMean(suggestions), suggestions };
        };
        // A declaration of another kind under this name: `segment A = EmailOpened`.
        const otherKind = (code: Code, wanted: string, hint: (kind: DeclarationKind) => string) => {
            const kind = this.declarationKind(name);
            return kind ? { code, suggestions: [], message: `'${name}' is ${KIND_WORDS[kind]}, not ${wanted}.${hint(kind)}` } : undefined;
        };
        const unknownSegment = () => otherKind(Codes.UnknownSegment, 'a segment', k => k === 'FixtureDecl' ? '' : ` Did you mean '${k === 'EntityDecl' ? 'profile' : 'interaction'} ${name}'?`)
            ?? withSuggestions(Codes.UnknownSegment, `Unknown segment '${name}'.`);
        const unknownRecord = () => {
            // A test using an unknown fixture: its records are missing for that reason, reported at `using`.
            const test = AstUtils.getContainerOfType(container, isTestDecl);
            if (test?.fixtures.some(f => !f.ref)) return undefined;
            return withSuggestions(Codes.UnknownRecord, `No record '${name}' in this test or the fixtures it uses.`);
        };
        switch (container.$type) {
            case 'MembershipExpectation':
                return property === 'segment' ? unknownSegment() : unknownRecord();
            case 'CountExpectation':
                return unknownSegment();
            case 'RecordRef': {
                // `firstname: Alice` on a field that is not a lookup is a missing pair of quotes (SEG301 says so), not a record.
                const field = isFieldValue(container.$container) ? container.$container.field?.ref : undefined;
                if (field && fieldType(field).kind !== 'lookup') return undefined;
                return unknownRecord();
            }
            case 'TestDecl':
                return otherKind(Codes.UnknownFixture, 'a fixture', () => '') ?? withSuggestions(Codes.UnknownFixture, `Unknown fixture '${name}'.`);
            case 'EntityRecord':
                return otherKind(Codes.UnknownEntity, 'an entity', k => k === 'InteractionDecl' ? ` An interaction record is written '${name} by RECORD 2 days ago'.` : '')
                    ?? withSuggestions(Codes.UnknownEntity, `Unknown entity '${name}'.`);
            case 'InteractionRecord':
                if (property === 'by') return unknownRecord();
                return otherKind(Codes.UnknownInteraction, 'an interaction type', k => k === 'EntityDecl' ? ` An entity record is written '${name} NAME { … }'.` : '')
                    ?? withSuggestions(Codes.UnknownInteraction, `Unknown interaction type '${name}'.`);
            case 'SegmentRef':
                return unknownSegment();
            case 'InteractionQuery':
                return otherKind(Codes.UnknownInteraction, 'an interaction type', k => k === 'EntityDecl' ? ` Did you mean 'profile ${name}'?` : ` Refer to a segment by its name alone.`)
                    ?? withSuggestions(Codes.UnknownInteraction, `Unknown interaction type '${name}'.`);
            case 'ProfileQuery':
                return otherKind(Codes.UnknownEntity, 'an entity', k => k === 'InteractionDecl' ? ` Did you mean 'interaction ${name}'?` : ` Refer to a segment by its name alone.`)
                    ?? withSuggestions(Codes.UnknownEntity, `Unknown entity '${name}'.`);
            case 'LookupType':
                return otherKind(Codes.UnknownEntity, 'an entity', () => ' Lookups refer to entities.')
                    ?? withSuggestions(Codes.UnknownEntity, `Unknown entity '${name}'.`);
            case 'ExistsTest':
                if (property === 'entity') {
                    return otherKind(Codes.UnknownEntity, 'an entity', k => k === 'InteractionDecl' ? ` To select contacts by their interactions, use 'interaction ${name}' as a segment of its own.` : '')
                        ?? withSuggestions(Codes.UnknownEntity, `Unknown entity '${name}'.`);
                }
                break;
            case 'ViaClause': {
                const type = queryOf(container)?.type?.ref;
                if (!type) return undefined;
                const all = names();
                const found = withSuggestions(Codes.UnknownRelation, `Interaction '${type.name}' has no relation '${name}'.`);
                if (found.suggestions.length === 0) {
                    found.message += all.length ? ` Its relations: ${all.join(', ')}.` : ` It declares no relations.`;
                }
                return found;
            }
        }
        // A field name: in a path step, an aggregate, or the `via` of an exists.
        if (isFieldPath(container) && container.previous) {
            const prev = container.previous.field?.ref;
            if (!prev) return undefined; // the previous step is already reported
            if (isFieldDecl(prev) && !prev.type) return undefined; // its type did not parse: a syntax error says so
            const type = fieldType(prev);
            if (type.kind !== 'lookup') {
                return {
                    code: Codes.NotALookup, suggestions: [],
                    message: `'${prev.name}' is ${describeType(type)}, not a lookup: only a lookup can be followed with '.'.`,
                };
            }
            if (!type.target) return undefined; // the lookup's entity is unknown, reported at its declaration
        }
        const subject = isFieldPath(container) ? stepSubject(container)
            : isExistsTest(container) ? container.entity?.ref
            : isFieldValue(container) ? recordSubject(container.$container.$container)
            : subjectOf(container);
        if (!subject) return undefined; // the record itself is unknown and reported
        const kind = subject.$type === 'EntityDecl' ? 'Entity' : 'Interaction';
        return withSuggestions(Codes.UnknownField, `${kind} '${subject.name}' has no field '${name}'.`);
    }
}

/** References whose scope is every declaration of one kind in the project, wherever they are written. */
const GLOBAL_SCOPES = new Set([
    'SegmentRef.segment', 'CountExpectation.segment', 'MembershipExpectation.segment', 'InteractionQuery.type', 'ProfileQuery.entity',
    'LookupType.target', 'ExistsTest.entity', 'EntityRecord.entity', 'InteractionRecord.type', 'TestDecl.fixtures',
]);

type DeclarationKind = 'SegmentDecl' | 'EntityDecl' | 'InteractionDecl' | 'FixtureDecl';

const KIND_WORDS: Record<DeclarationKind, string> = {
    SegmentDecl: 'a segment', EntityDecl: 'an entity', InteractionDecl: 'an interaction type', FixtureDecl: 'a fixture',
};

