// COPY text format and error translation, without a database.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatabaseError } from '../../../compiler/db/database.js';
import { describeUrl, formatDuration, translateError } from '../../../compiler/db/db-errors.js';
import { hash, Rng, uuidOf } from '../../../compiler/demo-data/random.js';
import { copyCell, copyChunks, copyLine, parseCopyCell, quoteIdent } from '../../../compiler/db/sql-text.js';

describe('COPY text format', () => {
    it('escapes the specials and writes NULL as \\N', () => {
        expect(copyCell(null)).toBe('\\N');
        expect(copyCell('\\N')).toBe('\\\\N');
        expect(copyCell('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
        expect(copyLine(['x', null, ''])).toBe('x\t\\N\t\n');
    });

    it('round-trips any string through escape and unescape', () => {
        fc.assert(fc.property(fc.string({ unit: 'binary' }), s => {
            expect(parseCopyCell(copyCell(s))).toBe(s);
        }));
        expect(parseCopyCell('\\N')).toBeNull();
    });

    it('chunks rows into UTF-8 buffers that concatenate to the lines', () => {
        const rows = Array.from({ length: 500 }, (_, i) => [String(i), 'é'.repeat(i), i % 3 ? null : 'x\ty']);
        const counter = { rows: 0 };
        const chunks = [...copyChunks(rows, 3, counter, 4096)];
        expect(chunks.length).toBeGreaterThan(10);
        expect(counter.rows).toBe(500);
        expect(Buffer.concat(chunks).toString('utf8')).toBe(rows.map(copyLine).join(''));
        // Whole rows only: a consumer may start a new COPY at any chunk.
        for (const chunk of chunks) expect(chunk[chunk.length - 1]).toBe(0x0a);
    });

    it('starts a larger chunk for a row longer than a chunk, after the whole rows before it', () => {
        const rows = [['a', 'short'], ['b', 'x'.repeat(10_000)], ['c', 'é'.repeat(3000)], ['d', 'tail']];
        const chunks = [...copyChunks(rows, 2, { rows: 0 }, 1024)];
        expect(chunks.map(c => Buffer.from(c).toString('utf8'))).toEqual(['a\tshort\n', `b\t${'x'.repeat(10_000)}\nc\t${'é'.repeat(3000)}\nd\ttail\n`]);
    });

    it('quotes identifiers', () => {
        expect(quoteIdent('timestamp')).toBe('"timestamp"');
        expect(quoteIdent('we"ird')).toBe('"we""ird"');
    });
});

describe('database errors', () => {
    const ctx = { target: 'postgresql://db.example:5432/seg', initCommand: 'seg db init --db postgresql://db.example:5432/seg', secrets: ['hunter2'] };
    const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

    it('turns driver errors into one actionable line', () => {
        const cases: Array<[unknown, string, DatabaseError['kind']]> = [
            [Object.assign(new AggregateError([pgError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432')], ''), {}), 'cannot connect to postgresql://db.example:5432/seg: connection refused', 'connect'],
            [pgError('ENOTFOUND', 'getaddrinfo ENOTFOUND db.example'), 'cannot connect to postgresql://db.example:5432/seg: host not found', 'connect'],
            [pgError('28P01', 'password authentication failed for user "bob"'), 'authentication failed for postgresql://db.example:5432/seg: password authentication failed for user "bob"', 'connect'],
            [pgError('3D000', 'database "seg" does not exist'), 'cannot connect to postgresql://db.example:5432/seg: database "seg" does not exist', 'connect'],
            [pgError('42P01', 'relation "email_opened" does not exist'), `table "email_opened" does not exist — run 'seg db init --db postgresql://db.example:5432/seg'`, 'missing-table'],
            [pgError('57014', 'canceling statement due to statement timeout'), 'query timed out after 30 s', 'timeout'],
            [new Error('Connection terminated due to connection timeout'), 'cannot connect to postgresql://db.example:5432/seg: timed out', 'connect'],
            [pgError('XX000', 'bad\nthings\n  at somewhere (file.js:1:1) with hunter2'), 'bad things at somewhere (file.js:1:1) with ***', 'query'],
        ];
        for (const [error, message, kind] of cases) {
            const translated = translateError(error, { ...ctx, timeoutMs: 30_000 });
            expect(translated).toBeInstanceOf(DatabaseError);
            expect(translated.message).toBe(message);
            expect(translated.kind).toBe(kind);
        }
    });

    it('never shows credentials of a URL', () => {
        expect(describeUrl('postgresql://bob:hunter2@db.example/seg?sslmode=require')).toBe('postgresql://db.example:5432/seg');
        expect(translateError(new Error('oops postgres://bob:hunter2@h/x'), { target: 'x', initCommand: 'y' }).message).toBe('oops postgres://bob@h/x');
    });

    it('formats durations', () => {
        expect(formatDuration(30_000)).toBe('30 s');
        expect(formatDuration(1_500)).toBe('1.5 s');
        expect(formatDuration(200)).toBe('200 ms');
    });
});

describe('demo randomness', () => {
    it('is deterministic and spread out', () => {
        const a = new Rng(hash(1, 2)), b = new Rng(hash(1, 2));
        const xs = Array.from({ length: 1000 }, () => a.float());
        expect(Array.from({ length: 1000 }, () => b.float())).toEqual(xs);
        const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
        expect(mean).toBeGreaterThan(0.45);
        expect(mean).toBeLessThan(0.55);
        const ids = new Set(Array.from({ length: 100_000 }, (_, i) => uuidOf(hash(3), i)));
        expect(ids.size).toBe(100_000);
    });
});
