// Follows the active OKR editor, asks the server for that unit's cascade (`okr/preview`) and
// shows the rendered picture in every open cascade webview. The client never parses OKRs.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { PreviewRequest, type PreviewParams, type PreviewResult } from '../../../server/src/lsp/protocol';
import { notice, renderCascadeHtml } from '../../../server/src/render/cascade';
import type { CascadeContent, CascadeWebview } from './webview';

const DEBOUNCE_MS = 150;

export function isOkrDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'okr' || document.uri.path.endsWith('.okr.md');
}

/** A string from the tree (an absolute path, or a URI for non-file schemes) as a URI. */
export function fileUri(file: string): vscode.Uri {
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(file) ? vscode.Uri.parse(file) : vscode.Uri.file(file);
}

function isPreviewResult(value: unknown): value is PreviewResult {
  const result = value as PreviewResult | null;
  return typeof result?.focus === 'string' && Array.isArray(result?.tree?.units);
}

export class PreviewController implements vscode.Disposable {
  private followed: vscode.Uri | undefined;
  private readonly views = new Set<CascadeWebview>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient) {
    const active = vscode.window.activeTextEditor?.document;
    if (active && isOkrDocument(active)) this.followed = active.uri;
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        // Like Markdown's preview: follow OKR editors, keep the last one when another kind is active.
        if (editor && isOkrDocument(editor.document) && editor.document.uri.toString() !== this.followed?.toString()) {
          this.followed = editor.document.uri;
          this.schedule(0);
        }
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && isOkrDocument(event.document)) this.schedule();
      }),
      client.onDidChangeState(() => this.schedule(0)),
    );
  }

  get document(): vscode.Uri | undefined {
    return this.followed;
  }

  /** Shows `uri`'s cascade (or the active OKR file's) in every attached webview. */
  follow(uri: vscode.Uri | undefined): void {
    if (uri) this.followed = uri;
    this.schedule(0);
  }

  attach(view: CascadeWebview): vscode.Disposable {
    this.views.add(view);
    this.schedule(0);
    return new vscode.Disposable(() => this.views.delete(view));
  }

  /** The server reported changed files: the picture may include them. */
  indexChanged(): void {
    this.schedule();
  }

  private schedule(delay = DEBOUNCE_MS): void {
    if (this.views.size === 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private async refresh(): Promise<void> {
    const generation = ++this.generation;
    const content = await this.load();
    // A newer refresh started while this one waited for the server: its answer wins.
    if (generation !== this.generation) return;
    for (const view of this.views) view.show(content);
  }

  private async load(): Promise<CascadeContent> {
    const uri = this.followed;
    if (!uri) {
      const any = await vscode.workspace.findFiles('**/*.okr.md', '**/node_modules/**', 1);
      return any.length === 0
        ? message('empty', 'No OKR files', 'Create a file ending in .okr.md to see its cascade here.')
        : message('not-okr', 'Open an OKR file', 'The preview shows the cascade of the active .okr.md file.');
    }
    if (this.client.state !== State.Running) {
      return this.client.state === State.Starting
        ? message('starting', 'Starting the OKR language server…')
        : message('stopped', 'The OKR language server is not running', 'Run "OKR: Restart Language Server", or see the "OKR Markdown" output.');
    }
    try {
      const params: PreviewParams = { uri: uri.toString() };
      const result: unknown = await this.client.sendRequest(PreviewRequest, params);
      if (!isPreviewResult(result)) {
        return message('unknown', 'No cascade for this file', 'The language server does not know this file: is it an .okr.md file inside the workspace?');
      }
      const unit = result.tree.units.find((u) => u.id === result.focus);
      return {
        html: renderCascadeHtml(result.tree, { focus: result.focus, interactive: true }),
        tree: result.tree,
        uri: uri.toString(),
        focus: result.focus,
        label: unit ? unit.title || unit.id : result.focus,
      };
    } catch (error) {
      return message('error', 'Could not load the cascade', error instanceof Error ? error.message : String(error));
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

function message(kind: string, title: string, detail?: string): CascadeContent {
  return { html: notice(kind, title, detail), tree: null, label: title };
}
