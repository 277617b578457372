// `seg check --format sarif|github`: the SARIF log validated against the official
// SARIF 2.1.0 JSON schema and the parts code scanning relies on, and the GitHub
// workflow commands parsed back and compared with `--format json`.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04Module from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { main } from '../../../compiler/cli/main.js';
import { escapeData, escapeProperty } from '../../../compiler/cli/report-github.js';

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [], err: string[] = [];
    const code = await main([...args, '--no-color'], { out: t => out.push(t), err: t => err.push(t) });
    return { code, out: out.join('\n'), err: err.join('\n') };
}

function project(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'seg-formats-'));
    for (const [name, text] of Object.entries(files)) {
        mkdirSync(join(dir, name, '..'), { recursive: true });
        writeFileSync(join(dir, name), text);
    }
    return dir;
}

// Errors (SEG103, SEG303 with ':' and ','), warnings (SEG003 with '%' and ':', SEG411 with ':' and ','), a hint (SEG406).
const MIXED = [
    'segment A = interaction EmailOpend within 3 days',
    'segment B = interaction EmailOpened having count = 0 within 9 days',
    'segment C = profile contact where address1_city = "50\\% off"',
    'segment D = profile contact where createdon = 2024-13-45T25:00:00Z',
    'segment E = profile contact where numberofchildren between 5 and 2',
    '',
].join('\n');

// Only a warning and a hint.
const WARNINGS_ONLY = [
    'segment B = interaction EmailOpened having count = 0 within 9 days',
    'segment E = profile contact where numberofchildren between 5 and 2',
    '',
].join('\n');

interface JsonDiagnostic { file: string; line: number; column: number; endLine: number; endColumn: number; severity: string; code: string; message: string }

async function jsonDiagnostics(dir: string): Promise<JsonDiagnostic[]> {
    const r = await run('check', dir, '--format', 'json');
    return (JSON.parse(r.out) as { diagnostics: JsonDiagnostic[] }).diagnostics;
}

const require = createRequire(import.meta.url);
// ajv-draft-04 is CommonJS: under NodeNext its default import is module.exports; `.default` is the class either way.
const AjvDraft04 = AjvDraft04Module.default;

/** The official SARIF 2.1.0 JSON schema (draft-04, as published by OASIS / schemastore), shipped in @microsoft/jest-sarif. */
const validateSarif = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false })
    .compile(JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')));

/** Where a log breaks the official schema ("/runs/0/results/1/level: must be equal to one of the allowed values"). */
function schemaErrors(log: unknown): string[] {
    return validateSarif(log) ? [] : (validateSarif.errors ?? []).map(e => `${e.instancePath || '/'}: ${e.message}`);
}

/**
 * Beyond the schema, what code scanning relies on: the required properties and
 * the constraints of the parts we emit: sarifLog.version/runs, run.tool.driver,
 * reportingDescriptor.id, result.message.text, level's enum, region's
 * minimum-1 integers, artifactLocation.uri as a relative reference, and that
 * rules and results agree. Returns a list of problems (empty when valid).
 */
function sarifProblems(log: any): string[] {
    const problems: string[] = [];
    const fail = (where: string, what: string) => problems.push(`${where}: ${what}`);
    const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
    const positiveInt = (v: unknown) => Number.isInteger(v) && (v as number) >= 1;
    if (!isObject(log)) return ['log: not an object'];
    if (log.version !== '2.1.0') fail('log.version', `must be "2.1.0", is ${JSON.stringify(log.version)}`);
    if (typeof log.$schema !== 'string' || !/^https?:\/\//.test(log.$schema)) fail('log.$schema', 'must be a URI');
    if (!Array.isArray(log.runs) || log.runs.length !== 1) return [...problems, 'log.runs: must be an array of one run'];
    const run = log.runs[0];
    const driver = run?.tool?.driver;
    if (!isObject(driver)) return [...problems, 'runs[0].tool.driver: required'];
    if (driver.name !== 'seg') fail('driver.name', 'must be "seg"');
    if (typeof driver.version !== 'string' || !driver.version) fail('driver.version', 'must be a non-empty string');
    if ('informationUri' in driver && !/^https?:\/\//.test(driver.informationUri)) fail('driver.informationUri', 'must be an absolute URI');
    const rules: any[] = driver.rules;
    if (!Array.isArray(rules)) return [...problems, 'driver.rules: must be an array'];
    const ids = rules.map(r => r.id);
    if (new Set(ids).size !== ids.length) fail('driver.rules', `ids not unique: ${ids.join(', ')}`);
    rules.forEach((rule, i) => {
        if (typeof rule.id !== 'string' || !/^SEG\d{3}$/.test(rule.id)) fail(`rules[${i}].id`, 'must be SEGnnn');
        if (typeof rule.name !== 'string' || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.name)) fail(`rules[${i}].name`, 'must be kebab-case');
        if (typeof rule.shortDescription?.text !== 'string') fail(`rules[${i}].shortDescription.text`, 'required');
        if ('help' in rule && typeof rule.help.text !== 'string') fail(`rules[${i}].help.text`, 'required in a message');
        if ('helpUri' in rule && !/^https?:\/\//.test(rule.helpUri)) fail(`rules[${i}].helpUri`, 'must be an absolute URI');
    });
    const bases = run.originalUriBaseIds ?? {};
    for (const [name, base] of Object.entries<any>(bases)) {
        if (typeof base.uri !== 'string' || !base.uri.startsWith('file:///') || !base.uri.endsWith('/')) fail(`originalUriBaseIds.${name}.uri`, 'must be an absolute file URI ending in /');
    }
    if (!Array.isArray(run.results)) return [...problems, 'runs[0].results: must be an array'];
    run.results.forEach((result: any, i: number) => {
        const at = `results[${i}]`;
        if (!ids.includes(result.ruleId)) fail(`${at}.ruleId`, `${result.ruleId} is not among the rules`);
        if ('ruleIndex' in result && rules[result.ruleIndex]?.id !== result.ruleId) fail(`${at}.ruleIndex`, 'does not point at its rule');
        if (!['none', 'note', 'warning', 'error'].includes(result.level)) fail(`${at}.level`, `not in the enum: ${result.level}`);
        if (typeof result.message?.text !== 'string' || !result.message.text) fail(`${at}.message.text`, 'required');
        if (!Array.isArray(result.locations) || result.locations.length === 0) return fail(`${at}.locations`, 'expected one location');
        const physical = result.locations[0].physicalLocation;
        const uri = physical?.artifactLocation?.uri;
        if (typeof uri !== 'string' || /^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith('/') || uri.includes('\\')) fail(`${at}.uri`, `must be a relative reference with forward slashes: ${uri}`);
        if (physical.artifactLocation.uriBaseId !== '%SRCROOT%' || !('%SRCROOT%' in bases)) fail(`${at}.uriBaseId`, 'must be %SRCROOT%, declared in originalUriBaseIds');
        const region = physical.region ?? {};
        for (const key of ['startLine', 'startColumn', 'endLine', 'endColumn']) {
            if (!positiveInt(region[key])) fail(`${at}.region.${key}`, `must be an integer >= 1, is ${region[key]}`);
        }
        if (region.endLine < region.startLine || (region.endLine === region.startLine && region.endColumn < region.startColumn)) fail(`${at}.region`, 'ends before it starts');
    });
    return problems;
}

describe('seg check --format sarif', () => {
    it('writes one valid SARIF 2.1.0 log matching the JSON diagnostics; exit 1 with errors', async () => {
        const dir = project({ 'segments/a.seg': MIXED });
        const r = await run('check', dir, '--format', 'sarif');
        expect(r.code).toBe(1);
        const log = JSON.parse(r.out);
        expect(schemaErrors(log)).toEqual([]);
        expect(sarifProblems(log)).toEqual([]);
        expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
        // The schema check is not vacuous: a level outside its enum, or a region line of 0, is refused.
        const broken = structuredClone(log);
        broken.runs[0].results[0].level = 'fatal';
        broken.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
        expect(schemaErrors(broken)).toEqual(expect.arrayContaining([
            '/runs/0/results/0/level: must be equal to one of the allowed values',
            '/runs/0/results/0/locations/0/physicalLocation/region/startLine: must be >= 1',
        ]));
        const run0 = log.runs[0];
        expect(run0.tool.driver.rules.map((rule: any) => `${rule.id} ${rule.name}`).sort()).toEqual([
            'SEG003 unknown-escape', 'SEG103 unknown-interaction', 'SEG303 invalid-date', 'SEG406 count-admits-zero', 'SEG411 empty-range',
        ]);
        expect(run0.originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${dir}/`);
        const expected = await jsonDiagnostics(dir);
        const level: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
        expect(run0.results.map((res: any) => {
            const { artifactLocation: a, region } = res.locations[0].physicalLocation;
            return { uri: a.uri, code: res.ruleId, level: res.level, message: res.message.text, ...region };
        })).toEqual(expected.map(d => ({
            uri: 'segments/a.seg', code: d.code, level: level[d.severity], message: d.message,
            startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn,
        })));
    });

    it('is valid with no results, and exits 0 with only warnings', async () => {
        const clean = JSON.parse((await run('check', project({ 'a.seg': 'segment A = interaction EmailOpened within 3 days\n' }), '--format', 'sarif')).out);
        expect(schemaErrors(clean)).toEqual([]);
        expect(sarifProblems(clean)).toEqual([]);
        expect(clean.runs[0].results).toEqual([]);
        const r = await run('check', project({ 'a.seg': WARNINGS_ONLY }), '--format', 'sarif');
        expect(r.code).toBe(0);
        expect(sarifProblems(JSON.parse(r.out))).toEqual([]);
    });
});

// ::command prop=value,prop=value::message — see GitHub's "Workflow commands for GitHub Actions".
const ANNOTATION = /^::(error|warning|notice) ([^:]*)::(.*)$/;
const UNESCAPE: Record<string, string> = { '%25': '%', '%0D': '\r', '%0A': '\n', '%3A': ':', '%2C': ',' };
const unescapeData = (s: string) => s.replace(/%25|%0D|%0A/g, m => UNESCAPE[m]);
const unescapeProperty = (s: string) => s.replace(/%25|%0D|%0A|%3A|%2C/g, m => UNESCAPE[m]);

function parseAnnotation(line: string): { command: string; props: Record<string, string>; message: string } {
    const m = ANNOTATION.exec(line);
    if (!m) throw new Error(`not a workflow command: ${line}`);
    const props = Object.fromEntries(m[2].split(',').map(p => {
        const eq = p.indexOf('=');
        return [p.slice(0, eq), unescapeProperty(p.slice(eq + 1))];
    }));
    return { command: m[1], props, message: unescapeData(m[3]) };
}

describe('seg check --format github', () => {
    it('writes one annotation per diagnostic that parses back to the JSON diagnostics, then a summary; exit 1 with errors', async () => {
        const dir = project({ 'a.seg': MIXED });
        const r = await run('check', dir, '--format', 'github');
        expect(r.code).toBe(1);
        const lines = r.out.split('\n');
        const summary = lines.pop();
        expect(summary).toBe('Found 2 errors and 2 warnings in 1 file (checked 1 file).');
        const expected = await jsonDiagnostics(dir);
        const command: Record<string, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };
        const titles: Record<string, string> = {
            SEG003: 'SEG003 unknown-escape', SEG103: 'SEG103 unknown-interaction', SEG303: 'SEG303 invalid-date',
            SEG406: 'SEG406 count-admits-zero', SEG411: 'SEG411 empty-range',
        };
        expect(lines.map(parseAnnotation)).toEqual(expected.map(d => ({
            command: command[d.severity],
            props: {
                file: d.file, line: String(d.line), col: String(d.column), endLine: String(d.endLine), endColumn: String(d.endColumn),
                title: titles[d.code],
            },
            message: d.message,
        })));
        // The messages that needed escaping were there, and were escaped.
        expect(expected.map(d => d.message).join('')).toMatch(/%/);
        expect(expected.some(d => d.message.includes(':') && d.message.includes(','))).toBe(true);
        const escape = lines.find(l => l.includes('SEG003'))!;
        expect(escape).toContain("::Unknown escape '\\%25': it stands for '%25'.");
        for (const l of lines) expect(l).not.toMatch(/%(?!25|0A|0D|3A|2C)/);
        expect(lines[0]).toMatch(/^::error file=[^,]*a\.seg,line=1,col=25,endLine=1,endColumn=35,title=SEG103 unknown-interaction::Unknown interaction type 'EmailOpend'\. Did you mean 'EmailOpened'\?$/);
    });

    it('exits 0 with only warnings (and a hint, as a notice)', async () => {
        const r = await run('check', project({ 'a.seg': WARNINGS_ONLY }), '--format', 'github');
        expect(r.code).toBe(0);
        const lines = r.out.split('\n');
        expect(lines).toHaveLength(3);
        expect(lines.slice(0, 2).map(l => parseAnnotation(l).command)).toEqual(['notice', 'warning']);
        expect(lines[2]).toBe('Found 0 errors and 1 warning in 1 file (checked 1 file).');
    });

    it('escapes data and properties as the runner expects, reversibly', () => {
        const s = '100% done: a, b\r\nnext';
        expect(escapeData(s)).toBe('100%25 done: a, b%0D%0Anext');
        expect(escapeProperty(s)).toBe('100%25 done%3A a%2C b%0D%0Anext');
        expect(unescapeData(escapeData(s))).toBe(s);
        expect(unescapeProperty(escapeProperty(s))).toBe(s);
        expect(unescapeProperty(escapeProperty('%3A literally'))).toBe('%3A literally');
    });
});
