// "Convert Dynamics query to Seg": a Dynamics query pasted into a .seg file converts in place, and the file then checks clean.
import { describe, expect, it } from 'vitest';
import type { URI } from 'langium';
import { parseHelper } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver';
import { Codes } from '../../language/check/codes.js';
import type { Model } from '../../language/generated/ast.js';
import { pastedQueryAt } from '../../lsp/dynamics-fix.js';
import { inProcessServer } from './in-process.js';

const server = inProcessServer();
const parse = parseHelper<Model>(server.Seg);
let n = 0;
const drop = (uri: URI) => server.shared.workspace.DocumentBuilder.update([], [uri]);

/** The file after applying "Convert Dynamics query to Seg" for its first syntax error, or undefined when not offered. */
async function converted(text: string): Promise<string | undefined> {
    const document = await parse(text, { documentUri: `file:///project/dyn-${n++}.seg`, validation: true });
    const diagnostic = (document.diagnostics ?? []).find(d => d.code === Codes.SyntaxError || d.code === Codes.InvalidCharacter);
    expect(diagnostic, JSON.stringify(document.diagnostics)).toBeDefined();
    const actions = await server.Seg.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.textDocument.uri }, range: diagnostic!.range, context: { diagnostics: [diagnostic!] },
    }) as CodeAction[];
    await drop(document.uri);
    const action = actions.find(a => a.title === 'Convert Dynamics query to Seg');
    return action && TextDocument.applyEdits(document.textDocument, action.edit!.changes![document.textDocument.uri]);
}

async function errorsOf(text: string): Promise<string[]> {
    const document = await parse(text, { documentUri: `file:///project/dyn-${n++}.seg`, validation: true });
    await drop(document.uri);
    return (document.diagnostics ?? []).filter(d => d.severity === 1).map(d => String(d.message));
}

describe('Convert Dynamics query to Seg', () => {
    it('converts a pasted query in place, keeping the segments around it', async () => {
        const text = 'segment Oslo = profile contact where address1_city = "Oslo"\n\n' +
            'INTERACTION(EmailClicked, EmailClicked_ContactLink).HAVING(COUNT() > 2, UTCDAYS(14)) EXCEPT SEGMENT(Oslo)\n';
        const fixed = await converted(text);
        expect(fixed).toBe('segment Oslo = profile contact where address1_city = "Oslo"\n\n' +
            '/// Dynamics segment:\n/// INTERACTION(EmailClicked, EmailClicked_ContactLink).HAVING(COUNT() > 2, UTCDAYS(14)) EXCEPT SEGMENT(Oslo)\n' +
            'segment Imported = interaction EmailClicked having count >= 3 within 14 days except Oslo\n');
        expect(await errorsOf(fixed!)).toEqual([]);
    });

    it('takes the name from `segment Name =` and a query pasted over several lines', async () => {
        const fixed = await converted("segment Reachable = PROFILE(contact, contact_1)\n  .FILTER(ISNOTNULL(contact_1.emailaddress1)\n    && contact_1.donotemail == False)\n");
        expect(fixed).toContain('segment Reachable = profile contact where emailaddress1 is not null and donotemail = false\n');
        expect(await errorsOf(fixed!)).toEqual([]);
    });

    it('is not offered for ordinary syntax errors, nor for a query that does not translate', async () => {
        expect(await converted('segment X = profile contact where address1_city = \n')).toBeUndefined();
        expect(await converted('PROFILE(contact).ORDERBY(fullname ASC)\n')).toBeUndefined();
    });

    it('finds the pasted block from any of its lines, and stops at the next declaration', () => {
        const lines = ['segment A = profile contact', 'PROFILE(contact)', '  .FILTER(x == 1)', 'segment B = A'];
        expect(pastedQueryAt(lines, 2)).toEqual({ first: 1, last: 2, name: undefined, query: 'PROFILE(contact)\n  .FILTER(x == 1)' });
        expect(pastedQueryAt(lines, 0)).toBeUndefined();
        expect(pastedQueryAt(lines, 3)).toBeUndefined();
    });
});
