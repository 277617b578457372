// node:path in the browser: POSIX paths (the playground's documents are file:///playground/…).
export const sep = '/';

function normalize(path: string): string {
    const absolute = path.startsWith('/');
    const parts: string[] = [];
    for (const part of path.split('/')) {
        if (part === '' || part === '.') continue;
        if (part === '..') { if (parts.length && parts[parts.length - 1] !== '..') parts.pop(); else if (!absolute) parts.push('..'); continue; }
        parts.push(part);
    }
    const joined = parts.join('/');
    return absolute ? `/${joined}` : joined || '.';
}

export const isAbsolute = (path: string): boolean => path.startsWith('/');
export const join = (...parts: string[]): string => normalize(parts.filter(p => p !== '').join('/'));
export const resolve = (...parts: string[]): string => {
    let path = '';
    for (const p of parts) path = p.startsWith('/') ? p : `${path}/${p}`;
    return normalize(path.startsWith('/') ? path : `/${path}`);
};
export const dirname = (path: string): string => {
    const n = normalize(path);
    const i = n.lastIndexOf('/');
    return i < 0 ? '.' : i === 0 ? '/' : n.slice(0, i);
};
export const basename = (path: string, ext?: string): string => {
    const base = normalize(path).split('/').pop() ?? '';
    return ext && base.endsWith(ext) ? base.slice(0, -ext.length) : base;
};
export const extname = (path: string): string => {
    const base = basename(path);
    const i = base.lastIndexOf('.');
    return i > 0 ? base.slice(i) : '';
};
export const relative = (from: string, to: string): string => {
    const a = resolve(from).split('/').filter(Boolean), b = resolve(to).split('/').filter(Boolean);
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
};
export const posix = { sep, isAbsolute, join, resolve, dirname, basename, extname, relative };
export default posix;
