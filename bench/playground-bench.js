// npm run bench:playground: the playground in headless Chromium (playwright-core),
// served as static files from playground/dist (built first). Prints, over a few
// fresh page loads: the first load (navigation → language server ready), the time
// to the first diagnostics, the time from typing a typo to its diagnostic, the
// completion latency, the download size, and the first Run (PGlite start, demo
// data, every segment of examples/) and a second Run at N contacts.
//
// Environment: SEG_CHROMIUM (default /usr/bin/chromium), SEG_BENCH_LOADS (3),
// SEG_BENCH_CONTACTS (1000, the playground's default).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serveStatic } from '../playground/serve.mjs';

const CHROMIUM = process.env.SEG_CHROMIUM ?? '/usr/bin/chromium';
const LOADS = Number(process.env.SEG_BENCH_LOADS ?? 3);
const CONTACTS = Number(process.env.SEG_BENCH_CONTACTS ?? 1000);
const repo = fileURLToPath(new URL('..', import.meta.url));

if (!existsSync(CHROMIUM)) {
    console.error(`bench:playground needs Chromium at ${CHROMIUM} (apt-get install chromium, or set SEG_CHROMIUM).`);
    process.exit(2);
}
const built = spawnSync(process.execPath, [join(repo, 'playground', 'build.mjs')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

const server = await serveStatic(join(repo, 'playground', 'dist'));
const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = x => `${Math.round(x).toLocaleString('en-US')} ms`;
try {
    const loads = [], diagnostics = [], typo = [], completion = [];
    let bytes = 0;
    for (let i = 0; i < LOADS; i++) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        let transferred = 0;
        page.on('response', async r => { try { transferred += (await r.body()).length; } catch { /* redirects, workers */ } });
        // The examples project: seven files, the catalog, diagnostics for each.
        await page.goto(`${server.url}#example=examples`);
        await page.waitForFunction(() => window.segPlayground?.timings?.serverReady !== undefined, null, { timeout: 120_000 });
        await page.waitForFunction(() => window.segPlayground.timings.firstDiagnostics !== undefined, null, { timeout: 120_000 });
        const t = await page.evaluate(() => window.segPlayground.timings);
        loads.push(t.serverReady);
        diagnostics.push(t.firstDiagnostics);
        // A typo at the end of the first file, until its diagnostic is listed.
        await page.click('.monaco-editor .view-lines');
        await page.keyboard.press('Control+End');
        await page.keyboard.press('Enter');
        const before = await page.evaluate(() => performance.now());
        await page.keyboard.type('segment Typo = interaction EmailOpend within 3 days');
        await page.waitForFunction(() => /EmailOpend/.test(document.getElementById('problems')?.textContent ?? ''), null, { timeout: 60_000 });
        typo.push(await page.evaluate(t0 => performance.now(), before) - before);
        // Completion after `interaction ` (Ctrl+Space until the list shows).
        await page.keyboard.press('Escape');
        await page.keyboard.press('Enter');
        await page.keyboard.type('segment Completed = interaction ');
        await page.keyboard.press('Escape');
        const asked = await page.evaluate(() => performance.now());
        await page.keyboard.press('Control+Space');
        await page.waitForSelector('.monaco-editor .suggest-widget.visible .monaco-list-row', { timeout: 60_000 });
        completion.push(await page.evaluate(() => performance.now()) - asked);
        bytes = Math.max(bytes, transferred);
        await page.close();
    }
    console.log(`playground, ${LOADS} fresh loads of the examples/ project (median):`);
    console.log(`  first load, navigation → language server ready:  ${ms(median(loads))}`);
    console.log(`  first diagnostics after navigation:               ${ms(median(diagnostics))}`);
    console.log(`  typing a typo → its diagnostic listed:            ${ms(median(typo))}`);
    console.log(`  completion list after Ctrl+Space:                 ${ms(median(completion))}`);
    console.log(`  downloaded (uncompressed, one load):              ${(bytes / 1048576).toFixed(1)} MiB`);

    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}#example=examples&contacts=${CONTACTS}`);
    await page.waitForFunction(() => window.segPlayground?.timings?.serverReady !== undefined, null, { timeout: 120_000 });
    for (const which of ['first Run (PGlite start + demo data + segments)', 'second Run (segments only)']) {
        const t0 = await page.evaluate(() => { window.segPlayground.previous = window.segPlayground.lastRun; return performance.now(); });
        await page.click('#run');
        await page.waitForFunction(() => window.segPlayground.lastRun !== window.segPlayground.previous, null, { timeout: 600_000 });
        const took = await page.evaluate(() => performance.now()) - t0;
        const run = await page.evaluate(() => window.segPlayground.lastRun);
        const seeded = run.seeded ? `; demo data ${run.seeded.contacts.toLocaleString('en-US')} contacts, ${run.seeded.interactions.toLocaleString('en-US')} interactions in ${ms(run.seeded.ms)}` : '';
        console.log(`  ${which}, ${CONTACTS.toLocaleString('en-US')} contacts, ${run.segments.length} segments: ${ms(took)}${seeded}`);
    }
    await page.close();
} finally {
    await browser.close();
    await server.close();
}
