// Status bar: the active OKR file's overall progress and its number of problems; a click opens the preview.
import * as vscode from 'vscode';
import type { TreeJson } from '../../server/src/core/model';
import { TreeRequest, type TreeParams } from '../../server/src/lsp/protocol';
import type { OkrServer } from './client';

export class ProgressStatus implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('okr.progress', vscode.StatusBarAlignment.Right, 100);
  private generation = 0;
  /** StatusBarItem cannot tell whether it is shown. */
  visible = false;

  constructor(private readonly server: OkrServer) {
    this.item.name = 'OKR Progress';
    this.item.command = { command: 'okr.openPreviewToSide', title: 'Open Preview to the Side' };
  }

  async update(): Promise<void> {
    const generation = ++this.generation;
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'okr') {
      this.item.hide();
      this.visible = false;
      return;
    }
    let progress: number | null = null;
    let known = false;
    if (this.server.client.isRunning()) {
      const params: TreeParams = { scope: 'file', uri: document.uri.toString() };
      const tree = await this.server.client.sendRequest<TreeJson>(TreeRequest, params).catch(() => null);
      const unit = tree?.units[0];
      known = !!unit;
      progress = unit?.progress ?? null;
    }
    if (generation !== this.generation) return;
    const problems = vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'okr').length;
    const done = !known ? '$(sync~spin) OKR' : progress === null ? '$(target) not started' : `$(target) ${Math.round(progress * 100)}%`;
    this.item.text = `${done}  $(warning) ${problems}`;
    this.item.tooltip = `${known ? `Overall progress: ${progress === null ? 'no progress yet' : `${Math.round(progress * 100)}%`}` : 'Waiting for the OKR language server'}\n${problems} problem${problems === 1 ? '' : 's'} in this file\nClick to open the preview`;
    this.item.accessibilityInformation = { label: `OKR progress ${progress === null ? 'not started' : `${Math.round(progress * 100)} percent`}, ${problems} problems` };
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    this.item.dispose();
  }
}

export function registerStatus(context: vscode.ExtensionContext, server: OkrServer): ProgressStatus {
  const status = new ProgressStatus(server);
  const update = () => void status.update();
  context.subscriptions.push(
    status,
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.languages.onDidChangeDiagnostics((event) => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && event.uris.some((uri) => uri.toString() === active)) update();
    }),
    server.onIndexChanged(update),
    server.onRestarted(update),
  );
  update();
  return status;
}
