// "Why is a contact (not) in this segment?" over the protocol: the seg.why command
// (workspace/executeCommand: uri, segment, contact id). Without a database, in an
// untrusted workspace and with a dead server it answers one-line errors; on the
// PostgreSQL server (SEG_TEST_DATABASE_URL; a fresh schema, dropped afterwards)
// it answers what `seg why` prints, and its JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession, type LspSession } from './lsp-client.js';
import { SERVER_URL, useServerSession } from './server-session.js';

const SEGMENTS = `segment Openers = interaction EmailOpened having count >= 2 within 30 days

segment Quiet = profile contact except Openers
`;
const FILES = { 'a.seg': SEGMENTS, 'seg.json': '{ "timezone": "UTC" }' };
const ALICE = '00000000-0000-4000-8000-000000000001';
const BOB = '00000000-0000-4000-8000-000000000002';

type WhyAnswer = { text?: string; why?: { member: boolean; contact: string; segment: string; explanation: Array<{ kind: string }> }; error?: string };
const why = (s: LspSession, segment: string, contact: string) =>
    s.connection.sendRequest('workspace/executeCommand', { command: 'seg.why', arguments: [s.uri('a.seg'), segment, contact] }) as Promise<WhyAnswer>;

describe('seg.why without a usable database', () => {
    let trusted: LspSession, untrusted: LspSession;
    beforeAll(async () => {
        trusted = await startSession(FILES, { initializationOptions: { trusted: true } });
        untrusted = await startSession(FILES, { initializationOptions: { databaseUrl: 'postgresql://127.0.0.1:1/x' } });
    }, 30000);
    afterAll(async () => { await trusted?.close(); await untrusted?.close(); });

    it('is advertised as a command', () => {
        expect(trusted.initialize.capabilities.executeCommandProvider.commands).toContain('seg.why');
    });

    it('says no database is configured; then, with an unreachable one, cannot connect (one line)', async () => {
        expect((await why(trusted, 'Openers', ALICE)).error).toMatch(/no database configured/i);
        await trusted.connection.sendNotification('workspace/didChangeConfiguration', { settings: { seg: { database: { url: 'postgresql://127.0.0.1:1/x' } } } });
        const answer = await why(trusted, 'Openers', ALICE);
        expect(answer.error).toMatch(/cannot connect/i);
        expect(answer.error).not.toContain('\n');
        expect((await why(trusted, 'Opener', ALICE)).error).toBe("There is no segment named 'Opener'.");
        expect((await why(trusted, 'Openers', 'alice')).error).toMatch(/^'alice' is not a contact id/);
        expect((await why(trusted, 'Openers', '')).error).toMatch(/takes a document uri, a segment name and a contact id/);
    }, 30000);

    it('reads no database in an untrusted workspace, until the client grants trust', async () => {
        expect((await why(untrusted, 'Openers', ALICE)).error).toMatch(/not trusted/);
        await untrusted.connection.sendNotification('seg/didGrantTrust');
        expect((await why(untrusted, 'Openers', ALICE)).error).toMatch(/cannot connect/i);
    }, 30000);
});

describe.skipIf(!SERVER_URL)('seg.why on PostgreSQL (SEG_TEST_DATABASE_URL)', () => {
    const session = useServerSession('why', FILES, [
        `INSERT INTO contact (contactid) VALUES ('${ALICE}'), ('${BOB}')`,
        `INSERT INTO email_opened (internal_marketing_interaction_id, contact_id, timestamp) VALUES
            ('00000000-0000-4000-8001-000000000001', '${ALICE}', now() - interval '1 day'),
            ('00000000-0000-4000-8001-000000000002', '${ALICE}', now() - interval '2 days'),
            ('00000000-0000-4000-8001-000000000003', '${BOB}', now() - interval '40 days')`,
    ]);

    it('explains a member, as seg why prints it, with the JSON beside it', async () => {
        const answer = await why(session(), 'Openers', ALICE);
        expect(answer.error).toBeUndefined();
        expect(answer.text!.split('\n').slice(0, 2)).toEqual([
            'Openers: the contact is in',
            '  the contact has 2 matching EmailOpened of 2; count 2 satisfies count >= 2',
        ]);
        expect(answer.text).toContain(`contact ${ALICE}, as of `);
        expect(answer.why).toMatchObject({ contact: ALICE, segment: 'Openers', member: true, explanation: [{ kind: 'interaction' }] });
    }, 30000);

    it('explains a non-member and a compound segment; a contact the database lacks is an error', async () => {
        const bob = await why(session(), 'Openers', BOB);
        expect(bob.why?.member).toBe(false);
        expect(bob.text).toMatch(/EmailOpened at .*: outside the window \(after .* up to .*\)/);
        const quiet = await why(session(), 'Quiet', ALICE);
        expect(quiet.text!.split('\n')[0]).toBe('Quiet: the contact is not in (removed by the right side of except)');
        expect((await why(session(), 'Quiet', BOB)).why?.member).toBe(true);
        expect((await why(session(), 'Openers', '00000000-0000-4000-8000-000000000009')).error)
            .toMatch(/^There is no contact with contactid 00000000-0000-4000-8000-000000000009 in postgresql:/);
    }, 30000);
});
