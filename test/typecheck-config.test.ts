// `npm test` (what CI runs) type-checks the tests too: pretest runs
// `npm run typecheck`, which checks tsconfig.test.json (sources and test/).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const json = (name: string) => JSON.parse(readFileSync(join(root, name), 'utf8'));

describe('type checking', () => {
    it('npm test type-checks first, the tests included', () => {
        const { scripts } = json('package.json');
        expect(scripts.pretest).toBe('npm run typecheck');
        expect(scripts.typecheck).toContain('tsc -p tsconfig.test.json');
        const config = json('tsconfig.test.json');
        expect(config.extends).toBe('./tsconfig.json');
        expect(config.include).toEqual(expect.arrayContaining(['test/**/*.ts', 'compiler/**/*.ts', 'language/**/*.ts', 'lsp/**/*.ts']));
        expect(config.compilerOptions.noEmit).toBe(true);
    });
});
