// The one edit function: LSP positions, CRLF, overlapping edits, and fix-all's safe-only rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, fixAll } from '../../server/src/core/fixes';

const at = (line: number, character: number) => ({ line, character });
const edit = (l1: number, c1: number, l2: number, c2: number, newText: string) => ({ range: { start: at(l1, c1), end: at(l2, c2) }, newText });

test('edits apply by LSP position, in any order, on LF and CRLF text', () => {
  assert.equal(applyEdits('ab\ncd\n', [edit(1, 1, 1, 2, 'X'), edit(0, 0, 0, 0, '>')]), '>ab\ncX\n');
  assert.equal(applyEdits('ab\r\ncd\r\n', [edit(1, 0, 1, 0, '['), edit(0, 2, 0, 2, ']')]), 'ab]\r\n[cd\r\n');
  assert.equal(applyEdits('ab\rcd', [edit(1, 0, 1, 1, 'C')]), 'ab\rCd');
});

test('positions past the end clamp to the line end (never into the line break)', () => {
  assert.equal(applyEdits('ab\r\ncd', [edit(0, 99, 0, 99, '!')]), 'ab!\r\ncd');
  assert.equal(applyEdits('ab', [edit(5, 0, 5, 0, '!')]), 'ab!');
});

test('an edit overlapping an earlier one is skipped', () => {
  assert.equal(applyEdits('abcdef', [edit(0, 1, 0, 4, 'X'), edit(0, 2, 0, 5, 'Y')]), 'aXef');
});

test('fixAll applies only safe fixes, each whole or not at all', () => {
  const findings = [
    { ruleId: 'a', fixes: [{ safe: true, edits: [edit(0, 0, 0, 1, 'A'), edit(0, 5, 0, 6, 'F')] }] },
    { ruleId: 'b', fixes: [{ safe: true, edits: [edit(0, 5, 0, 6, 'Z')] }] },
    { ruleId: 'c', fixes: [{ safe: false, edits: [edit(0, 2, 0, 3, 'C')] }] },
  ];
  assert.equal(fixAll('abcdef', findings), 'AbcdeF');
  assert.equal(fixAll('abcdef', findings, (f) => f.ruleId === 'b'), 'abcdeZ');
});

test('property: text outside the edits is preserved', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 60 }), fc.nat(40), fc.nat(40), fc.string({ maxLength: 5 }), (text, a, b, ins) => {
      const [s, e] = a <= b ? [a, b] : [b, a];
      const flat = text.replace(/[\r\n]/g, ' ');
      const out = applyEdits(flat, [edit(0, s, 0, e, ins)]);
      const cs = Math.min(s, flat.length);
      const ce = Math.min(e, flat.length);
      return out === flat.slice(0, cs) + ins + flat.slice(ce);
    }),
    { seed: 42, numRuns: 300 },
  );
});
