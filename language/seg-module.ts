// The Seg language module: Langium's core services with Seg's scoping,
// value conversion and checks. The language server adds its LSP services on top.
import {
    DefaultReferenceDescriptionProvider, type ReferenceDescription,
    createDefaultCoreModule, createDefaultSharedCoreModule, inject,
    type DefaultSharedCoreModuleContext, type LangiumCoreServices, type LangiumSharedCoreServices, type Module, type PartialLangiumCoreServices,
} from 'langium';
import { SegGeneratedModule, SegGeneratedSharedModule } from './generated/module.js';
import { SegDocumentValidator } from './check/seg-document-validator.js';
import { registerSegChecks } from './check/seg-validator.js';
import { SegScopeComputation } from './scope/seg-scope-computation.js';
import { SegScopeProvider } from './scope/seg-scope-provider.js';
import { SegValueConverter } from './seg-value-converter.js';
import { createSegParser } from './parser/seg-parser.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SegAddedServices {}
export type SegServices = LangiumCoreServices & SegAddedServices;

export const SegModule: Module<SegServices, PartialLangiumCoreServices & SegAddedServices> = {
    references: {
        ScopeProvider: (services) => new SegScopeProvider(services),
        ScopeComputation: (services) => new SegScopeComputation(services),
    },
    parser: {
        ValueConverter: () => new SegValueConverter(),
        LangiumParser: (services) => createSegParser(services),
    },
    validation: {
        DocumentValidator: (services) => new SegDocumentValidator(services),
    },
};

export interface SegCoreServices {
    shared: LangiumSharedCoreServices;
    Seg: SegServices;
}

export interface SegServicesOptions {
    /**
     * Index every reference for "find references" (default true). Batch
     * commands that only check or compile turn it off: it costs time and memory.
     */
    referenceIndex?: boolean;
}

/** Index nothing: for batch runs that never ask who refers to what. */
class NoReferenceDescriptions extends DefaultReferenceDescriptionProvider {
    override async createDescriptions(): Promise<ReferenceDescription[]> {
        return [];
    }
}

/** Services for the command line and tests (no LSP). */
export function createSegServices(context: DefaultSharedCoreModuleContext, options: SegServicesOptions = {}): SegCoreServices {
    const batch: Module<SegServices, PartialLangiumCoreServices> = options.referenceIndex === false
        ? { workspace: { ReferenceDescriptionProvider: (s) => new NoReferenceDescriptions(s) } } : {};
    const shared = inject(createDefaultSharedCoreModule(context), SegGeneratedSharedModule);
    const Seg = inject(createDefaultCoreModule({ shared }), SegGeneratedModule, SegModule, batch);
    shared.ServiceRegistry.register(Seg);
    registerSegChecks(Seg);
    return { shared, Seg };
}
