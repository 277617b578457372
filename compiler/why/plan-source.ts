// The source text a plan node came from (its SourceRef), from the project's
// files by their plan paths: how explanations name a sub-expression.
import type { SourceRef } from '../plan/plan.js';

/** `texts`: each file's text by its plan path (compiler/pipeline.ts planPath). Files are split into lines once. */
export function planSourceText(texts: ReadonlyMap<string, string>): (ref: SourceRef) => string | undefined {
    const lines = new Map<string, string[]>();
    return ref => {
        const text = texts.get(ref.file);
        if (text === undefined) return undefined;
        let l = lines.get(ref.file);
        if (!l) lines.set(ref.file, l = text.split(/\r?\n/));
        return sliceSource(l, ref);
    };
}

/** The text a source range covers (1-based lines, end column exclusive). */
function sliceSource(lines: string[], ref: SourceRef): string | undefined {
    if (ref.line === ref.endLine) return lines[ref.line - 1]?.slice(ref.column - 1, ref.endColumn - 1);
    return [lines[ref.line - 1]?.slice(ref.column - 1), ...lines.slice(ref.line, ref.endLine - 1), lines[ref.endLine - 1]?.slice(0, ref.endColumn - 1)].join('\n');
}
