// The Seg playground: Monaco talking LSP to the Seg language server in a Web
// Worker, the plan and SQL of the segment under the cursor, and a Run button that
// evaluates every segment on PostgreSQL (PGlite) in another worker, on demo data.
import * as monaco from 'monaco-editor/editor/editor.api.js';
import { createTransportToWorker, MonacoLspClient } from 'seg:monaco-lsp-client';
import { CATALOG } from './bundled-sources.js';
import { DatabaseClient } from './database-client.js';
import { LanguageChannel } from './lsp-channel.js';
import { decodeState, DEFAULT_CONTACTS, encodeState, EXAMPLE_LIST, fileUri, MAX_CONTACTS, validZone, type PlaygroundState } from './project.js';
import type { RunResult } from './protocol.js';
import { el, renderMembers, renderResults } from './results-view.js';
import { registerSeg, SEG } from './seg-language.js';

declare global {
    interface Window {
        MonacoEnvironment?: monaco.Environment;
        /** For tests and the curious: the editor, timings and the last run. */
        segPlayground?: Record<string, unknown>;
    }
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const timings: Record<string, number> = {};

self.MonacoEnvironment = {
    getWorker: () => new Worker(new URL('./editor.worker.js', import.meta.url), { type: 'module' }),
};

async function start(): Promise<void> {
    registerSeg();
    const now = new Date();
    now.setUTCSeconds(0, 0);
    const defaults: PlaygroundState = { files: EXAMPLE_LIST[0].files, timeZone: EXAMPLE_LIST[0].timeZone, contacts: DEFAULT_CONTACTS, dataAsOf: now.toISOString() };
    let { state, exampleId } = await decodeState(location.hash, defaults).catch((e: Error) => {
        status(`That link could not be opened (${e.message}); showing the first example.`, 'error');
        return { state: defaults, exampleId: 'welcome' as string | undefined };
    });

    // The language server, and the LSP client Monaco ships, over a channel that also carries the page's requests.
    const languageWorker = new Worker(new URL('./language-worker.js', import.meta.url), { type: 'module' });
    languageWorker.addEventListener('error', e => status(`The language server failed: ${e.message}`, 'error'));
    const channel = new LanguageChannel(languageWorker, { timezone: state.timeZone });
    channel.onDiagnostics(() => {
        timings.firstDiagnostics ??= performance.now();
        refreshProblems();
        scheduleSegmentPanel();
    });
    // Catalog files are models too (read-only tabs), so "go to definition" can open them.
    for (const f of CATALOG) monaco.editor.createModel(f.text, SEG, monaco.Uri.parse(`file://${f.path}`));
    new MonacoLspClient(createTransportToWorker(channel as unknown as Worker));

    const editor = monaco.editor.create($('editor'), {
        language: SEG, automaticLayout: true, minimap: { enabled: false }, codeLens: false, fontSize: 14,
        'semanticHighlighting.enabled': true, fixedOverflowWidgets: true, scrollBeyondLastLine: false,
    });
    const database = new DatabaseClient(() => new Worker(new URL('./database-worker.js', import.meta.url), { type: 'module' }));
    let lastRun: RunResult | undefined;
    window.segPlayground = { monaco, editor, timings, get lastRun() { return lastRun; }, get state() { return state; } };

    // Tabs: one model per project file; the catalog opens read-only on demand.
    const tabs = $('tabs');
    const projectModels = () => state.files.filter(f => f.path.endsWith('.seg')).map(f => monaco.editor.getModel(monaco.Uri.parse(fileUri(f.path)))!).filter(Boolean);
    const showModel = (model: monaco.editor.ITextModel) => {
        editor.setModel(model);
        editor.updateOptions({ readOnly: model.uri.path.startsWith('/seg/') });
        for (const t of tabs.querySelectorAll('button')) t.classList.toggle('active', t.dataset.uri === model.uri.toString());
        if (!tabs.querySelector(`button[data-uri="${CSS.escape(model.uri.toString())}"]`)) addTab(model, true);
        scheduleSegmentPanel();
    };
    const addTab = (model: monaco.editor.ITextModel, readOnly = false) => {
        const name = model.uri.path.replace(/^\/playground\//, '').replace(/^\/seg\/language\/catalog\//, 'catalog: ');
        const tab = el('button', { 'data-uri': model.uri.toString(), class: readOnly ? 'tab readonly active' : 'tab', title: readOnly ? 'The built-in catalog (read-only)' : name }, name);
        tab.addEventListener('click', () => showModel(model));
        tabs.append(tab);
    };
    const loadFiles = (files: PlaygroundState['files']) => {
        for (const m of monaco.editor.getModels()) if (m.uri.path.startsWith('/playground/')) m.dispose();
        tabs.replaceChildren();
        for (const f of files.filter(x => x.path.endsWith('.seg'))) addTab(monaco.editor.createModel(f.text, SEG, monaco.Uri.parse(fileUri(f.path))));
        const first = projectModels()[0];
        if (first) showModel(first);
        refreshProblems();
    };
    monaco.editor.registerEditorOpener({
        openCodeEditor(_source, resource, selectionOrPosition) {
            const model = monaco.editor.getModel(resource);
            if (!model) return false;
            showModel(model);
            if (selectionOrPosition && 'startLineNumber' in selectionOrPosition) { editor.setSelection(selectionOrPosition); editor.revealRangeInCenter(selectionOrPosition); }
            else if (selectionOrPosition) { editor.setPosition(selectionOrPosition); editor.revealPositionInCenter(selectionOrPosition); }
            return true;
        },
    });

    // Controls: example, as-of, time zone, population.
    const exampleSelect = $<HTMLSelectElement>('example');
    for (const e of EXAMPLE_LIST) exampleSelect.append(el('option', { value: e.id }, e.title));
    if (!exampleId) exampleSelect.append(el('option', { value: '' }, 'From a shared link'));
    exampleSelect.value = exampleId ?? '';
    exampleSelect.addEventListener('change', () => {
        const example = EXAMPLE_LIST.find(e => e.id === exampleSelect.value);
        if (!example) return;
        exampleId = example.id;
        state = { ...state, files: example.files, timeZone: example.timeZone };
        zoneInput.value = state.timeZone;
        void channel.configure({ timezone: state.timeZone });
        loadFiles(state.files);
    });
    const zoneInput = $<HTMLInputElement>('timezone');
    const zones = $('timezones');
    for (const z of Intl.supportedValuesOf('timeZone')) zones.append(el('option', { value: z }));
    zoneInput.value = state.timeZone;
    zoneInput.addEventListener('change', () => {
        const zone = zoneInput.value.trim() || 'UTC';
        if (!validZone(zone)) { status(`'${zone}' is not a time zone; try Europe/Amsterdam or UTC.`, 'error'); return; }
        state = { ...state, timeZone: zone };
        void channel.configure({ timezone: zone });
        scheduleSegmentPanel();
    });
    const asOfInput = $<HTMLInputElement>('asof');
    asOfInput.value = (state.asOf ?? state.dataAsOf).slice(0, 16);
    asOfInput.addEventListener('change', () => { state = { ...state, asOf: asOfInput.value ? new Date(`${asOfInput.value}:00Z`).toISOString() : undefined }; });
    const contactsInput = $<HTMLInputElement>('contacts');
    contactsInput.max = String(MAX_CONTACTS);
    contactsInput.value = String(state.contacts);
    contactsInput.addEventListener('change', () => {
        const n = Number(contactsInput.value);
        if (!Number.isInteger(n) || n < 1 || n > MAX_CONTACTS) { status(`Contacts must be a whole number from 1 to ${MAX_CONTACTS.toLocaleString('en-US')}.`, 'error'); contactsInput.value = String(state.contacts); return; }
        state = { ...state, contacts: n };
    });

    // Problems: every marker of the project's files, newest state.
    const refreshProblems = () => {
        const list = $('problems');
        list.replaceChildren();
        const markers = projectModels().flatMap(m => monaco.editor.getModelMarkers({ resource: m.uri }).map(k => ({ m, k })));
        markers.sort((a, b) => b.k.severity - a.k.severity || a.k.startLineNumber - b.k.startLineNumber);
        for (const { m, k } of markers) {
            const kind = k.severity === monaco.MarkerSeverity.Error ? 'error' : k.severity === monaco.MarkerSeverity.Warning ? 'warning' : 'info';
            const code = typeof k.code === 'object' ? k.code?.value : k.code;
            const item = el('li', { class: kind, tabindex: '0' }, el('span', { class: 'where' }, `${m.uri.path.replace(/^\/playground\//, '')}:${k.startLineNumber}:${k.startColumn}`), ' ', k.message, code ? el('span', { class: 'code' }, ` ${code}`) : '');
            item.addEventListener('click', () => { showModel(m); editor.setPosition({ lineNumber: k.startLineNumber, column: k.startColumn }); editor.focus(); });
            list.append(item);
        }
        $('problem-count').textContent = markers.length ? `${markers.length}` : '';
        if (!markers.length) list.append(el('li', { class: 'none' }, 'No problems.'));
    };
    monaco.editor.onDidChangeMarkers(() => refreshProblems());

    // The segment under the cursor: its meaning in words and its SQL.
    let panelTimer: ReturnType<typeof setTimeout> | undefined;
    function scheduleSegmentPanel(): void {
        clearTimeout(panelTimer);
        panelTimer = setTimeout(() => void updateSegmentPanel(), 150);
    }
    let panelGeneration = 0;
    async function updateSegmentPanel(): Promise<void> {
        const model = editor.getModel();
        const position = editor.getPosition();
        if (!model || !position) return;
        const generation = ++panelGeneration;
        const symbols = await channel.request<Array<{ name: string; kind: number; detail?: string; range: { start: { line: number }; end: { line: number } } }> | null>(
            'textDocument/documentSymbol', { textDocument: { uri: model.uri.toString() } }).catch(() => null);
        const line = position.lineNumber - 1;
        // Before the server has the document it answers with no list; the next diagnostics update the panel again.
        const segments = (Array.isArray(symbols) ? symbols : []).filter(s => s.detail?.includes('segment'));
        const here = segments.find(s => s.range.start.line <= line && line <= s.range.end.line)
            ?? [...segments].reverse().find(s => s.range.start.line <= line) ?? segments[0];
        if (generation !== panelGeneration) return;
        if (!here) {
            $('segment-name').textContent = 'No segment here';
            $('segment-description').textContent = 'Put the cursor in a segment to see what it means and the SQL it compiles to.';
            $('segment-sql').textContent = '';
            return;
        }
        const failed = (e: unknown): { text?: string; sql?: string; error?: string } => ({ error: `The language server did not answer: ${e instanceof Error ? e.message : String(e)}` });
        const [described, sql] = await Promise.all([
            channel.request<{ text?: string; error?: string }>('seg/describe', { segment: here.name }).catch(failed),
            channel.request<{ sql?: string; error?: string }>('seg/sql', { segment: here.name }).catch(failed),
        ]);
        if (generation !== panelGeneration) return;
        $('segment-name').textContent = here.name;
        $('segment-description').textContent = described.text ?? described.error ?? '';
        $('segment-sql').textContent = sql.sql ?? sql.error ?? '';
        $('segment-sql').classList.toggle('unavailable', !sql.sql);
    }
    editor.onDidChangeCursorPosition(() => scheduleSegmentPanel());
    editor.onDidChangeModelContent(() => scheduleSegmentPanel());

    // Run: every live segment on PGlite.
    const runButton = $<HTMLButtonElement>('run');
    const showMembers = (name: string) => {
        renderMembers($('members'), lastRun?.segments.find(s => s.name === name));
        for (const r of $('results').querySelectorAll('tr[data-segment]')) r.classList.toggle('picked', (r as HTMLElement).dataset.segment === name);
    };
    let running = false;
    runButton.addEventListener('click', async () => {
        // While a run is going, the button stops it: PGlite cannot interrupt a statement, so the worker is ended.
        if (running) { database.stop('Stopped. The next Run starts the database again and makes its demo data.'); return; }
        running = true;
        runButton.textContent = '■ Stop';
        runButton.title = 'Stop this run';
        const started = performance.now();
        const asOf = state.asOf ?? state.dataAsOf;
        try {
            const sources = projectModels().map(m => ({ path: m.uri.path, text: m.getValue() }));
            lastRun = await database.run({ sources, asOf, timeZone: state.timeZone, contacts: state.contacts, dataAsOf: state.dataAsOf, evaluate: true }, text => runStatus(text));
            renderResults($('results'), lastRun, showMembers);
            const first = lastRun.segments.find(s => !s.error && (s.count ?? 0) > 0) ?? lastRun.segments[0];
            if (first) showMembers(first.name);
            const seeded = lastRun.seeded ? ` Demo data made: ${lastRun.seeded.contacts.toLocaleString('en-US')} contacts, ${lastRun.seeded.interactions.toLocaleString('en-US')} interactions, in ${(lastRun.seeded.ms / 1000).toFixed(1)} s.` : '';
            runStatus(`${lastRun.segments.length} segments as of ${asOf.slice(0, 16).replace('T', ' ')} UTC (${lastRun.timeZone}), in ${((performance.now() - started) / 1000).toFixed(1)} s.${seeded}`);
        } catch (e) {
            runStatus(e instanceof Error ? e.message : String(e), 'error');
        } finally {
            running = false;
            runButton.textContent = '▶ Run';
            runButton.title = 'Run every segment (Ctrl+Enter)';
        }
    });
    editor.addAction({ id: 'seg.run', label: 'Seg: Run all segments', keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter], run: () => runButton.click() });

    $('format').addEventListener('click', () => void editor.getAction('editor.action.formatDocument')?.run());
    $('share').addEventListener('click', async () => {
        const files = projectModels().map(m => ({ path: m.uri.path.replace(/^\/playground\//, ''), text: m.getValue() }));
        let hash: string;
        try {
            hash = await encodeState({ ...state, files: [...files, ...state.files.filter(f => !f.path.endsWith('.seg'))] }, exampleId);
        } catch (e) {
            status(`No link: this browser cannot compress the project (${e instanceof Error ? e.message : String(e)}).`, 'error');
            return;
        }
        history.replaceState(null, '', hash);
        const link = location.href;
        $<HTMLInputElement>('share-link').value = link;
        $('share-box').hidden = false;
        if (!navigator.clipboard) { status('Copy the link from the box above the editor.'); return; }
        await navigator.clipboard.writeText(link).then(() => status('Link copied.'), () => status('Copy the link from the box above the editor.'));
    });

    loadFiles(state.files);
    await channel.initialized;
    timings.serverReady = performance.now();
    // A problem said at start-up (a damaged link) stays in view.
    if ($('status').className !== 'error') status(`Language server ready in ${(timings.serverReady / 1000).toFixed(1)} s.`);
    // The demo data is made in the background now, so the first Run only runs the segments.
    const sources = projectModels().map(m => ({ path: m.uri.path, text: m.getValue() }));
    runStatus('Preparing the demo data in the background…');
    database.run({ sources, asOf: state.asOf ?? state.dataAsOf, timeZone: state.timeZone, contacts: state.contacts, dataAsOf: state.dataAsOf, evaluate: false }, () => undefined)
        .then(r => { if (!lastRun) runStatus(r.seeded ? `Demo data ready: ${r.seeded.contacts.toLocaleString('en-US')} contacts, ${r.seeded.interactions.toLocaleString('en-US')} interactions. Press Run.` : 'Press Run.'); })
        .catch(() => { if (!lastRun) runStatus('Press Run.'); });
}

function status(text: string, kind: 'info' | 'error' = 'info'): void {
    const line = $('status');
    line.textContent = text;
    line.className = kind;
}

function runStatus(text: string, kind: 'info' | 'error' = 'info'): void {
    const line = $('run-status');
    line.textContent = text;
    line.className = kind;
}

start().catch(e => status(`The playground could not start: ${e instanceof Error ? e.message : String(e)}`, 'error'));
