// Output helpers: colour only on a terminal (and never with NO_COLOR), paths relative to the working folder.
import { relative } from 'node:path';

export interface Style {
    red(s: string): string;
    yellow(s: string): string;
    cyan(s: string): string;
    blue(s: string): string;
    bold(s: string): string;
    dim(s: string): string;
    green(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const colored: Style = {
    red: wrap(31, 39), yellow: wrap(33, 39), cyan: wrap(36, 39), blue: wrap(34, 39),
    bold: wrap(1, 22), dim: wrap(2, 22), green: wrap(32, 39),
};
const plain: Style = { red: s => s, yellow: s => s, cyan: s => s, blue: s => s, bold: s => s, dim: s => s, green: s => s };

export function styleFor(stream: NodeJS.WriteStream, forced?: boolean): Style {
    if (forced !== undefined) return forced ? colored : plain;
    if (process.env.NO_COLOR) return plain;
    if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return colored;
    return stream.isTTY ? colored : plain;
}

export function displayPath(path: string): string {
    if (!path.startsWith('/')) return path;
    const rel = relative(process.cwd(), path);
    return rel.startsWith('..') ? path : rel;
}

export function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
}
