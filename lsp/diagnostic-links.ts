// Every diagnostic links to its section of docs/diagnostics.md (`codeDescription`). The link is a file URL
// to the copy shipped with the running server (the npm package and the .vsix carry docs/diagnostics.md),
// so it always describes the installed version and needs no network; the package names no repository to
// link to. The anchor is the one the heading "## SEG103 unknown-interaction" gets: #seg103-unknown-interaction.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LangiumCoreServices, LangiumDocument, ValidationOptions } from 'langium';
import type { CancellationToken, Diagnostic } from 'vscode-languageserver';
import { codeName } from '../language/check/codes.js';
import { SegDocumentValidator } from '../language/check/seg-document-validator.js';
import { packageRoot } from '../language/workspace/package-root.js';

/** The heading anchor of a code's section in docs/diagnostics.md, or undefined for a code that is not Seg's. */
export function diagnosticAnchor(code: string): string | undefined {
    const name = codeName(code);
    return name ? `${code.toLowerCase()}-${name}` : undefined;
}

let docsUrl: string | null | undefined;

/** Where there are no installed docs (the playground), the links go to `url` (docs/diagnostics.md published). */
export function provideDiagnosticDocs(url: string): void {
    docsUrl = url;
}

/** The link to a code's section, when the docs are installed next to the server. */
export function diagnosticDocsLink(code: string): string | undefined {
    if (docsUrl === undefined) {
        const file = join(packageRoot(), 'docs', 'diagnostics.md');
        docsUrl = existsSync(file) ? pathToFileURL(file).href : null;
    }
    const anchor = diagnosticAnchor(code);
    return docsUrl && anchor ? `${docsUrl}#${anchor}` : undefined;
}

/** The checks of `seg check`, each diagnostic with its documentation link. */
export class SegLspDocumentValidator extends SegDocumentValidator {
    constructor(services: LangiumCoreServices) {
        super(services);
    }

    override async validateDocument(document: LangiumDocument, options?: ValidationOptions, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        for (const d of diagnostics) {
            const href = typeof d.code === 'string' ? diagnosticDocsLink(d.code) : undefined;
            if (href) d.codeDescription = { href };
        }
        return diagnostics;
    }
}
