// seg compile [paths] [--segment NAME] [--target postgres|plan] [--out DIR] [--inline] [--as-of ISO] [--timezone TZ]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { postgresDialect } from '../sql/postgres-dialect.js';
import { SqlError, sqlFileHeader, toInlineSql, toSql } from '../sql/to-sql.js';
import type { CommandContext } from './command.js';
import { checkedPlan, parseAsOf, selectSegments } from './project-plan.js';
import { displayPath, plural } from './terminal.js';

export interface CompileOptions {
    target: 'postgres' | 'plan';
    segment?: string;
    out?: string;
    inline: boolean;
    asOf?: string;
    timeZone?: string;
}

export async function compileCommand(ctx: CommandContext, paths: string[], options: CompileOptions): Promise<number> {
    const checked = await checkedPlan(ctx, paths, options.timeZone);
    if (!checked) return 1;
    const { plan } = checked;
    const segments = selectSegments(plan, options.segment, { liveOnly: false });
    if (options.target === 'plan') {
        const selected = options.segment ? { ...plan, segments } : plan;
        const text = JSON.stringify(selected, null, 2) + '\n';
        if (options.out) {
            mkdirSync(options.out, { recursive: true });
            writeFileSync(join(options.out, 'plan.json'), text);
            ctx.err(`Wrote ${displayPath(join(options.out, 'plan.json'))}.`);
        } else {
            process.stdout.write(text);
        }
        return 0;
    }
    const asOf = parseAsOf(options.asOf);
    const binding = { asOf, timeZone: plan.timeZone };
    let outputs: Array<{ name: string; text: string }>;
    try {
        outputs = segments.map(s => {
            const query = toSql(plan, s.name, postgresDialect);
            const body = options.inline ? toInlineSql(query, binding, postgresDialect) : query.text;
            const header = sqlFileHeader(plan, s.name, query, options.inline ? binding : undefined);
            return { name: s.name, text: `${header}\n${body.trimEnd()};\n` };
        });
    } catch (e) {
        if (!(e instanceof SqlError)) throw e;
        ctx.err(`seg compile: ${e.message}`);
        return 1;
    }
    if (options.out) {
        mkdirSync(options.out, { recursive: true });
        for (const o of outputs) writeFileSync(join(options.out, `${o.name}.sql`), o.text);
        ctx.err(`Wrote ${plural(outputs.length, 'file')} to ${displayPath(options.out)}.`);
    } else {
        ctx.out(outputs.map(o => o.text).join('\n'));
    }
    return 0;
}
