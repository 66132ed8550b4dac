// The cascade preview in the real workbench: opens beside the editor, shows the active file's
// objectives with the same percentages as `okr tree`, follows edits and the active editor, and
// reveals a line when the webview asks (and only then).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { TreeJson } from '../../../server/src/core/model';
import { api, extension, lineOf, open, revert, waitFor, workspaceUri } from './helpers';

interface RenderedState {
  version: number;
  html: string;
  uri?: string;
  focus?: string;
}
interface PreviewState {
  panel?: RenderedState & { viewColumn?: vscode.ViewColumn; visible: boolean; title: string };
  view?: RenderedState;
  followed?: string;
}

const TIMEOUT = 20_000;
const state = () => vscode.commands.executeCommand<PreviewState>('_okr.preview.state');
/** Resolves when the webview confirms it shows HTML containing `text` (the webview posts `rendered`). */
const rendered = (target: 'panel' | 'view', text: string) =>
  vscode.commands.executeCommand<RenderedState>('_okr.preview.waitFor', target, text, TIMEOUT);
/** Delivers `message` exactly as the webview would post it; resolves with whether it was accepted. */
const post = (target: 'panel' | 'view', message: unknown) => vscode.commands.executeCommand<boolean>('_okr.preview.post', target, message);

/** A unit as `okr tree` computes it from the same files: an independent source of the expected percentages. */
function cliUnit(id: string) {
  const cli = vscode.Uri.joinPath(extension().extensionUri, 'dist', 'okr.js').fsPath;
  const tree = JSON.parse(execFileSync(process.execPath, [cli, 'tree', workspaceUri('.').fsPath, '--format', 'json'], { encoding: 'utf8' })) as TreeJson;
  const unit = tree.units.find((u) => u.id === id);
  assert.ok(unit, `okr tree has no unit ${id}`);
  return unit;
}

const pct = (p: number | null) => (p === null ? '—' : `${Math.round(p * 100)}%`);

/** The file and line the webview would post for the element whose accessible label starts with `label`. */
function revealTarget(html: string, label: string): { uri: string; line: number } {
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const match = new RegExp(`data-uri="([^"]*)" data-line="(\\d+)" aria-label="${label}`).exec(html);
  assert.ok(match, `no reveal button for ${label}`);
  return { uri: unescape(match[1]), line: Number(match[2]) };
}

describe('cascade preview', () => {
  const growth = () => workspaceUri('teams/growth.okr.md');

  before(async () => {
    await api();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    // Leave the sample as it was for the other suites.
    await revert(await vscode.workspace.openTextDocument(growth()));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens beside the editor with the active file\'s objectives and their progress', async () => {
    const editor = await open('teams/growth.okr.md');
    await vscode.commands.executeCommand('okr.openPreviewToSide');
    const shown = await rendered('panel', '<h1 class="unit-title">Growth</h1>');
    const now = await state();
    assert.equal(now.panel?.viewColumn, vscode.ViewColumn.Two);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString(), 'the editor keeps the focus');
    const unit = cliUnit('growth');
    assert.ok(unit.objectives.length >= 2);
    for (const objective of unit.objectives) {
      assert.ok(shown.html.includes(`>${objective.title}</button>`), `objective ${objective.id} is shown`);
      assert.ok(shown.html.includes(`aria-label="${objective.id} progress: ${pct(objective.progress)}"`), `${objective.id} shows ${pct(objective.progress)}`);
      for (const kr of objective.krs) assert.ok(shown.html.includes(`aria-label="Go to ${objective.id}.${kr.id}: `), `${objective.id}.${kr.id} is shown`);
    }
    assert.match(now.panel?.title ?? '', /Growth/);
  });

  it('updates while typing a new check-in', async () => {
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === growth().toString())!;
    const kr4 = lineOf(editor.document, 'KR4: Reduce the time from reminder to checkout');
    await editor.edit((edit) => edit.insert(new vscode.Position(kr4 + 1, 0), '  - 2026-11-20: 2 min (confidence 0.9)\n'));
    // Target reached: the KR is done; nothing was saved, so this came from the live document.
    await rendered('panel', 'aria-label="KR4 progress: 100%"');
    assert.equal(editor.document.isDirty, true);
  });

  it('reveals the line of a KR the webview asks for, and ignores forged requests', async () => {
    const html = (await state()).panel!.html;
    // The team's own KR, not the one with the same id in the units above.
    const target = revealTarget(html.slice(html.indexOf('<section class="focus"')), 'Go to O2.KR1:');
    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    const editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    assert.equal(await post('panel', { type: 'reveal', ...target }), true);
    const revealed = await waitFor(`the cursor on line ${target.line}`, () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.toString() === growth().toString() && active.selection.active.line === target.line && active;
    });
    assert.match(revealed.document.lineAt(target.line).text, /KR1: Increase recipe-page visitor-to-buyer conversion/);

    const before = vscode.workspace.textDocuments.map((d) => d.uri.toString()).sort();
    for (const forged of [
      { type: 'reveal', uri: '/etc/passwd', line: 0 },
      { type: 'reveal', uri: target.uri, line: target.line + 1000 },
      { type: 'reveal', uri: target.uri, line: target.line, extra: true },
      { type: 'command', command: 'workbench.action.terminal.new' },
    ])
      assert.equal(await post('panel', forged), false, JSON.stringify(forged));
    assert.deepEqual(vscode.workspace.textDocuments.map((d) => d.uri.toString()).sort(), before, 'no file was opened');
  });

  it('follows the active OKR editor', async () => {
    await vscode.window.showTextDocument(workspaceUri('company.okr.md'), { viewColumn: vscode.ViewColumn.One });
    const shown = await rendered('panel', '<h1 class="unit-title">Acme Cookware</h1>');
    assert.equal(shown.focus, 'company');
    assert.match(shown.html, /has no parent: it is at the top of the cascade/);
  });
});

describe('Cascade view', () => {
  const product = () => workspaceUri('departments/product.okr.md');
  const focusOf = (html: string) => html.slice(html.indexOf('<section class="focus"'), html.indexOf('<section class="below"'));

  after(async () => {
    await revert(await vscode.workspace.openTextDocument(product()));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the active file\'s cascade in the OKRs container', async () => {
    await vscode.window.showTextDocument(product(), { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('okr.cascade.focus');
    const shown = await rendered('view', '<h1 class="unit-title">Product</h1>');
    // Above it the company it serves, below it the teams that align to it.
    assert.match(shown.html, /<section class="above"[\s\S]*Acme Cookware[\s\S]*<section class="focus"/);
    const above = shown.html.slice(0, shown.html.indexOf('<section class="focus"'));
    assert.ok(above.includes('>Become the cookware brand home cooks recommend to friends</button>'), 'the company objective it serves');
    const focus = focusOf(shown.html);
    for (const objective of cliUnit('product').objectives) {
      assert.ok(focus.includes(`>${objective.title}</button>`), `objective ${objective.id} is shown`);
      assert.ok(focus.includes(`aria-label="${objective.id} progress: ${pct(objective.progress)}"`), `${objective.id} shows ${pct(objective.progress)}`);
    }
    const below = shown.html.slice(shown.html.indexOf('<section class="below"'));
    for (const team of ['Growth', 'Checkout']) assert.ok(below.includes(`<span class="unit-title">${team}</span>`), `${team} aligns below`);
  });

  it('updates the percentage when a check-in is typed', async () => {
    const editor = await vscode.window.showTextDocument(product(), { viewColumn: vscode.ViewColumn.One });
    const before = cliUnit('product').objectives.find((o) => o.id === 'O2')!;
    const kr4 = lineOf(editor.document, 'KR4: Keep in-stock availability of best sellers above 97%');
    await editor.edit((edit) => edit.insert(new vscode.Position(kr4 + 2, 0), '  - 2026-11-21: 98.2% — restocked\n'));
    // The stay KR now holds its threshold: 0% → 100%, which lifts O2 by a quarter.
    const after = pct((before.progress ?? 0) + 0.25);
    assert.notEqual(after, pct(before.progress));
    const shown = await rendered('view', `aria-label="O2 progress: ${after}"`);
    assert.ok(focusOf(shown.html).includes('aria-label="KR4 progress: 100%"'));
  });

  it('reveals the line of a node it is asked for', async () => {
    const html = (await state()).view!.html;
    const target = revealTarget(focusOf(html), 'Go to O2.KR2:');
    vscode.window.activeTextEditor!.selection = new vscode.Selection(0, 0, 0, 0);
    assert.equal(await post('view', { type: 'reveal', ...target }), true);
    const revealed = await waitFor(`the cursor on line ${target.line}`, () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.toString() === product().toString() && active.selection.active.line === target.line && active;
    });
    assert.match(revealed.document.lineAt(target.line).text, /KR2: Raise the product page helpfulness rating/);
  });
});
