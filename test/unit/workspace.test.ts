// The workspace index, reference resolution and the cascade tree with its roll-up.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { buildTree } from '../../server/src/core/cascade';
import { parseOkr } from '../../server/src/core/parse';
import { joinPath, OkrWorkspace } from '../../server/src/core/workspace';

function workspaceOf(files: Record<string, string>): OkrWorkspace {
  const ws = new OkrWorkspace();
  for (const [path, text] of Object.entries(files)) ws.set(path, parseOkr(text, { fileName: path }));
  return ws;
}

const company = `---
team: Acme
period: 2026-Q1
---
## O1: Customers love us
- KR1: Increase NPS from 30 to 50
- KR2: Increase repeat rate from 10% to 20%
  - current: 15%
`;
const product = `---
team: Product
parent: company
---
## O1: Buying again is obvious
Aligns: company#O1.KR1
- Increase reorders from 10% to 20%
  - current: 18%
`;
const growth = `---
parent: ../company.okr.md
---
## O1: Reminders that work
Aligns: [Company KR1](../company.okr.md#O1.KR1)
- Increase clicks from 2% to 4%
  - current: 2.5%
## O2: Unaligned
- [x] Ship the reminder
`;
const files = {
  'okrs/company.okr.md': company,
  'okrs/departments/product.okr.md': product,
  'okrs/teams/growth.okr.md': growth,
};

describe('paths', () => {
  it('joins and folds relative segments', () => {
    assert.equal(joinPath('okrs/teams', '../company.okr.md'), 'okrs/company.okr.md');
    assert.equal(joinPath('/a/b', './c/../d.okr.md'), '/a/b/d.okr.md');
    assert.equal(joinPath('file:///w/teams', '../x.okr.md'), 'file:///w/x.okr.md');
    assert.equal(joinPath('', '../x.okr.md'), '../x.okr.md');
  });
});

describe('OkrWorkspace', () => {
  it('indexes documents by path and unit id, and forgets deleted ones', () => {
    const ws = workspaceOf(files);
    assert.deepEqual(ws.paths(), ['okrs/company.okr.md', 'okrs/departments/product.okr.md', 'okrs/teams/growth.okr.md']);
    assert.deepEqual(ws.docsForUnit('Company'), ['okrs/company.okr.md']);
    const v = ws.version;
    assert.ok(ws.delete('okrs/teams/growth.okr.md'));
    assert.ok(ws.version > v);
    assert.deepEqual(ws.docsForUnit('growth'), []);
    assert.equal(ws.delete('nope'), false);
  });

  it('resolves unit ids, relative paths and Markdown links', () => {
    const ws = workspaceOf(files);
    const growthDoc = ws.get('okrs/teams/growth.okr.md')!;
    const viaLink = ws.resolve(growthDoc.objectives[0].aligns[0], 'okrs/teams/growth.okr.md');
    assert.equal(viaLink?.path, 'okrs/company.okr.md');
    assert.equal(viaLink?.kr?.text, 'Increase NPS from 30 to 50');
    const productDoc = ws.get('okrs/departments/product.okr.md')!;
    const viaId = ws.resolve(productDoc.objectives[0].aligns[0], 'okrs/departments/product.okr.md');
    assert.equal(viaId?.objective?.title, 'Customers love us');
    const broken = parseOkr('## O1: x\nAligns: company#O9, nowhere#O1, company#O1.KR7\n- a').objectives[0].aligns;
    assert.deepEqual(broken.map((r) => ws.resolve(r, 'okrs/x.okr.md')), [null, null, null]);
  });

  it('resolves relative paths between Windows-style keys', () => {
    const ws = workspaceOf({ 'C:\\okrs\\company.okr.md': company, 'C:\\okrs\\teams\\growth.okr.md': growth });
    assert.equal(ws.parentOf('C:\\okrs\\teams\\growth.okr.md'), 'C:\\okrs\\company.okr.md');
  });

  it('knows parents, children and who aligns where; updates when a document changes', () => {
    const ws = workspaceOf(files);
    assert.equal(ws.parentOf('okrs/teams/growth.okr.md'), 'okrs/company.okr.md');
    assert.deepEqual(ws.childrenOf('company').map((c) => ws.outline(c)!.unitId), ['product', 'growth']);
    assert.deepEqual(ws.alignedTo('company', 'O1', 'KR1').map((a) => ws.outline(a.path)!.unitId), ['product', 'growth']);
    assert.deepEqual(ws.alignedTo('company', 'O1').map((a) => ws.outline(a.path)!.unitId), ['product', 'growth']);
    assert.deepEqual(ws.alignedTo('company', 'O1', 'KR2'), []);
    ws.set('okrs/teams/growth.okr.md', parseOkr(growth.replace('O1.KR1', 'O1.KR2'), { fileName: 'growth.okr.md' }));
    assert.deepEqual(ws.alignedTo('company', 'O1', 'KR2').map((a) => ws.outline(a.path)!.unitId), ['growth']);
  });

  it('keeps its cross-file index through an edit other files cannot see, and answers from the new model', () => {
    const ws = workspaceOf(files);
    const before = buildTree(ws);
    const edited = product.replace('current: 18%', 'current: 12%').replace('Buying again is obvious', 'Buying again is easy');
    const [sameV, sameCross] = [ws.version, ws.crossVersion];
    ws.set('okrs/departments/product.okr.md', parseOkr(edited, { fileName: 'product.okr.md' }));
    assert.ok(ws.version > sameV);
    assert.equal(ws.crossVersion, sameCross);
    const aligned = ws.alignedTo('company', 'O1', 'KR1').find((a) => ws.outline(a.path)!.unitId === 'product')!;
    assert.equal(ws.get(aligned.path)!.objectives[aligned.objective].title, 'Buying again is easy');
    const after = buildTree(ws);
    assert.deepEqual(after, buildTree(workspaceOf({ ...files, 'okrs/departments/product.okr.md': edited })));
    assert.notDeepEqual(after.units[0].objectives[0].krs[0].progress, before.units[0].objectives[0].krs[0].progress);
    // An edit that moves a reference rebuilds it.
    ws.set('okrs/departments/product.okr.md', parseOkr(edited.replace('O1.KR1', 'O1.KR2'), { fileName: 'product.okr.md' }));
    assert.ok(ws.crossVersion > sameCross);
    assert.deepEqual(ws.alignedTo('company', 'O1', 'KR2').map((a) => ws.outline(a.path)!.unitId), ['product']);
  });
});

describe('buildTree', () => {
  it('orders units roots first, depth-first, with children ids', () => {
    const ws = workspaceOf({ ...files, 'okrs/teams/checkout.okr.md': '---\nparent: product\n---\n## O1: x\n- [ ] y\n' });
    const tree = buildTree(ws);
    assert.deepEqual(tree.units.map((u) => [u.id, u.parent]), [
      ['company', null],
      ['product', 'company'],
      ['checkout', 'product'],
      ['growth', 'company'],
    ]);
    assert.deepEqual(tree.units[0].children, ['product', 'growth']);
    assert.equal(tree.units[1].file, 'okrs/departments/product.okr.md');
  });

  it('rolls up a KR with no value of its own from the objectives aligned to it', () => {
    const tree = buildTree(workspaceOf(files));
    const [kr1, kr2] = tree.units[0].objectives[0].krs;
    // product O1 = 0.8, growth O1 = 0.25 → KR1 = 0.525
    assert.equal(kr1.rolledUp, true);
    assert.equal(kr1.alignedChildren, 2);
    assert.ok(Math.abs(kr1.progress! - 0.525) < 1e-9);
    assert.equal(kr1.band, 'at-risk');
    assert.equal(kr2.rolledUp, false);
    assert.equal(kr2.progress, 0.5);
    assert.ok(Math.abs(tree.units[0].progress! - (0.525 + 0.5) / 2) < 1e-9);
    assert.equal(tree.units[0].objectives[0].alignedChildren, 2);
  });

  it('writes KR numbers in the KR unit, confidence 0..1 and normalised references', () => {
    const ws = workspaceOf({
      ...files,
      'okrs/teams/ops.okr.md': '---\nparent: company\n---\n## O1: Fast\nAligns: ../company.okr.md#O1\n- Reduce p95 from 450ms to 300ms\n  - confidence: 70%\n  - 2026-01-05: 0.4s (confidence 0.5) — better\n',
    });
    const ops = buildTree(ws).units.find((u) => u.id === 'ops')!;
    assert.deepEqual(ops.objectives[0].aligns, ['company#O1']);
    const kr = ops.objectives[0].krs[0];
    assert.deepEqual(
      [kr.baseline, kr.target, kr.current, kr.unit, kr.direction, kr.confidence, kr.line],
      [450, 300, 400, 'ms', 'decrease', 0.7, 5],
    );
    assert.deepEqual(kr.checkins, [{ date: '2026-01-05', value: 400, confidence: 0.5, note: 'better' }]);
    assert.ok(Math.abs(kr.progress! - 1 / 3) < 1e-9);
  });

  it('survives alignment and parent cycles', () => {
    const ws = workspaceOf({
      'a.okr.md': '---\nparent: b\n---\n## O1: A\nAligns: b#O1.KR1\n- KR1: Increase x from 0 to 10\n',
      'b.okr.md': '---\nparent: a\n---\n## O1: B\nAligns: a#O1.KR1\n- KR1: Increase y from 0 to 10\n',
    });
    const tree = buildTree(ws);
    assert.deepEqual(tree.units.map((u) => u.id).sort(), ['a', 'b']);
    assert.deepEqual(tree.units.map((u) => u.progress), [null, null]);
  });

  it('limits units to the given paths while rolling up from the whole workspace', () => {
    const tree = buildTree(workspaceOf(files), { paths: ['okrs/company.okr.md'] });
    assert.equal(tree.units.length, 1);
    assert.equal(tree.units[0].objectives[0].krs[0].rolledUp, true);
  });
});

describe('reference syntax', () => {
  const refs = (value: string) => parseOkr(`## O1: x\nAligns: ${value}\n- a`).objectives[0].aligns.map((r) => [r.unit, r.path, r.objective, r.kr]);

  it('reads unit ids, paths, links and lists of them', () => {
    assert.deepEqual(refs('product#O1.KR2'), [['product', null, 'O1', 'KR2']]);
    assert.deepEqual(refs('product#o1.kr2.'), [['product', null, 'O1', 'KR2']]);
    assert.deepEqual(refs('#O2'), [[null, null, 'O2', null]]);
    assert.deepEqual(refs('../company.okr.md#O3, [Sales](../sales/sales.okr.md#O1.KR1) and company#O2'), [
      ['../company.okr.md', '../company.okr.md', 'O3', null],
      ['../sales/sales.okr.md', '../sales/sales.okr.md', 'O1', 'KR1'],
      ['company', null, 'O2', null],
    ]);
    assert.deepEqual(refs('product'), [['product', null, null, null]]);
  });

  it('ignores the words of a note around references', () => {
    assert.deepEqual(refs('product#O1.KR2 (the retention KR)'), [['product', null, 'O1', 'KR2']]);
  });
});
