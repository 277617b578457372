// Per-command help and "did you mean" for a mistyped command (issue 9, item 19).
import { describe, expect, it } from 'vitest';
import { COMMANDS, usage } from '../../../compiler/cli/usage.js';
import { runMain } from './run-main.js';

describe('seg help', () => {
    it('seg run --help shows only run and its options, exit 0', async () => {
        const r = await runMain('run', '--help');
        expect(r.code).toBe(0);
        expect(r.out).toMatch(/^Usage: seg run \[paths\] \[options\]\n\nCount \(and list\) the members of live segments\n/);
        expect(r.out).toContain('--engine sql|memory');
        expect(r.out).not.toContain('--target');
        expect(r.out).not.toContain('Commands:');
    });

    it('seg help run, seg run -h and seg run --help are the same text', async () => {
        const a = await runMain('help', 'run'), b = await runMain('run', '-h'), c = await runMain('run', 'examples', '--help');
        expect(a.code).toBe(0);
        expect(b.out).toBe(a.out);
        expect(c.out).toBe(a.out);
    });

    it('every option line of a command help is the one in the global usage (one source)', async () => {
        const all = (await runMain('--help')).out;
        for (const name of Object.keys(COMMANDS)) {
            const one = (await runMain('help', name)).out;
            expect(one, name).toContain(`Usage: seg ${name}`);
            for (const line of one.split('\n').filter(l => /^ {2}-/.test(l))) expect(all, `${name}: ${line}`).toContain(`    ${line}`);
        }
    });

    it('seg help and seg --help show every command, exit 0; seg alone exits 2', async () => {
        for (const args of [['help'], ['--help'], ['-h']]) {
            const r = await runMain(...args);
            expect(r.code).toBe(0);
            expect(r.out).toBe(usage());
        }
        expect((await runMain()).code).toBe(2);
        for (const name of ['check', 'fmt', 'compile', 'explain', 'diff', 'run', 'db init', 'db seed', 'test', 'lsp']) expect(usage()).toContain(`\n  ${name} `);
    });

    it('seg db seed --help shows seed only; seg help db shows init and seed', async () => {
        const seed = await runMain('db', 'seed', '--help');
        expect(seed.out).toContain('Usage: seg db seed');
        expect(seed.out).not.toContain('db init');
        const db = await runMain('help', 'db');
        expect(db.out).toContain('Usage: seg db init');
        expect(db.out).toContain('Usage: seg db seed');
    });

    it('--help after -- is a path for seg diff, not a request for help', async () => {
        const r = await runMain('diff', 'HEAD', '--', '--help');
        expect(r.out).not.toContain('Usage: seg diff');
    });

    it('a bad option points at the command help', async () => {
        const r = await runMain('check', '--bogus');
        expect(r.code).toBe(2);
        expect(r.err).toContain("Run 'seg check --help' for usage.");
    });
});

describe('a mistyped command', () => {
    it("seg chek: Did you mean 'check'? exit 2", async () => {
        const r = await runMain('chek');
        expect(r.code).toBe(2);
        expect(r.err).toBe("seg: Unknown command 'chek'. Did you mean 'check'? Run 'seg --help' for the list of commands.");
    });

    it('seg help chek and seg tset --help suggest too', async () => {
        expect((await runMain('help', 'chek')).err).toContain("Did you mean 'check'?");
        const r = await runMain('tset', '--help');
        expect(r.code).toBe(2);
        expect(r.err).toContain("Unknown command 'tset'. Did you mean 'test'?");
    });

    it('no suggestion for something unlike any command', async () => {
        const r = await runMain('zzzzzz');
        expect(r.err).toBe("seg: Unknown command 'zzzzzz'. Run 'seg --help' for the list of commands.");
    });
});
