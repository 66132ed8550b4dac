// Splitting text into lines as LSP counts them (CRLF, lone CR and LF alike), and splitting an edited text
// from the split of the text before the edit: only the lines the edit touched are split again, so a
// keystroke costs time in proportion to the edit, not to the document.
import { positionAt } from './fixes';

/** A text, its lines and the offset each line starts at. */
export interface TextLines {
  text: string;
  lines: string[];
  starts: number[];
}

/** An edited text's lines: [0, before) are the previous text's lines, and so are [from, end), moved down by `delta` lines. */
export interface EditedLines extends TextLines {
  before: number;
  from: number;
  delta: number;
}

const CR = 13;
const LF = 10;

let lastSplit = { text: '', lines: [''] };

/**
 * Splits on CRLF, lone CR and LF alike. The parser and then the rules split the same text in a row, so the
 * last result is kept: callers share the array and must not modify it.
 */
export function splitLines(text: string): string[] {
  if (text !== lastSplit.text) lastSplit = { text, lines: split(text) };
  return lastSplit.lines;
}

function split(text: string): string[] {
  return text.includes('\r') ? text.split(/\r\n|\r|\n/) : text.split('\n');
}

/** Appends to `starts` where each line after the first begins, the first one beginning at `offset` of `text`. */
function pushStarts(text: string, lines: string[], offset: number, starts: number[]): void {
  let at = offset;
  for (let i = 0; i < lines.length - 1; i++) {
    at += lines[i].length;
    at += text.charCodeAt(at) === CR && text.charCodeAt(at + 1) === LF ? 2 : 1;
    starts.push(at);
  }
}

/**
 * The longest run, at most `max` characters, for which `same(n, size)` holds of the `size` characters after the
 * first `n`: whole chunks compared natively, growing while they match, then halving to the exact length.
 */
function matchingRun(max: number, same: (n: number, size: number) => boolean): number {
  let n = 0;
  let size = 256;
  while (n + size <= max && same(n, size)) {
    n += size;
    size *= 2;
  }
  for (size >>= 1; size > 0; size >>= 1) if (n + size <= max && same(n, size)) n += size;
  return n;
}

/** How many characters `a` and `b` share at their start, at most `max`. */
const commonPrefix = (a: string, b: string, max: number): number => matchingRun(max, (n, size) => a.slice(n, n + size) === b.slice(n, n + size));

/** How many characters `a` and `b` share at their end, at most `max`. */
const commonSuffix = (a: string, b: string, max: number): number =>
  matchingRun(max, (n, size) => a.slice(a.length - n - size, a.length - n) === b.slice(b.length - n - size, b.length - n));

/**
 * A string with the characters of `s` that keeps no other string alive. Substrings in V8 point into the string
 * they were cut from: a line kept across edits would otherwise keep the whole text of its version.
 */
function detached(s: string): string {
  return (' ' + s).slice(1);
}

/** The lines of `text`; with `previous`, the split of the text before an edit, the lines outside the edit are reused. */
export function linesOf(text: string, previous: TextLines | null): EditedLines {
  let result: EditedLines;
  if (!previous) {
    const lines = split(text);
    const starts = [0];
    pushStarts(text, lines, 0, starts);
    result = { text, lines, starts, before: 0, from: lines.length, delta: lines.length };
  } else {
    result = edited(previous, text);
  }
  lastSplit = { text, lines: result.lines };
  return result;
}

function edited(previous: TextLines, text: string): EditedLines {
  const old = previous.text;
  if (text === old) return { ...previous, text, before: previous.lines.length, from: previous.lines.length, delta: 0 };
  // The unchanged end first: where an edit could be placed in several ways (a line break typed before a heading
  // repeats the one before it), the earliest keeps the heading out of the edited lines.
  const suffix = commonSuffix(old, text, Math.min(old.length, text.length));
  const prefix = commonPrefix(old, text, Math.min(old.length, text.length) - suffix);
  const oldStarts = previous.starts;
  // The first line split again holds the first changed character, or follows a CR that an inserted LF would join.
  let before = positionAt(oldStarts, prefix).line;
  if (before > 0 && oldStarts[before] === prefix && old.charCodeAt(prefix - 1) === CR) before--;
  // The first line kept below starts after its line break, which is in the unchanged end and thus complete.
  const oldFrom = positionAt(oldStarts, old.length - suffix).line + 1;
  const charDelta = text.length - old.length;
  const start = oldStarts[before];
  const end = oldFrom < oldStarts.length ? oldStarts[oldFrom] + charDelta : text.length;
  const middle = split(text.slice(start, end));
  // A middle that ends at a line break splits into a last empty piece: the line after it is a kept one.
  if (oldFrom < oldStarts.length) middle.pop();
  const starts = oldStarts.slice(0, before + 1);
  pushStarts(text, middle, start, starts);
  const below = oldStarts.slice(oldFrom);
  if (charDelta !== 0) for (let i = 0; i < below.length; i++) below[i] += charDelta;
  for (let i = 0; i < middle.length; i++) middle[i] = detached(middle[i]);
  const lines = previous.lines.slice(0, before).concat(middle, previous.lines.slice(oldFrom));
  return { text, lines, starts: starts.concat(below), before, from: before + middle.length, delta: lines.length - previous.lines.length };
}
