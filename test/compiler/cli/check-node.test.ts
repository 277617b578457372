// npm's preinstall stops `npm ci` on a Node.js older than 22.12 with a clear message (issue 9, item 19).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = join(__dirname, '..', '..', '..');
const script = join(repo, 'scripts', 'check-node.cjs');

/** Runs the check as if Node.js were `version`. */
function checkAs(version: string) {
    const fake = `Object.defineProperty(process.versions, 'node', { value: ${JSON.stringify(version)} }); require(${JSON.stringify(script)});`;
    return spawnSync(process.execPath, ['-e', fake], { encoding: 'utf8' });
}

describe('preinstall Node.js check', () => {
    it('is the preinstall script, and ships with the package', () => {
        const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
        expect(pkg.scripts.preinstall).toBe('node scripts/check-node.cjs');
        expect(pkg.files).toContain('scripts/check-node.cjs');
        expect(pkg.engines.node).toBe('>=22.12');
    });

    it.each(['18.20.0', '20.20.2', '22.11.0'])('Node.js %s: exit 1, naming the version and how to get Node.js 24', version => {
        const r = checkAs(version);
        expect(r.status).toBe(1);
        expect(r.stderr).toContain(`Seg needs Node.js 22.12 or newer; this is Node.js ${version}.`);
        expect(r.stderr).toContain('nvm install 24');
        expect(r.stderr).toContain('https://nodejs.org/');
    });

    it.each(['22.12.0', '23.0.0', '24.1.0', process.versions.node])('Node.js %s: passes silently', version => {
        const r = checkAs(version);
        expect(r.status).toBe(0);
        expect(r.stderr).toBe('');
    });

    it('uses no syntax newer than ES5 (it must parse on any old Node.js)', () => {
        const text = readFileSync(script, 'utf8').replace(/\/\/.*$/gm, '');
        expect(text).not.toMatch(/\b(const|let|class)\b|=>|`|\.\.\./);
    });
});
