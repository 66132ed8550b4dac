// Property-based fuzzing with a fixed seed and a small budget (a few seconds); `npm run fuzz`
// runs the same properties over 100,000+ documents.
import { test } from 'node:test';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { checkDocument, mutatedDocument, randomDocument } from '../../bench/fuzz-properties';
import { generateOkrFile } from '../../bench/gen-corpus';
import { Rng } from '../../bench/rng';

const SEED = 20260101;

test('random OKR-ish text: parse, rules, progress and fixes keep every property', () => {
  fc.assert(
    fc.property(randomDocument, (text) => {
      checkDocument(text);
    }),
    { seed: SEED, numRuns: 500 },
  );
});

test('mutated valid OKR files: parse, rules, progress and fixes keep every property', () => {
  fc.assert(
    fc.property(mutatedDocument, (text) => {
      checkDocument(text);
    }),
    { seed: SEED, numRuns: 80 },
  );
});

test('unmutated generated files keep every property, and their fixes are exercised', () => {
  let fixes = 0;
  fc.assert(
    fc.property(fc.integer(), (seed) => {
      const unit = { id: 'fuzzed', title: 'Fuzzed', owner: 'Ana Berg', parent: { id: 'company', objectives: [4, 4, 4] } };
      fixes += checkDocument(generateOkrFile(new Rng(seed), unit, { problems: 3 }).text).fixesChecked;
    }),
    { seed: SEED, numRuns: 30 },
  );
  // The properties about fixes only mean something if the corpus produces fixable findings.
  assert.ok(fixes > 0, 'no fix was offered on 30 generated files: the fix properties were never exercised');
});

test('regressions found by npm run fuzz keep every property', () => {
  for (const text of [
    // YAML error at the end of the front matter: its range ended one column past the line
    '---\na: 1\nb: [\n---\n',
    // duplicate-kr's "Remove" fix for a last KR with data lines put the last line's length on the first line
    '## O1: Make onboarding effortless\n\n- KR1: Raise NPS from 20 to 30\n- KR2: Raise NPS from 20 to 30\n  - 2026-01-14: 22 — a check-in note longer than the key result above it',
  ]) {
    checkDocument(text);
  }
});
