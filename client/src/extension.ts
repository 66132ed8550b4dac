// The OKR Markdown extension: starts the language server and turns its data into VS Code views.
// It activates only on the `okr` language (or when its views and commands are used) and never parses
// OKRs itself: everything comes from the server (`okr/tree`, `okr/preview`, `okr/indexChanged`).
import * as vscode from 'vscode';
import { OkrServer } from './client';
import { registerCommands } from './commands';
import { registerPreview } from './preview';
import { registerStatus } from './status';
import { registerProgressView, type TreeSnapshotItem } from './tree/progressView';

/** What `activate` returns: for other extensions and the end-to-end tests (views cannot be read otherwise). */
export interface OkrExtensionApi {
  /** The Progress view's items as shown (labels, descriptions, bands). */
  getTreeSnapshot(): { message: string | undefined; items: TreeSnapshotItem[] };
  /** Re-reads the cascade from the server and resolves when the view shows it. */
  refreshTree(): Promise<void>;
  /** Fires after each refresh of the Progress view. */
  onDidRefreshTree: vscode.Event<void>;
  /** The status bar item's text, tooltip and click command, or undefined while it is hidden. */
  getStatus(): { text: string; tooltip: string; command: string | undefined } | undefined;
  /** Process id of the running language server. */
  serverPid(): number | undefined;
  /** Fires when the language server (re)started. */
  onDidStartServer: vscode.Event<void>;
  /** How long `activate` took, in milliseconds (the server starts in the background). */
  activationMs: number;
}

let server: OkrServer | undefined;

export function activate(context: vscode.ExtensionContext): OkrExtensionApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('OKR Markdown', { log: true });
  server = new OkrServer(context, output);
  context.subscriptions.push(output);

  const tree = registerProgressView(context, server);
  const status = registerStatus(context, server);
  registerCommands(context, server, output);

  // ---- Cascade preview (webview panel + "Cascade" sidebar view), owned by client/src/preview ----
  registerPreview(context, server.client, { onIndexChanged: server.onIndexChanged });
  // ---- end of the preview ----

  // The server starts in the background: activation stays fast and the views fill in when it runs.
  server.start().catch((error: unknown) => output.error(`The OKR language server did not start: ${error instanceof Error ? error.message : String(error)}`));

  const running = server;
  return {
    getTreeSnapshot: () => tree.snapshot(),
    refreshTree: () => tree.refresh(),
    onDidRefreshTree: tree.onDidRefresh,
    getStatus: () => {
      const { text, tooltip, command } = status.item;
      return status.visible ? { text, tooltip: String(tooltip ?? ''), command: typeof command === 'string' ? command : command?.command } : undefined;
    },
    serverPid: () => running.pid,
    onDidStartServer: running.onRestarted,
    activationMs: performance.now() - started,
  };
}

export async function deactivate(): Promise<void> {
  await server?.dispose();
  server = undefined;
}
