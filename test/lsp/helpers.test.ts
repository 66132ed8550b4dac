// In-process tests of the server's own helpers: settings normalisation, severity overrides, minimal edits,
// reference parts, and which files the index says must be re-checked after a change.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseOkr } from '../../server/src/core/parse';
import { minimalEdit } from '../../server/src/lsp/codeActions';
import { referenceParts } from '../../server/src/lsp/locate';
import { DEFAULT_SETTINGS, normalizeSettings, severityOverrides } from '../../server/src/lsp/settings';
import { WorkspaceIndex } from '../../server/src/lsp/workspaceIndex';

const unit = (id: string, parent: string | null, aligns: string | null, period = '2026-Q4') =>
  parseOkr(`---\nid: ${id}\nperiod: ${period}\n${parent ? `parent: ${parent}\n` : ''}---\n\n## O1: Objective of ${id}\n${aligns ? `Aligns: ${aligns}\n` : ''}\n- KR1: Increase activation from 40% to 55%\n`, { fileName: `/ws/${id}.okr.md` });

describe('settings', () => {
  it('turns any shape into complete settings', () => {
    for (const raw of [undefined, null, 42, 'x', [], { enable: 'yes', run: 3, exclude: 'a', rules: 7, inlayHints: [] }]) assert.deepEqual(normalizeSettings(raw), DEFAULT_SETTINGS);
    assert.deepEqual(
      normalizeSettings({ enable: false, run: 'onSave', exclude: ['archive/**', 3], rules: { customizations: [{ rule: 'kr-*', severity: 'off' }, { bad: 1 }] }, inlayHints: { enable: false }, codeLens: { enable: false } }),
      { enable: false, run: 'onSave', customizations: { 'kr-*': 'off' }, inlayHints: false, codeLens: false, exclude: ['archive/**'] },
    );
    assert.deepEqual(normalizeSettings({ 'rules.customizations': { 'vanity-metric': 'error' } }).customizations, { 'vanity-metric': 'error' });
  });

  it('expands wildcards over rule ids and lets `default` undo an override', () => {
    const ids = ['kr-is-output', 'kr-not-measurable', 'vanity-metric'];
    assert.deepEqual(severityOverrides({ 'kr-*': 'info', 'kr-is-output': 'default', 'vanity-metric': 'off' }, ids), { 'kr-not-measurable': 'info', 'vanity-metric': 'off' });
    assert.deepEqual(severityOverrides({ 'a.b': 'error' }, ['aXb']), { 'a.b': 'error' });
  });
});

describe('minimalEdit', () => {
  const at = (text: string) => (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  it('replaces only the span that differs', () => {
    const before = 'a\nKR2: x\nKR2: y\n';
    const after = 'a\nKR2: x\nKR3: y\n';
    assert.deepEqual(minimalEdit(before, after, at(before)), { range: { start: { line: 2, character: 2 }, end: { line: 2, character: 3 } }, newText: '3' });
    assert.equal(minimalEdit(before, before, at(before)), null);
    assert.deepEqual(minimalEdit('aaa', 'aaaa', at('aaa')), { range: { start: { line: 0, character: 3 }, end: { line: 0, character: 3 } }, newText: 'a' });
  });
});

describe('referenceParts', () => {
  it('locates unit, objective and KR inside a reference', () => {
    const doc = unit('team', 'product', 'product#O1.KR2, [C](../company.okr.md#O3)');
    const [plain, link] = doc.objectives[0].aligns;
    const parts = referenceParts(plain);
    const line = 'Aligns: product#O1.KR2, [C](../company.okr.md#O3)';
    const text = (r: { start: { character: number }; end: { character: number } } | null) => (r ? line.slice(r.start.character, r.end.character) : null);
    assert.deepEqual([text(parts.unit), text(parts.objective), text(parts.kr)], ['product', 'O1', 'KR2']);
    const linkParts = referenceParts(link);
    assert.deepEqual([text(linkParts.unit), text(linkParts.objective), text(linkParts.kr)], [null, 'O3', null]);
    assert.deepEqual(referenceParts(doc.parent!).unit, doc.parent!.range);
  });
});

describe('WorkspaceIndex re-check sets', () => {
  it('names the files whose cross-file findings can change, and none for a change others cannot see', () => {
    const index = new WorkspaceIndex();
    index.set('/ws/company.okr.md', unit('company', null, null));
    index.set('/ws/product.okr.md', unit('product', 'company', 'company#O1'));
    index.set('/ws/team.okr.md', unit('team', 'product', 'product#O1'));
    index.set('/ws/other.okr.md', unit('other', 'company', null));
    // Same ids, references and period: nothing else to re-check.
    const same = parseOkr('---\nid: product\nperiod: 2026-Q4\nparent: company\n---\n\n## O1: Reworded title\nAligns: company#O1\n\n- KR1: Increase activation from 40% to 60%\n', { fileName: '/ws/product.okr.md' });
    assert.deepEqual([...index.set('/ws/product.okr.md', same)], []);
    // A new period: the team aligning to product and the chain above it.
    assert.deepEqual([...index.set('/ws/product.okr.md', unit('product', 'company', 'company#O1', '2027-Q1'))].sort(), ['/ws/company.okr.md', '/ws/team.okr.md']);
    // Removing product breaks the team's parent; adding it back mends it: both re-check its referrers and the chain above.
    const epoch = index.crossEpoch;
    assert.deepEqual([...index.delete('/ws/product.okr.md')].sort(), ['/ws/company.okr.md', '/ws/team.okr.md']);
    assert.ok(index.crossEpoch > epoch);
    assert.deepEqual([...index.set('/ws/product.okr.md', unit('product', 'company', null))].sort(), ['/ws/company.okr.md', '/ws/team.okr.md']);
  });

  it('includes every member of an alignment cycle', () => {
    const index = new WorkspaceIndex();
    index.set('/ws/a.okr.md', unit('a', null, 'b#O1'));
    index.set('/ws/b.okr.md', unit('b', null, 'c#O1'));
    index.set('/ws/c.okr.md', unit('c', null, 'd#O1'));
    index.set('/ws/d.okr.md', unit('d', null, null));
    // d now aligns to a: the cycle a → b → c → d → a closes, and all four files must be re-checked.
    assert.deepEqual([...index.set('/ws/d.okr.md', unit('d', null, 'a#O1'))].sort(), ['/ws/a.okr.md', '/ws/b.okr.md', '/ws/c.okr.md']);
  });
});
