// "Disable <id> for this line / for the entire file": the edits behind those code actions.
// The language server offers them for every finding; they live here so the CLI, tests and
// server share one implementation.
import type { TextEdit } from '../core/model';
import { eolOf } from '../core/fixes';
import { splitLines } from '../core/parse';
import type { Finding } from './types';

/**
 * Edits that silence `finding`: a `<!-- okr-disable-next-line id -->` comment on its own line above it
 * (indented like the line, so it stays inside a list item), or an `<!-- okr-disable-file id -->` at the
 * top of the file, after the front matter. An existing comment of the same kind is extended instead.
 * A finding inside the front matter gets the file-wide comment (YAML cannot hold an HTML comment).
 */
export function disableCommentEdits(text: string, finding: Pick<Finding, 'ruleId' | 'range'>, scope: 'line' | 'file'): TextEdit[] {
  const lines = splitLines(text);
  const eol = eolOf(text);
  const id = finding.ruleId;
  // After the front matter when there is one, else at the very top.
  let top = 0;
  if (/^\uFEFF?---\s*$/.test(lines[0] ?? '')) {
    const close = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
    if (close > 0) top = close + 1;
  }
  // YAML cannot hold an HTML comment: a finding in the front matter can only be disabled for the file.
  const perLine = scope === 'line' && finding.range.start.line >= top;
  const kind = perLine ? 'okr-disable-next-line' : 'okr-disable-file';
  const extend = (lineNo: number): TextEdit[] | null => {
    const m = new RegExp(`<!--\\s*${kind}((?:\\s+[\\w-]+)*)\\s*(--[^>]*)?-->`).exec(lines[lineNo] ?? '');
    if (!m || m[1].trim() === '') return m ? [] : null; // a bare comment already disables everything
    if (m[1].split(/\s+/).includes(id)) return [];
    const at = m.index + m[0].indexOf(m[1]) + m[1].length;
    return [{ range: { start: { line: lineNo, character: at }, end: { line: lineNo, character: at } }, newText: ` ${id}` }];
  };
  if (perLine) {
    const line = finding.range.start.line;
    const existing = line > 0 ? extend(line - 1) : null;
    if (existing) return existing;
    const indent = /^\s*/.exec(lines[line] ?? '')![0];
    const start = line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
    return [{ range: { start: { line, character: start }, end: { line, character: start } }, newText: `${indent}<!-- ${kind} ${id} -->${eol}` }];
  }
  const line = top;
  for (let i = line; i < Math.min(lines.length, line + 3); i++) {
    const existing = extend(i);
    if (existing) return existing;
  }
  const start = line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return [{ range: { start: { line, character: start }, end: { line, character: start } }, newText: `<!-- ${kind} ${id} -->${eol}` }];
}
