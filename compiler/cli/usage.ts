// The help text of `seg`, written once: `seg --help` shows every command,
// `seg help run` / `seg run --help` shows one, both rendered from this table.
// Keep it free of imports beyond plain helpers: `seg --help` should not load the compiler.

/** `seg refresh --jobs` when not given: its own connection and two helpers. */
export const DEFAULT_REFRESH_JOBS = 3;

export interface CommandHelp {
    /** What is typed after `seg`, e.g. `run [paths]` or `db init [paths]`. */
    synopsis: string;
    /** What it does, one line per line of output. */
    summary: string[];
    /** Its options, as shown under it (already aligned: option at 6 spaces, description at 29). */
    options?: string;
}

const DB = `      --db URL               A PostgreSQL server (default: $SEG_DATABASE_URL)`;

export const COMMANDS: Record<string, CommandHelp[]> = {
    check: [{
        synopsis: 'check [paths]', summary: ['Check .seg files and print diagnostics'],
        options: `      --format text|json|sarif|github
                             Output format (default text); sarif: a SARIF 2.1.0
                             log, github: GitHub Actions annotations
      --hints                Also show hints in text output`,
    }],
    fmt: [{
        synopsis: 'fmt [paths]', summary: ['Rewrite .seg files in the canonical layout', '(keeps each file\'s line endings and byte order mark)'],
        options: `      --check                List files that would change; exit 1 if any
      --stdin                Format standard input to standard output`,
    }],
    compile: [{
        synopsis: 'compile [paths]', summary: ['Compile segments to PostgreSQL (default), ClickHouse', 'or a plan'],
        options: `      --target postgres|clickhouse|plan
                             clickhouse: values and window bounds inline, as of
                             --as-of (ClickHouse binds no parameters)
      --segment NAME         Only this segment
      --out DIR              Write NAME.sql and NAME.plan.json per segment (or plan.json)
      --check                With --out: write nothing, list files that differ; exit 1 if any
      --inline               Standalone SQL with literals inlined, for psql
      --as-of ISO            The instant --inline is written for (default now)
      --timezone TZ          Time zone (default: seg.json's, else UTC)`,
    }],
    explain: [{
        synopsis: 'explain NAME [paths]', summary: ['Describe a segment: in words, its dependencies and', 'dependents, its plan and its SQL'],
        options: `      --timezone TZ          Time zone (default: seg.json's, else UTC)`,
    }],
    diff: [{
        synopsis: 'diff BASE [HEAD] [paths]',
        summary: [
            'Compare the segments of two git revisions (HEAD: the',
            'working tree by default): added, removed, changed (what',
            'changed, and the SQL diff) and affected ones. BASE may',
            'be A..B, or A...B (from their merge base); put paths',
            'after -- when ambiguous. Exit 0 whether or not they differ',
        ],
        options: `      --format text|markdown|json
                             markdown: a pull-request comment; json: for bots
      --db URL | --data-dir DIR
                             Count each segment's members before and after, and
                             who enters and leaves, on this database
                             (default: $SEG_DATABASE_URL if set, else no counts)
      --as-of ISO            Count as of this instant (default now)
      --timeout SECONDS      Statement timeout for counts (default 60)
      --exit-code            Exit 1 when there are differences, like git diff`,
    }],
    run: [{
        synopsis: 'run [paths]', summary: ['Count (and list) the members of live segments'],
        options: `      --db URL               A PostgreSQL server (default: $SEG_DATABASE_URL,
                             else embedded, with demo data), or a ClickHouse
                             server or cluster: clickhouse://host:8123/database
      --data-dir DIR         Keep the embedded database in DIR
      --as-of ISO            Evaluate as of this instant (default now)
      --timezone TZ          Time zone for calendar windows
      --segment NAME         Only this segment (drafts too)
      --members              Also list member keys
      --format table|json|csv
      --engine sql|memory    Run as SQL, or load the tables and evaluate in memory
      --timeout SECONDS      Statement timeout (default 60)`,
    }],
    why: [{
        synopsis: 'why CONTACT SEGMENT [paths]',
        summary: ['Why a contact is, or is not, in a segment: the condition', 'or interaction count that decided, from that contact\'s', 'rows in the database'],
        options: `      --db URL               A PostgreSQL server (default: $SEG_DATABASE_URL,
                             else embedded, with demo data)
      --data-dir DIR         Keep the embedded database in DIR
      --as-of ISO            Evaluate as of this instant (default now)
      --format text|json`,
    }],
    db: [{
        synopsis: 'db init [paths]', summary: ['Create the tables and indexes for the catalog in scope'],
        options: `${DB}
                             or clickhouse://host:8123[,host2:8123…]/database
      --data-dir DIR         An embedded database kept in DIR
      --cluster NAME         ClickHouse: local tables on every node listed in
                             the URL, plus Distributed tables sharded by contact
      --print                Print the statements instead`,
    }, {
        synopsis: 'db seed [paths]', summary: ['Load deterministic demo data'],
        options: `${DB}
      --data-dir DIR         An embedded database kept in DIR
      --contacts N           Number of contacts (default 10000, at most 10,000,000)
      --seed S               Random seed, 0 to 4294967295 (default 1)
      --as-of ISO            Demo activity covers the 400 days before this
      --force                Replace tables that already hold rows`,
    }],
    refresh: [{
        synopsis: 'refresh [paths]',
        summary: [
            'Evaluate live segments and store their membership in the',
            'database: current members, entered/exited history, and',
            'a log of refreshes (one transaction; tables in schema seg)',
        ],
        options: `      --db URL               A PostgreSQL server (default: $SEG_DATABASE_URL)
      --data-dir DIR         An embedded database kept in DIR (demo data if new)
      --as-of ISO            Evaluate as of this instant (default now)
      --segment NAME         Only this live segment (repeat for more)
      --force                Allow an as-of before the last refresh: rewinds
                             the history recorded after it, then refreshes
      --incremental          Track changes to the tables read (triggers) and
                             evaluate only the contacts that can have changed
      --timezone TZ          Time zone (default: seg.json's, else UTC)
      --format table|json
      --timeout SECONDS      Statement timeout (default 600)
      --lock-timeout SECONDS How long to wait for another refresh (default 300)
      --jobs N               Queries at once on a PostgreSQL server: N − 1
                             helper connections evaluate segments ahead
                             (default ${DEFAULT_REFRESH_JOBS}; 1: one connection)`,
    }],
    members: [{
        synopsis: 'members NAME', summary: ['List a segment\'s stored members (seg refresh), now or', 'at a past instant'],
        options: `${DB}
      --data-dir DIR         An embedded database kept in DIR
      --at ISO               Members at this instant, from the stored history
      --format table|json|csv`,
    }],
    history: [{
        synopsis: 'history NAME --contact ID', summary: ['A contact\'s stays in a segment: when it entered and left'],
        options: `${DB}
      --data-dir DIR         An embedded database kept in DIR
      --contact ID           The contact (its id)
      --format table|json|csv`,
    }],
    test: [{
        synopsis: 'test [paths]', summary: ['Run the segment tests (test blocks) and report each', 'expectation; exit 1 if any fails'],
        options: `      --db URL|embedded      Run as SQL on a server or a fresh embedded database
                             (default: $SEG_DATABASE_URL, else the in-memory
                             executor)
      --as-of ISO            For tests without 'as of' (default now)
      --timezone TZ          Time zone (default: seg.json's, else UTC)
      --filter TEXT          Only tests whose name contains TEXT
      --coverage             Also list the segments no test names or reaches
      --format text|json|junit|github
                             junit: JUnit XML for CI test reports; github: text,
                             then an annotation per failed expectation`,
    }],
    import: [{
        synopsis: 'import dynamics [FILE|-]',
        summary: [
            'Translate Dynamics 365 Marketing segment queries into a',
            'formatted, checked .seg file: one query, lines of queries',
            '(or Name: query), or a CSV/JSON export with msdyncrm_name',
            'and msdyncrm_segmentquery. Exit 1 if a query is not imported',
        ],
        options: `      --name NAME            The segment's name (a single query)
      --out FILE.seg         Write the segments here (default: standard output)`,
    }],
    export: [{
        synopsis: 'export dynamics [paths]',
        summary: [
            'Print segments as Dynamics 365 Marketing segment queries,',
            'one Name: query line each (what seg import dynamics reads);',
            'a segment Dynamics cannot express is an error naming why',
        ],
        options: `      --segment NAME         Only this segment`,
    }],
    lsp: [{ synopsis: 'lsp --stdio', summary: ['Start the language server (for editors)'] }],
    help: [{ synopsis: 'help [COMMAND]', summary: ['Show this help, or one command\'s (also: seg COMMAND --help)'] }],
};

const GLOBAL_OPTIONS = `  --color / --no-color     Force or disable coloured output
  -h, --help               Show this help
  -v, --version            Show the version`;

const FOOTER = `Paths default to the current folder; folders are searched for .seg files.
The project root is the nearest folder with a seg.json at or above the first path.
Environment: SEG_DATABASE_URL is the default for --db (an explicit --db or --data-dir wins).`;

function summaryLines(entry: CommandHelp): string[] {
    const [first, ...more] = entry.summary;
    const head = `  ${entry.synopsis}`;
    // A synopsis too long for the column puts its summary on the next line.
    const lines = head.length < 27 ? [`${head.padEnd(27)}${first}`] : [head, `${' '.repeat(27)}${first}`];
    return [...lines, ...more.map(l => `${' '.repeat(27)}${l}`)];
}

/** `seg --help`: every command with its options. */
export function usage(): string {
    const blocks = Object.values(COMMANDS).flat().map(e => [...summaryLines(e), ...(e.options ? [e.options] : [])].join('\n'));
    return `Usage: seg <command> [options]\n\nCommands:\n${blocks.join('\n')}\n\nOptions:\n${GLOBAL_OPTIONS}\n\n${FOOTER}`;
}

/** `seg help NAME` / `seg NAME --help` (`seg db seed --help`: that subcommand); undefined for an unknown one. */
export function commandHelp(name: string, sub?: string): string | undefined {
    if (!Object.hasOwn(COMMANDS, name)) return undefined;
    const entries = COMMANDS[name].filter(e => e.synopsis.startsWith(`${name} ${sub} `));
    return (entries.length ? entries : COMMANDS[name]).map(e => {
        const options = e.options ? `\n\nOptions:\n${e.options.replace(/^ {4}/gm, '')}` : '';
        return `Usage: seg ${e.synopsis}${e.options ? ' [options]' : ''}\n\n${e.summary.join('\n')}${options}`;
    }).join('\n\n') + `\n\nRun 'seg --help' for every command and the common options.`;
}

export const COMMAND_NAMES = Object.keys(COMMANDS);
