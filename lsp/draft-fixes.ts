// SEG202 says "Make 'Used' live or 'User' a draft.": one quick fix for each. The used segment may be in
// another file; the edit names that file.
import { AstUtils, CstUtils, GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import { isSegmentDecl, isSegmentRef, type SegmentDecl } from '../language/generated/ast.js';

export function draftFixes(document: LangiumDocument, diagnostic: Diagnostic): CodeAction[] {
    const root = document.parseResult.value.$cstNode;
    const leaf = root && CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(diagnostic.range.start));
    const ref = leaf?.astNode;
    if (!ref || !isSegmentRef(ref)) return [];
    const used = ref.segment?.ref;
    const user = AstUtils.getContainerOfType(ref, isSegmentDecl);
    if (!used?.draft || !user || user.draft) return [];
    const fix = (title: string, target: AstNode, edit: TextEdit): CodeAction => ({
        title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic],
        edit: { changes: { [AstUtils.getDocument(target).uri.toString()]: [edit] } },
    });
    const actions: CodeAction[] = [];
    const draft = GrammarUtils.findNodeForKeyword(used.$cstNode, 'draft');
    const segment = keywordSegment(used);
    // `draft segment X` → `segment X`: the keyword and the blanks after it.
    if (draft && segment) actions.push(fix(`Make '${used.name}' live`, used, { range: { start: draft.range.start, end: segment.range.start }, newText: '' }));
    const userSegment = keywordSegment(user);
    if (userSegment) actions.push(fix(`Make '${user.name}' a draft`, user, { range: { start: userSegment.range.start, end: userSegment.range.start }, newText: 'draft ' }));
    return actions;
}

function keywordSegment(decl: SegmentDecl) {
    return GrammarUtils.findNodeForKeyword(decl.$cstNode, 'segment');
}
