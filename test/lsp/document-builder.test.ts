// SegDocumentBuilder, in process: a request about a document the editor has just opened waits for the
// build that adds it, instead of failing with "No document found" (the opening's update waits for the
// workspace lock while another build runs). A document no build adds still gets Langium's answer.
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createSegLspServices } from '../../lsp/seg-lsp-module.js';

const settle = <T>(p: Promise<T>) => p.then(value => ({ value }), (error: { message?: string }) => ({ error: error.message ?? String(error) }));
const tick = () => new Promise(r => setTimeout(r, 20));

describe('SegDocumentBuilder.waitUntil for a document the editor has open', () => {
    it('waits while the build that adds it is queued behind another, then answers', async () => {
        const { shared } = createSegLspServices(EmptyFileSystem);
        const { DocumentBuilder: builder, WorkspaceLock: lock, TextDocuments: texts } = shared.workspace;
        let release!: () => void;
        const busy = lock.write(() => new Promise<void>(r => { release = r; }));
        const uri = URI.parse('file:///project/opened.seg');
        texts!.set(TextDocument.create(uri.toString(), 'seg', 1, 'segment Adults = profile contact where birthdate < 2000-01-01\n'));
        const update = lock.write(token => builder.update([uri], [], token));
        const waited = settle(builder.waitUntil(DocumentState.Linked, uri));
        await tick();
        expect(await Promise.race([waited, 'still waiting'])).toBe('still waiting');
        release();
        await busy;
        await update;
        expect(await waited).toEqual({ value: uri });
    });

    it('answers as Langium does once a build is done without it, and for documents nobody opened', async () => {
        const { shared } = createSegLspServices(EmptyFileSystem);
        const { DocumentBuilder: builder, WorkspaceLock: lock, TextDocuments: texts } = shared.workspace;
        const open = URI.parse('file:///project/open-but-never-built.seg');
        texts!.set(TextDocument.create(open.toString(), 'seg', 1, 'segment X = profile contact\n'));
        const waited = settle(builder.waitUntil(DocumentState.Linked, open));
        const other = URI.parse('file:///project/other.seg');
        texts!.set(TextDocument.create(other.toString(), 'seg', 1, 'segment Y = profile contact\n'));
        await lock.write(token => builder.update([other], [], token));
        expect(await waited).toEqual({ error: `No document found for URI: ${open.toString()}` });
        expect(await settle(builder.waitUntil(DocumentState.Linked, URI.parse('file:///project/unknown.seg')))).toEqual({ error: 'No document found for URI: file:///project/unknown.seg' });
    });
});
