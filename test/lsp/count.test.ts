// Member counts over the protocol: seg/count and the "≈ N contacts" code lens.
// Against a real database only when SEG_TEST_DATABASE_URL is set (a fresh schema, dropped afterwards).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { startSession, type LspSession } from './lsp-client.js';
import { SERVER_URL, useServerSession } from './server-session.js';

const SEGMENTS = `segment Openers = interaction EmailOpened within 30 days

segment Everyone = profile contact
`;
const FILES = { 'a.seg': SEGMENTS, 'seg.json': '{ "timezone": "UTC" }' };

type Count = { count?: number; error?: string };
const count = (s: LspSession, segment: string) => s.connection.sendRequest('seg/count', { segment }) as Promise<Count>;
const lenses = (s: LspSession) => s.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: s.uri('a.seg') } }) as Promise<CodeLens[]>;
const titles = (list: CodeLens[]) => list.map(l => l.command?.title);

describe('seg/count without a database', () => {
    let s: LspSession;
    beforeAll(async () => { s = await startSession(FILES, { initializationOptions: { trusted: true } }); }, 20000);
    afterAll(async () => { await s?.close(); });

    it('says no database is configured, and shows no count lens', async () => {
        expect((await count(s, 'Openers')).error).toMatch(/no database configured/i);
        expect(titles(await lenses(s))).toEqual(['Show SQL', 'Show SQL']);
    });

    it('takes the URL from workspace/didChangeConfiguration; an unreachable one is a one-line error and the server carries on', async () => {
        await s.connection.sendNotification('workspace/didChangeConfiguration', { settings: { seg: { database: { url: 'postgresql://127.0.0.1:1/x' } } } });
        const answer = await count(s, 'Openers');
        expect(answer.error).toMatch(/cannot connect/i);
        expect(answer.error).not.toContain('\n');
        expect(titles(await lenses(s))).toEqual(['Show SQL', `count unavailable: ${answer.error}`, 'Show SQL', `count unavailable: ${answer.error}`]);
        expect((await count(s, 'Nope')).error).toContain("no segment named 'Nope'");
        const sql = await s.connection.sendRequest('seg/sql', { segment: 'Openers' }) as { sql?: string };
        expect(sql.sql).toMatch(/email_opened/);
        // Clearing the setting again.
        await s.connection.sendNotification('workspace/didChangeConfiguration', { settings: { seg: { database: { url: '' } } } });
        expect((await count(s, 'Openers')).error).toMatch(/no database configured/i);
    }, 30000);
});

describe('count lenses need a trusted workspace', () => {
    let s: LspSession;
    beforeAll(async () => {
        s = await startSession(FILES, { initializationOptions: { databaseUrl: 'postgresql://127.0.0.1:1/x' } });
    }, 20000);
    afterAll(async () => { await s?.close(); });

    it('shows only Show SQL when the client does not say the workspace is trusted, but still answers seg/count', async () => {
        expect(titles(await lenses(s))).toEqual(['Show SQL', 'Show SQL']);
        expect((await count(s, 'Openers')).error).toMatch(/cannot connect/i);
    }, 30000);
});

describe.skipIf(!SERVER_URL)('seg/count on PostgreSQL (SEG_TEST_DATABASE_URL)', () => {
    const session = useServerSession('count', FILES, [
        `INSERT INTO contact (contactid) VALUES ('00000000-0000-0000-0000-000000000001'), ('00000000-0000-0000-0000-000000000002')`,
        `INSERT INTO email_opened (internal_marketing_interaction_id, contact_id, timestamp)
            VALUES ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000001', now() - interval '1 day')`,
    ]);

    it('counts the members of a segment', async () => {
        expect(await count(session(), 'Openers')).toMatchObject({ count: 1 });
        expect(await count(session(), 'Everyone')).toMatchObject({ count: 2 });
    }, 30000);

    it('puts the count beside Show SQL', async () => {
        expect(titles(await lenses(session()))).toEqual(['Show SQL', '≈ 1 contact', 'Show SQL', '≈ 2 contacts']);
    }, 30000);
});
