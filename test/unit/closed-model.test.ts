// The compact model the language server keeps for files nobody has open: it must answer every workspace-wide
// question (cascade, references, navigation) exactly like the full model does.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { buildTree } from '../../server/src/core/cascade';
import { parseOkr } from '../../server/src/core/parse';
import { OkrWorkspace } from '../../server/src/core/workspace';
import { closedModel } from '../../server/src/lsp/closedModel';

const company = `---
id: company
team: Acme
period: 2026-Q1
---
## O1: Customers love us
- KR1: Increase NPS from 30 to 50
  - 2026-01-15: 38 (confidence 70%) holiday dip
- KR2: Increase repeat rate from 10% to 20%
  - current: 15%
`;
const team = (id: string) => `---
id: ${id}
team: ${id}
parent: company
period: 2026-Q1
---
## O1: Buying again is obvious
Aligns: company#O1.KR1
- KR1: Increase reorders from 10% to 20%
  - current: 18%
- [x] KR2: Ship the reorder button
`;

function workspace(model: (path: string, text: string) => ReturnType<typeof parseOkr>): OkrWorkspace {
  const ws = new OkrWorkspace();
  const files: Record<string, string> = { '/ws/company.okr.md': company, '/ws/a.okr.md': team('a'), '/ws/b.okr.md': team('b') };
  for (const [path, text] of Object.entries(files)) ws.set(path, model(path, text));
  return ws;
}

describe('closed-file model', () => {
  const full = workspace((path, text) => parseOkr(text, { fileName: path, engine: 'lines' }));
  const closed = workspace(closedModel);

  it('gives the same cascade, values, check-ins and roll-up as the full model', () => {
    assert.deepEqual(buildTree(closed), buildTree(full));
  });

  it('keeps the ranges that definitions, symbols, references and renames use', () => {
    for (const path of full.paths()) {
      const a = full.get(path)!;
      const b = closed.get(path)!;
      assert.deepEqual(b.frontMatter?.entries.find((e) => e.key === 'id')?.valueRange, a.frontMatter?.entries.find((e) => e.key === 'id')?.valueRange);
      assert.deepEqual(b.parent?.range, a.parent?.range);
      a.objectives.forEach((o, i) => {
        const c = b.objectives[i];
        assert.deepEqual([c.range, c.headingRange, c.idRange, c.aligns.map((r) => r.range)], [o.range, o.headingRange, o.idRange, o.aligns.map((r) => r.range)]);
        o.krs.forEach((kr, j) => assert.deepEqual([c.krs[j].range, c.krs[j].lineRange, c.krs[j].idRange], [kr.range, kr.lineRange, kr.idRange]));
      });
    }
  });

  it('resolves references across files like the full model', () => {
    const ref = closed.get('/ws/a.okr.md')!.objectives[0].aligns[0];
    const resolved = closed.resolve(ref, '/ws/a.okr.md')!;
    assert.equal(resolved.path, '/ws/company.okr.md');
    assert.equal(resolved.kr?.id, 'KR1');
    assert.deepEqual(closed.alignedTo('company', 'O1', 'KR1').map((a) => a.path), ['/ws/a.okr.md', '/ws/b.okr.md']);
  });

  it('shares one object per distinct range between files of the same shape', () => {
    const a = closed.get('/ws/a.okr.md')!.objectives[0];
    const b = closed.get('/ws/b.okr.md')!.objectives[0];
    assert.equal(a.headingRange, b.headingRange);
    assert.equal(a.krs[1].lineRange, b.krs[1].lineRange);
    assert.equal(a.aligns[0].range, b.aligns[0].range);
  });
});
