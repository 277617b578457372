// The Dynamics query parser: positions on nodes, column-precise errors, and no crash on any text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DynamicsSyntaxError, type Chain } from '../../../compiler/dynamics/ast.js';
import { parseDynamicsQuery } from '../../../compiler/dynamics/parser.js';

function syntaxError(text: string): DynamicsSyntaxError {
    try {
        parseDynamicsQuery(text);
    } catch (e) {
        if (e instanceof DynamicsSyntaxError) return e;
        throw e;
    }
    throw new Error(`parsed: ${text}`);
}

describe('Dynamics query parser', () => {
    it('gives every step and argument its line and column', () => {
        const q = parseDynamicsQuery("PROFILE(contact, c1)\n  .FILTER(c1.address1_city == 'Oslo')") as Chain;
        expect(q.head).toMatchObject({ name: 'PROFILE', pos: { line: 1, column: 1 } });
        expect(q.steps[0]).toMatchObject({ name: 'FILTER', pos: { line: 2, column: 4 } });
        expect(q.steps[0].args[0]).toMatchObject({ kind: 'binary', op: '==', pos: { line: 2, column: 28 } });
        expect(q.steps[0].args[0]).toMatchObject({ left: { kind: 'path', parts: ['c1', 'address1_city'], pos: { line: 2, column: 11 } } });
    });

    it('places positions in a larger input when told where the query starts', () => {
        const q = parseDynamicsQuery('PROFILE(contact).FILTER(x == 1)', { line: 7, column: 10 }) as Chain;
        expect(q.steps[0].pos).toMatchObject({ line: 7, column: 27 });
    });

    it('parses set operators with INTERSECT binding tighter, left to right otherwise', () => {
        const q = parseDynamicsQuery('SEGMENT(a) UNION SEGMENT(b) INTERSECT SEGMENT(c) EXCEPT SEGMENT(d)');
        expect(q).toMatchObject({ kind: 'set', op: 'EXCEPT', left: { op: 'UNION', right: { op: 'INTERSECT' } } });
        expect(parseDynamicsQuery('SEGMENT(a) MINUS SEGMENT(b)')).toMatchObject({ op: 'EXCEPT' });
    });

    it('reads && tighter than ||, as in the examples', () => {
        const q = parseDynamicsQuery('PROFILE(contact).FILTER(a == 1 || b == 2 && c == 3)') as Chain;
        expect(q.steps[0].args[0]).toMatchObject({ op: '||', right: { op: '&&' } });
    });

    it('names the unclosed parenthesis by its column', () => {
        const e = syntaxError("PROFILE(contact).FILTER((address1_city == 'Oslo')");
        expect(e.message).toBe("Unbalanced parentheses: the '(' at column 24 is never closed.");
        expect(e.pos).toMatchObject({ line: 1, column: 24 });
    });

    it('names a closing parenthesis that closes nothing', () => {
        const e = syntaxError("PROFILE(contact).FILTER(Name == 'Campaign 1')).HAVING(COUNT()>0)");
        expect(e.message).toBe("Unbalanced parentheses: the ')' at column 46 closes nothing.");
    });

    it('suggests the function meant by a typo', () => {
        expect(syntaxError('PROFILE(contact).FILTER(createdon < DateTimeNowUtc())').message)
            .toBe("Unknown function 'DateTimeNowUtc' at column 37. Did you mean 'DATETIMEUTCNOW' or 'DATE'?");
        expect(syntaxError('PROFILE(contact).FILTR(x == 1)').message).toContain("Did you mean 'FILTER'");
    });

    it('reports an unterminated string, an empty query and a stray character', () => {
        expect(syntaxError("PROFILE(contact).FILTER(a == 'x)").message).toBe('Unterminated string: the quote at column 30 is never closed.');
        expect(syntaxError('   ').message).toBe('The query is empty.');
        expect(syntaxError('PROFILE(contact).FILTER(a == #)').pos.column).toBe(30);
    });

    it('refuses deep nesting with an error instead of overflowing the stack', () => {
        expect(syntaxError(`PROFILE(contact).FILTER(${'('.repeat(5000)}a == 1${')'.repeat(5000)})`).message).toMatch(/nest more than 100 deep/);
        expect(() => parseDynamicsQuery(`PROFILE(contact).FILTER(a == ${'-'.repeat(100000)}1)`)).not.toThrow();
    });

    it('never throws anything but a syntax error, whatever the text', () => {
        const pieces = fc.constantFrom('PROFILE(', 'SEGMENT(', 'INTERACTION(', ').FILTER(', 'TRAVERSE(', 'HAVING(', 'COUNT()', ' UNION ', ' INTERSECT ',
            '(', ')', ',', "'x'", '"', '==', '&&', '||', 'NOT(', 'contact', 'c1.name', '1', '-', '.', ' ', 'DATE(', '\n');
        fc.assert(fc.property(fc.array(pieces, { maxLength: 30 }), parts => {
            try {
                parseDynamicsQuery(parts.join(''));
            } catch (e) {
                expect(e).toBeInstanceOf(DynamicsSyntaxError);
            }
        }), { numRuns: 500 });
    });
});
