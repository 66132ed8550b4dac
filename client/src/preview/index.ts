// The cascade preview: "OKR: Open Preview (to the Side)" in a webview panel, and the "Cascade"
// webview view in the OKRs container. Both follow the active OKR editor.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { fileUri, isOkrDocument, PreviewController } from './controller';
import { CascadeWebview, webviewOptions, type RenderedState } from './webview';

const PANEL_TYPE = 'okr.preview';
const VIEW_ID = 'okr.cascade';

export interface PreviewEvents {
  /** Fires when the server's index changed (`okr/indexChanged`). Without it the preview listens for the notification itself. */
  onIndexChanged?: vscode.Event<unknown>;
}

export function registerPreview(context: vscode.ExtensionContext, client: LanguageClient, events: PreviewEvents = {}): void {
  const controller = new PreviewController(client);
  let panel: { panel: vscode.WebviewPanel; view: CascadeWebview } | undefined;
  let sidebar: CascadeWebview | undefined;
  const opened = new vscode.EventEmitter<void>();

  const reveal = async (uri: string, line: number) => {
    try {
      await revealLine(fileUri(uri), line, panel?.panel.viewColumn);
    } catch (error) {
      // The file may have been deleted or renamed since the picture was drawn.
      void vscode.window.showWarningMessage(`Could not open ${uri}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const openPanel = (column: vscode.ViewColumn, preserveFocus: boolean, resource?: unknown) => {
    const active = vscode.window.activeTextEditor?.document;
    controller.follow(resource instanceof vscode.Uri ? resource : active && isOkrDocument(active) ? active.uri : undefined);
    if (panel) {
      panel.panel.reveal(column, preserveFocus);
      return;
    }
    adopt(vscode.window.createWebviewPanel(PANEL_TYPE, 'OKR Preview', { viewColumn: column, preserveFocus }, webviewOptions(context.extensionUri)));
  };

  /** Wires a preview panel, new or restored after a reload of the window. */
  const adopt = (created: vscode.WebviewPanel) => {
    const view = new CascadeWebview(created.webview, context.extensionUri, reveal);
    const attached = controller.attach(view);
    const titled = view.onDidRender(() => (created.title = view.current.focus ? `Preview ${view.current.label}` : 'OKR Preview'));
    created.onDidDispose(() => {
      attached.dispose();
      titled.dispose();
      view.dispose();
      if (panel?.panel === created) panel = undefined;
    });
    panel = { panel: created, view };
    opened.fire();
  };

  context.subscriptions.push(
    controller,
    opened,
    vscode.commands.registerCommand('okr.openPreview', (resource?: unknown) => openPanel(vscode.ViewColumn.Active, false, resource)),
    vscode.commands.registerCommand('okr.openPreviewToSide', (resource?: unknown) => openPanel(vscode.ViewColumn.Beside, true, resource)),
    vscode.window.registerWebviewPanelSerializer(PANEL_TYPE, {
      async deserializeWebviewPanel(restored) {
        // Show the active OKR editor's cascade; the webview keeps its own folding state.
        panel?.panel.dispose();
        adopt(restored);
      },
    }),
    vscode.window.registerWebviewViewProvider(VIEW_ID, {
      resolveWebviewView(webviewView) {
        const view = new CascadeWebview(webviewView.webview, context.extensionUri, reveal);
        const attached = controller.attach(view);
        sidebar = view;
        opened.fire();
        webviewView.onDidDispose(() => {
          attached.dispose();
          view.dispose();
          if (sidebar === view) sidebar = undefined;
        });
      },
    }),
    events.onIndexChanged
      ? events.onIndexChanged(() => controller.indexChanged())
      : client.onNotification('okr/indexChanged', () => controller.indexChanged()),
    { dispose: () => panel?.panel.dispose() },
  );

  if (context.extensionMode !== vscode.ExtensionMode.Production) {
    // Hidden commands for the end-to-end suite: what each webview confirmed it shows, and a way
    // to deliver a message exactly as the webview would post it.
    const target = (name: unknown) => (name === 'view' ? sidebar : panel?.view);
    context.subscriptions.push(
      vscode.commands.registerCommand('_okr.preview.state', () => ({
        panel: panel && { ...panel.view.rendered, viewColumn: panel.panel.viewColumn, visible: panel.panel.visible, title: panel.panel.title },
        view: sidebar && { ...sidebar.rendered },
        followed: controller.document?.toString(),
      })),
      vscode.commands.registerCommand('_okr.preview.waitFor', (name: unknown, text: string, timeoutMs = 10_000) =>
        waitForRender(() => target(name), opened.event, text, timeoutMs),
      ),
      vscode.commands.registerCommand('_okr.preview.post', (name: unknown, message: unknown) => target(name)?.receive(message) ?? false),
    );
  }
}

/**
 * Resolves with the first confirmed render whose HTML contains `text`, now or later, also when the
 * webview opens only after the call; rejects after the timeout.
 */
function waitForRender(view: () => CascadeWebview | undefined, opened: vscode.Event<void>, text: string, timeoutMs: number): Promise<RenderedState> {
  return new Promise((resolve, reject) => {
    const listeners: vscode.Disposable[] = [];
    const finish = (error: Error | null, state?: RenderedState) => {
      clearTimeout(timer);
      for (const l of listeners) l.dispose();
      if (error) reject(error);
      else resolve(state!);
    };
    const check = (state: RenderedState | null | undefined) => {
      if (state?.html.includes(text)) finish(null, state);
    };
    const watch = () => {
      const current = view();
      if (!current) return;
      listeners.push(current.onDidRender(check));
      check(current.rendered);
    };
    const timer = setTimeout(() => finish(new Error(`no render containing ${JSON.stringify(text)} within ${timeoutMs} ms`)), timeoutMs);
    listeners.push(opened(watch));
    watch();
  });
}

/** Opens the file at `line`, in the editor that already shows it or beside the preview. Only workspace files. */
async function revealLine(uri: vscode.Uri, line: number, previewColumn: vscode.ViewColumn | undefined): Promise<void> {
  if (!vscode.workspace.getWorkspaceFolder(uri)) return;
  const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  const column = shown?.viewColumn ?? (previewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
  const document = await vscode.workspace.openTextDocument(uri);
  const at = new vscode.Position(Math.min(line, document.lineCount - 1), 0);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: column, selection: new vscode.Range(at, at) });
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
