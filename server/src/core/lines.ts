// Splitting text into lines as LSP counts them (CRLF, lone CR and LF alike), and splitting an edited text
// from the split of the text before the edit: only the lines the edit touched are split again, so a
// keystroke costs time in proportion to the edit, not to the document.

/** A text, its lines and the offset each line starts at (see `startOf`). */
export interface TextLines {
  text: string;
  /** Reused by the split of the next edit of the text, with the edited line replaced (see `linesOf`). */
  lines: string[];
  /**
   * Where each line starts, except that those from line `shiftFrom` on are `shift` characters short: typing on a line
   * moves every line below it, and the shift is applied when an edit elsewhere needs it, not on every keystroke.
   * Never modified: a later split that keeps it shares it.
   */
  starts: number[];
  shiftFrom: number;
  shift: number;
  /** The text holds a CR (known from the edit when the text before it had none). */
  hasCR: boolean;
}

const startOf = (t: TextLines, line: number) => t.starts[line] + (line >= t.shiftFrom ? t.shift : 0);

/** How many of the indices 0..count-1 satisfy `holds`, which holds for some first ones and no later one (binary search). */
export function prefixLength(count: number, holds: (i: number) => boolean): number {
  let low = 0;
  let high = count;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (holds(middle)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The line of `t` that holds `offset`. */
const lineAt = (t: TextLines, offset: number) => Math.max(0, prefixLength(t.starts.length, (line) => startOf(t, line) <= offset) - 1);

/** Where each of `t`'s lines starts, with any pending shift applied. */
export function shiftedStarts(t: TextLines): number[] {
  if (t.shift === 0) return t.starts.slice();
  return t.starts.map((start, line) => (line >= t.shiftFrom ? start + t.shift : start));
}

/** An edited text's lines: [0, before) are the previous text's lines, and so are [from, end), moved down by `delta` lines. */
export interface EditedLines extends TextLines {
  before: number;
  from: number;
  delta: number;
  /** The previous text's lines that the edited ones replace, as they were. */
  replaced: string[];
}

const CR = 13;
const LF = 10;

let lastSplit = { text: '', lines: [''], hasCR: false };

/**
 * Splits on CRLF, lone CR and LF alike. The parser and then the rules split the same text in a row, so the
 * last result is kept: callers share the array and must not modify it, nor keep it past the next edit's split.
 */
export function splitLines(text: string): string[] {
  if (text !== lastSplit.text) {
    const hasCR = text.includes('\r');
    lastSplit = { text, lines: split(text, hasCR), hasCR };
  }
  return lastSplit.lines;
}

/** Whether `text` holds a CR: without reading it again when it is the text split last. */
export function holdsCR(text: string): boolean {
  return text === lastSplit.text ? lastSplit.hasCR : text.includes('\r');
}

function split(text: string, hasCR = text.includes('\r')): string[] {
  return hasCR ? text.split(/\r\n|\r|\n/) : text.split('\n');
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
 * The longest run, at most `max` characters, for which `same(from, to)` holds of the characters in [from, to) (counted
 * from the start, or from the end): a binary search that compares each character about once, natively.
 */
function matchingRun(max: number, same: (from: number, to: number) => boolean): number {
  let low = 0;
  let high = max;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (same(low, middle)) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** How many characters `a` and `b` share at their start, at most `max`. */
const commonPrefix = (a: string, b: string, max: number): number => matchingRun(max, (from, to) => a.slice(from, to) === b.slice(from, to));

/** How many characters `a` and `b` share at their end, at most `max`. */
const commonSuffix = (a: string, b: string, max: number): number =>
  matchingRun(max, (from, to) => a.slice(a.length - to, a.length - from) === b.slice(b.length - to, b.length - from));

/**
 * A string with the characters of `s` that keeps no other string alive. Substrings in V8 point into the string
 * they were cut from: a line kept across edits would otherwise keep the whole text of its version.
 */
function detached(s: string): string {
  return (' ' + s).slice(1);
}

/**
 * The lines of `text`; with `previous`, the split of the text before an edit, the lines outside the edit are reused.
 * The result may reuse `previous`'s line list, changed: `previous` is not to be read afterwards (`replaced` keeps what
 * the edit replaced).
 */
export function linesOf(text: string, previous: TextLines | null): EditedLines {
  let result: EditedLines;
  if (!previous) {
    const hasCR = text.includes('\r');
    const lines = split(text, hasCR);
    const starts = [0];
    pushStarts(text, lines, 0, starts);
    result = { text, lines, starts, shiftFrom: 0, shift: 0, hasCR, before: 0, from: lines.length, delta: lines.length, replaced: [] };
  } else {
    result = edited(previous, text);
  }
  lastSplit = { text, lines: result.lines, hasCR: result.hasCR };
  return result;
}

function edited(previous: TextLines, text: string): EditedLines {
  const old = previous.text;
  if (text === old) return { ...previous, text, before: previous.lines.length, from: previous.lines.length, delta: 0, replaced: [] };
  // The unchanged end first: where an edit could be placed in several ways (a line break typed before a heading
  // repeats the one before it), the earliest keeps the heading out of the edited lines.
  const suffix = commonSuffix(old, text, Math.min(old.length, text.length));
  const prefix = commonPrefix(old, text, Math.min(old.length, text.length) - suffix);
  const lineCount = previous.lines.length;
  // The first line split again holds the first changed character, or follows a CR that an inserted LF would join.
  let before = lineAt(previous, prefix);
  if (before > 0 && startOf(previous, before) === prefix && old.charCodeAt(prefix - 1) === CR) before--;
  // The first line kept below starts after its line break, which is in the unchanged end and thus complete.
  const oldFrom = lineAt(previous, old.length - suffix) + 1;
  const charDelta = text.length - old.length;
  const start = startOf(previous, before);
  const end = oldFrom < lineCount ? startOf(previous, oldFrom) + charDelta : text.length;
  const changedText = text.slice(start, end);
  const changedHasCR = changedText.includes('\r');
  const middle = split(changedText, changedHasCR);
  const hasCR = previous.hasCR ? text.includes('\r') : changedHasCR;
  // A middle that ends at a line break splits into a last empty piece: the line after it is a kept one.
  if (oldFrom < lineCount) middle.pop();
  for (let i = 0; i < middle.length; i++) middle[i] = detached(middle[i]);
  const from = before + middle.length;
  const replaced = previous.lines.slice(before, oldFrom);
  if (middle.length === 1 && oldFrom === before + 1) {
    // Typing on one line: the line list is the previous one with that line replaced (copying it on every keystroke
    // showed in profiles), and the offsets below move by the characters typed, a shift left pending. One pending for
    // another line is applied first.
    const lines = previous.lines;
    lines[before] = middle[0];
    const onPending = previous.shift === 0 || previous.shiftFrom === oldFrom;
    const shift = (onPending ? previous.shift : 0) + charDelta;
    return { text, lines, starts: onPending ? previous.starts : shiftedStarts(previous), shiftFrom: oldFrom, shift, hasCR, before, from, delta: 0, replaced };
  }
  const oldStarts = shiftedStarts(previous);
  const starts = oldStarts.slice(0, before + 1);
  pushStarts(text, middle, start, starts);
  const below = oldStarts.slice(oldFrom);
  if (charDelta !== 0) for (let i = 0; i < below.length; i++) below[i] += charDelta;
  const lines = previous.lines.slice(0, before).concat(middle, previous.lines.slice(oldFrom));
  return { text, lines, starts: starts.concat(below), shiftFrom: 0, shift: 0, hasCR, before, from, delta: lines.length - lineCount, replaced };
}
