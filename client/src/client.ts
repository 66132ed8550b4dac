// Starts the bundled language server (dist/server.js) over Node IPC and keeps it running: when the
// process dies, the client restarts it (and says so in the "OKR Markdown" output channel).
import { fork, type ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  IPCMessageReader,
  IPCMessageWriter,
  LanguageClient,
  State,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type MessageTransports,
} from 'vscode-languageclient/node';
import { IndexChangedNotification, type IndexChangedParams } from '../../server/src/lsp/protocol';

/** More crashes than this within RESTART_WINDOW_MS stop the automatic restarts (a crash loop). */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 3 * 60_000;

export class OkrServer implements vscode.Disposable {
  readonly client: LanguageClient;
  private process: ChildProcess | undefined;
  private crashes: number[] = [];
  private readonly indexChanged = new vscode.EventEmitter<IndexChangedParams>();
  private readonly restarted = new vscode.EventEmitter<void>();
  /** `okr/indexChanged` from the server: the workspace index changed for these documents. */
  readonly onIndexChanged = this.indexChanged.event;
  /** The server process was started again (after a crash or the restart command). */
  readonly onRestarted = this.restarted.event;

  constructor(
    context: vscode.ExtensionContext,
    private readonly output: vscode.LogOutputChannel,
  ) {
    const serverModule = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: 'okr', scheme: 'file' }, { language: 'okr', scheme: 'untitled' }],
      outputChannel: output,
      synchronize: { configurationSection: 'okr', fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.okr.md,.okrrc.json}') },
      errorHandler: this.errorHandler(),
    };
    this.client = new LanguageClient('okr', 'OKR Markdown', () => this.spawn(serverModule), clientOptions);
    this.client.onNotification(IndexChangedNotification, (params: IndexChangedParams) => this.indexChanged.fire(params));
    this.client.onDidChangeState((event) => {
      if (event.newState === State.Running && event.oldState !== State.Running) this.restarted.fire();
    });
  }

  /** Process id of the running server (the end-to-end tests kill it to prove the restart). */
  get pid(): number | undefined {
    return this.process?.exitCode === null ? this.process.pid : undefined;
  }

  start(): Promise<void> {
    return this.client.start();
  }

  async restart(): Promise<void> {
    this.output.appendLine(`[${new Date().toLocaleTimeString()}] Restarting the OKR language server.`);
    await this.client.restart();
  }

  private spawn(serverModule: string): Promise<MessageTransports> {
    // execArgv stays empty: the extension host's own flags (inspector ports…) must not leak into the server.
    const child = fork(serverModule, ['--node-ipc'], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    child.stderr?.on('data', (chunk: Buffer) => this.output.append(chunk.toString()));
    this.process = child;
    return Promise.resolve({ reader: new IPCMessageReader(child), writer: new IPCMessageWriter(child) });
  }

  private errorHandler(): ErrorHandler {
    return {
      error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue }),
      closed: (): CloseHandlerResult => {
        const now = Date.now();
        this.crashes = [...this.crashes.filter((at) => now - at < RESTART_WINDOW_MS), now];
        if (this.crashes.length > MAX_RESTARTS) {
          const message = `The OKR language server stopped ${this.crashes.length} times in ${RESTART_WINDOW_MS / 60_000} minutes and will not be restarted. Run "OKR: Restart Language Server" after fixing the cause.`;
          this.output.appendLine(message);
          return { action: CloseAction.DoNotRestart, message };
        }
        this.output.appendLine(`[${new Date().toLocaleTimeString()}] The OKR language server stopped unexpectedly; restarting it.`);
        return { action: CloseAction.Restart, handled: true };
      },
    };
  }

  async dispose(): Promise<void> {
    this.indexChanged.dispose();
    this.restarted.dispose();
    try {
      if (this.client.needsStop()) await this.client.stop(2000);
    } finally {
      if (this.process?.exitCode === null) this.process.kill();
    }
  }
}
