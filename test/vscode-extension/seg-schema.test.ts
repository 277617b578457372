// The JSON schema the extension contributes for seg.json (vscode-extension/schemas/seg.schema.json) accepts
// what compiler/project/config.ts accepts and rejects what it rejects, except what a schema cannot know
// (whether a time zone name is real, whether an include path exists).
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../compiler/project/config.js';

const root = join(import.meta.dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(root, 'vscode-extension', 'schemas', 'seg.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

/** Whether config.ts loads `text` as a project's seg.json (with an existing `decl` folder beside it). */
function configAccepts(text: string): boolean {
    const dir = mkdtempSync(join(tmpdir(), 'seg-schema-'));
    mkdirSync(join(dir, 'decl'));
    writeFileSync(join(dir, 'seg.json'), text);
    try {
        loadConfig(dir);
        return true;
    } catch {
        return false;
    }
}

describe('seg.schema.json', () => {
    it('accepts the seg.json of the examples', () => {
        const example = JSON.parse(readFileSync(join(root, 'examples', 'seg.json'), 'utf8'));
        expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
    });

    const cases: Array<[string, unknown]> = [
        ['empty', {}],
        ['all settings', { $schema: './seg.schema.json', timezone: 'Europe/Amsterdam', builtinCatalog: false, include: ['decl'] }],
        ['an unknown setting', { timezone: 'UTC', timeZone: 'UTC' }],
        ['a time zone that is not a string', { timezone: 1 }],
        ['builtinCatalog as a string', { builtinCatalog: 'false' }],
        ['include as a string', { include: 'decl' }],
        ['include with a number', { include: ['decl', 3] }],
        ['an empty include path (the root itself)', { include: [''] }],
        ['an empty time zone', { timezone: '' }],
        ['an array', ['UTC']],
        ['a string', 'UTC'],
        ['null', null],
    ];
    for (const [what, value] of cases) {
        it(`agrees with config.ts on ${what}`, () => {
            const expected = configAccepts(JSON.stringify(value));
            expect(validate(value), JSON.stringify(validate.errors)).toBe(expected);
        });
    }

    it('rejects a bad seg.json with a message naming the setting', () => {
        expect(validate({ timezone: 'UTC', builtinCatalog: 'yes' })).toBe(false);
        expect(validate.errors!.map(e => e.instancePath)).toEqual(['/builtinCatalog']);
    });
});
