// Applying text edits: the one pure function behind quick fixes, "fix all", `source.fixAll.okr`
// and `okr lint --fix`. Positions are LSP positions (0-based line, UTF-16 character).
import { holdsCR, prefixLength } from './lines';
import type { Position, TextEdit } from './model';

interface FixLike {
  edits: TextEdit[];
  safe: boolean;
}

interface FindingLike {
  ruleId: string;
  fixes: FixLike[];
}

/** Offsets where each line starts; a line ends at \r\n, \n or \r, as LSP counts lines. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The dominant line ending of a text (CRLF files stay CRLF). */
export function eolOf(text: string): string {
  // Most files have no CR at all: answer without splitting the whole text twice, or reading it (it runs on every keystroke).
  if (!holdsCR(text)) return '\n';
  const crlf = text.split('\r\n').length - 1;
  const lf = text.split('\n').length - 1 - crlf;
  return crlf > lf ? '\r\n' : '\n';
}

/** Position of an offset, given the text's `lineStarts` (binary search). */
export function positionAt(starts: number[], offset: number): Position {
  const line = Math.max(0, prefixLength(starts.length, (i) => starts[i] <= offset) - 1);
  return { line, character: offset - starts[line] };
}

/** Offset of a position, clamped into the text (a character past the line end means the line end). */
export function offsetAt(text: string, starts: number[], pos: Position): number {
  if (pos.line < 0) return 0;
  if (pos.line >= starts.length) return text.length;
  const start = starts[pos.line];
  let end = pos.line + 1 < starts.length ? starts[pos.line + 1] : text.length;
  while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return Math.min(start + Math.max(0, pos.character), end);
}

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

function toOffsets(text: string, starts: number[], edits: TextEdit[]): OffsetEdit[] {
  return edits.map((e) => {
    const a = offsetAt(text, starts, e.range.start);
    const b = offsetAt(text, starts, e.range.end);
    return { start: Math.min(a, b), end: Math.max(a, b), newText: e.newText };
  });
}

function overlaps(a: OffsetEdit, b: OffsetEdit): boolean {
  // Two insertions at the same point would be ambiguous; touching ranges are fine otherwise.
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

function applyOffsets(text: string, edits: OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/**
 * Applies edits that do not overlap; an edit overlapping an earlier one (in the given order)
 * is skipped rather than corrupting the text.
 */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const starts = lineStarts(text);
  const accepted: OffsetEdit[] = [];
  for (const e of toOffsets(text, starts, edits)) {
    if (!accepted.some((a) => overlaps(a, e))) accepted.push(e);
  }
  return applyOffsets(text, accepted);
}

/**
 * Applies the first safe fix of every finding (optionally only those `filter` accepts).
 * A fix whose edits overlap an already chosen fix is left for the next pass, so each
 * fix is applied whole or not at all.
 */
export function fixAll(text: string, findings: FindingLike[], filter?: (finding: FindingLike) => boolean): string {
  const starts = lineStarts(text);
  const accepted: OffsetEdit[] = [];
  for (const finding of findings) {
    if (filter && !filter(finding)) continue;
    const fix = finding.fixes.find((f) => f.safe);
    if (!fix) continue;
    const edits = toOffsets(text, starts, fix.edits);
    if (edits.some((e) => accepted.some((a) => overlaps(a, e)))) continue;
    accepted.push(...edits);
  }
  return accepted.length ? applyOffsets(text, accepted) : text;
}
