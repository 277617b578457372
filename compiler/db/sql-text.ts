// Small SQL text helpers shared by the database layer: quoting identifiers and
// COPY's text format (both directions).

/** `"name"`, with embedded double quotes doubled. */
export function quoteIdent(name: string): string {
    return `"${name.replace(/"/g, '""')}"`;
}

/** A single-quoted SQL string literal (standard_conforming_strings on). */
export function quoteLiteral(value: string): string {
    return `'${value.replace(/'/g, "''")}'`;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIAL_ALL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One cell in COPY text format: `\N` for NULL; backslash, tab, newline and CR escaped. */
export function copyCell(cell: string | null): string {
    if (cell === null) return '\\N';
    return SPECIAL.test(cell) ? cell.replace(SPECIAL_ALL, c => ESCAPES[c]) : cell;
}

/** One row (with its newline) in COPY text format. */
export function copyLine(row: ReadonlyArray<string | null>): string {
    let line = copyCell(row[0] ?? null);
    for (let i = 1; i < row.length; i++) line += '\t' + copyCell(row[i]);
    return line + '\n';
}

/** Bytes per chunk handed to the driver. */
const CHUNK_BYTES = 1 << 20;

const utf8 = new TextEncoder();

/**
 * COPY text-format data as UTF-8 chunks of about 1 MiB, built lazily from
 * `rows`; `counter.rows` counts the rows consumed. Cells are encoded straight
 * into the chunk (the fast path for millions of rows; plain Uint8Arrays, so it
 * runs in the browser too). Every chunk ends at the end of a row, so a consumer
 * may start a new COPY at any chunk (the embedded database does, every 16 MiB);
 * a row longer than a chunk gets a chunk of its own.
 */
export function* copyChunks(
    rows: Iterable<ReadonlyArray<string | null>>, columnCount: number, counter: { rows: number }, chunkBytes = CHUNK_BYTES,
): Generator<Uint8Array<ArrayBuffer>> {
    let buf = new Uint8Array(chunkBytes);
    let off = 0;
    for (const row of rows) {
        if (row.length !== columnCount) {
            throw new RangeError(`row ${counter.rows + 1} has ${row.length} cells, expected ${columnCount}`);
        }
        let rowStart = off;
        for (let i = 0; i < columnCount; i++) {
            const cell = copyCell(row[i]);
            // Worst case 3 bytes per UTF-16 unit, plus the separator.
            const worst = cell.length * 3 + 1;
            if (off + worst > buf.length) {
                // Hand over the whole rows so far; the part of this row written moves to a fresh buffer.
                const partial = off - rowStart;
                const next = new Uint8Array(Math.max(chunkBytes, partial + worst));
                next.set(buf.subarray(rowStart, off));
                if (rowStart > 0) yield buf.subarray(0, rowStart);
                buf = next;
                off = partial;
                rowStart = 0;
            }
            off += utf8.encodeInto(cell, buf.subarray(off)).written;
            buf[off++] = i === columnCount - 1 ? 0x0a : 0x09;
        }
        counter.rows++;
    }
    if (off > 0) yield buf.subarray(0, off);
}

const UNESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

/** The value of one COPY text-format field (null for `\N`). */
export function parseCopyCell(field: string): string | null {
    if (field === '\\N') return null;
    if (!field.includes('\\')) return field;
    return field.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, e: string) => {
        if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
        if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
        return UNESCAPES[e] ?? e;
    });
}
