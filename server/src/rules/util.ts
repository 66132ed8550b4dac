// Small helpers shared by the rules: ranges, list-item anatomy and insertions that respect the
// file's own indentation and line endings.
import type { KeyResult, OkrDocument, ParseProblem, Position, Range, TextEdit } from '../core/model';
import type { RuleContext } from './types';

export const pos = (line: number, character: number): Position => ({ line, character });
export const range = (line: number, start: number, end: number): Range => ({ start: pos(line, start), end: pos(line, end) });
export const insertAt = (at: Position, newText: string): TextEdit => ({ range: { start: at, end: at }, newText });

/** A position inside a statement, from an offset into `kr.text` (the statement sits on the KR's first line). */
export function textOffset(kr: KeyResult, offset: number): Position {
  return pos(kr.textRange.start.line, kr.textRange.start.character + offset);
}

export function textSpan(kr: KeyResult, start: number, end: number): Range {
  return { start: textOffset(kr, start), end: textOffset(kr, end) };
}

export interface ItemAnatomy {
  line: number;
  /** Column of the list marker. */
  indent: number;
  /** Column right after the marker and its spaces. */
  contentStart: number;
  /** Column of `[` when the item is a task (`- [ ]`). */
  checkbox: number | null;
}

const ITEM = /^(\s*)([-*+]|\d+[.)])(\s+)(\[[ xX]\]\s+)?/;

/** Where the list marker, the checkbox and the content of a KR's first line are. */
export function itemAnatomy(ctx: RuleContext, kr: KeyResult): ItemAnatomy {
  const line = kr.lineRange.start.line;
  const m = ITEM.exec(ctx.lines[line] ?? '');
  if (!m) return { line, indent: 0, contentStart: kr.textRange.start.character, checkbox: null };
  const contentStart = m[1].length + m[2].length + m[3].length;
  return { line, indent: m[1].length, contentStart, checkbox: m[4] ? contentStart : null };
}

/** Indentation of the KR's nested data items (`- confidence: …`), matching what the file already uses. */
export function childIndent(ctx: RuleContext, kr: KeyResult): string {
  const first = kr.attributes[0] ?? kr.checkins[0];
  if (first) {
    const line = ctx.lines[first.range.start.line] ?? '';
    const m = /^(\s*)[-*+]\s/.exec(line);
    if (m) return m[1];
  }
  return ' '.repeat(itemAnatomy(ctx, kr).contentStart);
}

/** Inserts a nested `- key: value` item right after the KR's first line. */
export function insertChildItem(ctx: RuleContext, kr: KeyResult, body: string): TextEdit {
  const line = kr.lineRange.start.line;
  return insertAt(pos(line, (ctx.lines[line] ?? '').length), `${ctx.eol}${childIndent(ctx, kr)}- ${body}`);
}

/** Capitalised first letter, for messages that quote a trigger word at the start of a sentence. */
export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Whole-line range. */
export function lineRange(ctx: RuleContext, line: number): Range {
  return range(line, 0, (ctx.lines[line] ?? '').length);
}

/** Numbers of the form `O7`/`KR7` → 7. */
export function idNumber(id: string): number | null {
  let start = id.length;
  while (start > 0 && id.charCodeAt(start - 1) >= 48 && id.charCodeAt(start - 1) <= 57) start--;
  return start === id.length ? null : Number(id.slice(start));
}

/** One more than the highest number among the ids (`O7`, `KR3`), 1 when none has one: the next free id. */
export function nextIdNumber(items: Array<{ id: string }>): number {
  let highest = 0;
  for (const item of items) highest = Math.max(highest, idNumber(item.id) ?? 0);
  return highest + 1;
}

/**
 * `compute` of the document, kept while its ids stay the same (`ctx.idsVersion`): a per-objective check that
 * reads every objective's id computes it once, not once per objective checked or per keystroke.
 */
export function perIdsVersion<T>(compute: (doc: OkrDocument) => T): (ctx: RuleContext) => T {
  let kept: { version: number; value: T } | null = null;
  return (ctx) => {
    if (kept?.version !== ctx.idsVersion) kept = { version: ctx.idsVersion, value: compute(ctx.doc) };
    return kept.value;
  };
}

/** By the document's problem list, which a parse that changed no problem shares with the last one. */
const outsideSections = new WeakMap<ParseProblem[], ParseProblem[]>();

/** The document's problems outside any objective's section (front matter, encoding): `doc.problems` lists them first. */
export function fileProblems(doc: OkrDocument): ParseProblem[] {
  let found = outsideSections.get(doc.problems);
  if (!found) {
    let inSections = 0;
    for (const objective of doc.objectives) inSections += objective.problems.length;
    outsideSections.set(doc.problems, (found = doc.problems.slice(0, doc.problems.length - inSections)));
  }
  return found;
}

/**
 * A memo keyed by text, bounded so a long editing session cannot grow it without limit: when full it starts
 * over (a keystroke re-checks one section; everything else is found again on the next run).
 */
export function textMemo<V>(compute: (key: string) => V, limit = 20_000): (key: string) => V {
  let entries = new Map<string, V>();
  return (key) => {
    let value = entries.get(key);
    if (value === undefined) {
      if (entries.size >= limit) entries = new Map();
      value = compute(key);
      entries.set(key, value);
    }
    return value;
  };
}
