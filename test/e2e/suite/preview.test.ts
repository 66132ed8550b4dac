// The cascade preview in the real workbench: opens beside the editor, shows the active file's
// objectives with the same percentages as `okr tree`, follows edits and the active editor, and
// reveals a line when the webview asks (and only then).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TreeJson } from '../../../server/src/core/model';

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
const folder = () => vscode.workspace.workspaceFolders![0].uri;
const state = () => vscode.commands.executeCommand<PreviewState>('_okr.preview.state');
const waitFor = (target: 'panel' | 'view', text: string) =>
  vscode.commands.executeCommand<RenderedState>('_okr.preview.waitFor', target, text, TIMEOUT);
const post = (target: 'panel' | 'view', message: unknown) => vscode.commands.executeCommand<boolean>('_okr.preview.post', target, message);

/** Resolves when `event` fires with a value that satisfies `test`; rejects after the timeout. */
function until<T>(event: vscode.Event<T>, test: (value: T) => boolean, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, TIMEOUT);
    const listener = event((value) => {
      if (!test(value)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(value);
    });
  });
}

/** The cascade as the CLI computes it from the same files: an independent source of the expected percentages. */
function cliTree(): TreeJson {
  const root = process.env.OKR_E2E_ROOT ?? join(__dirname, '..', '..', '..');
  const out = execFileSync(process.execPath, [join(root, 'dist', 'okr.js'), 'tree', '--format', 'json', '.'], { cwd: folder().fsPath, encoding: 'utf8' });
  return JSON.parse(out) as TreeJson;
}

const pct = (p: number | null) => (p === null ? '—' : `${Math.round(p * 100)}%`);

/** The file and line the webview would post for the element whose accessible label starts with `label`. */
function revealTarget(html: string, label: string): { uri: string; line: number } {
  const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const match = new RegExp(`data-uri="([^"]*)" data-line="(\\d+)" aria-label="${label}`).exec(html);
  assert.ok(match, `no reveal button for ${label}`);
  return { uri: unescape(match[1]), line: Number(match[2]) };
}

describe('cascade preview', function () {
  this.timeout(60_000);
  const growth = () => vscode.Uri.joinPath(folder(), 'teams', 'growth.okr.md');

  before(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    // Leave the sample as it was for the other suites.
    await vscode.window.showTextDocument(growth());
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens beside the editor with the active file\'s objectives and their progress', async () => {
    const editor = await vscode.window.showTextDocument(growth(), { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('okr.openPreviewToSide');
    const shown = await waitFor('panel', '<h1 class="unit-title">Growth</h1>');
    const now = await state();
    assert.equal(now.panel?.viewColumn, vscode.ViewColumn.Two);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString(), 'the editor keeps the focus');
    const unit = cliTree().units.find((u) => u.id === 'growth')!;
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
    const kr4 = editor.document.getText().split('\n').findIndex((line) => line.includes('KR4: Reduce the time from reminder to checkout'));
    assert.ok(kr4 > 0);
    await editor.edit((edit) => edit.insert(new vscode.Position(kr4 + 1, 0), '  - 2026-11-20: 2 min (confidence 0.9)\n'));
    // Target reached: the KR is done; nothing was saved, so this came from the live document.
    await waitFor('panel', 'aria-label="KR4 progress: 100%"');
    assert.equal(editor.document.isDirty, true);
  });

  it('reveals the line of a KR the webview asks for, and ignores forged requests', async () => {
    const html = (await state()).panel!.html;
    // The team's own KR, not the one with the same id in the units above.
    const target = revealTarget(html.slice(html.indexOf('<section class="focus"')), 'Go to O2.KR1:');
    await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    const editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const moved = until(vscode.window.onDidChangeTextEditorSelection, (e) => e.selections[0].active.line === target.line, `the cursor on line ${target.line}`);
    assert.equal(await post('panel', { type: 'reveal', ...target }), true);
    const event = await moved;
    assert.equal(event.textEditor.document.uri.toString(), growth().toString());
    assert.match(event.textEditor.document.lineAt(target.line).text, /KR1: Increase recipe-page visitor-to-buyer conversion/);

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
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder(), 'company.okr.md'), { viewColumn: vscode.ViewColumn.One });
    const shown = await waitFor('panel', '<h1 class="unit-title">Acme Cookware</h1>');
    assert.equal(shown.focus, 'company');
    assert.match(shown.html, /has no parent: it is at the top of the cascade/);
  });
});

describe('Cascade view', function () {
  this.timeout(60_000);

  it('shows the active file\'s cascade in the OKRs container', async () => {
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder(), 'departments', 'product.okr.md'), { viewColumn: vscode.ViewColumn.One });
    await vscode.commands.executeCommand('okr.cascade.focus');
    const shown = await waitFor('view', '<h1 class="unit-title">Product</h1>');
    // Above it the company it serves, below it the teams that align to it.
    assert.match(shown.html, /<section class="above"[\s\S]*Acme Cookware[\s\S]*<section class="focus"/);
    const below = shown.html.slice(shown.html.indexOf('<section class="below"'));
    for (const team of ['Growth', 'Checkout']) assert.ok(below.includes(`<span class="unit-title">${team}</span>`), `${team} aligns below`);
  });
});
