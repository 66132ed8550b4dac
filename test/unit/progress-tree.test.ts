// The Progress view's nodes (client/src/tree/nodes.ts): nesting by cascade, filters, stable ids.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildNodes, filterChoices, type ProgressNode } from '../../client/src/tree/nodes';
import { formatPercent } from '../../server/src/render/format';
import { kr, objective, unit } from '../support/cascade-trees';

const company = unit({
  id: 'company',
  title: 'Acme',
  owner: 'Maria',
  children: ['growth'],
  objectives: [objective({ id: 'O1', title: 'Grow', krs: [kr({ id: 'KR1', text: 'Increase ARR from $8M to $12M', band: 'on-track', progress: 0.8 })] })],
});
const growth = unit({
  id: 'growth',
  title: 'Growth',
  parent: 'company',
  period: '2026-Q2',
  objectives: [
    objective({
      id: 'O1',
      title: 'Reorders',
      krs: [
        kr({ id: 'KR1', text: 'Increase reorders from 11% to 18%', band: 'on-track', progress: 0.7 }),
        kr({ id: 'KR2', text: 'Raise click-through from 4% to 9%', band: 'off-track', progress: 0.2, owner: 'Janet' }),
      ],
    }),
    objective({ id: 'O1', title: 'Repeated id', krs: [kr({ id: 'KR1', text: 'a' }), kr({ id: 'KR1', text: 'b' })] }),
  ],
});

const labels = (nodes: ProgressNode[]): string[] =>
  nodes.flatMap((node) => [
    node.kind === 'unit' ? node.unit.id : node.kind === 'objective' ? node.objective.id : node.kr.id,
    ...labels(node.children).map((child) => `  ${child}`),
  ]);

describe('Progress view nodes', () => {
  it('nests units under their parent, objectives first', () => {
    assert.deepEqual(labels(buildNodes({ units: [growth, company] })), ['company', '  O1', '    KR1', '  growth', '    O1', '      KR1', '      KR2', '    O1', '      KR1', '      KR1']);
  });

  it('gives repeated ids distinct, stable node ids', () => {
    const ids = (nodes: ProgressNode[]): string[] => nodes.flatMap((node) => [node.id, ...ids(node.children)]);
    const all = ids(buildNodes({ units: [company, growth] }));
    assert.equal(new Set(all).size, all.length);
    assert.deepEqual(all, ids(buildNodes({ units: [company, growth] })));
    assert.ok(all.includes('objective:/ws/growth.okr.md#O1~2') && all.includes('kr:/ws/growth.okr.md#O1~2.KR1~2'));
  });

  it('shows a unit whose parent is unknown at the top, and each unit of a cycle once', () => {
    const a = unit({ id: 'a', title: 'A', parent: 'b', children: ['b'] });
    const b = unit({ id: 'b', title: 'B', parent: 'a', children: ['a'] });
    const orphan = unit({ id: 'orphan', title: 'Orphan', parent: 'missing' });
    assert.deepEqual(labels(buildNodes({ units: [a, b, orphan] })), ['orphan', 'a', '  b']);
  });

  it('filters to at-risk KRs, keeping the path to them', () => {
    assert.deepEqual(labels(buildNodes({ units: [company, growth] }, { atRiskOnly: true })), ['company', '  growth', '    O1', '      KR2']);
  });

  it('filters by owner (unit, objective or KR owner, or the unit id) and by period', () => {
    assert.deepEqual(labels(buildNodes({ units: [company, growth] }, { owner: 'janet' })), ['company', '  growth', '    O1', '      KR2']);
    assert.deepEqual(labels(buildNodes({ units: [company, growth] }, { owner: 'Maria' })), ['company', '  O1', '    KR1']);
    assert.equal(labels(buildNodes({ units: [company, growth] }, { owner: 'growth' })).length, 8);
    assert.deepEqual(labels(buildNodes({ units: [company, growth] }, { period: '2026-Q1' })), ['company', '  O1', '    KR1']);
    assert.deepEqual(buildNodes({ units: [company, growth] }, { period: '2030' }), []);
  });

  it('lists the periods and owners to filter by, and formats progress', () => {
    assert.deepEqual(filterChoices({ units: [company, growth] }), { periods: ['2026-Q1', '2026-Q2'], owners: ['company', 'growth', 'Janet', 'Maria'] });
    assert.equal(formatPercent(null), '—');
    assert.equal(formatPercent(0.666), '67%');
  });

  it('handles 500 units in a deep chain without recursion limits or repeats', () => {
    const chain = Array.from({ length: 500 }, (_, i) => unit({ id: `u${i}`, title: `U${i}`, parent: i ? `u${i - 1}` : null, children: i < 499 ? [`u${i + 1}`] : [] }));
    let depth = 0;
    for (let nodes = buildNodes({ units: chain }); nodes.length; nodes = nodes[0].children) depth++;
    assert.equal(depth, 500);
  });
});
