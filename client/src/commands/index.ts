// The extension's commands (palette, menus, the Progress view's inline actions). Each one asks the
// language server for what it needs; none of them reads OKRs by itself.
import * as vscode from 'vscode';
import { FixAllKind, ShowRuleDocsCommand } from '../../../server/src/lsp/protocol';
import type { OkrServer } from '../client';
import type { ProgressNode } from '../tree/nodes';
import { addCheckIn, type CheckInArgs } from './checkIn';
import { registerLintTask } from './lintTask';
import { currentQuarter, okrTemplate } from './newFile';
import { scorePeriod, startNextPeriod } from './period';

function okrDocument(uri?: unknown): vscode.Uri | undefined {
  if (uri instanceof vscode.Uri) return uri;
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'okr' ? document.uri : undefined;
}

/** Applies the server's `source.fixAll.okr` action: every fix that is safe to apply unattended. */
export async function fixAll(uri?: vscode.Uri): Promise<boolean> {
  const target = okrDocument(uri);
  if (!target) return false;
  const document = await vscode.workspace.openTextDocument(target);
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, whole, FixAllKind, 1)) ?? [];
  const action = actions.find((candidate) => candidate.kind?.value === FixAllKind && candidate.edit);
  if (!action?.edit) {
    void vscode.window.setStatusBarMessage('OKR: nothing to fix automatically', 3000);
    return false;
  }
  return vscode.workspace.applyEdit(action.edit);
}

/** Opens a rule's documentation: the URL given by a code action, else a pick among the file's problems. */
async function showRuleDocs(url?: unknown): Promise<void> {
  if (typeof url === 'string' && /^https?:\/\//.test(url)) {
    await vscode.env.openExternal(vscode.Uri.parse(url));
    return;
  }
  const editor = vscode.window.activeTextEditor;
  const diagnostics = editor ? vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'okr') : [];
  const line = editor?.selection.active.line ?? -1;
  diagnostics.sort((a, b) => Math.abs(a.range.start.line - line) - Math.abs(b.range.start.line - line));
  const seen = new Set<string>();
  const items: { label: string; description: string; target: vscode.Uri }[] = [];
  for (const d of diagnostics) {
    const code = typeof d.code === 'object' ? d.code : undefined;
    if (!code || seen.has(String(code.value))) continue;
    seen.add(String(code.value));
    items.push({ label: String(code.value), description: d.message, target: code.target });
  }
  if (!items.length) {
    void vscode.window.showInformationMessage('This file has no OKR problems; the rules are listed in the extension README.');
    return;
  }
  const choice = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { placeHolder: 'Open the documentation of which rule?' });
  if (choice) await vscode.env.openExternal(choice.target);
}

async function newOkrFile(): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument({ language: 'okr', content: okrTemplate(currentQuarter()) });
  return vscode.window.showTextDocument(document);
}

export function registerCommands(context: vscode.ExtensionContext, server: OkrServer, output: vscode.OutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('okr.fixAll', (uri?: vscode.Uri) => fixAll(uri)),
    vscode.commands.registerCommand('okr.restart', () => server.restart()),
    vscode.commands.registerCommand('okr.showOutputChannel', () => output.show(true)),
    vscode.commands.registerCommand('okr.newFile', () => newOkrFile()),
    // The walkthrough's sample: the mistake tour that ships with the extension, one squiggle per rule.
    vscode.commands.registerCommand('okr.openSample', async () =>
      vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(context.extensionUri, 'samples', 'common-mistakes.okr.md'))),
    ),
    // From the palette: the KR at the cursor; from the Progress view's inline action: that KR.
    vscode.commands.registerCommand('okr.addCheckIn', (arg?: CheckInArgs | ProgressNode) =>
      addCheckIn(server, arg && 'kind' in arg ? (arg.kind === 'kr' ? { uri: vscode.Uri.file(arg.unit.file).toString(), line: arg.kr.line } : {}) : arg),
    ),
    vscode.commands.registerCommand('okr.startNextPeriod', (uri?: vscode.Uri) => startNextPeriod(server, okrDocument(uri))),
    vscode.commands.registerCommand('okr.scorePeriod', (uri?: vscode.Uri) => scorePeriod(server, okrDocument(uri))),
    vscode.commands.registerCommand('okr.showCascade', async () => {
      await vscode.commands.executeCommand('workbench.view.extension.okr');
      await vscode.commands.executeCommand('okr.cascade.focus');
    }),
    vscode.commands.registerCommand(ShowRuleDocsCommand, (url?: unknown) => showRuleDocs(url)),
    ...registerLintTask(context),
  );
}
