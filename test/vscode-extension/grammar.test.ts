// The hand-written TextMate grammar (vscode-extension/syntaxes/seg.tmLanguage.json) against the annotated
// fixtures in grammar/*.seg, through vscode-tmgrammar-test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const grammar = join(root, 'vscode-extension', 'syntaxes', 'seg.tmLanguage.json');
const bin = join(root, 'node_modules', 'vscode-tmgrammar-test', 'dist', 'unit.js');

function tmgrammarTest(pattern: string) {
    return spawnSync(process.execPath, [bin, '-g', grammar, '--config', join(root, 'vscode-extension', 'package.json'), pattern], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
    });
}

describe('Seg TextMate grammar', () => {
    it('passes every annotated fixture in test/vscode-extension/grammar', () => {
        const run = tmgrammarTest('test/vscode-extension/grammar/*.seg');
        expect(run.stdout + run.stderr).toMatch(/segments\.seg run successfuly/);
        expect(run.stdout + run.stderr).not.toMatch(/failed/);
        expect(run.status, run.stdout + run.stderr).toBe(0);
    }, 60_000);

    it('fails on a wrong assertion (the runner is not vacuous)', () => {
        const dir = mkdtempSync(join(tmpdir(), 'seg-tm-'));
        const file = join(dir, 'wrong.seg');
        writeFileSync(file, '// SYNTAX TEST "source.seg"\nsegment A = B\n// <------- constant.numeric.seg\n');
        const run = tmgrammarTest(file);
        expect(run.status).not.toBe(0);
    }, 60_000);

    it('is the hand-written grammar, with the scopes the manifest declares', () => {
        const g = JSON.parse(readFileSync(grammar, 'utf8'));
        const manifest = JSON.parse(readFileSync(join(root, 'vscode-extension', 'package.json'), 'utf8'));
        expect(g.scopeName).toBe('source.seg');
        expect(manifest.contributes.grammars).toEqual([{ language: 'seg', scopeName: 'source.seg', path: './syntaxes/seg.tmLanguage.json' }]);
        // langium generate must not overwrite it.
        const langium = JSON.parse(readFileSync(join(root, 'langium-config.json'), 'utf8'));
        for (const language of langium.languages) {
            expect(language.textMate?.out ?? '').not.toBe('vscode-extension/syntaxes/seg.tmLanguage.json');
        }
        for (const scope of ['comment.line.documentation.seg', 'constant.other.date.seg', 'entity.name.type.interaction.seg']) {
            expect(JSON.stringify(g)).toContain(scope);
        }
    });
});
