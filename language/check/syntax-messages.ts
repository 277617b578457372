// Chevrotain's parser messages name token types ("Expecting token of type 'ID'");
// users should read what was expected in their own terms.

const TOKEN_WORDS: Record<string, string> = {
    ID: 'a name',
    STRING: 'a string',
    NUMBER: 'a number',
    DATE: 'a date',
    DATETIME: 'a date-time',
    EOF: 'end of file',
};

function describeToken(token: string): string {
    const t = token.trim().replace(/^'|'$/g, '');
    return TOKEN_WORDS[t] ?? `'${t}'`;
}

function describeFound(found: string): string {
    return found === '' ? 'end of file' : `'${found}'`;
}

export function friendlyParseMessage(message: string): string {
    // "Expecting token of type 'ID' but found `=`."
    let m = /^Expecting token of type '?([^' ]+)'? but found `([\s\S]*)`\.?$/.exec(message);
    if (m) return `Expected ${describeToken(m[1])} but found ${describeFound(m[2])}.`;
    // "Expecting: one of these possible Token sequences:\n  1. [A, B]\n  2. [C]\nbut found: 'x'"
    m = /^Expecting: (?:one of these possible Token sequences|expecting at least one iteration which starts with one of these possible Token sequences)?:?([\s\S]*?)\nbut found: '([\s\S]*)'$/.exec(message);
    if (m) {
        const firsts = new Set<string>();
        for (const seq of m[1].matchAll(/\[([^\]]*)\]/g)) {
            const first = seq[1].split(',')[0]?.trim();
            if (first) firsts.add(describeToken(first));
        }
        const list = [...firsts];
        const expected = list.length <= 1 ? list.join('') : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
        return `Expected ${expected || 'something else'} but found ${describeFound(m[2])}.`;
    }
    // "Redundant input, expecting EOF but found: x"
    m = /^Redundant input, expecting EOF but found: ([\s\S]*)$/.exec(message);
    if (m) return `Unexpected '${m[1]}': expected a declaration ('segment', 'draft segment', 'entity' or 'interaction').`;
    return message;
}

export function friendlyLexMessage(message: string): string {
    const m = /unexpected character: ->([\s\S]*?)<- at offset/.exec(message);
    return m ? `Unexpected character '${m[1]}'.` : message;
}
