// The `seg` command line (README.md, "Usage"). Exit codes: 0 success, 1 problems
// found (errors, unformatted files), 2 bad usage or an unusable project.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../project/config.js';
import { UsageError } from '../project/discover.js';
import { checkCommand } from './check-command.js';
import type { CommandContext } from './command.js';
import { compileCommand } from './compile-command.js';
import { dbCommand } from './db-command.js';
import { diffCommand } from './diff-command.js';
import { explainCommand } from './explain-command.js';
import { fmtCommand } from './fmt-command.js';
import { runCommand } from './run-command.js';
import { testCommand } from './test-command.js';
import { packageRoot } from '../../language/workspace/package-root.js';
import { displayPath, styleFor } from '../report/terminal.js';

const USAGE = `Usage: seg <command> [options]

Commands:
  check [paths]            Check .seg files and print diagnostics
      --format text|json|sarif|github
                             Output format (default text); sarif: a SARIF 2.1.0
                             log, github: GitHub Actions annotations
      --hints                Also show hints in text output
  fmt [paths]              Rewrite .seg files in the canonical layout
      --check                List files that would change; exit 1 if any
      --stdin                Format standard input to standard output
  compile [paths]          Compile segments to PostgreSQL (default) or to a plan
      --target postgres|plan
      --segment NAME         Only this segment
      --out DIR              Write NAME.sql and NAME.plan.json per segment (or plan.json)
      --check                With --out: write nothing, list files that differ; exit 1 if any
      --inline               Standalone SQL with literals inlined, for psql
      --as-of ISO            The instant --inline is written for (default now)
      --timezone TZ          Time zone (default: seg.json's, else UTC)
  explain NAME [paths]     Describe a segment: in words, its dependencies and
                           dependents, its plan and its SQL
      --timezone TZ          Time zone (default: seg.json's, else UTC)
  diff BASE [HEAD] [paths] Compare the segments of two git revisions (HEAD: the
                           working tree by default): added, removed, changed (what
                           changed, and the SQL diff) and affected ones. BASE may
                           be A..B, or A...B (from their merge base); put paths
                           after -- when ambiguous. Exit 0 whether or not they differ
      --format text|markdown|json
                             markdown: a pull-request comment; json: for bots
      --db URL | --data-dir DIR
                             Count each segment's members before and after, and
                             who enters and leaves, on this database
      --as-of ISO            Count as of this instant (default now)
      --timeout SECONDS      Statement timeout for counts (default 60)
      --exit-code            Exit 1 when there are differences, like git diff
  run [paths]              Count (and list) the members of live segments
      --db URL               A PostgreSQL server (default: embedded, with demo data)
      --data-dir DIR         Keep the embedded database in DIR
      --as-of ISO            Evaluate as of this instant (default now)
      --timezone TZ          Time zone for calendar windows
      --segment NAME         Only this segment (drafts too)
      --members              Also list member keys
      --format table|json|csv
      --engine sql|memory    Run as SQL, or load the tables and evaluate in memory
      --timeout SECONDS      Statement timeout (default 60)
  db init [paths]          Create the tables and indexes for the catalog in scope
      --db URL | --data-dir DIR | --print
  db seed [paths]          Load deterministic demo data
      --db URL | --data-dir DIR
      --contacts N           Number of contacts (default 10000, at most 10,000,000)
      --seed S               Random seed, 0 to 4294967295 (default 1)
      --as-of ISO            Demo activity covers the 400 days before this
      --force                Replace tables that already hold rows
  test [paths]             Run the segment tests (test blocks) and report each
                           expectation; exit 1 if any fails
      --db URL|embedded      Run as SQL on a server or a fresh embedded database
                             (default: the in-memory executor)
      --as-of ISO            For tests without 'as of' (default now)
      --timezone TZ          Time zone (default: seg.json's, else UTC)
      --filter TEXT          Only tests whose name contains TEXT
      --coverage             Also list the segments no test names or reaches
      --format text|json|junit|github
                             junit: JUnit XML for CI test reports; github: text,
                             then an annotation per failed expectation
  lsp --stdio              Start the language server (for editors)

Options:
  --color / --no-color     Force or disable coloured output
  -h, --help               Show this help
  -v, --version            Show the version

Paths default to the current folder; folders are searched for .seg files.
The project root is the nearest folder with a seg.json at or above the first path.`;


export async function main(argv: string[], ctx?: Partial<CommandContext>): Promise<number> {
    const context: CommandContext = {
        out: ctx?.out ?? (t => process.stdout.write(t + '\n')),
        err: ctx?.err ?? (t => process.stderr.write(t + '\n')),
        style: ctx?.style ?? styleFor(process.stdout, colorFlag(argv)),
        errStyle: ctx?.errStyle ?? styleFor(process.stderr, colorFlag(argv)),
    };
    const [command, ...rest] = argv;
    try {
        switch (command) {
            case undefined: case 'help': case '-h': case '--help':
                context.out(USAGE);
                return command === undefined ? 2 : 0;
            case '-v': case '--version': case 'version':
                context.out(version());
                return 0;
            case 'check': {
                const { values, positionals } = parse(rest, {
                    format: { type: 'string', default: 'text' },
                    hints: { type: 'boolean', default: false },
                });
                const format = oneOf('--format', values.format as string, ['text', 'json', 'sarif', 'github'] as const);
                return await checkCommand(context, positionals, { format, hints: values.hints as boolean });
            }
            case 'fmt': {
                const { values, positionals } = parse(rest, {
                    check: { type: 'boolean', default: false },
                    stdin: { type: 'boolean', default: false },
                });
                return await fmtCommand(context, positionals, { check: values.check as boolean, stdin: values.stdin as boolean });
            }
            case 'compile': {
                const { values: v, positionals } = parse(rest, {
                    target: { type: 'string', default: 'postgres' }, segment: { type: 'string' }, out: { type: 'string' },
                    inline: { type: 'boolean', default: false }, 'as-of': { type: 'string' }, timezone: { type: 'string' },
                    check: { type: 'boolean', default: false },
                });
                const target = oneOf('--target', v.target as string, ['postgres', 'plan'] as const);
                return await compileCommand(context, positionals, {
                    target, segment: v.segment as string | undefined, out: v.out as string | undefined, inline: v.inline as boolean,
                    asOf: v['as-of'] as string | undefined, timeZone: v.timezone as string | undefined, check: v.check as boolean,
                });
            }
            case 'explain': {
                const { values: v, positionals } = parse(rest, { timezone: { type: 'string' } });
                const [name, ...paths] = positionals;
                return await explainCommand(context, name, paths, { timeZone: v.timezone as string | undefined });
            }
            case 'diff': {
                // Everything after `--` is a path (git's rule), never a revision or an option.
                const dashes = rest.indexOf('--');
                const { values: v, positionals } = parse(dashes < 0 ? rest : rest.slice(0, dashes), {
                    format: { type: 'string', default: 'text' }, db: { type: 'string' }, 'data-dir': { type: 'string' },
                    'as-of': { type: 'string' }, timeout: { type: 'string', default: '60' }, 'exit-code': { type: 'boolean', default: false },
                });
                const timeoutSeconds = Number(v.timeout);
                if (!(timeoutSeconds > 0)) throw new UsageError(`--timeout must be a positive number of seconds, not '${v.timeout}'.`);
                const paths = dashes < 0 ? undefined : rest.slice(dashes + 1).filter(a => a !== '--color' && a !== '--no-color');
                return await diffCommand(context, positionals, paths, {
                    format: oneOf('--format', v.format as string, ['text', 'markdown', 'json'] as const),
                    db: v.db as string | undefined, dataDir: v['data-dir'] as string | undefined, asOf: v['as-of'] as string | undefined,
                    timeoutSeconds, exitCode: v['exit-code'] as boolean,
                });
            }
            case 'run': {
                const { values: v, positionals } = parse(rest, {
                    db: { type: 'string' }, 'data-dir': { type: 'string' }, 'as-of': { type: 'string' }, timezone: { type: 'string' },
                    segment: { type: 'string' }, members: { type: 'boolean', default: false }, format: { type: 'string', default: 'table' },
                    engine: { type: 'string', default: 'sql' }, timeout: { type: 'string', default: '60' },
                });
                const timeoutSeconds = Number(v.timeout);
                if (!(timeoutSeconds > 0)) throw new UsageError(`--timeout must be a positive number of seconds, not '${v.timeout}'.`);
                return await runCommand(context, positionals, {
                    db: v.db as string | undefined, dataDir: v['data-dir'] as string | undefined, asOf: v['as-of'] as string | undefined,
                    timeZone: v.timezone as string | undefined, segment: v.segment as string | undefined, members: v.members as boolean,
                    format: oneOf('--format', v.format as string, ['table', 'json', 'csv'] as const),
                    engine: oneOf('--engine', v.engine as string, ['sql', 'memory'] as const), timeoutSeconds,
                });
            }
            case 'db': {
                const [sub, ...args] = rest;
                const { values: v, positionals } = parse(args, {
                    db: { type: 'string' }, 'data-dir': { type: 'string' }, print: { type: 'boolean', default: false },
                    contacts: { type: 'string', default: '10000' }, seed: { type: 'string', default: '1' }, 'as-of': { type: 'string' },
                    force: { type: 'boolean', default: false },
                });
                return await dbCommand(context, sub, positionals, {
                    db: v.db as string | undefined, dataDir: v['data-dir'] as string | undefined, print: v.print as boolean,
                    contacts: v.contacts as string, seed: v.seed as string, asOf: v['as-of'] as string | undefined, force: v.force as boolean,
                });
            }
            case 'test': {
                const { values: v, positionals } = parse(rest, {
                    db: { type: 'string' }, 'as-of': { type: 'string' }, timezone: { type: 'string' },
                    filter: { type: 'string' }, format: { type: 'string', default: 'text' }, coverage: { type: 'boolean', default: false },
                });
                return await testCommand(context, positionals, {
                    db: v.db as string | undefined, asOf: v['as-of'] as string | undefined, timeZone: v.timezone as string | undefined,
                    filter: v.filter as string | undefined, format: oneOf('--format', v.format as string, ['text', 'json', 'junit', 'github'] as const),
                    coverage: v.coverage as boolean,
                });
            }
            case 'lsp': {
                // Clients add transport flags (--stdio, --clientProcessId=…); vscode-languageserver reads them itself.
                const { startSegLanguageServer } = await import('../../lsp/main.js');
                startSegLanguageServer();
                // The server runs until the client disconnects; the process exits then.
                return await new Promise<number>(() => {});
            }
            default:
                throw new UsageError(`Unknown command '${command}'. Run 'seg --help' for the list of commands.`);
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

type OptionSpec = Record<string, { type: 'string' | 'boolean'; default?: string | boolean; short?: string }>;

function parse(args: string[], options: OptionSpec): { values: Record<string, unknown>; positionals: string[] } {
    try {
        return parseArgs({
            args, allowPositionals: true, strict: true,
            options: { ...options, color: { type: 'boolean' }, 'no-color': { type: 'boolean' } },
        });
    } catch (e) {
        // Node's messages go on about positionals; the first sentence is the useful part.
        const first = (e as Error).message.split(/(?<=\.) /)[0];
        throw new UsageError(`${first} Run 'seg --help' for usage.`);
    }
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
    const pkg = JSON.parse(readFileSync(`${packageRoot()}/package.json`, 'utf8')) as { version: string };
    return `seg ${pkg.version}`;
}
