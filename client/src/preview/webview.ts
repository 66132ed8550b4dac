// One cascade webview (the preview panel or the sidebar view): its options, its HTML shell,
// and the messages it exchanges with the extension.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { TreeJson } from '../../../server/src/core/model';
import { notice } from '../../../server/src/render/cascade';
import { parseWebviewMessage, revealTargets, type RevealTargets } from './messages';
import { previewShellHtml } from './shell';

/** What a webview shows: the rendered HTML and the data it came from (to check reveals against). */
export interface CascadeContent {
  html: string;
  tree: TreeJson | null;
  /** The followed file and the unit in focus, when there is one. */
  uri?: string;
  focus?: string;
  /** What is shown, in a few words, for screen readers and the panel title: the unit's name or the notice. */
  label: string;
}

/** What the webview confirmed it shows (after its `rendered` message). */
export interface RenderedState {
  version: number;
  html: string;
  uri?: string;
  focus?: string;
}

const MAX_UNCONFIRMED = 16;

export type RevealHandler = (uri: string, line: number) => Promise<void>;

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  // Scripts only for our nonce'd script; no forms, no command links, only media/ may be loaded.
  return {
    enableScripts: true,
    enableForms: false,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

export class CascadeWebview implements vscode.Disposable {
  private version = 0;
  private content: CascadeContent = { html: notice('loading', 'Loading the cascade…'), tree: null, label: '' };
  private sent = new Map<number, CascadeContent>();
  private targets: RevealTargets = new Map();
  private confirmed: RenderedState | null = null;
  private readonly renderedEmitter = new vscode.EventEmitter<RenderedState>();
  private readonly disposables: vscode.Disposable[] = [this.renderedEmitter];
  /** Fires when the webview has put new content on screen. */
  readonly onDidRender = this.renderedEmitter.event;

  constructor(
    readonly webview: vscode.Webview,
    private readonly extensionUri: vscode.Uri,
    private readonly reveal: RevealHandler,
  ) {
    webview.options = webviewOptions(extensionUri);
    webview.html = this.shell();
    this.disposables.push(webview.onDidReceiveMessage((raw) => this.receive(raw)));
  }

  /** The last content the webview confirmed, for tests and status. */
  get rendered(): RenderedState | null {
    return this.confirmed;
  }

  get current(): CascadeContent {
    return this.content;
  }

  show(content: CascadeContent): void {
    this.content = content;
    this.post();
  }

  /** Handles a message from the webview; returns whether it was accepted. */
  async receive(raw: unknown): Promise<boolean> {
    // A reveal may only target a file and line of the content the webview confirmed it shows.
    const message = parseWebviewMessage(raw, this.targets);
    if (!message) return false;
    if (message.type === 'ready') {
      this.post();
    } else if (message.type === 'rendered') {
      const shown = this.sent.get(message.version);
      if (!shown) return false;
      for (const version of this.sent.keys()) if (version < message.version) this.sent.delete(version);
      this.targets = revealTargets(shown.tree);
      this.confirmed = { version: message.version, html: shown.html, uri: shown.uri, focus: shown.focus };
      this.renderedEmitter.fire(this.confirmed);
    } else {
      await this.reveal(message.uri, message.line);
    }
    return true;
  }

  private post(): void {
    const version = ++this.version;
    this.sent.set(version, this.content);
    // A hidden webview confirms nothing until it is shown again: keep only the latest few.
    for (const old of this.sent.keys()) if (this.sent.size > MAX_UNCONFIRMED) this.sent.delete(old);
    void this.webview.postMessage({ type: 'update', version, html: this.content.html, label: this.content.label });
  }

  private shell(): string {
    const media = (name: string) => this.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', name)).toString();
    return previewShellHtml({
      cspSource: this.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: media('preview.js'),
      styleUri: media('preview.css'),
      body: this.content.html,
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
