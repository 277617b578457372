// The server's workspace follows the editor and the disk: closing an unsaved document drops its text,
// and a changed seg.json (or `seg.timezone` setting) takes effect without a restart.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSession, type LspSession } from './lsp-client.js';

const codes = (d: Array<{ code?: unknown }>) => d.map(x => x.code);

describe('closing a document', () => {
    let s: LspSession | undefined;
    afterEach(async () => { await s?.close(); s = undefined; });

    it('reverts a file with unsaved edits to its text on disk', async () => {
        s = await startSession({ 'a.seg': 'segment A = profile contact\n', 'b.seg': 'segment B = A union A\n' });
        await s.diagnostics('b.seg', d => d.length === 0);
        await s.open('a.seg', 'segment A = profile contact\n');
        await s.change('a.seg', 'segment Renamed = profile contact\n', 2);
        await s.diagnostics('b.seg', d => codes(d).includes('SEG101'));
        await s.connection.sendNotification('textDocument/didClose', { textDocument: { uri: s.uri('a.seg') } });
        expect(await s.diagnostics('b.seg', d => d.length === 0)).toEqual([]);
    }, 20000);

    it('drops a document that was never saved, and its diagnostics', async () => {
        s = await startSession({ 'a.seg': 'segment A = profile contact\n' });
        await s.diagnostics('a.seg', d => d.length === 0);
        await s.open('new.seg', 'segment A = profile contact\n');
        await s.diagnostics('new.seg', d => codes(d).includes('SEG107'));
        await s.open('a.seg', 'segment A = profile contact\n');
        await s.change('a.seg', 'segment A = profile contact // edited\n', 2);
        await s.diagnostics('a.seg', d => codes(d).includes('SEG107'));
        await s.connection.sendNotification('textDocument/didClose', { textDocument: { uri: s.uri('new.seg') } });
        // The duplicate is gone from the project: a.seg is checked again without being edited.
        expect(await s.diagnostics('a.seg', d => d.length === 0)).toEqual([]);
        expect(await s.diagnostics('new.seg', d => d.length === 0)).toEqual([]);
    }, 20000);
});

describe('seg.json changes', () => {
    let s: LspSession | undefined;
    afterEach(async () => { await s?.close(); s = undefined; });

    const changed = (session: LspSession, name: string) => session.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: session.uri(name), type: 2 }],
    });
    const planTimeZone = async (session: LspSession, segment: string) => {
        const answer = await session.connection.sendRequest('seg/plan', { segment }) as { plan?: string; error?: string };
        expect(answer.error).toBeUndefined();
        return (JSON.parse(answer.plan!) as { timeZone: string }).timeZone;
    };

    it('reloads builtinCatalog, include and timezone without a restart', async () => {
        s = await startSession({
            'seg.json': '{ "timezone": "UTC" }',
            'main.seg': 'segment Q = interaction EmailOpened within 3 days\n',
            'decl/ping.seg': 'interaction Ping { contactId: -> contact\n relation contact = contactId }\n',
        });
        await s.diagnostics('main.seg', d => d.length === 0);
        expect(await planTimeZone(s, 'Q')).toBe('UTC');

        // The time zone: the plan (SQL parameters, counts, test lenses) uses the new one.
        writeFileSync(join(s.dir, 'seg.json'), '{ "timezone": "Europe/Amsterdam" }');
        await changed(s, 'seg.json');
        await expect.poll(() => planTimeZone(s!, 'Q'), { timeout: 10000 }).toBe('Europe/Amsterdam');

        // Without the catalog, EmailOpened is unknown.
        writeFileSync(join(s.dir, 'seg.json'), '{ "builtinCatalog": false }');
        await changed(s, 'seg.json');
        const diags = await s.diagnostics('main.seg', d => d.length > 0);
        expect(codes(diags)).toEqual(['SEG103']);

        // Back with the catalog, and an include folder outside the workspace folder's own files.
        const outside = join(s.dir, '..', `seg-include-${process.pid}-${Date.now()}`);
        mkdirSync(outside);
        writeFileSync(join(outside, 'pong.seg'), 'interaction Pong { contactId: -> contact\n relation contact = contactId }\n');
        writeFileSync(join(s.dir, 'seg.json'), JSON.stringify({ include: [outside] }));
        await s.change('main.seg', 'segment Q = interaction EmailOpened within 3 days\nsegment P = interaction Pong within 3 days\n', 2);
        await changed(s, 'seg.json');
        expect(await s.diagnostics('main.seg', d => d.length === 0)).toEqual([]);
    }, 30000);

    it('uses the seg.timezone setting when seg.json names no time zone, and seg.json\'s when it does', async () => {
        s = await startSession({ 'main.seg': 'segment Q = interaction EmailOpened within 3 days\n' }, { initializationOptions: { timezone: 'Asia/Tokyo' } });
        await s.diagnostics('main.seg', d => d.length === 0);
        expect(await planTimeZone(s, 'Q')).toBe('Asia/Tokyo');
        writeFileSync(join(s.dir, 'seg.json'), '{ "timezone": "America/Chicago" }');
        await changed(s, 'seg.json');
        await expect.poll(() => planTimeZone(s!, 'Q'), { timeout: 10000 }).toBe('America/Chicago');
        // A setting changed later also applies (seg.json without a time zone).
        writeFileSync(join(s.dir, 'seg.json'), '{}');
        await changed(s, 'seg.json');
        await expect.poll(() => planTimeZone(s!, 'Q'), { timeout: 10000 }).toBe('Asia/Tokyo');
        await s.connection.sendNotification('workspace/didChangeConfiguration', { settings: { seg: { timezone: 'Europe/Paris' } } });
        await expect.poll(() => planTimeZone(s!, 'Q'), { timeout: 10000 }).toBe('Europe/Paris');
    }, 30000);
});
