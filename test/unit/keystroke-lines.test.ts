// Splitting an edited text from the split before the edit gives exactly the lines (and line starts) of a
// fresh split, whatever the edit and the line endings, and says which lines it kept.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { lineStarts } from '../../server/src/core/fixes';
import { linesOf, shiftedStarts, type TextLines } from '../../server/src/core/lines';
import { Rng } from '../../bench/rng';

const fresh = (text: string) => text.split(/\r\n|\r|\n/);

/** Splits `after` from `previous` and checks the result against a fresh split. */
function checkEdit(previous: TextLines, after: string): TextLines {
  const edited = linesOf(after, previous);
  const what = `${JSON.stringify(previous.text)} → ${JSON.stringify(after)}`;
  assert.deepEqual(edited.lines, fresh(after), what);
  assert.deepEqual(shiftedStarts(edited), lineStarts(after), what);
  assert.equal(edited.delta, edited.lines.length - previous.lines.length, what);
  assert.equal(edited.hasCR, after.includes('\r'), what);
  for (let i = 0; i < edited.before; i++) assert.equal(edited.lines[i], previous.lines[i], what);
  for (let i = edited.from; i < edited.lines.length; i++) assert.equal(edited.lines[i], previous.lines[i - edited.delta], what);
  return edited;
}

function check(before: string, after: string): void {
  const previous = linesOf(before, null);
  assert.deepEqual(previous.lines, fresh(before));
  assert.deepEqual(shiftedStarts(previous), lineStarts(before));
  checkEdit(previous, after);
}

describe('linesOf an edited text', () => {
  it('keeps the lines above and below a keystroke and splits only the edited line', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `- KR${i}: Raise the weekly share of returning cooks from 20% to 35%`);
    const before = lines.join('\n');
    lines[1200] += 'x';
    const previous = linesOf(before, null);
    const edited = linesOf(lines.join('\n'), previous);
    assert.deepEqual(edited.lines, lines);
    assert.equal(edited.before, 1200);
    assert.equal(edited.from, 1201);
    assert.equal(edited.lines[0], previous.lines[0]);
    assert.equal(edited.lines[1999], previous.lines[1999]);
  });

  it('a line break typed or removed next to a heading leaves the heading out of the edited lines', () => {
    for (const [before, after] of [
      ['- KR1: Ship\n## O2: Next', '- KR1: Ship\n\n## O2: Next'],
      ['- KR1: Ship\n\n## O2: Next', '- KR1: Ship\n## O2: Next'],
    ]) {
      const edited = linesOf(after, linesOf(before, null));
      assert.equal(edited.lines[edited.from], '## O2: Next');
    }
  });

  it('an unchanged text has no edited line', () => {
    const previous = linesOf('one\ntwo', null);
    const same = linesOf('one\ntwo', previous);
    assert.equal(same.before, 2);
    assert.equal(same.from, 2);
  });

  it('at the first and the last line, and when everything or nothing changes', () => {
    for (const [a, b] of [
      ['one\ntwo\nthree', 'xone\ntwo\nthree'],
      ['one\ntwo\nthree', 'one\ntwo\nthreex'],
      ['one\ntwo\nthree\n', 'one\ntwo\nthree\nx'],
      ['one\ntwo', 'one\ntwo'],
      ['', 'a\nb'],
      ['a\nb', ''],
      ['a\nb', 'c\r\nd\re'],
      ['\n\n', '\n'],
    ]) check(a, b);
  });

  it('lines inserted and deleted, and line breaks typed, joined and removed', () => {
    for (const [a, b] of [
      ['a\nb\nc', 'a\nc'],
      ['a\nb\nc', 'a\nb\nb\nc'],
      ['a\nb\nc', 'a\nbc'],
      ['a\nbc', 'a\nb\nc'],
      ['a\nb\nb\nb\nc', 'a\nb\nb\nc'],
      ['same\nsame\nsame', 'same\nsame'],
    ]) check(a, b);
  });

  it('CRLF and lone CR: a CR and an LF typed apart or together become one line break or two, as a fresh split reads them', () => {
    for (const [a, b] of [
      ['a\r\nb\r\nc', 'a\r\nbx\r\nc'],
      ['a\rb', 'a\r\nb'],
      ['a\nb', 'a\r\nb'],
      ['a\r\nb', 'a\rb'],
      ['a\r\nb', 'a\nb'],
      ['a\r\nb', 'a\r\r\nb'],
      ['a\r\nb', 'a\r\n\nb'],
      ['a\rb\rc', 'a\r\nb\rc'],
      ['a\r', 'a\r\n'],
      ['a\r\n', 'a\r'],
      ['\r\n\r\n', '\r\n\n'],
    ]) check(a, b);
  });

  it('matches a fresh split over random edits of random texts made of a few characters', () => {
    const rng = new Rng(42);
    const random = (n: number) => rng.int(0, n - 1);
    const alphabet = ['a', 'b', '\n', '\r', '\r\n', '#'];
    const text = (n: number) => Array.from({ length: n }, () => alphabet[random(alphabet.length)]).join('');
    let previous: TextLines = linesOf(text(40), null);
    for (let i = 0; i < 3000; i++) {
      const at = random(previous.text.length + 1);
      const removed = random(4);
      const after = previous.text.slice(0, at) + text(random(4)) + previous.text.slice(at + removed);
      previous = checkEdit(previous, after);
    }
  });

  it('typing on one line, then another, then undoing: the offsets below are shifted only when an edit elsewhere needs them', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i}`);
    let previous: TextLines = linesOf(lines.join('\n'), null);
    const type = (line: number, typed: string) => {
      lines[line] = lines[line] + typed;
      const edited = checkEdit(previous, lines.join('\n'));
      const sameLine = previous.shift === 0 || previous.shiftFrom === line + 1;
      // Typing on the line of the pending shift (or with none pending) keeps the offsets array as it was.
      assert.equal(edited.starts === previous.starts, sameLine, `line ${line}`);
      previous = edited;
    };
    for (const typed of ['a', 'b', 'é', '🚀']) type(150, typed);
    type(20, 'x'); // an edit above: the pending shift is applied first
    type(20, 'y');
    lines[20] = lines[20].slice(0, -2);
    previous = checkEdit(previous, lines.join('\n')); // undone: no shift is left pending
    assert.equal(previous.shift, 0);
    type(199, 'z');
  });

  it('finds long unchanged starts and ends that are not whole chunks', () => {
    const long = 'x'.repeat(5000) + '\n' + 'y'.repeat(3001);
    check(long, long.slice(0, 4321) + 'z' + long.slice(4321));
    check(long, long.slice(0, 4999) + long.slice(5000));
    check(long, long + '\n');
  });
});
