// npm run bench:lsp: the language server (`seg lsp --stdio`, the compiled one in
// out/) on a generated workspace of 1,000 segments in 50 files. Prints the time
// to the first diagnostics of every file, completion latency (at rest and right
// after each keystroke), the time to updated diagnostics after an edit, completion
// and hover right after pasting ~600 unknown references, and the server's memory
// (RSS and heap) before and after a long session of edits.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { generateProject } from './generate-project.js';

const SEGMENTS = Number(process.env.SEG_BENCH_SEGMENTS ?? 1000);
const FILES = Number(process.env.SEG_BENCH_FILES ?? 50);
const COMPLETIONS = 200;
const EDITS = 10;
const KEYSTROKES = 60;
const PASTE_UNKNOWN = 600;
const LONG_EDITS = Number(process.env.SEG_BENCH_LONG_EDITS ?? 400);
const TARGET = { completionP95: 50, editDiagnostics: 200, memoryMb: 300, pasteMs: 200 };

const repo = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(join(repo, 'out', 'lsp', 'main.js'))) {
    console.error('Build first: npx tsc -p . (out/lsp/main.js is missing).');
    process.exit(2);
}

// Segments that use `via`, so completion after `via ` has real positions.
const VIA = Array.from({ length: 10 }, (_, i) =>
    `segment Via${i} =\n  interaction ${i % 2 ? 'EmailClicked' : 'EmailOpened'}\n    via contact\n    within ${i + 1} days\n`).join('\n');

const dir = mkdtempSync(join(tmpdir(), 'seg-lsp-bench-'));
let child, connection;
try {
    generateProject(dir, { segments: SEGMENTS, files: FILES });
    writeFileSync(join(dir, 'via.seg'), VIA);
    writeFileSync(join(dir, 'seg.json'), '{ "timezone": "UTC" }\n');
    const files = readdirSync(dir).filter(f => f.endsWith('.seg')).sort();
    const uri = name => pathToFileURL(join(dir, name)).toString();
    const text = new Map(files.map(f => [f, readFileSync(join(dir, f), 'utf8')]));

    // The probe reports the heap on SIGUSR2 (bench/memory-probe.cjs).
    const memoryFile = join(dir, 'memory.json');
    // With the young-generation size the VS Code extension and `seg lsp` give the server
    // (bin/seg.js), on the command line so the measured process is the server itself.
    child = spawn(process.execPath, ['--max-semi-space-size=1', '--expose-gc', '--require', join(repo, 'bench', 'memory-probe.cjs'), join(repo, 'bin', 'seg.js'), 'lsp', '--stdio'],
        { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, SEG_BENCH_MEMORY_FILE: memoryFile } });
    let stderr = '';
    child.stderr.on('data', d => { stderr += String(d); });
    connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));

    // Diagnostics: the latest per URI, and waiters for the next matching ones.
    const latest = new Map();
    const firstAt = new Map();
    let waiters = [];
    connection.onNotification('textDocument/publishDiagnostics', p => {
        latest.set(p.uri, p.diagnostics);
        if (!firstAt.has(p.uri)) firstAt.set(p.uri, performance.now());
        waiters = waiters.filter(w => {
            if (!w.test(p)) return true;
            w.resolve(p);
            return false;
        });
    });
    const next = (test, timeoutMs = 60000, what = 'diagnostics') => new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}\n${stderr}`)), timeoutMs);
        waiters.push({ test, resolve: p => { clearTimeout(timer); resolve(p); } });
    });
    const errors = [];
    connection.onNotification('window/logMessage', m => { if (m.type === 1) errors.push(m.message); });
    connection.onRequest('workspace/configuration', () => []);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();

    // 1. initialize → first diagnostics for every workspace file.
    const wanted = new Set(files.map(uri));
    const allSeen = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${[...wanted].filter(u => !firstAt.has(u)).length} files after 120 s\n${stderr}`)), 120000);
        const check = () => { if ([...wanted].every(u => firstAt.has(u))) { clearTimeout(timer); resolve(); } else setTimeout(check, 2); };
        check();
    });
    const rootUri = pathToFileURL(dir).toString();
    const t0 = performance.now();
    await connection.sendRequest('initialize', {
        processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }],
        capabilities: { textDocument: { completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } } } },
    });
    const tInit = performance.now();
    await connection.sendNotification('initialized', {});
    const opened = [...files.filter(f => f !== 'via.seg').slice(0, 8), 'via.seg'];
    for (const f of opened) {
        await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(f), languageId: 'seg', version: 1, text: text.get(f) } });
    }
    await allSeen;
    const tAll = Math.max(...[...wanted].map(u => firstAt.get(u)));
    const initialErrors = [...wanted].reduce((n, u) => n + latest.get(u).filter(d => d.severity === 1).length, 0);

    // 2. Completion at ~200 positions in the opened files.
    const positions = [];
    const offsetsAfter = (f, re, kind) => {
        const t = text.get(f);
        for (const m of t.matchAll(re)) positions.push({ file: f, kind, offset: m.index + m[0].length, text: t });
    };
    for (const f of opened) {
        offsetsAfter(f, /interaction /g, 'after interaction');
        offsetsAfter(f, /where /g, 'in where');
        offsetsAfter(f, /via /g, 'after via');
        offsetsAfter(f, /=\s+(?=S\d)/g, 'set expression (start)');
        offsetsAfter(f, /(?:union|intersect|except) /g, 'set expression (operand)');
        offsetsAfter(f, /within \d+ /g, 'window unit');
    }
    // Spread the sample over the kinds, at most COMPLETIONS positions.
    const byKind = Object.groupBy(positions, p => p.kind);
    const kinds = Object.keys(byKind);
    const sample = [];
    for (let i = 0; sample.length < COMPLETIONS && kinds.some(k => byKind[k].length > i); i++) {
        for (const k of kinds) if (byKind[k][i] && sample.length < COMPLETIONS) sample.push(byKind[k][i]);
    }
    const positionAt = (t, offset) => {
        const before = t.slice(0, offset);
        const line = before.split('\n').length - 1;
        return { line, character: offset - (before.lastIndexOf('\n') + 1) };
    };
    // Warm-up: the first request pays for lazy initialisation.
    await connection.sendRequest('textDocument/completion', { textDocument: { uri: uri(sample[0].file) }, position: positionAt(sample[0].text, sample[0].offset) });
    const latencies = [];
    const perKind = {};
    let empty = 0;
    for (const p of sample) {
        const t = performance.now();
        const list = await connection.sendRequest('textDocument/completion', { textDocument: { uri: uri(p.file) }, position: positionAt(p.text, p.offset) });
        const ms = performance.now() - t;
        latencies.push(ms);
        (perKind[p.kind] ??= []).push(ms);
        const items = Array.isArray(list) ? list : list?.items ?? [];
        if (items.length === 0) empty++;
    }

    // 3. Edit → updated diagnostics (introduce an error, then fix it), median of EDITS.
    const editFile = files[0];
    const editUri = uri(editFile);
    const good = text.get(editFile);
    const bad = good.replace(/interaction EmailOpened|interaction \w+/, 'interaction EmailOpend');
    let version = 2;
    const toError = [], toFixed = [];
    for (let i = 0; i < EDITS; i++) {
        const v1 = version++;
        let wait = next(p => p.uri === editUri && p.diagnostics.some(d => d.severity === 1), 10000, 'diagnostics with the error');
        let t = performance.now();
        await connection.sendNotification('textDocument/didChange', { textDocument: { uri: editUri, version: v1 }, contentChanges: [{ text: bad }] });
        await wait;
        toError.push(performance.now() - t);
        const v2 = version++;
        wait = next(p => p.uri === editUri && !p.diagnostics.some(d => d.severity === 1), 10000, 'diagnostics without the error');
        t = performance.now();
        await connection.sendNotification('textDocument/didChange', { textDocument: { uri: editUri, version: v2 }, contentChanges: [{ text: good }] });
        await wait;
        toFixed.push(performance.now() - t);
    }

    // 4. Memory of the server process after start-up (after a garbage collection).
    const memory = async () => {
        rmSync(memoryFile, { force: true });
        child.kill('SIGUSR2');
        for (let i = 0; i < 500 && !existsSync(memoryFile); i++) await sleep(10);
        await sleep(20);
        const m = JSON.parse(readFileSync(memoryFile, 'utf8'));
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const hwm = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) * 1024;
        const mb = x => x / 2 ** 20;
        return { rss: mb(m.rss), heap: mb(m.heapUsed), heapTotal: mb(m.heapTotal), peak: mb(hwm) };
    };
    const memStart = await memory();

    // 5. Completion right after each keystroke: typing a new segment at the end of a
    // file, each character a didChange followed at once by a completion request.
    const typeFile = opened[1];
    const typeUri = uri(typeFile);
    const typed = 'segment Typed =\n  interaction EmailOpened\n    where messageId = "x" and S1 union S2';
    const base = text.get(typeFile) + '\n';
    let typeVersion = 1000;
    const keystroke = [];
    for (let i = 1; i <= Math.min(KEYSTROKES, typed.length); i++) {
        const now = base + typed.slice(0, i);
        await connection.sendNotification('textDocument/didChange', { textDocument: { uri: typeUri, version: typeVersion++ }, contentChanges: [{ text: now }] });
        const t = performance.now();
        await connection.sendRequest('textDocument/completion', { textDocument: { uri: typeUri }, position: positionAt(now, now.length) });
        keystroke.push(performance.now() - t);
    }
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri: typeUri, version: typeVersion++ }, contentChanges: [{ text: text.get(typeFile) }] });

    // 6. A bad paste: ~600 unknown references (segments, interaction types, fields with
    // near-miss names, so "did you mean" has work to do), then completion and hover
    // right after it and after each of a few keystrokes in the pasted text.
    const pasteLines = [];
    for (let i = 0; pasteLines.length * 3 < PASTE_UNKNOWN; i++) {
        pasteLines.push(i % 3 === 0
            ? `segment Pasted${i} =\n  interaction EmailOpened\n    via contct\n    where mesageId = "m" and customerJourneyID = "j"\n`
            : `segment Pasted${i} = Sx${i} union S${i}a except Openers${i}\n`);
    }
    const pasteFile = opened[2];
    const pasteUri = uri(pasteFile);
    const pasted = text.get(pasteFile) + '\n' + pasteLines.join('');
    const pasteErrors = next(p => p.uri === pasteUri && p.diagnostics.length >= PASTE_UNKNOWN, 120000, 'diagnostics of the paste');
    const afterPaste = { completion: [], hover: [] };
    let pasteVersion = 2000;
    const hoverAt = pasted.indexOf('segment Pasted1 =') + 'segment Pa'.length;
    for (let k = 0; k < 6; k++) {
        const now = k === 0 ? pasted : pasted + 'segment More = S'.slice(0, 8 + k);
        const t0p = performance.now();
        await connection.sendNotification('textDocument/didChange', { textDocument: { uri: pasteUri, version: pasteVersion++ }, contentChanges: [{ text: now }] });
        const c = connection.sendRequest('textDocument/completion', { textDocument: { uri: pasteUri }, position: positionAt(now, now.length) }).then(() => afterPaste.completion.push(performance.now() - t0p));
        const h = connection.sendRequest('textDocument/hover', { textDocument: { uri: pasteUri }, position: positionAt(now, hoverAt) }).then(() => afterPaste.hover.push(performance.now() - t0p));
        await Promise.all([c, h]);
    }
    const pasteT = performance.now();
    const pasteDiagnostics = (await pasteErrors).diagnostics;
    const pasteSettle = performance.now() - pasteT;
    const pasteSuggestions = pasteDiagnostics.filter(d => /Did you mean/.test(d.message)).length;
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri: pasteUri, version: pasteVersion++ }, contentChanges: [{ text: text.get(pasteFile) }] });

    // 7. Long use: many edits over the opened files (each a new version of a file,
    // with an error now and then), a completion and a hover between them; then memory again.
    let longVersion = 5000;
    for (let i = 0; i < LONG_EDITS; i++) {
        const f = opened[i % opened.length];
        const t = text.get(f);
        const now = i % 5 === 0 ? t.replace(/segment (\w+) =/, 'segment $1x =') : t + `\n// edit ${i}\nsegment Edit${i} = S${i % 100} union S${(i * 7) % 100}\n`;
        await connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(f), version: longVersion++ }, contentChanges: [{ text: now }] });
        if (i % 10 === 0) {
            await connection.sendRequest('textDocument/completion', { textDocument: { uri: uri(f) }, position: positionAt(now, now.length) });
            await connection.sendRequest('textDocument/hover', { textDocument: { uri: uri(f) }, position: positionAt(now, now.indexOf('segment ') + 9) });
        }
    }
    for (const f of opened) {
        await connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(f), version: longVersion++ }, contentChanges: [{ text: text.get(f) }] });
    }
    await connection.sendRequest('textDocument/completion', { textDocument: { uri: uri(opened[0]) }, position: { line: 0, character: 0 } });
    await sleep(500);
    const memEnd = await memory();

    const sorted = a => [...a].sort((x, y) => x - y);
    const pct = (a, q) => { const s = sorted(a); return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]; };
    const median = a => pct(a, 0.5);
    const f1 = x => x.toFixed(1);
    const mark = ok => (ok ? 'ok' : 'MISSED');
    const p95 = pct(latencies, 0.95);
    const editMedian = Math.max(median(toError), median(toFixed));
    console.log(`seg lsp: ${SEGMENTS} segments in ${FILES} files (+ via.seg, plus the built-in catalog), ${opened.length} files opened`);
    console.log(`  initialize response: ${f1(tInit - t0)} ms`);
    console.log(`  initialize → first diagnostics for all ${wanted.size} files: ${f1(tAll - t0)} ms (errors: ${initialErrors})`);
    console.log(`  completion over ${latencies.length} positions: p50 ${f1(median(latencies))} ms, p95 ${f1(p95)} ms, max ${f1(Math.max(...latencies))} ms (target p95 < ${TARGET.completionP95} ms: ${mark(p95 < TARGET.completionP95)})${empty ? `, ${empty} empty lists` : ''}`);
    for (const [k, a] of Object.entries(perKind)) {
        console.log(`    ${k.padEnd(26)} n=${String(a.length).padStart(3)}  p50 ${f1(median(a))} ms  p95 ${f1(pct(a, 0.95))} ms  max ${f1(Math.max(...a))} ms`);
    }
    console.log(`  edit → diagnostics (median of ${EDITS}): error appears ${f1(median(toError))} ms, fix clears it ${f1(median(toFixed))} ms (max ${f1(Math.max(...toError, ...toFixed))} ms; target < ${TARGET.editDiagnostics} ms: ${mark(editMedian < TARGET.editDiagnostics)})`);
    const kp95 = pct(keystroke, 0.95);
    console.log(`  completion right after a keystroke (${keystroke.length} keystrokes): p50 ${f1(median(keystroke))} ms, p95 ${f1(kp95)} ms, max ${f1(Math.max(...keystroke))} ms (target p95 < ${TARGET.completionP95} ms: ${mark(kp95 < TARGET.completionP95)})`);
    const pasteWorst = Math.max(...afterPaste.completion, ...afterPaste.hover);
    console.log(`  after pasting ${PASTE_UNKNOWN} unknown references (${afterPaste.completion.length} edits): completion p50 ${f1(median(afterPaste.completion))} ms, max ${f1(Math.max(...afterPaste.completion))} ms; hover p50 ${f1(median(afterPaste.hover))} ms, max ${f1(Math.max(...afterPaste.hover))} ms (target < ${TARGET.pasteMs} ms: ${mark(pasteWorst < TARGET.pasteMs)})`);
    console.log(`    its diagnostics: ${pasteDiagnostics.length} (${pasteSuggestions} with "did you mean"), settled ${f1(pasteSettle)} ms after the last request`);
    const mem = m => `RSS ${m.rss.toFixed(0)} MB, heap ${m.heap.toFixed(0)} MB used of ${m.heapTotal.toFixed(0)} MB`;
    console.log(`  server memory after start-up: ${mem(memStart)}`);
    console.log(`  server memory after ${LONG_EDITS} more edits: ${mem(memEnd)}, peak RSS (VmHWM) ${memEnd.peak.toFixed(0)} MB (target RSS < ${TARGET.memoryMb} MB: ${mark(memEnd.rss < TARGET.memoryMb)})`);
    if (errors.length) console.log(`  server logged ${errors.length} error(s); first: ${errors[0].split('\n')[0]}`);
    if (initialErrors || errors.length) process.exitCode = 1;
} finally {
    try {
        if (connection) {
            await Promise.race([connection.sendRequest('shutdown'), new Promise(r => setTimeout(r, 2000))]);
            await connection.sendNotification('exit');
            connection.dispose();
        }
    } catch { /* already gone */ }
    child?.kill();
    rmSync(dir, { recursive: true, force: true });
}
