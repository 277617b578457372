// Shared by the diagnostics tests (one file per code family): check one
// source with the built-in catalog and summarize what the checker says.
import { expect } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-types';
import { diagnosticsOf, rangeText } from '../../helpers.js';

export const ERROR = 1, WARNING = 2, HINT = 4;

export interface Seen { code: string; severity: number; message: string; underlined: string }

export function summarize(text: string, d: Diagnostic): Seen {
    const message = typeof d.message === 'string' ? d.message : d.message.value;
    return { code: String(d.code), severity: d.severity!, message, underlined: rangeText(text, d) };
}

export async function all(text: string): Promise<Seen[]> {
    return (await diagnosticsOf(text)).map(d => summarize(text, d));
}

/** The one diagnostic of `text` (fails when there are none or several). */
export async function one(text: string): Promise<Seen> {
    const found = await all(text);
    expect(found, text).toHaveLength(1);
    return found[0];
}

export async function clean(text: string): Promise<void> {
    expect(await all(text), text).toEqual([]);
}

export const profile = (cond: string) => `segment S = profile contact where ${cond}`;
export const GUID = '5b2c7a4e-1d2f-4c3b-9a8e-0f1e2d3c4b5a';
