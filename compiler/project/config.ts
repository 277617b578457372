// seg.json: the project root and its settings (docs/language.md §1).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface SegConfig {
    /** IANA time zone for calendar windows and offset-less date-times. */
    timezone: string;
    builtinCatalog: boolean;
    /** Extra declaration folders or files, absolute. */
    include: string[];
}

export interface ProjectConfig {
    root: string;
    /** The seg.json path, when there is one. */
    file?: string;
    config: SegConfig;
}

export class ConfigError extends Error {
    constructor(readonly file: string, readonly line: number, readonly column: number, message: string) {
        super(message);
    }
}

export const DEFAULT_CONFIG: SegConfig = { timezone: 'UTC', builtinCatalog: true, include: [] };

/** The nearest folder at or above `start` holding seg.json, else `start` itself. */
export function findProjectRoot(start: string): string {
    let dir = resolve(start);
    if (existsSync(dir) && !statSync(dir).isDirectory()) dir = dirname(dir);
    for (let d = dir; ; d = dirname(d)) {
        if (existsSync(join(d, 'seg.json'))) return d;
        if (dirname(d) === d) return dir;
    }
}

export function isValidTimeZone(tz: string): boolean {
    try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
    } catch {
        return false;
    }
}

export function loadConfig(start: string): ProjectConfig {
    const root = findProjectRoot(start);
    const file = join(root, 'seg.json');
    if (!existsSync(file)) return { root, config: { ...DEFAULT_CONFIG } };
    const text = readFileSync(file, 'utf8');
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (e) {
        const m = /position (\d+)/.exec(String(e));
        const { line, column } = positionOf(text, m ? Number(m[1]) : 0);
        throw new ConfigError(file, line, column, `seg.json is not valid JSON: ${(e as Error).message}`);
    }
    const at = (key: string) => {
        const i = text.indexOf(`"${key}"`);
        return positionOf(text, Math.max(0, i));
    };
    const fail = (key: string, message: string): never => {
        const { line, column } = at(key);
        throw new ConfigError(file, line, column, message);
    };
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('', 'seg.json must hold an object such as { "timezone": "UTC" }.');
    const obj = raw as Record<string, unknown>;
    const known = ['timezone', 'builtinCatalog', 'include', '$schema'];
    for (const key of Object.keys(obj)) {
        if (!known.includes(key)) fail(key, `Unknown setting "${key}" in seg.json; the settings are "timezone", "builtinCatalog" and "include".`);
    }
    const config: SegConfig = { ...DEFAULT_CONFIG, include: [] };
    if (obj.timezone !== undefined) {
        if (typeof obj.timezone !== 'string' || !isValidTimeZone(obj.timezone)) {
            fail('timezone', `"timezone" must be an IANA time zone name such as "UTC" or "Europe/Amsterdam"; got ${JSON.stringify(obj.timezone)}.`);
        }
        config.timezone = obj.timezone as string;
    }
    if (obj.builtinCatalog !== undefined) {
        if (typeof obj.builtinCatalog !== 'boolean') fail('builtinCatalog', `"builtinCatalog" must be true or false.`);
        config.builtinCatalog = obj.builtinCatalog as boolean;
    }
    if (obj.include !== undefined) {
        if (!Array.isArray(obj.include) || obj.include.some(p => typeof p !== 'string')) {
            fail('include', `"include" must be a list of folders or files, such as ["declarations/"].`);
        }
        for (const p of obj.include as string[]) {
            const abs = resolve(root, p);
            if (!existsSync(abs)) fail('include', `"include" names ${JSON.stringify(p)}, which does not exist (relative to ${root}).`);
            config.include.push(abs);
        }
    }
    return { root, file, config };
}

function positionOf(text: string, offset: number): { line: number; column: number } {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    return { line, column: offset - before.lastIndexOf('\n') };
}
