// Dynamics queries → one formatted, checked .seg text: a segment per query
// that translates (a `///` comment carrying the original query, notes where
// the meaning differs), a comment in place of each that does not, and a
// placeholder for each SEGMENT(…) reference the import does not define.
import type { Model } from '../../language/generated/ast.js';
import { formatSeg } from '../../language/format/format-seg.js';
import type { LangiumCoreServices } from 'langium';
import type { SegCoreServices } from '../../language/seg-module.js';
import { loadProject, type SourceFile } from '../../language/workspace/load-project.js';
import { DynamicsSyntaxError, type Pos } from './ast.js';
import { ImportCodes, Reporter, type ImportDiagnostic } from './diagnostics.js';
import { metadataOf, type Metadata } from './metadata.js';
import { SegmentNames } from './names.js';
import { parseDynamicsQuery } from './parser.js';
import { translateQuery } from './translate-query.js';

export interface ImportEntry {
    /** The Dynamics segment's name (msdyncrm_name), if known. */
    name?: string;
    query: string;
    /** The Dynamics segment id (msdyncrm_segmentid), if known: SEGMENT_CRM_ID_<id> then names it. */
    id?: string;
    /** Where the query starts in the input (line and column): positions in diagnostics are then the input's. */
    start?: { line: number; column: number };
}

export interface ImportedQuery {
    entry: ImportEntry;
    /** The Seg segment name given to it. */
    segment: string;
    imported: boolean;
    diagnostics: ImportDiagnostic[];
}

export interface ImportResult {
    text: string;
    queries: ImportedQuery[];
}

export const UTC_HEADER = `// Imported from Dynamics 365 Marketing (seg import dynamics). Dynamics' windows
// (UTCDAYS, UTCMONTHS, UTCYEARS) and dates are UTC: these segments mean the same
// while the project's time zone is UTC (seg.json "timezone"; UTC is the default).`;

interface Translated extends ImportedQuery {
    seg?: string;
    notes: string[];
    references: Array<{ name: string; segment: string; pos: Pos }>;
}

export async function importDynamicsQueries(services: SegCoreServices, entries: ImportEntry[], declarations: SourceFile[] = []): Promise<ImportResult> {
    const catalog = await loadProject(services, { files: [], declarations });
    const metadata = metadataOf(catalog.files.map(f => f.document.parseResult.value as Model));
    let results = translateAll(entries, metadata);
    // The checker has the last word: a segment it rejects is reported and left out, and the rest checked again.
    for (let pass = 0; pass < 3; pass++) {
        const { text, rejected } = await checked(services, assemble(results), declarations, results);
        if (!rejected.size) return { text, queries: results.map(({ entry, segment, imported, diagnostics }) => ({ entry, segment, imported, diagnostics })) };
        results = results.map(r => {
            const errors = rejected.get(r.segment)?.map(d => ({ ...d, pos: { ...d.pos, ...r.entry.start } }));
            return errors ? { ...r, imported: false, diagnostics: [...r.diagnostics, ...errors] } : r;
        });
    }
    throw new Error('Internal error: the imported segments do not check. Please report this with the queries.');
}

/**
 * One query as formatted Seg (no file header, not checked: the editor checks the file it lands in);
 * SEGMENT(…) references to `known` segments resolve to them. Undefined, with diagnostics, when it does not translate.
 */
export function convertDynamicsQuery(seg: LangiumCoreServices, entry: ImportEntry, metadata: Metadata, known: string[]): { text?: string; diagnostics: ImportDiagnostic[] } {
    const [result] = translateAll([entry], metadata, known);
    if (!result.imported) return { diagnostics: result.diagnostics };
    const formatted = formatSeg(seg, assemble([result], known).replace(`${UTC_HEADER}\n\n`, ''));
    return formatted.ok ? { text: formatted.text, diagnostics: result.diagnostics } : { diagnostics: result.diagnostics };
}

function translateAll(entries: ImportEntry[], metadata: Metadata, known: string[] = []): Translated[] {
    const names = new SegmentNames();
    const segments = entries.map((e, i) => names.claim(e.name ?? `Imported${entries.length > 1 ? i + 1 : ''}`));
    const byName = new Map<string, string>(known.map(k => [k.toLowerCase(), k]));
    entries.forEach((e, i) => {
        for (const key of [e.name, segments[i], e.id && `SEGMENT_CRM_ID_${e.id.replace(/[-{}]/g, '')}`]) {
            if (key && !byName.has(key.toLowerCase())) byName.set(key.toLowerCase(), segments[i]);
        }
    });
    const placeholders = new Map<string, string>();
    return entries.map((entry, i) => {
        const r = new Reporter();
        const references: Translated['references'] = [];
        const segmentName = (name: string, pos: Pos) => {
            const key = name.toLowerCase();
            const segment = byName.get(key) ?? placeholders.get(key) ?? names.claim(name);
            if (!byName.has(key)) placeholders.set(key, segment);
            references.push({ name, segment, pos });
            return segment;
        };
        let seg: string | undefined;
        try {
            seg = translateQuery(parseDynamicsQuery(entry.query, entry.start), { metadata, segmentName }, r);
        } catch (e) {
            if (!(e instanceof DynamicsSyntaxError)) throw e;
            r.error(ImportCodes.Syntax, e.message, e.pos);
        }
        return { entry, segment: segments[i], imported: seg !== undefined, seg, notes: r.notes, references, diagnostics: r.diagnostics };
    }).map((t, _, all) => withPlaceholderWarnings(t, all, known));
}

/** A reference to a segment that is not imported here (or failed to) is a placeholder: say so where it is used. */
function withPlaceholderWarnings(t: Translated, all: Translated[], known: string[]): Translated {
    const warnings = t.references.filter(ref => !known.includes(ref.segment) && !all.some(o => o.imported && o.segment === ref.segment)).map((ref): ImportDiagnostic => ({
        severity: 'warning', code: ImportCodes.UnresolvedSegment, pos: ref.pos,
        message: `SEGMENT(${ref.name}) is not among the imported segments: '${ref.segment}' is an empty placeholder; import that segment too, or define '${ref.segment}'.`,
    }));
    return warnings.length ? { ...t, diagnostics: [...t.diagnostics, ...warnings] } : t;
}

function assemble(results: Translated[], known: string[] = []): string {
    const blocks = results.map(r => r.imported ? segmentBlock(r) : failedBlock(r));
    const declared = new Set([...known, ...results.filter(r => r.imported).map(r => r.segment)]);
    const missing = [...new Map(results.filter(r => r.imported).flatMap(r => r.references)
        .filter(ref => !declared.has(ref.segment)).map(ref => [ref.segment, ref.name])).entries()];
    for (const [segment, name] of missing) {
        blocks.push(`/// Placeholder for the Dynamics segment '${name}', which this import does not define.\n` +
            `/// It is empty: replace its definition (or import that segment) before using the segments that refer to it.\n` +
            `segment ${segment} = profile contact except profile contact`);
    }
    return `${UTC_HEADER}\n\n${blocks.join('\n\n')}\n`;
}

function segmentBlock(r: Translated): string {
    const notes = r.notes.map(n => `// Note: ${n}.`);
    const doc = [`Dynamics segment${r.entry.name ? ` '${r.entry.name}'` : ''}:`, ...r.entry.query.trim().split(/\r?\n/)].map(l => `/// ${l}`.trimEnd());
    return [...notes, ...doc, `segment ${r.segment} = ${r.seg}`].join('\n');
}

function failedBlock(r: Translated): string {
    const errors = r.diagnostics.filter(d => d.severity === 'error').map(d => `//   ${d.pos.line}:${d.pos.column} ${d.code} ${d.message}`);
    const query = r.entry.query.trim().split(/\r?\n/).map(l => `//   ${l}`.trimEnd());
    return [`// Not imported: Dynamics segment${r.entry.name ? ` '${r.entry.name}'` : ''} (${r.segment}):`, ...errors, '// Query:', ...query].join('\n');
}

/** The assembled text formatted, and the checker's errors in it by the segment they are in. */
async function checked(services: SegCoreServices, text: string, declarations: SourceFile[], results: Translated[]): Promise<{ text: string; rejected: Map<string, ImportDiagnostic[]> }> {
    const formatted = formatSeg(services.Seg, text);
    const found = new Map<string, ImportDiagnostic[]>();
    if (!formatted.ok) {
        // Only a translator bug gets here; blame each problem's segment.
        for (const p of formatted.problems) add(found, segmentAt(text, p.line, results), p.message);
        return { text, rejected: found };
    }
    const project = await loadProject(services, { files: [{ path: 'imported.seg', text }], declarations });
    const file = project.files.find(f => f.role === 'source')!;
    for (const d of file.diagnostics.filter(d => d.severity === 1)) {
        add(found, segmentAt(text, d.range.start.line + 1, results), typeof d.message === 'string' ? d.message : d.message.value);
    }
    return { text: formatted.text, rejected: found };
}

function add(found: Map<string, ImportDiagnostic[]>, segment: string, message: string): void {
    const list = found.get(segment) ?? [];
    list.push({ severity: 'error', code: ImportCodes.Checker, message: `Seg's checker rejects the translation: ${message}`, pos: { line: 1, column: 1, offset: 0 } });
    found.set(segment, list);
}

/** The segment whose declaration the 1-based line is in. */
function segmentAt(text: string, line: number, results: Translated[]): string {
    const lines = text.split('\n').slice(0, line);
    for (let i = lines.length - 1; i >= 0; i--) {
        const m = /^segment (\w+) =/.exec(lines[i]);
        if (m) return m[1];
    }
    return results[0]?.segment ?? '';
}
