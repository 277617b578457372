// What the import reports about one query: errors (the query is not
// imported), warnings (imported, but read the message) and notes (kept as
// comments above the segment: where the Seg meaning differs, and how).
import type { Pos } from './ast.js';

export const ImportCodes = {
    Syntax: 'DYN001',
    UnknownEntity: 'DYN101',
    UnknownInteraction: 'DYN102',
    UnknownField: 'DYN103',
    UnknownRelationship: 'DYN104',
    UnknownAlias: 'DYN105',
    Untranslatable: 'DYN201',
    NotContacts: 'DYN202',
    ForbiddenInDynamics: 'DYN203',
    Approximate: 'DYN301',
    UnresolvedSegment: 'DYN302',
    Checker: 'DYN401',
} as const;

export interface ImportDiagnostic {
    severity: 'error' | 'warning';
    code: string;
    message: string;
    /** Where in the query (line and column within the query text). */
    pos: Pos;
}

export class Reporter {
    readonly diagnostics: ImportDiagnostic[] = [];
    readonly notes: string[] = [];

    error(code: string, message: string, pos: Pos): undefined {
        this.diagnostics.push({ severity: 'error', code, message, pos });
        return undefined;
    }

    warning(code: string, message: string, pos: Pos): void {
        this.diagnostics.push({ severity: 'warning', code, message, pos });
    }

    /** A difference of meaning, kept as a comment with the segment and reported as a warning. */
    approximate(message: string, pos: Pos): void {
        this.notes.push(`${message} (at ${pos.line}:${pos.column})`);
        this.warning(ImportCodes.Approximate, message, pos);
    }

    get failed(): boolean {
        return this.diagnostics.some(d => d.severity === 'error');
    }
}
