// The `seg` command line (README.md, "Usage"). Exit codes: 0 success, 1 problems
// found (errors, unformatted files), 2 bad usage or an unusable project.
import { parseArgs } from 'node:util';
import { ConfigError } from '../project/config.js';
import { UsageError } from '../project/discover.js';
import type { CommandContext } from './command.js';
import { segVersion } from './version.js';
import { displayPath, styleFor } from '../report/terminal.js';
import { COMMAND_NAMES, commandHelp, DEFAULT_REFRESH_JOBS, usage } from './usage.js';
import { didYouMean, suggest } from '../../language/check/suggest.js';

export async function main(argv: string[], ctx?: Partial<CommandContext>): Promise<number> {
    const context: CommandContext = {
        out: ctx?.out ?? (t => process.stdout.write(t + '\n')),
        err: ctx?.err ?? (t => process.stderr.write(t + '\n')),
        style: ctx?.style ?? styleFor(process.stdout, colorFlag(argv)),
        errStyle: ctx?.errStyle ?? styleFor(process.stderr, colorFlag(argv)),
    };
    const [command, ...rest] = argv;
    try {
        const help = helpFor(command, rest);
        if (help !== undefined) {
            context.out(help);
            return command === undefined ? 2 : 0;
        }
        // Each command's module is imported only when it runs: `seg check` must not load database drivers.
        switch (command) {
            case '-v': case '--version': case 'version':
                context.out(version());
                return 0;
            case 'check': {
                const { checkCommand } = await import('./check-command.js');
                const { values, positionals } = parse(command, rest, {
                    format: { type: 'string', default: 'text' },
                    hints: { type: 'boolean', default: false },
                });
                const format = oneOf('--format', values.format as string, ['text', 'json', 'sarif', 'github'] as const);
                return await checkCommand(context, positionals, { format, hints: values.hints as boolean });
            }
            case 'fmt': {
                const { fmtCommand } = await import('./fmt-command.js');
                const { values, positionals } = parse(command, rest, {
                    check: { type: 'boolean', default: false },
                    stdin: { type: 'boolean', default: false },
                });
                return await fmtCommand(context, positionals, { check: values.check as boolean, stdin: values.stdin as boolean });
            }
            case 'compile': {
                const { compileCommand } = await import('./compile-command.js');
                const { values: v, positionals } = parse(command, rest, {
                    target: { type: 'string', default: 'postgres' }, segment: { type: 'string' }, out: { type: 'string' },
                    inline: { type: 'boolean', default: false }, 'as-of': { type: 'string' }, timezone: { type: 'string' },
                    check: { type: 'boolean', default: false },
                });
                const target = oneOf('--target', v.target as string, ['postgres', 'clickhouse', 'plan'] as const);
                return await compileCommand(context, positionals, {
                    target, segment: v.segment as string | undefined, out: v.out as string | undefined, inline: v.inline as boolean,
                    asOf: v['as-of'] as string | undefined, timeZone: v.timezone as string | undefined, check: v.check as boolean,
                });
            }
            case 'explain': {
                const { explainCommand } = await import('./explain-command.js');
                const { values: v, positionals } = parse(command, rest, { timezone: { type: 'string' } });
                const [name, ...paths] = positionals;
                return await explainCommand(context, name, paths, { timeZone: v.timezone as string | undefined });
            }
            case 'diff': {
                const { diffCommand } = await import('./diff-command.js');
                // Everything after `--` is a path (git's rule), never a revision or an option.
                const dashes = rest.indexOf('--');
                const { values: v, positionals } = parse(command, dashes < 0 ? rest : rest.slice(0, dashes), {
                    format: { type: 'string', default: 'text' }, db: { type: 'string' }, 'data-dir': { type: 'string' },
                    'as-of': { type: 'string' }, timeout: { type: 'string', default: '60' }, 'exit-code': { type: 'boolean', default: false },
                });
                const timeoutSeconds = Number(v.timeout);
                if (!(timeoutSeconds > 0)) throw new UsageError(`--timeout must be a positive number of seconds, not '${v.timeout}'.`);
                const paths = dashes < 0 ? undefined : rest.slice(dashes + 1).filter(a => a !== '--color' && a !== '--no-color');
                return await diffCommand(context, positionals, paths, {
                    format: oneOf('--format', v.format as string, ['text', 'markdown', 'json'] as const),
                    ...database(context, v), asOf: v['as-of'] as string | undefined,
                    timeoutSeconds, exitCode: v['exit-code'] as boolean,
                });
            }
            case 'run': {
                const { runCommand } = await import('./run-command.js');
                const { values: v, positionals } = parse(command, rest, {
                    db: { type: 'string' }, 'data-dir': { type: 'string' }, 'as-of': { type: 'string' }, timezone: { type: 'string' },
                    segment: { type: 'string' }, members: { type: 'boolean', default: false }, format: { type: 'string', default: 'table' },
                    engine: { type: 'string', default: 'sql' }, timeout: { type: 'string', default: '60' },
                });
                const timeoutSeconds = Number(v.timeout);
                if (!(timeoutSeconds > 0)) throw new UsageError(`--timeout must be a positive number of seconds, not '${v.timeout}'.`);
                return await runCommand(context, positionals, {
                    ...database(context, v), asOf: v['as-of'] as string | undefined,
                    timeZone: v.timezone as string | undefined, segment: v.segment as string | undefined, members: v.members as boolean,
                    format: oneOf('--format', v.format as string, ['table', 'json', 'csv'] as const),
                    engine: oneOf('--engine', v.engine as string, ['sql', 'memory'] as const), timeoutSeconds,
                });
            }
            case 'why': {
                const { whyCommand } = await import('./why-command.js');
                const { values: v, positionals } = parse(command, rest, {
                    db: { type: 'string' }, 'data-dir': { type: 'string' }, 'as-of': { type: 'string' }, format: { type: 'string', default: 'text' },
                });
                const [contact, segment, ...paths] = positionals;
                return await whyCommand(context, contact, segment, paths, {
                    ...database(context, v), asOf: v['as-of'] as string | undefined, format: oneOf('--format', v.format as string, ['text', 'json'] as const),
                });
            }
            case 'db': {
                const { dbCommand } = await import('./db-command.js');
                const [sub, ...args] = rest;
                const { values: v, positionals } = parse(command, args, {
                    db: { type: 'string' }, 'data-dir': { type: 'string' }, print: { type: 'boolean', default: false },
                    contacts: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' }, 'as-of': { type: 'string' },
                    force: { type: 'boolean', default: false }, cluster: { type: 'string' },
                });
                return await dbCommand(context, sub, positionals, {
                    ...database(context, v), print: v.print as boolean,
                    contacts: v.contacts as string, seed: v.seed as string, asOf: v['as-of'] as string | undefined, force: v.force as boolean,
                    cluster: v.cluster as string | undefined,
                });
            }
            case 'refresh': {
                const { refreshCommand } = await import('./refresh-command.js');
                const { values: v, positionals } = parse(command, rest, {
                    db: { type: 'string' }, 'data-dir': { type: 'string' }, 'as-of': { type: 'string' }, timezone: { type: 'string' },
                    segment: { type: 'string', multiple: true }, force: { type: 'boolean', default: false },
                    format: { type: 'string', default: 'table' }, timeout: { type: 'string', default: '600' },
                    'lock-timeout': { type: 'string', default: '300' }, incremental: { type: 'boolean', default: false },
                    jobs: { type: 'string', default: String(DEFAULT_REFRESH_JOBS) },
                });
                return await refreshCommand(context, positionals, {
                    ...database(context, v), asOf: v['as-of'] as string | undefined, timeZone: v.timezone as string | undefined,
                    segments: (v.segment as string[] | undefined) ?? [], force: v.force as boolean, incremental: v.incremental as boolean,
                    format: oneOf('--format', v.format as string, ['table', 'json'] as const),
                    timeoutSeconds: seconds('--timeout', v.timeout as string), lockTimeoutSeconds: seconds('--lock-timeout', v['lock-timeout'] as string),
                    jobs: jobs(v.jobs as string),
                });
            }
            case 'members': case 'history': {
                const { membersCommand, historyCommand } = await import('./members-command.js');
                const { values: v, positionals } = parse(command, rest, {
                    db: { type: 'string' }, 'data-dir': { type: 'string' }, format: { type: 'string', default: 'table' },
                    ...(command === 'members' ? { at: { type: 'string' } } : { contact: { type: 'string' } }),
                });
                if (positionals.length > 1) throw new UsageError(`seg ${command} takes one segment name, not ${positionals.length}.`);
                const stored = { ...database(context, v), format: oneOf('--format', v.format as string, ['table', 'json', 'csv'] as const) };
                return command === 'members'
                    ? await membersCommand(context, positionals[0], { ...stored, at: v.at as string | undefined })
                    : await historyCommand(context, positionals[0], { ...stored, contact: v.contact as string | undefined });
            }
            case 'test': {
                const { testCommand } = await import('./test-command.js');
                const { values: v, positionals } = parse(command, rest, {
                    db: { type: 'string' }, 'as-of': { type: 'string' }, timezone: { type: 'string' },
                    filter: { type: 'string' }, format: { type: 'string', default: 'text' }, coverage: { type: 'boolean', default: false },
                });
                return await testCommand(context, positionals, {
                    db: database(context, v).db, asOf: v['as-of'] as string | undefined, timeZone: v.timezone as string | undefined,
                    filter: v.filter as string | undefined, format: oneOf('--format', v.format as string, ['text', 'json', 'junit', 'github'] as const),
                    coverage: v.coverage as boolean,
                });
            }
            case 'import': {
                const { importCommand } = await import('./import-command.js');
                const { values: v, positionals } = parse(command, rest, { name: { type: 'string' }, out: { type: 'string' } });
                const [source, file, ...extra] = positionals;
                if (extra.length) throw new UsageError(`seg import takes one input file, not ${positionals.length - 1}.`);
                return await importCommand(context, source, file, { name: v.name as string | undefined, out: v.out as string | undefined });
            }
            case 'export': {
                const { exportCommand } = await import('./export-command.js');
                const { values: v, positionals } = parse(command, rest, { segment: { type: 'string' } });
                const [target, ...paths] = positionals;
                return await exportCommand(context, target, paths, { segment: v.segment as string | undefined });
            }
            case 'lsp': {
                // Clients add transport flags (--stdio, --clientProcessId=…); vscode-languageserver reads them itself.
                const { startSegLanguageServer } = await import('../../lsp/main.js');
                startSegLanguageServer();
                // The server runs until the client disconnects; the process exits then.
                return await new Promise<number>(() => {});
            }
            default:
                throw new UsageError(`Unknown command '${command}'.${didYouMean(suggest(command, COMMAND_NAMES))} Run 'seg --help' for the list of commands.`);
        }
    } catch (e) {
        if (e instanceof UsageError) {
            context.err(`seg: ${e.message}`);
            return 2;
        }
        if (e instanceof ConfigError) {
            context.err(`${displayPath(e.file)}:${e.line}:${e.column} - ${context.errStyle.red('error')} SEG601: ${e.message}`);
            return 2;
        }
        throw e;
    }
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; default?: string | boolean; short?: string; multiple?: boolean }>;

/** A positive number of seconds. */
function seconds(option: string, text: string): number {
    const value = Number(text);
    if (!(value > 0) || !Number.isFinite(value)) throw new UsageError(`${option} must be a positive number of seconds, not '${text}'.`);
    return value;
}

/** --jobs: a whole number of queries at once, 1 to 16. */
function jobs(text: string): number {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1 || value > 16) throw new UsageError(`--jobs must be a whole number from 1 to 16, not '${text}'.`);
    return value;
}

/** The help to print instead of running: `seg`, `seg help [COMMAND]`, `seg --help`, `seg COMMAND --help`. */
function helpFor(command: string | undefined, rest: string[]): string | undefined {
    if (command === undefined || command === '-h' || command === '--help') return usage();
    if (command === 'help') {
        const [name, sub] = rest.filter(a => !a.startsWith('-'));
        if (name === undefined) return usage();
        const text = commandHelp(name, sub);
        if (text === undefined) throw new UsageError(`No command '${name}'.${didYouMean(suggest(name, COMMAND_NAMES))} Run 'seg --help' for the list of commands.`);
        return text;
    }
    // Before `--` only: after it everything is a path (seg diff).
    const dashes = rest.indexOf('--');
    const options = dashes < 0 ? rest : rest.slice(0, dashes);
    return options.includes('--help') || options.includes('-h') ? commandHelp(command, rest[0]) : undefined;
}

function parse(command: string, args: string[], options: OptionSpec): { values: Record<string, unknown>; positionals: string[] } {
    try {
        return parseArgs({
            args, allowPositionals: true, strict: true,
            options: { ...options, color: { type: 'boolean' }, 'no-color': { type: 'boolean' } },
        });
    } catch (e) {
        // Node's messages go on about positionals; the first sentence is the useful part.
        const first = (e as Error).message.split(/(?<=\.) /)[0];
        throw new UsageError(`${first} Run 'seg ${command} --help' for usage.`);
    }
}

/** --db and --data-dir as given; without either, --db is $SEG_DATABASE_URL when set (and the user is told so). */
function database(ctx: CommandContext, v: Record<string, unknown>): { db?: string; dataDir?: string } {
    const given = { db: v.db as string | undefined, dataDir: v['data-dir'] as string | undefined };
    const env = process.env.SEG_DATABASE_URL;
    if (given.db !== undefined || given.dataDir !== undefined || !env || v.print) return given;
    if (!/^postgres(ql)?:\/\//i.test(env)) {
        throw new UsageError(`SEG_DATABASE_URL must be a postgresql:// URL, not '${env}'. Unset it, or give --db or --data-dir.`);
    }
    ctx.err(ctx.errStyle.dim('Using the database in SEG_DATABASE_URL (--db or --data-dir overrides it).'));
    return { db: env };
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new UsageError(`${option} must be ${allowed.map(a => `'${a}'`).join(' or ')}, not '${value}'.`);
}

function colorFlag(argv: string[]): boolean | undefined {
    if (argv.includes('--no-color')) return false;
    if (argv.includes('--color')) return true;
    return undefined;
}

function version(): string {
    return `seg ${segVersion()}`;
}
