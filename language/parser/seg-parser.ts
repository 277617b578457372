// Langium's parser behind the complexity guard: declarations beyond the
// guard's limits are blanked out before parsing (the validator reports them).
import { createLangiumParser, type LangiumCoreServices, type LangiumParser } from 'langium';
import { blankOut, findTooComplex } from './complexity-guard.js';

export function createSegParser(services: LangiumCoreServices): LangiumParser {
    const parser = createLangiumParser(services);
    const lexer = services.parser.Lexer;
    const parse = parser.parse.bind(parser);
    parser.parse = ((input: string, options?: unknown) => {
        const tooComplex = findTooComplex(lexer.tokenize(input).tokens);
        return parse(tooComplex.length ? blankOut(input, tooComplex) : input, options as never);
    }) as typeof parser.parse;
    return parser;
}
