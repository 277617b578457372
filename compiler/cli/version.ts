// Seg's version, from its package.json.
import { readFileSync } from 'node:fs';
import { packageRoot } from '../../language/workspace/package-root.js';

export function segVersion(): string {
    return String((JSON.parse(readFileSync(`${packageRoot()}/package.json`, 'utf8')) as { version: string }).version);
}
