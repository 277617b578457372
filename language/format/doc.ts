// A small Wadler/Prettier-style document printer: groups print flat when they
// fit the line width and break every `line` inside them otherwise.

export type Doc = string | Doc[] | Group | Indent | Line | LineSuffix | IfBreak | BreakParent;
interface Group { kind: 'group'; contents: Doc; broken: boolean }
interface Indent { kind: 'indent'; contents: Doc }
/** `soft`: nothing when flat; `hard`: always a newline. Otherwise a space when flat. */
interface Line { kind: 'line'; soft: boolean; hard: boolean }
/** Printed at the end of the current line (trailing comments). */
interface LineSuffix { kind: 'lineSuffix'; text: string }
interface IfBreak { kind: 'ifBreak'; broken: Doc; flat: Doc }
interface BreakParent { kind: 'breakParent' }

export const line: Doc = { kind: 'line', soft: false, hard: false };
export const softline: Doc = { kind: 'line', soft: true, hard: false };
export const hardline: Doc = { kind: 'line', soft: false, hard: true };
export const breakParent: Doc = { kind: 'breakParent' };
export const group = (contents: Doc): Doc => ({ kind: 'group', contents, broken: false });
export const indent = (contents: Doc): Doc => ({ kind: 'indent', contents });
export const lineSuffix = (text: string): Doc => ({ kind: 'lineSuffix', text });
export const ifBreak = (broken: Doc, flat: Doc = ''): Doc => ({ kind: 'ifBreak', broken, flat });

export function join(separator: Doc, docs: Doc[]): Doc[] {
    return docs.flatMap((d, i) => (i === 0 ? [d] : [separator, d]));
}

/** Marks every group that contains a hard line break (or a multi-line text) as broken. */
function propagateBreaks(doc: Doc): boolean {
    if (typeof doc === 'string') return doc.includes('\n');
    if (Array.isArray(doc)) return doc.map(propagateBreaks).some(Boolean);
    switch (doc.kind) {
        case 'group': return (doc.broken = propagateBreaks(doc.contents) || doc.broken);
        case 'indent': return propagateBreaks(doc.contents);
        case 'line': return doc.hard;
        case 'breakParent': return true;
        case 'ifBreak': return propagateBreaks(doc.broken) || propagateBreaks(doc.flat);
        default: return false;
    }
}

type Mode = 'flat' | 'break';
type Cmd = [indent: number, mode: Mode, doc: Doc];

function fits(next: Cmd, rest: Cmd[], width: number): boolean {
    const cmds: Cmd[] = [next];
    let restIdx = rest.length;
    while (width >= 0) {
        if (cmds.length === 0) {
            if (restIdx === 0) return true;
            cmds.push(rest[--restIdx]);
            continue;
        }
        const [ind, mode, doc] = cmds.pop()!;
        if (typeof doc === 'string') { width -= doc.length; continue; }
        if (Array.isArray(doc)) { for (let i = doc.length - 1; i >= 0; i--) cmds.push([ind, mode, doc[i]]); continue; }
        switch (doc.kind) {
            case 'group': cmds.push([ind, doc.broken ? 'break' : mode, doc.contents]); break;
            case 'indent': cmds.push([ind, mode, doc.contents]); break;
            case 'ifBreak': cmds.push([ind, mode, mode === 'break' ? doc.broken : doc.flat]); break;
            case 'line':
                if (mode === 'break' || doc.hard) return true;
                if (!doc.soft) width -= 1;
                break;
            default: break;
        }
    }
    return false;
}

export function printDoc(doc: Doc, width = 100, indentUnit = '  '): string {
    propagateBreaks(doc);
    const out: string[] = [];
    let pos = 0;
    let suffix: string[] = [];
    const cmds: Cmd[] = [[0, 'break', doc]];
    const newline = (ind: number) => {
        if (suffix.length) { out.push(...suffix); suffix = []; }
        // Trailing spaces never survive a line break.
        if (out.length) out[out.length - 1] = out[out.length - 1].replace(/[ \t]+$/, '');
        const pad = indentUnit.repeat(ind);
        out.push('\n' + pad);
        pos = pad.length;
    };
    while (cmds.length) {
        const [ind, mode, d] = cmds.pop()!;
        if (typeof d === 'string') {
            out.push(d);
            const nl = d.lastIndexOf('\n');
            pos = nl >= 0 ? d.length - nl - 1 : pos + d.length;
            continue;
        }
        if (Array.isArray(d)) { for (let i = d.length - 1; i >= 0; i--) cmds.push([ind, mode, d[i]]); continue; }
        switch (d.kind) {
            case 'group': {
                const flat: Cmd = [ind, 'flat', d.contents];
                cmds.push(!d.broken && fits(flat, cmds, width - pos) ? flat : [ind, 'break', d.contents]);
                break;
            }
            case 'indent': cmds.push([ind + 1, mode, d.contents]); break;
            case 'ifBreak': cmds.push([ind, mode, mode === 'break' ? d.broken : d.flat]); break;
            case 'lineSuffix': suffix.push(d.text); break;
            case 'line':
                if (mode === 'flat' && !d.hard) {
                    if (!d.soft) { out.push(' '); pos++; }
                } else {
                    newline(ind);
                }
                break;
            default: break;
        }
    }
    if (suffix.length) out.push(...suffix);
    return out.join('');
}
