// SEG_DATABASE_URL is the default for --db in every command that takes it; an explicit --db wins (issue 9, item 19).
// Unreachable servers (port 1, port 2) show which URL a command used without needing a database.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { runMain } from './run-main.js';

const examples = join(__dirname, '..', '..', '..', 'examples');
const FROM_ENV = 'postgresql://seg@127.0.0.1:1/fromenv';

describe('SEG_DATABASE_URL', () => {
    beforeEach(() => { vi.stubEnv('SEG_DATABASE_URL', FROM_ENV); });
    afterEach(() => { vi.unstubAllEnvs(); });

    it.each([
        [['run', examples]],
        [['db', 'init', examples]],
        [['test', examples]],
    ])('seg %j connects to it and says so', async args => {
        const r = await runMain(...args);
        expect(r.code).toBe(1);
        expect(r.err).toContain('Using the database in SEG_DATABASE_URL');
        expect(r.err).toMatch(/127\.0\.0\.1:1\b/);
    }, 60_000);

    it('an explicit --db wins', async () => {
        const r = await runMain('run', examples, '--db', 'postgresql://seg@127.0.0.1:2/given');
        expect(r.err).not.toContain('SEG_DATABASE_URL');
        expect(r.err).toMatch(/127\.0\.0\.1:2\b/);
        expect(r.err).not.toMatch(/127\.0\.0\.1:1\b/);
    }, 60_000);

    it('db init --print needs no database and ignores it', async () => {
        const r = await runMain('db', 'init', examples, '--print');
        expect(r.code).toBe(0);
        expect(r.err).not.toContain('SEG_DATABASE_URL');
    }, 60_000);

    it('a value that is not a postgresql:// URL is a usage error, exit 2', async () => {
        vi.stubEnv('SEG_DATABASE_URL', 'localhost');
        const r = await runMain('run', examples);
        expect(r.code).toBe(2);
        expect(r.err).toContain("SEG_DATABASE_URL must be a postgresql:// URL, not 'localhost'.");
    });
});
