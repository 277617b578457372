// Only declarations are named at the top level and exported; nothing is
// scoped locally (fields and relations are looked up by SegScopeProvider from
// their record), so the per-node local symbol pass is skipped.
import { DefaultScopeComputation, MultiMap, type LangiumDocument, type LocalSymbols } from 'langium';

export class SegScopeComputation extends DefaultScopeComputation {
    override async collectLocalSymbols(_document: LangiumDocument): Promise<LocalSymbols> {
        return new MultiMap();
    }
}
