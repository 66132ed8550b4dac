import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/core/fixes';
import { parseOkr } from '../../server/src/core/parse';
import { formatScore, nextPeriod, scorePeriodEdits, startNextPeriodEdits } from '../../server/src/core/periods';

const GROWTH = `---
team: Growth
period: 2026-Q4
---

# Growth — 2026-Q4

## O1: Make reordering feel effortless

- KR1: Increase the reorder rate from 11% to 18%
  - confidence: 70%
  - 2026-10-14: 11.8%
  - 2026-11-18: 15.9% (confidence 0.8) — reminders
- KR2: Grow weekly active recipe savers to 5,000
  - current: 3,100
- [x] KR3: Launch one-click reorder
  - confidence: 0.8
- KR4: Keep p95 latency below 400ms
  - 2026-11-17: 340ms
`;

describe('nextPeriod', () => {
  it('moves quarters, halves, years and date ranges forward', () => {
    assert.equal(nextPeriod('2026-Q3'), '2026-Q4');
    assert.equal(nextPeriod('2026-Q4'), '2027-Q1');
    assert.equal(nextPeriod('2026-H1'), '2026-H2');
    assert.equal(nextPeriod('2026-H2'), '2027-H1');
    assert.equal(nextPeriod('2026'), '2027');
    assert.equal(nextPeriod('2026-01-01..2026-03-31'), '2026-04-01..2026-06-29');
    assert.equal(nextPeriod('someday'), null);
    assert.equal(nextPeriod('2026-03-31..2026-01-01'), null);
  });
});

describe('startNextPeriodEdits', () => {
  it('sets baselines to current values, clears check-ins and current values, reopens milestones', () => {
    const { edits, period } = startNextPeriodEdits(parseOkr(GROWTH), GROWTH);
    assert.equal(period, '2027-Q1');
    assert.equal(
      applyEdits(GROWTH, edits),
      `---
team: Growth
period: 2027-Q1
---

# Growth — 2027-Q1

## O1: Make reordering feel effortless

- KR1: Increase the reorder rate from 15.9% to 18%
  - confidence: 70%
- KR2: Grow weekly active recipe savers from 3,100 to 5,000
- [ ] KR3: Launch one-click reorder
  - confidence: 0.8
- KR4: Keep p95 latency below 400ms
`,
    );
  });

  it('keeps CRLF line endings and changes nothing without a period or values', () => {
    const text = '## O1: Be loved\r\n\r\n- KR1: Increase NPS from 30 to 45\r\n';
    const { edits, period } = startNextPeriodEdits(parseOkr(text), text);
    assert.equal(period, null);
    assert.equal(applyEdits(text, edits), text);
  });
});

describe('scorePeriodEdits', () => {
  it('writes each KR score in the file scale and a results section, and scoring twice changes nothing more', () => {
    const edits = scorePeriodEdits(parseOkr(GROWTH), GROWTH, '2026-12-31');
    const scored = applyEdits(GROWTH, edits);
    // KR1 (15.9 − 11) / (18 − 11) = 0.7; KR2 3,100 of 5,000 from 0 = 0.62 → 0.6; KR3 done = 1; KR4 holds = 1.
    assert.match(scored, /- KR1: Increase the reorder rate from 11% to 18%\n(?:  - .*\n){3}  - score: 0\.7\n- KR2/);
    assert.match(scored, /  - current: 3,100\n  - score: 0\.6\n/);
    assert.match(scored, /  - confidence: 0\.8\n  - score: 1\.0\n/);
    assert.match(scored, /  - 2026-11-17: 340ms\n  - score: 1\.0\n\n## Period results\n\nScored on 2026-12-31 for 2026-Q4 \(scoring 0-1\): overall 0\.8\.\n/);
    assert.match(scored, /\| O1: Make reordering feel effortless \| 0\.8 \| KR1 0\.7 · KR2 0\.6 · KR3 1\.0 · KR4 1\.0 \|\n$/);
    const again = applyEdits(scored, scorePeriodEdits(parseOkr(scored), scored, '2026-12-31'));
    assert.equal(again, scored);
  });

  it('uses the file scoring scale', () => {
    assert.equal(formatScore(0.7, 'percent'), '70%');
    assert.equal(formatScore(0.7, '1-4'), '3.1');
    assert.equal(formatScore(0.66, '0-1'), '0.7');
  });
});
