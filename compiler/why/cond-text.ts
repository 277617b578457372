// Plan conditions back in Seg's words, for explanations (seg test's failures, seg why): logical
// field names (from the declarations in scope), choice labels, quoted strings.
import type { AstNode } from 'langium';
import { isEntityDecl, isInteractionDecl, type Field } from '../../language/generated/ast.js';
import { fieldsOf, fieldType } from '../../language/model/field-types.js';
import { quote } from '../../language/seg-value-converter.js';
import { columnOf, tableOf } from '../plan/physical-names.js';
import type { ColumnRef, Cond, Having, Literal } from '../plan/plan.js';

/** Physical table and column names → the declarations they come from. */
export class SourceNames {
    private readonly tables = new Map<string, string>();
    private readonly fields = new Map<string, Field>();

    constructor(models: Array<{ declarations: AstNode[] }>) {
        for (const model of models) {
            for (const d of model.declarations) {
                if (!isEntityDecl(d) && !isInteractionDecl(d)) continue;
                if (!d.name) continue;
                const table = tableOf(d);
                this.tables.set(table, d.name);
                for (const f of fieldsOf(d)) if (f.name) this.fields.set(`${table}\u0000${columnOf(f)}`, f);
            }
        }
    }

    table(table: string): string {
        return this.tables.get(table) ?? table;
    }

    field(table: string, column: string): Field | undefined {
        return this.fields.get(`${table}\u0000${column}`);
    }

    /** `parentcustomerid.numberofemployees` for a column reached through lookups from `table`. */
    path(table: string, ref: ColumnRef): string {
        const steps: string[] = [];
        let current = table;
        for (const step of ref.path) {
            steps.push(this.field(current, step.column)?.name ?? step.column);
            current = step.table;
        }
        steps.push(this.field(current, ref.column)?.name ?? ref.column);
        return steps.join('.');
    }

    /** The table whose column a reference finally reads. */
    lastTable(table: string, ref: ColumnRef): string {
        return ref.path.length ? ref.path[ref.path.length - 1].table : table;
    }

    cond(c: Cond, table: string, nested = false): string {
        const wrap = (s: string) => (nested ? `(${s})` : s);
        switch (c.op) {
            case 'and': case 'or': return wrap(c.args.map(a => this.cond(a, table, true)).join(` ${c.op} `));
            case 'not': return `not ${this.cond(c.arg, table, true)}`;
            case 'exists': {
                const via = this.field(c.table, c.via)?.name ?? c.via;
                const head = `exists ${this.table(c.table)} via ${via}`;
                return c.where ? wrap(`${head} where ${this.cond(c.where, c.table)}`) : head;
            }
            default: break;
        }
        const path = this.path(table, c.column);
        const value = (l: Literal) => this.literal(l, this.field(this.lastTable(table, c.column), c.column.column));
        switch (c.op) {
            case 'cmp': return `${path} ${c.cmp} ${value(c.value)}`;
            case 'in': return `${path}${c.negated ? ' not' : ''} in [${c.values.map(value).join(', ')}]`;
            case 'text': return `${path}${c.negated ? ' not' : ''} ${c.mode === 'contains' ? 'contains' : `${c.mode} with`} ${quote(c.value)}`;
            case 'null': return `${path} is ${c.negated ? 'not ' : ''}null`;
            case 'between': return `${path} between ${value(c.low)} and ${value(c.high)}`;
            case 'within': return `${path} within ${c.amount} ${c.unit}${c.amount === 1 ? '' : 's'}`;
            case 'true': return path;
        }
    }

    literal(l: Literal, field: Field | undefined): string {
        switch (l.type) {
            case 'string': case 'uuid': return quote(l.value);
            case 'datetime': return l.value.kind === 'utc' ? l.value.value.replace('.000Z', 'Z') : l.value.value;
            case 'integer': {
                const type = field ? fieldType(field) : undefined;
                const label = type?.kind === 'choice' ? type.options.find(o => Number(o.code) === l.value)?.label : undefined;
                return label !== undefined ? quote(label) : String(l.value);
            }
            default: return String(l.value);
        }
    }

    having(h: Having, table: string): string {
        const field = this.field(table, h.column ?? '')?.name ?? h.column;
        const agg = h.agg === 'count' ? 'count' : h.agg === 'distinct' ? `count(distinct ${field})` : `${h.agg}(${field})`;
        return h.low !== undefined ? `${agg} between ${h.low} and ${h.high}` : `${agg} ${h.op} ${h.value}`;
    }
}
