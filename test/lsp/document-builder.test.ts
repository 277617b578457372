// SegDocumentBuilder, in process: a request about a document the editor has just opened waits for the
// build that adds it, instead of failing with "No document found" (the opening's update waits for the
// workspace lock while another build runs). A document no build adds still gets Langium's answer.
// And a build cancelled after linking a document does not leave its links pointing at the old version
// of the document that changed.
import { DocumentState, EmptyFileSystem, URI } from 'langium';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createSegLspServices } from '../../lsp/seg-lsp-module.js';
import { Codes } from '../../language/check/codes.js';

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

describe('SegDocumentBuilder after a build cancelled between linking and indexing references', () => {
    it('relinks a document whose links point into the changed one (a rename reported, not hidden)', async () => {
        const { shared } = createSegLspServices(EmptyFileSystem);
        const { DocumentBuilder: builder, WorkspaceLock: lock, TextDocuments: texts, LangiumDocuments: documents } = shared.workspace;
        const a = URI.parse('file:///project/a.seg'), b = URI.parse('file:///project/b.seg');
        texts!.set(TextDocument.create(a.toString(), 'seg', 1, 'segment A = profile contact\n'));
        texts!.set(TextDocument.create(b.toString(), 'seg', 1, 'segment B = A union A\n'));
        await lock.write(token => builder.update([a, b], [], token));
        const codes = () => (documents.getDocument(b)!.diagnostics ?? []).map(d => d.code);
        expect(codes()).toEqual([]);
        // The editor opens a.seg (an update), then renames A before that update's build is done: the
        // rename's update cancels it just after it linked b.seg to the A it still had.
        let second: Promise<void> | undefined;
        const linked = builder.onDocumentPhase(DocumentState.Linked, document => {
            if (second || document.uri.toString() !== b.toString()) return;
            texts!.set(TextDocument.create(a.toString(), 'seg', 2, 'segment Renamed = profile contact\n'));
            second = lock.write(token => builder.update([a], [], token));
        });
        await lock.write(token => builder.update([a], [], token));
        linked.dispose();
        expect(second).toBeDefined();
        await second;
        expect(documents.getDocument(b)!.state).toBe(DocumentState.Validated);
        expect(codes()).toContain(Codes.UnknownSegment);
    });
});
