// The Seg language in Monaco: its id, the editor behaviour of VS Code's
// extension (language-configuration.json: comments, brackets, auto-closing,
// word pattern, indentation) and colouring by the grammar's keywords. Everything
// else (diagnostics, completion, hover, formatting, quick fixes, navigation,
// semantic colours) comes from the language server, over LSP.
import * as monaco from 'monaco-editor/editor/editor.api.js';
import { LANGUAGE } from './bundled-sources.js';

export const SEG = 'seg';

export function registerSeg(): void {
    monaco.languages.register({ id: SEG, extensions: ['.seg'], aliases: ['Seg'] });
    monaco.languages.setLanguageConfiguration(SEG, languageConfiguration(LANGUAGE.configuration));
    monaco.languages.setMonarchTokensProvider(SEG, {
        keywords: LANGUAGE.keywords,
        tokenizer: {
            root: [
                [/\/\/\/.*$/, 'comment.doc'],
                [/\/\/.*$/, 'comment'],
                [/\/\*/, 'comment', '@comment'],
                [/"([^"\\]|\\.)*"/, 'string'],
                [/'([^'\\]|\\.)*'/, 'string'],
                [/\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?/, 'number'],
                [/-?\d+(\.\d+)?/, 'number'],
                [/[A-Za-z_][A-Za-z0-9_]*/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
                [/[=!<>]=?|[{}()[\],.:]/, 'delimiter'],
            ],
            comment: [
                [/\*\//, 'comment', '@pop'],
                [/[^*]+|\*/, 'comment'],
            ],
        },
    });
}

/** VS Code's JSON language configuration in Monaco's shape (regular expressions from their sources). */
function languageConfiguration(json: Record<string, unknown>): monaco.languages.LanguageConfiguration {
    const config = { ...json } as Record<string, unknown> & { indentationRules?: Record<string, string> };
    const out: monaco.languages.LanguageConfiguration = {
        comments: config.comments as monaco.languages.CommentRule,
        brackets: config.brackets as monaco.languages.CharacterPair[],
        autoClosingPairs: config.autoClosingPairs as monaco.languages.IAutoClosingPairConditional[],
        surroundingPairs: (config.surroundingPairs as Array<[string, string]> | undefined)?.map(([open, close]) => ({ open, close })),
        autoCloseBefore: config.autoCloseBefore as string | undefined,
    };
    if (typeof config.wordPattern === 'string') out.wordPattern = new RegExp(config.wordPattern);
    if (config.indentationRules) {
        out.indentationRules = {
            increaseIndentPattern: new RegExp(config.indentationRules.increaseIndentPattern),
            decreaseIndentPattern: new RegExp(config.indentationRules.decreaseIndentPattern),
        };
    }
    return out;
}
