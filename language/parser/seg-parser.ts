// Langium's parser behind the complexity guard: declarations beyond the
// guard's limits are blanked out before parsing (the validator reports them).
import { createLangiumParser, type LangiumCoreServices, type LangiumParser, type Lexer } from 'langium';
import { blankOut, findTooComplex } from './complexity-guard.js';

export function createSegParser(services: LangiumCoreServices): LangiumParser {
    const parser = createLangiumParser(services);
    const lexer = services.parser.Lexer;
    // The guard's tokens are the parser's when nothing is blanked out: lexing once, not twice,
    // saves about a tenth of a large project's check. The parser asks its own `lexer` field.
    let lexed: { input: string; result: ReturnType<Lexer['tokenize']> } | undefined;
    const sharing: Lexer = Object.create(lexer);
    sharing.tokenize = (input, options) => {
        const hit = lexed?.input === input ? lexed.result : undefined;
        lexed = undefined;
        return hit ?? lexer.tokenize(input, options);
    };
    (parser as unknown as { lexer: Lexer }).lexer = sharing;
    const parse = parser.parse.bind(parser);
    parser.parse = ((input: string, options?: unknown) => {
        const result = lexer.tokenize(input);
        const tooComplex = findTooComplex(result.tokens);
        lexed = tooComplex.length ? undefined : { input, result };
        return parse(tooComplex.length ? blankOut(input, tooComplex) : input, options as never);
    }) as typeof parser.parse;
    return parser;
}
