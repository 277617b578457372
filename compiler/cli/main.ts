// The `seg` command line (contract §8). Exit codes: 0 success, 1 problems
// found (errors, unformatted files), 2 bad usage or an unusable project.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../project/config.js';
import { UsageError } from '../project/discover.js';
import { checkCommand } from './check-command.js';
import type { CommandContext } from './command.js';
import { fmtCommand } from './fmt-command.js';
import { packageRoot } from '../../language/workspace/package-root.js';
import { displayPath, styleFor } from './terminal.js';

const USAGE = `Usage: seg <command> [options]

Commands:
  check [paths]            Check .seg files and print diagnostics
      --format text|json     Output format (default text)
      --hints                Also show hints in text output
  fmt [paths]              Rewrite .seg files in the canonical layout
      --check                List files that would change; exit 1 if any
      --stdin                Format standard input to standard output

Options:
  --color / --no-color     Force or disable coloured output
  -h, --help               Show this help
  -v, --version            Show the version

Paths default to the current folder; folders are searched for .seg files.
The project root is the nearest folder with a seg.json at or above the first path.`;

const PLANNED: Record<string, string> = {
    compile: 'compiling to PostgreSQL and plans',
    db: 'database commands',
    run: 'running segments',
    lsp: 'the language server',
};

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
                const format = values.format as string;
                if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be 'text' or 'json', not '${format}'.`);
                return await checkCommand(context, positionals, { format, hints: values.hints as boolean });
            }
            case 'fmt': {
                const { values, positionals } = parse(rest, {
                    check: { type: 'boolean', default: false },
                    stdin: { type: 'boolean', default: false },
                });
                return await fmtCommand(context, positionals, { check: values.check as boolean, stdin: values.stdin as boolean });
            }
            default:
                if (PLANNED[command]) {
                    context.err(`seg ${command}: ${PLANNED[command]} are not available in this version yet.`);
                    return 2;
                }
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

function colorFlag(argv: string[]): boolean | undefined {
    if (argv.includes('--no-color')) return false;
    if (argv.includes('--color')) return true;
    return undefined;
}

function version(): string {
    const pkg = JSON.parse(readFileSync(`${packageRoot()}/package.json`, 'utf8')) as { version: string };
    return `seg ${pkg.version}`;
}
