// The source excerpt under a diagnostic (issue 9, item 19): very long lines are cut around
// the caret with … markers, control characters are shown escaped, and the carets stay aligned.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, type ReportedDiagnostic } from '../../../compiler/report/diagnostic-report.js';
import { runMain } from './run-main.js';

const id = (s: string) => s;
const plain = { red: id, yellow: id, cyan: id, blue: id, bold: id, dim: id, green: id };

function frame(source: string, column: number, endColumn: number): { text: string; underline: string } {
    const d: ReportedDiagnostic = { file: 'a.seg', line: 1, column, endLine: 1, endColumn, severity: 'error', code: 'SEG001', message: 'm' };
    const lines = formatDiagnostic(d, source, plain).split('\n');
    return { text: lines[2].slice('1 | '.length), underline: lines[3].slice('  | '.length) };
}

/** The characters of the shown line above the carets. */
const underlined = (f: { text: string; underline: string }) => f.text.slice(f.underline.indexOf('^'), f.underline.lastIndexOf('^') + 1);

describe('long source lines', () => {
    it('a 10,000-character line shows a window around the caret, with … on both sides', () => {
        const source = 'a'.repeat(5000) + 'TOKEN' + 'b'.repeat(4995);
        const f = frame(source, 5001, 5006);
        expect(f.text.length).toBeLessThan(200);
        expect(f.text.startsWith('…')).toBe(true);
        expect(f.text.endsWith('…')).toBe(true);
        expect(underlined(f)).toBe('TOKEN');
    });

    it('a caret near either end cuts one side only', () => {
        const source = 'START' + 'x'.repeat(9990) + 'END!!';
        const head = frame(source, 1, 6);
        expect(head.text.startsWith('START')).toBe(true);
        expect(head.text.endsWith('…')).toBe(true);
        expect(underlined(head)).toBe('START');
        const tail = frame(source, 9996, 10001);
        expect(tail.text.startsWith('…')).toBe(true);
        expect(tail.text.endsWith('END!!')).toBe(true);
        expect(underlined(tail)).toBe('END!!');
    });

    it('a short line is shown whole', () => {
        expect(frame('segment A = interaction X within 3 days', 25, 26).text).toBe('segment A = interaction X within 3 days');
    });

    it('seg check on a 10,000-character line prints a short excerpt with the caret under the name', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'seg-long-'));
        const padding = ' '.repeat(9950);
        writeFileSync(join(dir, 'a.seg'), `segment A =${padding}interaction EmailOpend within 3 days\n`);
        const r = await runMain('check', dir);
        expect(r.code).toBe(1);
        const lines = r.out.split('\n');
        const head = lines.findIndex(l => l.includes('SEG103'));
        const text = lines[head + 2].slice(4), underline = lines[head + 3].slice(4);
        expect(text.length).toBeLessThan(200);
        expect(text.slice(underline.indexOf('^'), underline.lastIndexOf('^') + 1)).toBe('EmailOpend');
    });
});

describe('control characters', () => {
    it('a NUL is shown as \\0 and the carets stay under the token after it', () => {
        const f = frame('a\0b TOKEN', 5, 10);
        expect(f.text).toBe('a\\0b TOKEN');
        expect(underlined(f)).toBe('TOKEN');
    });

    it('a NUL inside the underlined span widens the underline to its escape', () => {
        const f = frame('x AB\0CD y', 3, 8);
        expect(underlined(f)).toBe('AB\\0CD');
    });

    it('escape, carriage return and DEL are escaped; tabs stay tabs', () => {
        const f = frame('\x1b\r\x7f\tTOKEN', 5, 10);
        expect(f.text).toBe('\\x1b\\r\\x7f\tTOKEN');
        expect(f.underline).toBe(`${' '.repeat(10)}\t^^^^^`);
    });

    it('no raw control character reaches the terminal from seg check', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'seg-nul-'));
        writeFileSync(join(dir, 'a.seg'), 'segment A = interaction \0EmailOpend within 3 days\n');
        const r = await runMain('check', dir);
        expect(r.code).toBe(1);
        expect(r.out).not.toMatch(/[\0-\x08\x0b-\x1f]/);
        expect(r.out).toContain('\\0');
    });
});
