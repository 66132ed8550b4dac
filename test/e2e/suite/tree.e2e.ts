// The Progress view shows the sample cascade (units → objectives → KRs) with the progress the CLI
// computes for the same files, nests units by cascade, and follows edits.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { TreeJson } from '../../../server/src/core/model';
import type { TreeSnapshotItem } from '../../../client/src/tree/progressView';
import { after, api, extension, open, revert, waitFor, workspaceUri } from './helpers';

const pct = (progress: number | null) => (progress === null ? '—' : `${Math.round(progress * 100)}%`);

function flatten(items: TreeSnapshotItem[], parent?: TreeSnapshotItem, out = new Map<string, { item: TreeSnapshotItem; parent?: TreeSnapshotItem }>()) {
  for (const item of items) {
    out.set(item.label, { item, parent });
    flatten(item.children, item, out);
  }
  return out;
}

function find(items: TreeSnapshotItem[], label: string): TreeSnapshotItem {
  const found = flatten(items).get(label);
  assert.ok(found, `the Progress view has no item ${JSON.stringify(label)}`);
  return found.item;
}

describe('Progress view', () => {
  it('shows every unit, objective and KR of the samples with the same progress as `okr tree`', async () => {
    const okr = await api();
    const snapshot = await waitFor('the Progress view to list the units', () => {
      const s = okr.getTreeSnapshot();
      return s.items.length ? s : undefined;
    });
    const cli = execFileSync(process.execPath, [vscode.Uri.joinPath(extension().extensionUri, 'dist', 'okr.js').fsPath, 'tree', workspaceUri('.').fsPath, '--format', 'json'], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    const expected = JSON.parse(cli) as TreeJson;
    assert.ok(expected.units.length >= 8, 'the samples have a company, departments, teams and a person');
    const units = [...flatten(snapshot.items).values()].map(({ item }) => item).filter((item) => item.id.startsWith('unit:'));
    assert.equal(units.length, expected.units.length);
    for (const unit of expected.units) {
      const relative = unit.file.slice(workspaceUri('.').fsPath.length);
      const item = units.find((candidate) => candidate.label === unit.title && candidate.id.endsWith(relative));
      assert.ok(item, `unit ${unit.id} (${unit.title}) is in the view`);
      assert.ok(item.description.startsWith(pct(unit.progress)), `${unit.id}: ${item.description} should start with ${pct(unit.progress)}`);
      for (const objective of unit.objectives) {
        const objectiveItem: TreeSnapshotItem | undefined = item.children.find((child) => child.label === `${objective.id}: ${objective.title}`);
        assert.ok(objectiveItem, `${unit.id}#${objective.id} is under its unit`);
        assert.ok(objectiveItem.description.startsWith(pct(objective.progress)), `${unit.id}#${objective.id}: ${objectiveItem.description}`);
        assert.equal(objectiveItem.children.length, objective.krs.length);
        objective.krs.forEach((kr, i) => {
          assert.ok(objectiveItem.children[i].label.startsWith(`${kr.id}: `));
          assert.ok(objectiveItem.children[i].description.startsWith(pct(kr.progress)), `${unit.id}#${objective.id}.${kr.id}: ${objectiveItem.children[i].description}`);
          assert.equal(objectiveItem.children[i].band, kr.band);
        });
      }
    }
  });

  it('nests units by cascade and computes progress from check-ins', async () => {
    const { items } = (await api()).getTreeSnapshot();
    const units = flatten(items);
    assert.equal(units.get('Growth')?.parent?.label, 'Product');
    assert.equal(units.get('Product')?.parent?.label, 'Acme Cookware');
    const growth = find(items, 'Growth');
    // KR1: from 11% to 18%, latest check-in 15.9% → (15.9 − 11) / (18 − 11) = 70%, on track.
    const kr1 = growth.children[0].children[0];
    assert.match(kr1.label, /^KR1: Increase the 90-day reorder rate/);
    assert.match(kr1.description, /^70% · confidence 80%/);
    assert.equal(kr1.band, 'on-track');
  });

  it('updates after an edit without losing the other items', async () => {
    const okr = await api();
    const editor = await open('teams/growth.okr.md');
    const start = after(editor.document, '2026-11-18: ');
    const before = okr.getTreeSnapshot().items.length;
    await editor.edit((edit) => edit.replace(new vscode.Range(start, start.translate(0, '15.9%'.length)), '18%'));
    const updated = await waitFor('the Progress view to show the new check-in', () => {
      const kr1 = find(okr.getTreeSnapshot().items, 'Growth').children[0].children[0];
      return kr1.description.startsWith('100%') ? kr1 : undefined;
    });
    assert.equal(updated.band, 'on-track');
    assert.equal(okr.getTreeSnapshot().items.length, before);
    await revert(editor.document);
    await waitFor('the Progress view to show the file as saved', () => find(okr.getTreeSnapshot().items, 'Growth').children[0].children[0].description.startsWith('70%'));
  });

  it('filters to at-risk key results and to one file', async () => {
    const okr = await api();
    await open('teams/growth.okr.md');
    await vscode.commands.executeCommand('okr.progress.showAtRiskOnly');
    const risky = flatten(okr.getTreeSnapshot().items);
    const krs = [...risky.values()].filter(({ item }) => item.id.startsWith('kr:'));
    assert.ok(krs.length > 0, 'the samples have KRs at risk');
    for (const { item } of krs) assert.ok(item.band === 'at-risk' || item.band === 'off-track', `${item.label} is ${item.band}`);
    await vscode.commands.executeCommand('okr.progress.showAll');
    await vscode.commands.executeCommand('okr.progress.showFile');
    const fileOnly = okr.getTreeSnapshot().items;
    assert.deepEqual(fileOnly.map((item) => item.label), ['Growth']);
    await vscode.commands.executeCommand('okr.progress.showWorkspace');
    assert.ok(flatten(okr.getTreeSnapshot().items).has('Growth'));
  });

  it('says what to do instead of showing a blank view', async () => {
    const okr = await api();
    await vscode.commands.executeCommand('okr.progress.showFile');
    await open('common-mistakes.expect');
    await okr.refreshTree();
    assert.deepEqual(okr.getTreeSnapshot(), { message: 'Open an OKR file (*.okr.md) to see its progress.', items: [] });
    await vscode.commands.executeCommand('okr.progress.showWorkspace');
    await vscode.commands.executeCommand('okr.progress.filterPeriod', '1999-Q1');
    assert.deepEqual(okr.getTreeSnapshot(), { message: 'No key results match the filter.', items: [] });
    await vscode.commands.executeCommand('okr.progress.clearFilters');
    assert.equal(okr.getTreeSnapshot().message, undefined);
  });

  it('filters by owner and by period, keeping the cascade path to what matches', async () => {
    const okr = await api();
    await vscode.commands.executeCommand('okr.progress.filterOwner', 'Janet Doe');
    const owned = [...flatten(okr.getTreeSnapshot().items).values()];
    // Janet owns her personal unit and one KR of Growth; Growth's other KRs are hidden.
    const growth = owned.find(({ item }) => item.label === 'Growth')?.item;
    assert.ok(growth, 'Growth stays on the path to Janet\'s KR');
    const objectives = growth.children.filter((child) => child.id.startsWith('objective:'));
    assert.deepEqual(objectives.flatMap((o) => o.children.map((kr) => kr.label.split(':')[0])), ['KR2']);
    assert.ok(owned.some(({ item }) => item.label === 'Janet Doe' && item.id.startsWith('unit:')));
    await vscode.commands.executeCommand('okr.progress.filterOwner', '');
    await vscode.commands.executeCommand('okr.progress.filterPeriod', '2026-Q3');
    const units = [...flatten(okr.getTreeSnapshot().items).values()].filter(({ item }) => item.id.startsWith('unit:') && item.children.some((c) => c.id.startsWith('objective:')));
    assert.deepEqual(units.map(({ item }) => item.description.split(' · ').pop()), ['2026-Q3']);
    await vscode.commands.executeCommand('okr.progress.clearFilters');
    assert.ok(flatten(okr.getTreeSnapshot().items).has('Growth'));
  });

  it('shows the active file\'s progress and problems in the status bar', async () => {
    const okr = await api();
    const editor = await open('teams/growth.okr.md');
    const growth = find(okr.getTreeSnapshot().items, 'Growth');
    const percent = growth.description.split(' · ')[0];
    const status = await waitFor('the status bar to show the file\'s progress', () => {
      const s = okr.getStatus();
      return s && s.text.includes(percent) ? s : undefined;
    });
    const problems = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'okr').length;
    assert.match(status.text, new RegExp(`\\$\\(warning\\) ${problems}$`));
    assert.match(status.tooltip, /Overall progress/);
    assert.equal(status.command, 'okr.openPreviewToSide');
  });
});
