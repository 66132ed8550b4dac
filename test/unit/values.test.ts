// Numbers, units, confidences and every KR movement form of the format design.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { compatibleUnits, convertValue, findQuantities, parseConfidence, parseMetric, parseQuantity } from '../../server/src/core/values';

describe('parseQuantity', () => {
  const cases: Array<[string, number, string | null]> = [
    ['9%', 9, '%'],
    ['0.45%', 0.45, '%'],
    ['1,200', 1200, null],
    ['12,345,678.5', 12345678.5, null],
    ['2.5k', 2500, null],
    ['$1.2M', 1_200_000, '$'],
    ['$1.2m', 1_200_000, '$'],
    ['€38', 38, '€'],
    ['38€', 38, '€'],
    ['£9k', 9000, '£'],
    ['1.1bn', 1_100_000_000, null],
    ['450ms', 450, 'ms'],
    ['450 ms', 450, 'ms'],
    ['3.2s', 3.2, 's'],
    ['30min', 30, 'min'],
    ['5m', 5, 'min'],
    ['2h', 2, 'h'],
    ['14 days', 14, 'days'],
    ['3 weeks', 3, 'weeks'],
    ['2.1x', 2.1, 'x'],
    ['8 pts', 8, 'pts'],
    ['8 points', 8, 'pts'],
    ['1.5pp', 1.5, 'pp'],
    ['4.1/5', 4.1, '/5'],
    ['-3', -3, null],
    ['120 users', 120, 'users'],
  ];
  for (const [text, value, unit] of cases) {
    it(`${text} → ${value} ${unit ?? ''}`, () => {
      const q = parseQuantity(text);
      assert.ok(q, text);
      assert.equal(q.value, value);
      assert.equal(q.unit, unit);
    });
  }

  it('keeps the tolerance of a ± range', () => {
    const q = parseQuantity('40% ±5%')!;
    assert.deepEqual([q.value, q.unit, q.tolerance], [40, '%', 5]);
  });

  it('rejects text that is not a single quantity', () => {
    for (const text of ['about half', '', '   ', 'n/a', 'Q3', 'KR2']) assert.equal(parseQuantity(text), null, text);
  });

  it('gives ranges in the text, offset by the start position', () => {
    const q = parseQuantity('  $1.2M', { line: 4, character: 10 })!;
    assert.deepEqual(q.range, { start: { line: 4, character: 12 }, end: { line: 4, character: 17 } });
    assert.equal(q.raw, '$1.2M');
  });

  it('does not take ids, quarters and dates for values', () => {
    assert.deepEqual(findQuantities('KR2 of O1 in Q3 2026, due 2026-03-31, H2').map((f) => f.quantity.raw), []);
  });
});

describe('parseConfidence', () => {
  const cases: Array<[string, number, boolean]> = [
    ['70%', 0.7, true],
    ['0.4', 0.4, true],
    ['1', 1, true],
    ['7/10', 0.7, true],
    ['170%', 1.7, false],
    ['5', 5, false],
    ['-0.2', -0.2, false],
  ];
  for (const [text, value, valid] of cases) {
    it(`${text} → ${value} (${valid ? 'valid' : 'invalid'})`, () => {
      const c = parseConfidence(text)!;
      assert.equal(c.value, value);
      assert.equal(c.valid, valid);
      assert.equal(c.raw, text);
    });
  }
  it('words are invalid', () => {
    assert.equal(parseConfidence('high')!.valid, false);
  });
});

describe('parseMetric', () => {
  type Expect = {
    form: string;
    direction: string | null;
    baseline?: number;
    target?: number;
    change?: number;
    factor?: number;
    unit?: string | null;
  };
  const cases: Array<[string, Expect]> = [
    ['Decrease refund rate from 0.5% to 0.2%', { form: 'from-to', direction: 'decrease', baseline: 0.5, target: 0.2, unit: '%' }],
    ['Increase repeat purchase rate from 5% to 15%', { form: 'from-to', direction: 'increase', baseline: 5, target: 15, unit: '%' }],
    ['Cut p95 latency 450ms → 300ms', { form: 'from-to', direction: 'decrease', baseline: 450, target: 300, unit: 'ms' }],
    ['Grow ARR $1.2M -> $2.5M', { form: 'from-to', direction: 'increase', baseline: 1.2e6, target: 2.5e6, unit: '$' }],
    ['Repeat purchase rate: 24% → 8%', { form: 'from-to', direction: 'decrease', baseline: 24, target: 8, unit: '%' }],
    ['Improve response time from 2h to 30min', { form: 'from-to', direction: 'decrease', baseline: 2, target: 30, unit: 'min' }],
    ['Reduce p95 from 450ms to below 300ms', { form: 'from-to', direction: 'decrease', baseline: 450, target: 300, unit: 'ms' }],
    ['Increase the support score from 4.1/5', { form: 'from-to', direction: 'increase', baseline: 4.1, unit: '/5' }],
    ['Increase weekly active users to 12,000', { form: 'to', direction: 'increase', target: 12000, unit: null }],
    ['Reduce the median first response time to 2h', { form: 'to', direction: 'decrease', target: 2, unit: 'h' }],
    ['Increase conversion by 20%', { form: 'by', direction: 'increase', change: 20, unit: null }],
    ['Raise gross margin by 4 pp (from 41%)', { form: 'by', direction: 'increase', baseline: 41, change: 4, unit: '%' }],
    ['Improve NPS by 8 points (from 35)', { form: 'by', direction: 'increase', baseline: 35, change: 8, unit: 'pts' }],
    ['Reduce cost per acquired customer by 15% (from €38)', { form: 'by', direction: 'decrease', baseline: 38, change: 15, unit: '€' }],
    ['Keep uptime ≥ 99.9%', { form: 'threshold', direction: 'at-least', target: 99.9, unit: '%' }],
    ['Maintain uptime above 99.95%', { form: 'threshold', direction: 'at-least', target: 99.95 }],
    ['Keep on-time delivery at least 95%', { form: 'threshold', direction: 'at-least', target: 95 }],
    ['Keep the chargeback rate under 0.3%', { form: 'threshold', direction: 'at-most', target: 0.3 }],
    ['Keep monthly cloud spend ≤ €42k', { form: 'threshold', direction: 'at-most', target: 42000, unit: '€' }],
    ['Stay at most 2 incidents per month', { form: 'threshold', direction: 'at-most', target: 2 }],
    ['p95 latency under 300ms', { form: 'threshold', direction: 'at-most', target: 300, unit: 'ms' }],
    ['Reduce churn below 2%', { form: 'threshold', direction: 'decrease', target: 2 }],
    ['Grow weekly revenue above $50k', { form: 'threshold', direction: 'increase', target: 50000 }],
    ['Keep forecast error within ±12%', { form: 'threshold', direction: 'at-most', target: 12, unit: '%' }],
    ['Double weekly active recipe savers (from 2.5k)', { form: 'multiplier', direction: 'increase', baseline: 2500, factor: 2 }],
    ['Halve time to restore service (from 3h)', { form: 'multiplier', direction: 'decrease', baseline: 3, factor: 0.5, unit: 'h' }],
    ['Triple repeat wholesale orders per month from 14', { form: 'multiplier', direction: 'increase', baseline: 14, factor: 3 }],
    ['Double weekly orders', { form: 'multiplier', direction: 'increase', factor: 2 }],
    ['Sign a retail partnership with a national chain', { form: 'none', direction: null }],
    ['Ship v2 by March 2026', { form: 'none', direction: null }],
  ];
  for (const [text, e] of cases) {
    it(text, () => {
      const m = parseMetric(text);
      assert.equal(m.form, e.form);
      assert.equal(m.direction, e.direction);
      if ('baseline' in e) assert.equal(m.baseline?.value, e.baseline);
      else assert.equal(m.baseline, null);
      if ('target' in e) assert.equal(m.target?.value, e.target);
      else assert.equal(m.target, null);
      if ('change' in e) assert.equal(m.change?.value, e.change);
      if ('factor' in e) assert.equal(m.factor, e.factor);
      if ('unit' in e) assert.equal(m.unit, e.unit);
    });
  }

  it('ranges point at the numbers in the document', () => {
    const m = parseMetric('Cut cost from €38 to €30', { line: 7, character: 8 });
    assert.deepEqual(m.baseline!.range, { start: { line: 7, character: 22 }, end: { line: 7, character: 25 } });
    assert.deepEqual(m.target!.range, { start: { line: 7, character: 29 }, end: { line: 7, character: 32 } });
  });
});

describe('unit conversion', () => {
  it('converts durations and treats pp as %', () => {
    assert.equal(convertValue(parseQuantity('0.4s')!, 'ms'), 400);
    assert.equal(convertValue(parseQuantity('90 min')!, 'h'), 1.5);
    assert.equal(convertValue(parseQuantity('2pp')!, '%'), 2);
    assert.equal(convertValue(parseQuantity('$3')!, '€'), null);
    assert.ok(compatibleUnits('s', 'days'));
    assert.ok(!compatibleUnits('%', '$'));
  });
});
