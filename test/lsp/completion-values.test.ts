// Completion (issue 9 item 16) at `<|>` markers: values by the field's type,
// comparison operators after `having`, descriptions of catalog fields, complete
// lists, and the trigger characters the server advertises.
import { describe, expect, it } from 'vitest';
import { CompletionItemKind, CompletionTriggerKind } from 'vscode-languageserver';
import { inProcessServer } from './in-process.js';

const { completeAt, Seg, validate } = inProcessServer();

describe('values by field type', () => {
    it('offers true and false for a boolean field, and no choice labels', async () => {
        await completeAt('segment A = profile contact where donotemail = <|>', l => {
            expect(l).toEqual(expect.arrayContaining(['true', 'false']));
            expect(l.some(x => x.startsWith('"'))).toBe(false);
        });
    });

    it('offers no true/false for a guid field, a guid template instead', async () => {
        await completeAt('segment A = interaction EmailOpened where messageId = <|>', (l, list) => {
            expect(l).not.toContain('true');
            expect(l).not.toContain('false');
            const guid = list.items.find(i => i.detail?.includes('guid'));
            expect(guid?.insertText ?? guid?.textEdit?.newText).toMatch(/^"\$\{1:[0-9a-f-]{36}\}"$/);
        });
    });

    it('offers a date template for a date field, not true/false', async () => {
        await completeAt('segment A = profile contact where birthdate = <|>', (l, list) => {
            expect(l).not.toContain('true');
            const date = list.items.find(i => i.detail === 'date');
            expect(date?.insertText ?? date?.textEdit?.newText).toMatch(/^\$\{1:\d{4}\}-\$\{2:\d{2}\}-\$\{3:\d{2}\}$/);
        });
    });

    it('still offers choice labels for a choice field', async () => {
        await completeAt('segment A = profile contact where gendercode != <|>', l => {
            expect(l).toContain('"Male"');
            expect(l).not.toContain('true');
        });
    });
});

describe('having', () => {
    it('offers comparison operators after `having count`', async () => {
        await completeAt('segment A = interaction EmailOpened having count <|>', l => {
            for (const op of ['>=', '>', '=', '<', '<=', 'between']) expect(l).toContain(op);
        });
    });

    it('offers comparison operators after `having sum(x)`', async () => {
        await completeAt('segment A = interaction EmailOpened having max(messageId) <|>', l => {
            for (const op of ['>=', '<=', 'between']) expect(l).toContain(op);
        });
    });
});

describe('catalog fields and lists', () => {
    it('describes a catalog field with its type and owner', async () => {
        await completeAt('segment A = profile contact where address1_c<|>', (_l, list) => {
            const city = list.items.find(i => i.label === 'address1_city');
            expect(city?.kind).toBe(CompletionItemKind.Field);
            expect(city?.detail).toBe('string');
            expect(JSON.stringify(city?.documentation)).toContain('contact');
        });
    });

    it('answers with a complete list', async () => {
        await completeAt('segment A = interaction Email<|>', (_l, list) => expect(list.isIncomplete).toBe(false));
        await completeAt('segment A = profile contact where <|>', (_l, list) => expect(list.isIncomplete).toBe(false));
    });
});

describe('trigger characters', () => {
    /** Completion at the end of `text` as if the client typed its last character (a trigger). */
    async function typed(text: string) {
        const { document, dispose } = await validate(text);
        const position = document.textDocument.positionAt(text.length);
        const list = await Seg.lsp.CompletionProvider!.getCompletion(document, {
            textDocument: { uri: document.uri.toString() }, position,
            context: { triggerKind: CompletionTriggerKind.TriggerCharacter, triggerCharacter: text[text.length - 1] },
        });
        await dispose();
        return list?.items.map(i => i.label) ?? [];
    }

    it('answer after a keyword and a space, not after a value and a space', async () => {
        expect(await typed('segment A = interaction ')).toContain('EmailOpened');
        expect(await typed('segment A = interaction EmailOpened having count ')).toContain('>=');
        expect(await typed('segment A = profile contact where address1_city = "Paris" ')).toEqual([]);
    });

    it('answer `.` with the looked-up fields and `"` with the choices', async () => {
        expect(await typed('segment A = profile contact where parentcustomerid.')).toContain('name');
        expect(await typed('segment A = profile contact where gendercode = "')).toContain('"Male"');
    });

    it('are advertised', () => {
        const chars = Seg.lsp.CompletionProvider?.completionOptions?.triggerCharacters ?? [];
        for (const c of ['.', '=', '[', '"', ' ']) expect(chars).toContain(c);
    });
});
