// The canonical layout of Seg source as a Doc: one blank line between
// declarations; a segment on one line when it fits, otherwise its body on the
// next line, one interaction clause per line in the order via, having,
// window, where, and long conditions broken before `and`/`or`.
import type { AstNode } from 'langium';
import type {
    Aggregate, AndCond, Clause, Declaration, Duration, EntityDecl, ExistsTest, FieldPath, FixtureDecl, HavingClause, InteractionDecl,
    InteractionQuery, Model, ThenStep, OrCond, ProfileQuery, RecordBody, SegAstType, SetOp, TestDecl,
} from '../generated/ast.js';

type AnyNode = SegAstType[keyof SegAstType];
import { quote } from '../seg-value-converter.js';
import { isFlattened, type Attachments, type Comment } from './comments.js';
import { breakParent, group, hardline, ifBreak, indent, join, line, lineSuffix, softline, type Doc } from './doc.js';

const CLAUSE_ORDER: Record<Clause['$type'], number> = {
    ViaClause: 0, HavingClause: 1,
    RollingWindow: 2, AgoWindow: 2, SinceWindow: 2, BeforeWindow: 2, OlderWindow: 2, RangeWindow: 2,
    WhereClause: 3,
};

export class SegPrinter {
    constructor(private readonly comments: Attachments) {}

    model(model: Model): Doc {
        const parts: Doc[] = [];
        model.declarations.forEach((d, i) => {
            if (i > 0) parts.push(hardline, hardline);
            parts.push(this.print(d));
        });
        const tail = this.comments.fileEnd;
        if (tail.length) {
            if (parts.length) parts.push(hardline, hardline);
            parts.push(join(hardline, tail.map(c => c.text)));
        }
        parts.push(hardline);
        return parts;
    }

    /** Any part of a file (a condition, a clause, a declaration) on its own, as the formatter prints it in place. */
    fragment(node: AstNode): Doc {
        return this.print(node, false);
    }

    /** Every node is printed through here, so its comments come with it. */
    private print(node: AstNode, withLeading = true): Doc {
        const body = this.printNode(node);
        const leading = withLeading ? this.comments.leading.get(node) : undefined;
        const trailing = this.comments.trailing.get(node);
        if (!leading && !trailing) return body;
        const parts: Doc[] = [leading ? this.leadingComments(node) : ''];
        parts.push(body);
        for (const c of trailing ?? []) parts.push(lineSuffix(' ' + c.text), isLineComment(c) ? breakParent : '');
        return parts;
    }

    private leadingComments(node: AstNode): Doc {
        return (this.comments.leading.get(node) ?? []).map(c => [c.text, hardline, c.blankAfter ? hardline : '']);
    }

    private printNode(node: AstNode): Doc {
        const n = node as AnyNode;
        switch (n.$type) {
            case 'SegmentDecl': case 'EntityDecl': case 'InteractionDecl': return this.declaration(n);
            case 'FixtureDecl': case 'TestDecl': return this.testBlock(n);
            case 'AsOfClause': return ['as of ', this.print(n.instant)];
            case 'EntityRecord': return [n.entity.$refText, ' ', n.name, n.block ? [' ', this.print(n.block)] : ''];
            case 'InteractionRecord':
                return [n.type.$refText, n.by ? [' by ', n.by.$refText] : '', ' ', this.print(n.time), n.block ? [' ', this.print(n.block)] : ''];
            case 'RecordBody': return this.recordBody(n);
            case 'FieldValue': return [n.field.$refText, ': ', this.print(n.value)];
            case 'RecordRef': return n.record.$refText;
            case 'NowTime': return 'now';
            case 'AgoTime': return [this.duration(n.duration), ' ago'];
            case 'MembershipExpectation': return ['expect ', n.segment.$refText, ' ', n.op, ' ', join(', ', n.records.map(r => r.$refText))];
            case 'CountExpectation': return ['expect count(', n.segment.$refText, ') ', n.op, ' ', this.print(n.value)];
            case 'SetOp': case 'OrCond': case 'AndCond': return this.chain(n);
            case 'SetParen': case 'ParenCond': return group(['(', indent([softline, this.print(n.inner)]), softline, ')']);
            case 'SegmentRef': return n.segment.$refText;
            case 'ProfileQuery': return this.profile(n);
            case 'InteractionQuery': return this.interaction(n);
            case 'ViaClause': return ['via ', n.relation.$refText];
            case 'HavingClause': return this.having(n);
            case 'WhereClause': return ['where ', this.print(n.cond)];
            case 'RollingWindow': return ['within ', this.duration(n.duration)];
            case 'AgoWindow': return ['between ', this.print(n.from), ' and ', this.duration(n.to), ' ago'];
            case 'SinceWindow': return ['since ', this.print(n.instant)];
            case 'BeforeWindow': return ['before ', this.print(n.instant)];
            case 'OlderWindow': return ['before ', this.duration(n.age), ' ago'];
            case 'RangeWindow': return ['between ', this.print(n.start), ' and ', this.print(n.end)];
            case 'NotCond': return ['not ', this.print(n.operand)];
            case 'ExistsTest': return this.exists(n);
            case 'FieldPath': return this.path(n);
            case 'Comparison': return [this.print(n.path), ' ', n.op, ' ', this.print(n.value)];
            case 'InTest': {
                const list = n.values.length === 0 ? '[]'
                    : group(['[', indent([softline, join([',', line], n.values.map(v => this.print(v))), ifBreak(',')]), softline, ']']);
                return [this.print(n.path), n.negated ? ' not in ' : ' in ', list];
            }
            case 'TextTest': {
                const op = n.op === 'contains' ? 'contains' : `${n.op} with`;
                return [this.print(n.path), n.negated ? ' not ' : ' ', op, ' ', this.print(n.value)];
            }
            case 'NullTest': return [this.print(n.path), n.negated ? ' is not null' : ' is null'];
            case 'BetweenTest': return [this.print(n.path), ' between ', this.print(n.low), ' and ', this.print(n.high)];
            case 'WithinTest': return [this.print(n.path), ' within ', this.duration(n.duration)];
            case 'StringLiteral': return quote(n.value);
            case 'NumberLiteral': case 'DateLiteral': case 'DateTimeLiteral': return n.value;
            case 'BooleanLiteral': return n.value ? 'true' : 'false';
            case 'NullLiteral': return 'null';
            case 'Duration': return this.duration(n);
            case 'CountAgg': case 'FieldAgg': return this.aggregate(n);
            case 'KeyField': return n.name;
            case 'FieldDecl': return [n.name, ': ', this.print(n.type)];
            case 'RelationDecl': return ['relation ', n.name, ' = ', this.print(n.path)];
            case 'PrimitiveType': return n.name;
            case 'LookupType': return ['-> ', n.target.$refText];
            case 'ChoiceType':
                if (n.options.length === 0) return 'choice {}';
                return group(['choice {', indent([line, join([',', line], n.options.map(o => this.print(o))), ifBreak(',')]), line, '}']);
            case 'ChoiceOption': return [quote(n.label), ' = ', n.code];
            default: return node.$cstNode?.text ?? '';
        }
    }

    private declaration(node: Exclude<Declaration, TestDecl | FixtureDecl>): Doc {
        if (node.$type === 'SegmentDecl') {
            return group([node.draft ? 'draft ' : '', 'segment ', node.name, ' =', indent([line, this.print(node.body)])]);
        }
        const header: Doc = node.$type === 'EntityDecl'
            ? ['entity ', node.name, ' key ', node.key ? this.print(node.key) : '']
            : ['interaction ', node.name];
        const members: AstNode[] = node.$type === 'EntityDecl' ? (node as EntityDecl).fields : (node as InteractionDecl).members;
        const end = this.comments.bodyEnd.get(node) ?? [];
        if (members.length === 0 && end.length === 0) return [header, ' {}'];
        const lines: Doc[] = [...members.map(m => this.print(m)), ...end.map(c => c.text)];
        return [header, ' {', indent([hardline, join(hardline, lines)]), hardline, '}'];
    }

    /** A test or fixture: its items one a line, keeping the blank lines between them. */
    private testBlock(node: TestDecl | FixtureDecl): Doc {
        const header: Doc = node.$type === 'TestDecl'
            ? ['test ', quote(node.title), node.fixtures.length ? [' using ', join(', ', node.fixtures.map(f => f.$refText))] : '']
            : ['fixture ', node.name];
        const end = this.comments.bodyEnd.get(node) ?? [];
        if (node.items.length === 0 && end.length === 0) return [header, ' {}'];
        const lines: Doc[] = [];
        node.items.forEach((item, i) => {
            if (i > 0) lines.push(hardline, this.blankBefore(item, node.items[i - 1]) ? hardline : '');
            lines.push(this.print(item));
        });
        // Comments before the closing brace, after a blank line where the source had one.
        for (const c of end) {
            if (lines.length) lines.push(hardline, c.blankBefore ? hardline : '');
            lines.push(c.text);
        }
        return [header, ' {', indent([hardline, lines]), hardline, '}'];
    }

    /** Did the source have a blank line before an item (or before its first own-line comment)? */
    private blankBefore(item: AstNode, previous: AstNode): boolean {
        const first = this.comments.leading.get(item)?.[0];
        if (first) return first.blankBefore;
        const end = previous.$cstNode?.range.end.line, start = item.$cstNode?.range.start.line;
        return end !== undefined && start !== undefined && start - end > 1;
    }

    /** `{ a: 1, b: 2 }` on one line when it fits, else one field a line. */
    private recordBody(node: RecordBody): Doc {
        const end = this.comments.bodyEnd.get(node) ?? [];
        if (node.fields.length === 0 && end.length === 0) return '{}';
        const fields: Doc = node.fields.length ? [line, join([',', line], node.fields.map(f => this.print(f))), ifBreak(',')] : '';
        // Comments before the `}` (a body may hold only comments: then no comma).
        const tail: Doc = end.length ? [hardline, join(hardline, end.map(c => c.text)), breakParent] : '';
        return group(['{', indent([fields, tail]), line, '}']);
    }

    /** `a op b op c …` for set operations and and/or chains, flattened left to right. */
    private chain(node: SetOp | AndCond | OrCond): Doc {
        const links: Array<{ op: string; operand: AstNode }> = [];
        let first: AstNode = node;
        while (first === node || isFlattened(first)) {
            const n = first as unknown as { op?: string; left: AstNode; right: AstNode; $type: string };
            const op = n.$type === 'AndCond' ? 'and' : n.$type === 'OrCond' ? 'or' : n.op!;
            links.unshift({ op, operand: n.right });
            first = n.left;
            if (!first) break;
        }
        const isSet = node.$type === 'SetOp';
        // An operand's own-line comments go above its operator: `// why\n and x = 1`.
        const rest = links.map(l => [line, this.leadingComments(l.operand), l.op, ' ', this.print(l.operand, false)]);
        return group([this.print(first), isSet ? rest : indent(rest)]);
    }

    private profile(node: ProfileQuery): Doc {
        if (!node.where) return ['profile ', node.entity.$refText];
        return group(['profile ', node.entity.$refText, indent([line, 'where ', this.print(node.where)])]);
    }

    private interaction(node: InteractionQuery): Doc {
        const clauses = [...node.clauses].sort((a, b) => CLAUSE_ORDER[a.$type] - CLAUSE_ORDER[b.$type]);
        const head = node.occurrence ? `${node.occurrence} interaction ` : 'interaction ';
        const then = node.then ? [line, this.thenStep(node.then)] : [];
        return group([head, node.type.$refText, indent([...clauses.map(c => [line, this.print(c)]), ...then])]);
    }

    private thenStep(t: ThenStep): Doc {
        return group([
            'then ', t.negated ? 'not ' : '', t.type.$refText,
            t.relation ? [' via ', t.relation.$refText] : '',
            t.on ? [' on ', t.on.$refText] : '',
            ' within ', this.duration(t.gap),
            t.where ? indent([line, 'where ', this.print(t.where)]) : '',
        ]);
    }

    private having(node: HavingClause): Doc {
        const agg = this.print(node.agg);
        if (node.low && node.high) return ['having ', agg, ' between ', this.print(node.low), ' and ', this.print(node.high)];
        return ['having ', agg, ' ', node.op ?? '', ' ', node.value ? this.print(node.value) : ''];
    }

    private aggregate(node: Aggregate): Doc {
        if (node.$type === 'CountAgg') return node.distinct ? ['count(distinct ', node.field?.$refText ?? '', ')'] : 'count';
        return [node.fn, '(', node.field.$refText, ')'];
    }

    private exists(node: ExistsTest): Doc {
        const head = ['exists ', node.entity.$refText, ' via ', node.via.$refText];
        return node.where ? group([head, indent([line, 'where ', this.print(node.where)])]) : head;
    }

    private duration(node: Duration): Doc {
        return [node.amount.value, ' ', node.unit];
    }

    private path(node: FieldPath): Doc {
        const steps: string[] = [];
        for (let p: FieldPath | undefined = node; p; p = p.previous) steps.unshift(p.field.$refText);
        return steps.join('.');
    }
}

function isLineComment(c: Comment): boolean {
    return c.text.startsWith('//');
}

