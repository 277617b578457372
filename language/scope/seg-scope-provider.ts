// Field, relation and lookup-step names are local to a record; everything else
// (segments, entities, interaction types, fixtures) is global across the
// project. Record names are local to a test and the fixtures it uses.
import { DefaultScopeProvider, EMPTY_SCOPE, MapScope, WorkspaceCache, type AstNode, type LangiumCoreServices, type ReferenceInfo, type Scope } from 'langium';
import { isCountAgg, isExistsTest, isFieldAgg, isThenStep, isFieldPath, isFieldValue, isViaClause, type FieldPath } from '../generated/ast.js';
import { fieldsOf, fieldType, relationsOf } from '../model/field-types.js';
import { queryOf, subjectOf, type Subject } from './subject.js';
import { recordOwner, recordsInScope, recordSubject } from './records.js';

export class SegScopeProvider extends DefaultScopeProvider {
    private readonly fieldScopes: WorkspaceCache<AstNode, Scope>;
    private readonly relationScopes: WorkspaceCache<AstNode, Scope>;
    private readonly recordScopes: WorkspaceCache<AstNode, Scope>;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.fieldScopes = new WorkspaceCache(services.shared);
        this.relationScopes = new WorkspaceCache(services.shared);
        this.recordScopes = new WorkspaceCache(services.shared);
    }

    override getScope(context: ReferenceInfo): Scope {
        const { container, property } = context;
        if (isFieldPath(container) && property === 'field') return this.fieldScope(stepSubject(container));
        if (isFieldAgg(container) || isCountAgg(container)) return this.fieldScope(subjectOf(container));
        if (isExistsTest(container) && property === 'via') return this.fieldScope(container.entity?.ref);
        // `then B on f`: a field of B (the checker wants A to have it too).
        if (isThenStep(container) && property === 'on') return this.fieldScope(container.type?.ref);
        if (isThenStep(container) && property === 'relation') {
            const type = container.type?.ref;
            if (!type) return EMPTY_SCOPE;
            return this.relationScopes.get(type, () => this.mapScope(relationsOf(type)));
        }
        if (isFieldValue(container)) return this.fieldScope(recordSubject(container.$container.$container));
        if (this.reflection.getReferenceType(context) === 'EntityRecord') {
            const owner = recordOwner(container);
            if (!owner) return EMPTY_SCOPE;
            return this.recordScopes.get(owner, () => this.mapScope(recordsInScope(owner)));
        }
        if (isViaClause(container)) {
            const type = queryOf(container)?.type?.ref;
            if (!type) return EMPTY_SCOPE;
            return this.relationScopes.get(type, () => this.mapScope(relationsOf(type)));
        }
        // Segments, entities and interaction types are all top-level: the global scope is the whole story.
        return this.getGlobalScope(this.reflection.getReferenceType(context), context);
    }

    private fieldScope(subject: Subject | undefined): Scope {
        if (!subject) return EMPTY_SCOPE;
        return this.fieldScopes.get(subject, () => this.mapScope(fieldsOf(subject)));
    }

    /** A name-indexed scope; Langium's stream scopes rescan (and re-describe) on every lookup. */
    private mapScope(nodes: Array<AstNode & { name: string }>): Scope {
        return new MapScope(nodes.filter(n => n.name).map(n => this.descriptions.createDescription(n, n.name)));
    }
}

/** A step after a dot reads the record its previous lookup step refers to. */
export function stepSubject(step: FieldPath): Subject | undefined {
    if (!step.previous) return subjectOf(step);
    const prev = step.previous.field?.ref;
    if (!prev) return undefined;
    const type = fieldType(prev);
    return type.kind === 'lookup' ? type.target : undefined;
}
