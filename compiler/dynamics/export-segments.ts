// Segments of checked models → `Name: query` lines that `seg import dynamics`
// reads back, or the reason each one cannot be said in Dynamics.
import type { Model, SegmentDecl } from '../../language/generated/ast.js';
import { isSegmentDecl } from '../../language/generated/ast.js';
import { ExportError, exportSetExpr } from './export-query.js';

export type ExportedSegment =
    | { segment: SegmentDecl; query: string }
    | { segment: SegmentDecl; error: ExportError };

export function exportSegments(models: Model[], only?: string): ExportedSegment[] {
    const segments = models.flatMap(m => m.declarations.filter(isSegmentDecl)).filter(s => only === undefined || s.name === only);
    return segments.map(segment => {
        try {
            return { segment, query: exportSetExpr(segment.body).text };
        } catch (e) {
            if (!(e instanceof ExportError)) throw e;
            return { segment, error: e };
        }
    });
}
