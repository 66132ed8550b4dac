// Code actions in the wording ESLint and Stylelint users know: each finding's fixes, "Disable <id> for this
// line / for the entire file", "Show documentation for <id>", "Fix all <id> problems", and `source.fixAll.okr`.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import { fixAll } from '../core/fixes';
import type { Range } from '../core/model';
import { disableCommentEdits } from '../rules/disable';
import { ruleDocsUrl } from '../rules/index';
import type { Finding, Fix } from '../rules/types';
import { FixAllKind, ShowRuleDocsCommand } from './protocol';

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** One edit replacing only the span that differs between two texts (keeps the client's undo and cursor sane). */
export function minimalEdit(before: string, after: string, positionAt: (offset: number) => Range['start']): TextEdit | null {
  if (before === after) return null;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return { range: { start: positionAt(start), end: positionAt(before.length - end) }, newText: after.slice(start, after.length - end) };
}

/** Snippet placeholders (`${1:baseline}`) become their default text: a workspace edit is plain text. */
function plain(fix: Fix): TextEdit[] {
  if (!fix.snippet) return fix.edits;
  return fix.edits.map((e) => ({ range: e.range, newText: e.newText.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{?\d+\}?/g, '') }));
}

function wantedKind(only: string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

export interface CodeActionInput {
  uri: string;
  version: number;
  text: string;
  findings: Finding[];
  positionAt: (offset: number) => Range['start'];
}

export function codeActions(input: CodeActionInput, params: CodeActionParams): CodeAction[] {
  const { uri, text, findings } = input;
  const only = params.context.only;
  const edit = (edits: TextEdit[]) => ({ changes: { [uri]: edits } });
  const actions: CodeAction[] = [];

  if (wantedKind(only, FixAllKind)) {
    const all = minimalEdit(text, fixAll(text, findings), input.positionAt);
    if (all) actions.push({ title: 'Fix all auto-fixable OKR problems', kind: FixAllKind, edit: edit([all]) });
  }
  if (!wantedKind(only, CodeActionKind.QuickFix)) return actions;

  const ours = params.context.diagnostics.filter((d: Diagnostic) => d.source === 'okr');
  const seenRules = new Set<string>();
  for (const diagnostic of ours) {
    const finding = findings.find((f) => f.ruleId === diagnostic.code && sameRange(f.range, diagnostic.range));
    if (!finding) continue;
    const id = finding.ruleId;
    finding.fixes.forEach((fix, i) => {
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: i === 0 && fix.safe, edit: edit(plain(fix)) });
    });
    // Rule-level actions once per rule, even when the cursor touches several of its findings.
    if (seenRules.has(id)) continue;
    seenRules.add(id);
    const sameRule = findings.filter((f) => f.ruleId === id && f.fixes.some((x) => x.safe));
    if (sameRule.length > 1) {
      const all = minimalEdit(text, fixAll(text, findings, (f) => f.ruleId === id), input.positionAt);
      if (all) actions.push({ title: `Fix all ${id} problems`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit([all]) });
    }
    actions.push({ title: `Disable ${id} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit(disableCommentEdits(text, finding, 'line')) });
    actions.push({ title: `Disable ${id} for the entire file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: edit(disableCommentEdits(text, finding, 'file')) });
    actions.push({
      title: `Show documentation for ${id}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: `Show documentation for ${id}`, command: ShowRuleDocsCommand, arguments: [ruleDocsUrl(id)] },
    });
  }
  return actions;
}
