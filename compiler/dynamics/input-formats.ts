// What `seg import dynamics` reads: one query, lines of queries (`Name: query`
// or bare, a query may run over several lines), or an export of the segment
// entity (the Web API's msdyncrm_name / msdyncrm_segmentquery /
// msdyncrm_segmentid) as CSV or JSON (an array, or OData's { "value": [...] }).
import type { ImportEntry } from './import-queries.js';

/** An entry and where its query starts in the input, for messages. */
export interface LocatedEntry extends ImportEntry {
    /** The record of an export the query is in (a CSV or JSON export); lines and columns are then the query's own. */
    record?: number;
}

export class InputError extends Error {}

export function readEntries(text: string, fileName = ''): LocatedEntry[] {
    const body = text.replace(/^\uFEFF/, '');
    const trimmed = body.trimStart();
    if (/\.json$/i.test(fileName) || trimmed.startsWith('[') || trimmed.startsWith('{')) return fromRecords(jsonRecords(body));
    const firstLine = trimmed.split('\n', 1)[0];
    if (/\.csv$/i.test(fileName) || /msdyncrm_segmentquery/i.test(firstLine)) return fromRecords(csvRecords(body));
    return fromLines(body);
}

const QUERY_START = /^\s*(PROFILE|SEGMENT|INTERACTION)\s*\(|^\s*\(/i;
const NAMED = /^\s*([^:()'"]+?)\s*:\s*(.*)$/;

function fromLines(text: string): LocatedEntry[] {
    const entries: LocatedEntry[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
        if (!line.trim() || /^\s*(#|\/\/|--)/.test(line)) return;
        const named = QUERY_START.test(line) ? undefined : NAMED.exec(line);
        if (named && QUERY_START.test(named[2])) {
            entries.push({ name: named[1], query: named[2], start: { line: i + 1, column: line.indexOf(named[2]) + 1 } });
        } else if (QUERY_START.test(line) || entries.length === 0) {
            entries.push({ query: line.trimStart(), start: { line: i + 1, column: line.length - line.trimStart().length + 1 } });
        } else {
            // A continuation of the query above (a query copied over several lines).
            entries[entries.length - 1].query += '\n' + line;
        }
    });
    return entries;
}

function fromRecords(records: Array<Record<string, unknown>>): LocatedEntry[] {
    const entries: LocatedEntry[] = [];
    records.forEach((rec, i) => {
        const get = (key: string) => {
            const k = Object.keys(rec).find(k => k.toLowerCase() === key);
            const v = k === undefined ? undefined : rec[k];
            return typeof v === 'string' && v.trim() ? v : undefined;
        };
        const query = get('msdyncrm_segmentquery');
        if (query === undefined) return;
        entries.push({ name: get('msdyncrm_name'), id: get('msdyncrm_segmentid'), query, record: i + 1 });
    });
    if (!entries.length && records.length) throw new InputError('No msdyncrm_segmentquery values in the export: it needs msdyncrm_segmentquery (and msdyncrm_name) columns.');
    return entries;
}

function jsonRecords(text: string): Array<Record<string, unknown>> {
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (e) {
        throw new InputError(`The input is not valid JSON: ${(e as Error).message}`);
    }
    const list = Array.isArray(raw) ? raw : (raw as { value?: unknown })?.value;
    if (!Array.isArray(list)) throw new InputError('Expected a JSON array of segments, or an object with a "value" array (the Web API\'s response).');
    return list.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null);
}

/** RFC 4180: commas, double-quoted fields with "" for a quote, line breaks inside quotes. */
function csvRecords(text: string): Array<Record<string, unknown>> {
    const rows: string[][] = [];
    let row: string[] = [], field = '', quoted = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quoted) {
            if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
            else if (c === '"') quoted = false;
            else field += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') { row.push(field); field = ''; }
        else if (c === '\n' || c === '\r') {
            if (c === '\r' && text[i + 1] === '\n') i++;
            row.push(field); rows.push(row); row = []; field = '';
        } else field += c;
    }
    if (quoted) throw new InputError('The CSV ends inside a quoted field: a closing " is missing.');
    if (field || row.length) { row.push(field); rows.push(row); }
    const [header, ...data] = rows.filter(r => r.some(f => f.trim()));
    if (!header) return [];
    return data.map(r => Object.fromEntries(header.map((h, i) => [h.trim(), r[i] ?? ''])));
}
