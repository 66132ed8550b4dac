// Progress maths: KR, objective and unit progress and the grading bands.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Scoring } from '../../server/src/core/model';
import { parseOkr } from '../../server/src/core/parse';
import { bandOf, krProgress, objectiveProgress, targetValue, unitProgress } from '../../server/src/core/progress';

/** Progress of the single KR written as `item` (a list item with its nested data). */
function progressOf(item: string, scoring: Scoring = '0-1'): number | null {
  const doc = parseOkr(`---\nscoring: ${scoring}\n---\n## O1: x\n${item}\n`);
  return krProgress(doc.objectives[0].krs[0], doc.scoring);
}

const close = (actual: number | null, expected: number) => {
  assert.ok(actual !== null, 'expected a number, got null');
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≠ ${expected}`);
};

describe('krProgress', () => {
  it('metric increase: (current − baseline) / (target − baseline)', () => {
    close(progressOf('- Increase rate from 5% to 15%\n  - current: 9%'), 0.4);
  });
  it('metric decrease', () => {
    close(progressOf('- Decrease refund rate from 0.5% to 0.2%\n  - 2026-01-14: 0.45%\n  - 2026-02-01: 0.35%'), 0.5);
  });
  it('clamps below 0 and above 1', () => {
    close(progressOf('- Increase rate from 5% to 15%\n  - current: 3%'), 0);
    close(progressOf('- Increase rate from 5% to 15%\n  - current: 40%'), 1);
    close(progressOf('- Reduce p95 latency 450ms → 300ms\n  - current: 200ms'), 1);
  });
  it('converts durations written in another unit', () => {
    close(progressOf('- Reduce p95 latency 450ms → 300ms\n  - current: 0.4s'), 1 / 3);
  });
  it('no value yet is not started (null), not 0', () => {
    assert.equal(progressOf('- Increase rate from 5% to 15%'), null);
  });
  it('milestones are 0 or 1', () => {
    assert.equal(progressOf('- [ ] Sign the partnership'), 0);
    assert.equal(progressOf('- [x] Sign the partnership'), 1);
  });
  it('an explicit score wins, in the file scale', () => {
    close(progressOf('- [ ] Sign it\n  - score: 0.6'), 0.6);
    close(progressOf('- Increase rate from 5% to 15%\n  - current: 15%\n  - score: 0.3'), 0.3);
    close(progressOf('- Increase x from 1 to 2\n  - score: 3', '1-4'), 2 / 3);
    close(progressOf('- Increase x from 1 to 2\n  - score: 70', 'percent'), 0.7);
    close(progressOf('- Increase x from 1 to 2\n  - score: 70%'), 0.7);
    close(progressOf('- Increase x from 1 to 2\n  - score: 1.4'), 1);
  });
  it('stay KRs: 1 while the latest value holds the threshold, else 0', () => {
    assert.equal(progressOf('- Keep uptime ≥ 99.9%\n  - current: 99.95%'), 1);
    assert.equal(progressOf('- Keep uptime ≥ 99.9%\n  - 2026-01-05: 99.95%\n  - 2026-02-05: 99.7%'), 0);
    assert.equal(progressOf('- Keep spend ≤ €42k\n  - current: €40,800'), 1);
    assert.equal(progressOf('- Keep spend ≤ €42k\n  - current: €43k'), 0);
  });
  it('`by` forms derive the target from the baseline', () => {
    const doc = parseOkr('## O1: x\n- Raise margin by 4 pp (from 41%)\n  - current: 43%\n- Cut reruns by 50% (from 120)\n  - current: 90\n- Increase conversion by 20% (from 5%)\n');
    const [pp, relative, relativeOfPercent] = doc.objectives[0].krs;
    assert.equal(targetValue(pp), 45);
    close(krProgress(pp), 0.5);
    assert.equal(targetValue(relative), 60);
    close(krProgress(relative), 0.5);
    close(targetValue(relativeOfPercent)!, 6);
  });
  it('double / halve / triple derive the target', () => {
    close(progressOf('- Double weekly orders (from 1,200)\n  - current: 1,800'), 0.5);
    close(progressOf('- Halve onboarding time from 4 days\n  - current: 3 days'), 0.5);
  });
  it('without a baseline: the first check-in, else 0 for an increase', () => {
    close(progressOf('- Reduce churn to 2%\n  - 2026-01-05: 4%\n  - 2026-02-05: 3%'), 0.5);
    close(progressOf('- Grow weekly savers to 5,000\n  - current: 3,100'), 0.62);
    assert.equal(progressOf('- Reduce churn to 2%\n  - current: 3%'), null);
    assert.equal(progressOf('- Reduce churn to 2%\n  - current: 1.5%'), 1);
  });
  it('a KR with no target has no progress', () => {
    assert.equal(progressOf('- Increase the score from 4.1/5\n  - current: 4.3/5'), null);
    assert.equal(progressOf('- Make customers happier\n  - current: 5'), null);
  });
});

describe('objective and unit progress', () => {
  const doc = parseOkr(`## O1: Weighted
- Increase a from 0 to 10
  - current: 10
  - weight: 3
- Increase b from 0 to 10
  - current: 0
- Increase c from 0 to 10
  - weight: 0

## O2: Not started
- Increase d from 0 to 10

## O3: Half not started
Weight: 2
- Increase e from 0 to 10
  - current: 10
- Increase f from 0 to 10

## O4: No key results
`);
  const [o1, o2, o3, o4] = doc.objectives;

  it('is the weighted mean of the KRs; weight 0 leaves a KR out', () => {
    close(objectiveProgress(o1), 0.75);
  });
  it('is null when no KR has started, and counts not-started KRs as 0 otherwise', () => {
    assert.equal(objectiveProgress(o2), null);
    close(objectiveProgress(o3), 0.5);
    assert.equal(objectiveProgress(o4), null);
  });
  it('accepts substituted KR values (the cascade roll-up)', () => {
    close(objectiveProgress(o2, '0-1', () => 0.2), 0.2);
  });
  it('the unit is the weighted mean of objectives with KRs', () => {
    // (0.75·1 + 0·1 + 0.5·2) / 4; O4 has no KRs and is left out
    close(unitProgress(doc), (0.75 + 0 + 1) / 4);
    assert.equal(unitProgress(parseOkr('## O1: x\n- Increase a from 1 to 2\n')), null);
  });
});

describe('bandOf', () => {
  it('≥ 0.7 on track, 0.4–0.7 at risk, below 0.4 off track, null not started', () => {
    assert.deepEqual([1, 0.7, 0.69, 0.4, 0.39, 0, null].map(bandOf), ['on-track', 'on-track', 'at-risk', 'at-risk', 'off-track', 'off-track', 'not-started']);
  });
});
