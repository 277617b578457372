// The Seg language module: Langium's core services with Seg's scoping,
// value conversion and checks. The language server adds its LSP services on top.
import {
    createDefaultCoreModule, createDefaultSharedCoreModule, inject,
    type DefaultSharedCoreModuleContext, type LangiumCoreServices, type LangiumSharedCoreServices, type Module, type PartialLangiumCoreServices,
} from 'langium';
import { SegGeneratedModule, SegGeneratedSharedModule } from './generated/module.js';
import { SegDocumentValidator } from './check/seg-document-validator.js';
import { registerSegChecks } from './check/seg-validator.js';
import { SegScopeProvider } from './scope/seg-scope-provider.js';
import { SegValueConverter } from './seg-value-converter.js';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SegAddedServices {}
export type SegServices = LangiumCoreServices & SegAddedServices;

export const SegModule: Module<SegServices, PartialLangiumCoreServices & SegAddedServices> = {
    references: {
        ScopeProvider: (services) => new SegScopeProvider(services),
    },
    parser: {
        ValueConverter: () => new SegValueConverter(),
    },
    validation: {
        DocumentValidator: (services) => new SegDocumentValidator(services),
    },
};

export interface SegCoreServices {
    shared: LangiumSharedCoreServices;
    Seg: SegServices;
}

/** Services for the command line and tests (no LSP). */
export function createSegServices(context: DefaultSharedCoreModuleContext): SegCoreServices {
    const shared = inject(createDefaultSharedCoreModule(context), SegGeneratedSharedModule);
    const Seg = inject(createDefaultCoreModule({ shared }), SegGeneratedModule, SegModule);
    shared.ServiceRegistry.register(Seg);
    registerSegChecks(Seg);
    return { shared, Seg };
}
