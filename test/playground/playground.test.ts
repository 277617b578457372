/// <reference lib="dom" />
// The playground in a real browser (#14): headless Chromium (Debian's chromium,
// installed by .ci/run) driven by playwright-core opens the built static site,
// served as plain files. A user types a misspelled interaction name and sees the
// diagnostic, fixes it with the quick fix, accepts a completion, formats, presses
// Run and sees the member counts `seg run` gives on the same demo data; a shared
// link opens the same project. A screenshot is kept in test-artifacts/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

declare global {
    interface Window {
        /** What the playground exposes (playground/src/main.ts). */
        segPlayground?: { editor: unknown; timings: Record<string, number>; lastRun?: unknown };
    }
}

const repo = join(__dirname, '..', '..');
const CHROMIUM = process.env.SEG_CHROMIUM ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`playground tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set SEG_CHROMIUM)`);

const ARTIFACTS = join(repo, 'test-artifacts');
const EDITOR = '.monaco-editor';
/** The demo world both the page and `seg run` evaluate: its size, its end, and the instant asked about. */
const CONTACTS = 300;
const DATA_AS_OF = '2026-03-01T00:00:00.000Z';
const AS_OF = '2026-02-20T09:00:00.000Z';

describe.runIf(hasChromium)('the playground in Chromium', () => {
    let browser: Browser;
    let server: { url: string; close(): Promise<void> };
    const problems: string[] = [];
    /** Every page a test opened: closed after it, pass or fail, so its errors cannot land in the next test. */
    const pages: Page[] = [];

    beforeAll(async () => {
        const built = spawnSync(process.execPath, [join(repo, 'playground', 'build.mjs')], { encoding: 'utf8' });
        expect(built.status, built.stderr).toBe(0);
        const { serveStatic } = await import(pathToFileURL(join(repo, 'playground', 'serve.mjs')).href) as {
            serveStatic(dir: string, port?: number): Promise<{ url: string; close(): Promise<void> }>;
        };
        server = await serveStatic(join(repo, 'playground', 'dist'));
        browser = await chromium.launch({
            executablePath: CHROMIUM,
            args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        });
    }, 120_000);

    afterAll(async () => {
        await browser?.close();
        await server?.close();
    });

    /** A new page whose errors (uncaught, console, HTTP) are collected in `problems`. */
    async function watched(): Promise<Page> {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        pages.push(page);
        page.on('pageerror', e => problems.push(`page error: ${e.stack ?? e.message}`));
        page.on('console', m => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
        page.on('response', r => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`); });
        return page;
    }

    async function open(hash: string): Promise<Page> {
        const page = await watched();
        await page.goto(`${server.url}${hash}`);
        await page.waitForFunction(() => /ready/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 60_000 });
        return page;
    }

    // Each test starts with no problems of its own.
    beforeEach(() => { problems.length = 0; });
    afterEach(async () => { for (const page of pages.splice(0)) await page.close().catch(() => undefined); });

    const value = (page: Page) => page.evaluate(() => (window.segPlayground!.editor as { getValue(): string }).getValue());
    const problemTexts = (page: Page) => page.$$eval('#problems li', items => items.map(i => i.textContent ?? ''));

    it('shows a diagnostic, fixes it, completes an interaction name and formats, as in VS Code', async () => {
        const page = await open(`#example=empty&data=${DATA_AS_OF}`);
        await page.click(`${EDITOR} .view-lines`);
        // The line break first: an Enter after the text could accept a suggestion the editor
        // offers as you type (it may open after any Escape, the server answering late on a busy machine).
        await page.keyboard.press('Enter');
        await page.keyboard.press('ArrowUp');
        await page.keyboard.type('segment Recent = interaction EmailOpend within 3 days');
        await page.keyboard.press('Escape');
        await page.waitForFunction(() => /Unknown interaction type 'EmailOpend'/.test(document.getElementById('problems')?.textContent ?? ''), null, { timeout: 30_000 });
        const shownAt = await page.evaluate(() => performance.now());
        expect(await problemTexts(page)).toEqual([expect.stringMatching(/^segments\.seg:1:30 Unknown interaction type 'EmailOpend'\. Did you mean 'EmailOpened'\? SEG103$/)]);
        await page.waitForSelector(`${EDITOR} .squiggly-error`);
        const timings = await page.evaluate(() => window.segPlayground!.timings);
        console.log(`playground: language server ready ${Math.round(timings.serverReady)} ms after navigation; first diagnostics at ${Math.round(timings.firstDiagnostics ?? NaN)} ms; the typo's diagnostic ${Math.round(shownAt - timings.serverReady)} ms after ready`);

        // The quick fix (Ctrl+.) replaces the name with the suggestion.
        await page.evaluate(() => (window.segPlayground!.editor as { setPosition(p: object): void }).setPosition({ lineNumber: 1, column: 32 }));
        await page.keyboard.press('Control+.');
        await page.click(`.action-widget .monaco-list-row.action:has-text("EmailOpened")`);
        await page.waitForFunction(() => !/EmailOpend/.test((window.segPlayground!.editor as { getValue(): string }).getValue()));
        expect(await value(page)).toBe('segment Recent = interaction EmailOpened within 3 days\n');
        await page.waitForFunction(() => /No problems/.test(document.getElementById('problems')?.textContent ?? ''), null, { timeout: 30_000 });

        // Hover over the interaction type: the catalog's description of it.
        const at = await page.evaluate(() => {
            const editor = window.segPlayground!.editor as { getScrolledVisiblePosition(p: object): { left: number; top: number; height: number }; getDomNode(): HTMLElement };
            const p = editor.getScrolledVisiblePosition({ lineNumber: 1, column: 33 });
            const box = editor.getDomNode().getBoundingClientRect();
            return { x: box.left + p.left + 2, y: box.top + p.top + p.height / 2 };
        });
        await page.mouse.move(at.x, at.y);
        const hover = await page.waitForSelector(`${EDITOR} .monaco-hover:has-text("EmailOpened")`, { state: 'visible', timeout: 30_000 });
        expect(await hover.innerText()).toMatch(/interaction EmailOpened/);
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');

        // Completion after `interaction Email`, accepted with Enter.
        await page.evaluate(() => (window.segPlayground!.editor as { setPosition(p: object): void }).setPosition({ lineNumber: 2, column: 1 }));
        await page.keyboard.type('segment   Clickers=interaction EmailCli');
        await page.keyboard.press('Control+Space');
        const row = `${EDITOR} .suggest-widget.visible .monaco-list-row`;
        await page.waitForSelector(row, { timeout: 30_000 });
        expect(await page.$$eval(row, rows => rows.map(r => r.getAttribute('aria-label') ?? ''))).toEqual(expect.arrayContaining([expect.stringMatching(/^EmailClicked\b/)]));
        await page.keyboard.press('Enter');
        await page.keyboard.type(' within 7 days');
        expect(await value(page)).toBe('segment Recent = interaction EmailOpened within 3 days\nsegment   Clickers=interaction EmailClicked within 7 days');

        // Format, from the server's formatter.
        await page.click('#format');
        await page.waitForFunction(() => /segment Clickers = /.test((window.segPlayground!.editor as { getValue(): string }).getValue()), null, { timeout: 30_000 });
        expect(await value(page)).toBe('segment Recent = interaction EmailOpened within 3 days\n\nsegment Clickers = interaction EmailClicked within 7 days\n');

        // The segment under the cursor, in words and SQL.
        const described = 'Contacts with at least one EmailClicked interaction in the last 7 days.';
        await page.waitForFunction(d => document.getElementById('segment-description')?.textContent === d, described, { timeout: 30_000 })
            .catch(() => undefined);
        expect(await page.textContent('#segment-name')).toBe('Clickers');
        expect(await page.textContent('#segment-description')).toBe(described);
        expect(await page.textContent('#segment-sql')).toContain('FROM "email_clicked"');
        expect(problems, problems.join("\n")).toEqual([]);
        await page.close();
    }, 180_000);

    it('runs the examples/ project on PGlite in the browser: the counts are seg run\'s on the same seed', async () => {
        const env = { SEG_DEMO_CONTACTS: process.env.SEG_DEMO_CONTACTS, SEG_DEMO_AS_OF: process.env.SEG_DEMO_AS_OF };
        process.env.SEG_DEMO_CONTACTS = String(CONTACTS);
        process.env.SEG_DEMO_AS_OF = DATA_AS_OF;
        let expected: Array<{ name: string; count: number }>;
        try {
            const dataDir = join(mkdtempSync(join(tmpdir(), 'seg-playground-')), 'data');
            const ran = await runCli('run', join(repo, 'examples'), '--data-dir', dataDir, '--as-of', AS_OF, '--format', 'json');
            expect(ran.code, ran.err).toBe(0);
            expected = (JSON.parse(ran.out) as { segments: Array<{ name: string; count: number }> }).segments.map(s => ({ name: s.name, count: s.count }));
        } finally {
            for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
        }
        expect(expected.length).toBeGreaterThan(30);
        expect(expected.filter(s => s.count > 0).length).toBeGreaterThan(20);

        const page = await open(`#example=examples&contacts=${CONTACTS}&data=${DATA_AS_OF}&asOf=${AS_OF}&tz=Europe/Amsterdam`);
        const clicked = await page.evaluate(() => performance.now());
        await page.click('#run');
        await page.waitForFunction(() => window.segPlayground!.lastRun !== undefined, null, { timeout: 150_000 });
        const ranFor = await page.evaluate(t => performance.now() - t, clicked);
        const run = await page.evaluate(() => window.segPlayground!.lastRun as { asOf: string; timeZone: string; segments: Array<{ name: string; count?: number; error?: string }> });
        expect(run.timeZone).toBe('Europe/Amsterdam');
        expect(run.segments.filter(s => s.error)).toEqual([]);
        expect(run.segments.map(s => ({ name: s.name, count: s.count }))).toEqual(expected);
        // What the page shows: each count, and members of the first non-empty segment.
        const shown = await page.$$eval('#results tr[data-segment]', rows => rows.map(r => ({
            name: r.getAttribute('data-segment'), count: Number(r.querySelector('.count')?.textContent?.replace(/,/g, '')),
        })));
        expect(shown).toEqual(expected);
        expect(await page.$$eval('#members li', items => items.length)).toBeGreaterThan(0);
        console.log(`playground: Run (${CONTACTS} contacts, demo data made in the browser, ${run.segments.length} segments) took ${Math.round(ranFor)} ms`);
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: join(ARTIFACTS, 'playground.png') });
        expect(problems, problems.join("\n")).toEqual([]);
        await page.close();
    }, 240_000);

    it('shares a link that opens the same files, time zone and as-of', async () => {
        const page = await open(`#example=welcome&data=${DATA_AS_OF}`);
        await page.click(`${EDITOR} .view-lines`);
        await page.keyboard.press('Control+End');
        await page.keyboard.press('Enter');
        await page.keyboard.type('segment Shared = interaction EmailClicked within 1 day where originalLink contains "ü&#=%"');
        await page.keyboard.press('Escape');
        await page.fill('#timezone', 'America/New_York');
        await page.dispatchEvent('#timezone', 'change');
        await page.click('#share');
        // The link is made asynchronously (the files are compressed): it shows when it is ready.
        await page.waitForSelector('#share-box:not([hidden])', { timeout: 30_000 });
        const link = await page.inputValue('#share-link');
        expect(link).toMatch(/#code=/);
        const text = await value(page);
        const again = await watched();
        await again.goto(link);
        await again.waitForFunction(() => window.segPlayground?.editor !== undefined && (window.segPlayground.editor as { getValue(): string }).getValue() !== '', null, { timeout: 60_000 });
        expect(await value(again)).toBe(text);
        expect(await again.inputValue('#timezone')).toBe('America/New_York');
        // A damaged link says so and opens the first example.
        await again.goto(`${server.url}#code=not-a-valid-link`);
        await again.reload();
        await again.waitForFunction(() => /could not be opened/.test(document.getElementById('status')?.textContent ?? ''), null, { timeout: 60_000 });
        expect(problems, problems.join("\n")).toEqual([]);
        await page.close();
        await again.close();
    }, 180_000);
});
