// What the playground holds: the project's files (one editor tab each), the
// run settings, and their encoding in a shareable URL.
import { EXAMPLES, WELCOME } from './bundled-sources.js';

export interface ProjectFile { path: string; text: string }

export interface PlaygroundState {
    files: ProjectFile[];
    /** IANA time zone of calendar windows. */
    timeZone: string;
    /** The instant membership is evaluated at (ISO); undefined: the end of the demo data (dataAsOf). */
    asOf?: string;
    /** Demo population size. */
    contacts: number;
    /** The instant the demo data's activity runs up to (ISO). */
    dataAsOf: string;
}

export const DEFAULT_CONTACTS = 1000;
/** What a shared link may hold: files, their names, and their size once inflated. */
const MAX_FILES = 100;
const FILE_PATH = /^[\w.-][\w. -]*(\/[\w.-][\w. -]*)*\.seg$|^seg\.json$/;
const MAX_LINK_BYTES = 4 * 1_048_576;
export const MAX_CONTACTS = 20_000;

export interface Example { id: string; title: string; files: ProjectFile[]; timeZone: string }

/** The examples offered: a first file to play with, and the repository's examples/ project. */
export const EXAMPLE_LIST: Example[] = [
    { id: 'welcome', title: 'Start here (one file)', files: [{ path: 'segments.seg', text: WELCOME }], timeZone: 'UTC' },
    {
        id: 'examples',
        title: `The examples/ project (${EXAMPLES.filter(f => f.path.endsWith('.seg')).length} files)`,
        files: EXAMPLES.filter(f => f.path.endsWith('.seg')).map(f => ({ path: f.path.replace(/^examples\//, ''), text: f.text })),
        timeZone: EXAMPLES_TIME_ZONE(),
    },
    { id: 'empty', title: 'Empty', files: [{ path: 'segments.seg', text: '' }], timeZone: 'UTC' },
];

function EXAMPLES_TIME_ZONE(): string {
    const config = EXAMPLES.find(f => f.path === 'examples/seg.json');
    try {
        return String(JSON.parse(config?.text ?? '{}').timezone ?? 'UTC');
    } catch {
        return 'UTC';
    }
}

/** The document URI of a project file in the editor and the language server. */
export function fileUri(path: string): string {
    return `file:///playground/${path.split('/').map(encodeURIComponent).join('/')}`;
}

// The URL's hash: #example=ID or #code=… (the files, compressed), with &tz=, &asOf=, &contacts=, &data=.

export async function encodeState(state: PlaygroundState, exampleId: string | undefined): Promise<string> {
    const params = new URLSearchParams();
    const example = EXAMPLE_LIST.find(e => e.id === exampleId);
    const unchanged = example && example.files.length === state.files.length && example.files.every((f, i) => f.path === state.files[i].path && f.text === state.files[i].text);
    if (unchanged) params.set('example', example.id);
    else params.set('code', await compress(JSON.stringify(state.files.map(f => [f.path, f.text]))));
    params.set('tz', state.timeZone);
    if (state.asOf) params.set('asOf', state.asOf);
    params.set('contacts', String(state.contacts));
    params.set('data', state.dataAsOf);
    return `#${params.toString()}`;
}

/** The state a URL hash describes; what it leaves out comes from `defaults`. Throws on a damaged link. */
export async function decodeState(hash: string, defaults: PlaygroundState): Promise<{ state: PlaygroundState; exampleId?: string }> {
    const params = new URLSearchParams(hash.replace(/^#/, ''));
    let files = defaults.files, exampleId: string | undefined = params.has('code') ? undefined : 'welcome', timeZone = defaults.timeZone;
    const code = params.get('code');
    if (code) {
        const decoded = JSON.parse(await decompress(code)) as unknown;
        if (!Array.isArray(decoded) || decoded.length === 0 || decoded.length > MAX_FILES
            || !decoded.every(f => Array.isArray(f) && typeof f[0] === 'string' && typeof f[1] === 'string' && FILE_PATH.test(f[0]) && !f[0].split('/').includes('..'))) {
            throw new Error('the link does not hold Seg files');
        }
        files = (decoded as Array<[string, string]>).map(([path, text]) => ({ path, text }));
    } else {
        const example = EXAMPLE_LIST.find(e => e.id === params.get('example')) ?? EXAMPLE_LIST[0];
        exampleId = example.id;
        files = example.files;
        timeZone = example.timeZone;
    }
    const contacts = Number(params.get('contacts') ?? defaults.contacts);
    const zone = params.get('tz');
    return {
        exampleId,
        state: {
            files,
            timeZone: zone && validZone(zone) ? zone : timeZone,
            asOf: validInstant(params.get('asOf')) ?? defaults.asOf,
            contacts: Number.isInteger(contacts) && contacts >= 1 && contacts <= MAX_CONTACTS ? contacts : defaults.contacts,
            dataAsOf: validInstant(params.get('data')) ?? defaults.dataAsOf,
        },
    };
}

/** Whether the browser knows an IANA time zone of this name. */
export function validZone(zone: string): boolean {
    try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
    } catch {
        return false;
    }
}

function validInstant(text: string | null): string | undefined {
    if (!text || !/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
    const date = new Date(text);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

async function compress(text: string): Promise<string> {
    const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The link's text, refusing more than MAX_LINK_BYTES (a small link can inflate to gigabytes). */
async function decompress(code: string): Promise<string> {
    const binary = atob(code.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, c => c.charCodeAt(0));
    const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
    const parts: BlobPart[] = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.length;
        if (size > MAX_LINK_BYTES) {
            await reader.cancel();
            throw new Error(`the project in it is over ${MAX_LINK_BYTES / 1_048_576} MiB`);
        }
        parts.push(value as Uint8Array<ArrayBuffer>);
    }
    return new TextDecoder().decode(await new Blob(parts).arrayBuffer());
}
