/// <reference lib="dom" />
// The playground's LanguageChannel (between Monaco's LSP client and the language worker),
// over a fake worker: a request about a document waits until the document is open, because
// Monaco's client asks for code actions before its didOpen, and the server can only answer
// "No document found" then (the page showed that as an uncaught error).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HOLD_FOR_OPEN_MS, LanguageChannel } from '../../playground/src/lsp-channel.js';

interface Message { jsonrpc: '2.0'; id?: number | string; method?: string; params?: { textDocument?: { uri: string } } }

/** What the channel posts to the worker, and a way to answer as the worker. */
function fakeWorker() {
    const target = new EventTarget();
    const sent: Message[] = [];
    const worker = Object.assign(target, { postMessage: (m: Message) => { sent.push(m); } }) as unknown as Worker;
    const reply = (data: unknown) => target.dispatchEvent(new MessageEvent('message', { data }));
    return { worker, sent, reply, methods: () => sent.map(m => `${m.method ?? 'response'} ${m.id ?? ''}`.trim()) };
}

const A = 'file:///playground/a.seg', B = 'file:///playground/b.seg';
const doc = (uri: string) => ({ textDocument: { uri } });
const open = (uri: string) => ({ jsonrpc: '2.0' as const, method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'seg', version: 1, text: '' } } });

describe('LanguageChannel', () => {
    afterEach(() => { vi.useRealTimers(); });

    it('holds a request about a document until its didOpen, then sends it right after', () => {
        const w = fakeWorker();
        const channel = new LanguageChannel(w.worker, {});
        channel.postMessage({ jsonrpc: '2.0', id: 1, method: 'textDocument/codeAction', params: doc(A) });
        channel.postMessage({ jsonrpc: '2.0', id: 2, method: 'textDocument/foldingRange', params: doc(B) });
        expect(w.methods()).toEqual([]);
        channel.postMessage(open(A));
        expect(w.methods()).toEqual(['textDocument/didOpen', 'textDocument/codeAction 1']);
        // Once open, requests about it go straight through; B's still waits.
        channel.postMessage({ jsonrpc: '2.0', id: 3, method: 'textDocument/hover', params: doc(A) });
        expect(w.methods()).toEqual(['textDocument/didOpen', 'textDocument/codeAction 1', 'textDocument/hover 3']);
        channel.postMessage(open(B));
        expect(w.methods().slice(3)).toEqual(['textDocument/didOpen', 'textDocument/foldingRange 2']);
    });

    it('sends what is not about a document at once, and holds again after didClose', () => {
        const w = fakeWorker();
        const channel = new LanguageChannel(w.worker, { timezone: 'UTC' });
        channel.postMessage({ jsonrpc: '2.0', id: 0, method: 'initialize', params: {} });
        channel.postMessage({ jsonrpc: '2.0', id: 1, method: 'workspace/symbol', params: { query: 'x' } } as Message);
        expect(w.sent[0]).toMatchObject({ method: 'initialize', params: { initializationOptions: { timezone: 'UTC' } } });
        channel.postMessage(open(A));
        channel.postMessage({ jsonrpc: '2.0', method: 'textDocument/didClose', params: doc(A) });
        channel.postMessage({ jsonrpc: '2.0', id: 2, method: 'textDocument/codeAction', params: doc(A) });
        expect(w.methods()).toEqual(['initialize 0', 'workspace/symbol 1', 'textDocument/didOpen', 'textDocument/didClose']);
    });

    it('sends a held request anyway when the document never opens, so nothing waits forever', () => {
        vi.useFakeTimers();
        const w = fakeWorker();
        const channel = new LanguageChannel(w.worker, {});
        channel.postMessage({ jsonrpc: '2.0', id: 7, method: 'textDocument/codeAction', params: doc(A) });
        vi.advanceTimersByTime(HOLD_FOR_OPEN_MS - 1);
        expect(w.methods()).toEqual([]);
        vi.advanceTimersByTime(1);
        expect(w.methods()).toEqual(['textDocument/codeAction 7']);
        // Not sent twice when the document opens later.
        channel.postMessage(open(A));
        expect(w.methods()).toEqual(['textDocument/codeAction 7', 'textDocument/didOpen']);
    });

    it('holds the page\'s own requests the same way, and gives their answers to the page only', async () => {
        const w = fakeWorker();
        const channel = new LanguageChannel(w.worker, {});
        const seen: unknown[] = [];
        channel.addEventListener('message', e => seen.push(e.data));
        channel.postMessage({ jsonrpc: '2.0', id: 0, method: 'initialize', params: {} });
        w.reply({ jsonrpc: '2.0', id: 0, result: { capabilities: {} } });
        const symbols = channel.request<unknown[]>('textDocument/documentSymbol', doc(A));
        await new Promise(r => setTimeout(r, 0));
        expect(w.methods()).toEqual(['initialize 0']);
        channel.postMessage(open(A));
        const asked = w.sent.at(-1)!;
        expect(asked).toMatchObject({ method: 'textDocument/documentSymbol', id: expect.stringMatching(/^seg-page-/) });
        w.reply({ jsonrpc: '2.0', id: asked.id, result: [{ name: 'X' }] });
        expect(await symbols).toEqual([{ name: 'X' }]);
        expect(seen).toEqual([{ jsonrpc: '2.0', id: 0, result: { capabilities: {} } }]);
    });
});
