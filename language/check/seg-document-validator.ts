// Turns Langium's lexer, parser and linker errors into Seg diagnostics: stable
// codes, plain messages, "did you mean" suggestions, and no cascades (a name
// that cannot be resolved because its record is unknown is not reported again).
import {
    DefaultDocumentValidator, DocumentValidator, type LangiumCoreServices, type LangiumDocument,
    type ReferenceInfo, type ScopeProvider, type ValidationOptions,
} from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { CancellationToken } from 'vscode-languageserver';
import { isExistsTest, isFieldPath } from '../generated/ast.js';
import { fieldType, typeLabel } from '../model/field-types.js';
import { stepSubject } from '../scope/seg-scope-provider.js';
import { queryOf, subjectOf } from '../scope/subject.js';
import { Codes, type Code } from './codes.js';
import { friendlyParseMessage, friendlyLexMessage } from './syntax-messages.js';
import { didYouMean, suggest } from './suggest.js';

export interface SegDiagnosticData {
    code: Code;
    /** Replacement names a quick fix may offer. */
    suggestions?: string[];
}

export class SegDocumentValidator extends DefaultDocumentValidator {
    private readonly scopeProvider: ScopeProvider;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.scopeProvider = services.references.ScopeProvider;
    }

    override async validateDocument(document: LangiumDocument, options: ValidationOptions = {}, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        for (const d of diagnostics) {
            const kind = (d.data as { code?: string } | undefined)?.code;
            if (kind === DocumentValidator.ParsingError) {
                d.message = friendlyParseMessage(String(d.message));
                setCode(d, Codes.SyntaxError);
            } else if (kind === DocumentValidator.LexingError) {
                d.message = friendlyLexMessage(String(d.message));
                setCode(d, Codes.InvalidCharacter);
            }
        }
        return diagnostics;
    }

    protected override getSource(): string {
        return 'seg';
    }

    protected override processLinkingErrors(document: LangiumDocument, diagnostics: Diagnostic[]): void {
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

    private describeUnresolved(info: ReferenceInfo): { code: Code; message: string; suggestions: string[] } | undefined {
        const { container, property } = info;
        const name = info.reference.$refText;
        const names = () => this.scopeProvider.getScope(info).getAllElements().map(d => d.name).toArray();
        const withSuggestions = (code: Code, message: string) => {
            const suggestions = suggest(name, names());
            return { code, message: message + didYouMean(suggestions), suggestions };
        };
        switch (container.$type) {
            case 'SegmentRef':
                return withSuggestions(Codes.UnknownSegment, `Unknown segment '${name}'.`);
            case 'InteractionQuery':
                return withSuggestions(Codes.UnknownInteraction, `Unknown interaction type '${name}'.`);
            case 'ProfileQuery': case 'LookupType':
                return withSuggestions(Codes.UnknownEntity, `Unknown entity '${name}'.`);
            case 'ExistsTest':
                if (property === 'entity') return withSuggestions(Codes.UnknownEntity, `Unknown entity '${name}'.`);
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
            const type = fieldType(prev);
            if (type.kind !== 'lookup') {
                return {
                    code: Codes.NotALookup, suggestions: [],
                    message: `'${prev.name}' is a ${typeLabel(type)} field, not a lookup: only a lookup can be followed with '.'.`,
                };
            }
            if (!type.target) return undefined; // the lookup's entity is unknown, reported at its declaration
        }
        const subject = isFieldPath(container) ? stepSubject(container)
            : isExistsTest(container) ? container.entity?.ref
            : subjectOf(container);
        if (!subject) return undefined; // the record itself is unknown and reported
        const kind = subject.$type === 'EntityDecl' ? 'Entity' : 'Interaction';
        return withSuggestions(Codes.UnknownField, `${kind} '${subject.name}' has no field '${name}'.`);
    }
}

function setCode(d: Diagnostic, code: Code): void {
    d.code = code;
    d.data = { code } satisfies SegDiagnosticData;
}
