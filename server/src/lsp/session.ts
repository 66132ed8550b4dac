// The language server's wiring: lifecycle, document sync, the workspace index, diagnostics (push and pull)
// and the feature handlers. Everything OKR-specific happens in the pure core and rules; this file only
// decides when to call them and how to answer over the protocol.
import { isAbsolute, join, sep } from 'node:path';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceDocumentDiagnosticReport,
  type WorkspaceFolder,
  type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver';
import type { ResolvedConfig } from '../core/config';
import type { OkrDocument } from '../core/model';
import { ClosedFile, parseFromDisk, type Outline } from '../core/outline';
import { findOkrFiles, globToRegExp, readOkrFile, MAX_FILE_BYTES } from '../node/files';
import { INVALID_CONFIG_ID } from '../rules/index';
import type { Finding } from '../rules/types';
import { codeActions } from './codeActions';
import { completion } from './completion';
import type { FeatureContext, Snapshot } from './context';
import { periodEdits, preview, tree } from './custom';
import { ResultIds, toDiagnostic } from './diagnostics';
import { OpenDocuments, type OpenDocument } from './documents';
import { foldingRanges } from './folding';
import { hover } from './hover';
import { codeLenses, inlayHints } from './inlay';
import { documentLinks } from './links';
import { ConfigCache, Linter } from './lint';
import { definition, prepareRename, references, rename } from './navigation';
import {
  DocumentTextRequest,
  FixAllKind,
  IndexChangedNotification,
  PeriodEditsRequest,
  PreviewRequest,
  TreeRequest,
  type DocumentTextParams,
  type DocumentTextResult,
  type PeriodEditsParams,
  type PreviewParams,
  type TreeParams,
} from './protocol';
import { SettingsStore, type OkrSettings } from './settings';
import { documentSymbols, workspaceSymbols } from './symbols';
import { pathOf, uriOf } from './uri';
import { WorkspaceIndex } from './workspaceIndex';

/** Coalesces bursts of keystrokes without adding noticeable latency. */
const DEBOUNCE_MS = 3;
const MAX_DEBOUNCE_MS = 250;
/** Longest stretch of scanning (or pulling workspace diagnostics) between yields, so edits and requests are answered meanwhile. */
const SCAN_SLICE_MS = 8;

type Trigger = 'open' | 'change' | 'save' | 'dependency' | 'config';

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Session implements FeatureContext {
  readonly documents = new OpenDocuments();
  readonly index = new WorkspaceIndex();
  private readonly settings: SettingsStore;
  private readonly configs = new ConfigCache();
  private readonly linter: Linter;
  private readonly resultIds = new ResultIds();
  private roots: string[] = [];
  private push = true;
  private pullRefresh = false;
  private inlayRefresh = false;
  private snippets = false;
  private dynamicWatch = false;
  private folderEvents = false;
  private scanned: Promise<void> = Promise.resolve();
  /** False while a scan runs: diagnostics then come from file rules only, and are completed when it ends. */
  private scanDone = true;
  /** `okr.exclude` as of the last scan. */
  private exclude: string[] = [];
  private excludes: RegExp[] = [];
  private readonly noticeShown = new Set<string>();
  private readonly reportedConfigs = new WeakSet<ResolvedConfig>();
  private configDiagnostics = new Map<string, Diagnostic[]>();
  /** Version of each open document last put into the index. */
  private readonly indexedVersion = new Map<string, number>();
  private readonly lintCache = new Map<string, { key: string; findings: Finding[] }>();
  /** Diagnostics of closed files for pull clients (VS Code re-pulls the workspace every few seconds). */
  private readonly closedCache = new Map<string, { outline: Outline; epoch: number; config: ResolvedConfig; diagnostics: Diagnostic[] }>();
  private readonly pending = new Map<string, Trigger>();
  private readonly generation = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private readonly changedPaths = new Set<string>();
  private notifyTimer: NodeJS.Timeout | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;

  constructor(private readonly connection: Connection) {
    this.settings = new SettingsStore(connection);
    this.linter = new Linter(this.index);
  }

  // ------------------------------------------------------------------ FeatureContext

  snapshot(uri: string): Snapshot | null {
    if (typeof uri !== 'string') return null;
    const open = this.documents.get(uri);
    if (open) {
      const doc = this.sync(open);
      return doc ? { uri, path: open.path, doc } : null;
    }
    const path = pathOf(uri);
    const doc = this.index.get(path);
    return doc ? { uri, path, doc } : null;
  }

  uriFor(path: string): string {
    return this.documents.byPath(path)?.uri ?? uriOf(path);
  }

  // ------------------------------------------------------------------ wiring

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => this.initialized());
    c.onShutdown(() => this.shutdown());

    c.onDidOpenTextDocument(this.notification('didOpen', ({ textDocument: d }) => {
      if (typeof d?.uri !== 'string' || typeof d.text !== 'string') return;
      this.documents.open(d.uri, d.languageId, d.version, d.text);
      this.indexedVersion.delete(d.uri);
      this.schedule(d.uri, 'open');
    }));
    c.onDidChangeTextDocument(this.notification('didChange', ({ textDocument, contentChanges }) => {
      const outcome = this.documents.change(textDocument.uri, textDocument.version, Array.isArray(contentChanges) ? contentChanges : []);
      if (outcome === 'applied') this.schedule(textDocument.uri, 'change');
      else c.console.warn(`Ignored a change to ${textDocument.uri}: ${outcome === 'stale' ? `version ${textDocument.version} is not newer than the document's` : 'the document is not open'}.`);
    }));
    c.onDidSaveTextDocument(this.notification('didSave', ({ textDocument }) => this.schedule(textDocument.uri, 'save')));
    c.onDidCloseTextDocument(this.notification('didClose', ({ textDocument }) => this.close(textDocument.uri)));
    c.onDidChangeConfiguration(this.notification('didChangeConfiguration', (params) => this.configurationChanged(params?.settings)));
    c.onDidChangeWatchedFiles(this.notification('didChangeWatchedFiles', ({ changes }) => this.filesChanged(Array.isArray(changes) ? changes : [])));
    // The raw notification: the `workspace.onDidChangeWorkspaceFolders` helper throws for clients without folder support.
    c.onNotification(DidChangeWorkspaceFoldersNotification.type, this.notification('didChangeWorkspaceFolders', ({ event }) => this.foldersChanged(event?.added ?? [], event?.removed ?? [])));

    c.onDocumentSymbol(this.request('documentSymbol', [], ({ textDocument }) => documentSymbols(this, textDocument.uri)));
    c.onWorkspaceSymbol(
      this.request('workspaceSymbol', [], ({ query }, token) => workspaceSymbols(this, typeof query === 'string' ? query : '', () => token.isCancellationRequested), {
        afterScan: true,
        yieldFirst: true,
      }),
    );
    c.onDefinition(this.request('definition', null, ({ textDocument, position }) => definition(this, textDocument.uri, position), { afterScan: true }));
    c.onReferences(this.request('references', [], ({ textDocument, position, context }) => references(this, textDocument.uri, position, context?.includeDeclaration !== false), { afterScan: true, yieldFirst: true }));
    c.onPrepareRename(this.request('prepareRename', null, ({ textDocument, position }) => prepareRename(this, textDocument.uri, position), { afterScan: true }));
    c.onRenameRequest(this.request('rename', null, ({ textDocument, position, newName }) => rename(this, textDocument.uri, position, String(newName)), { afterScan: true, yieldFirst: true }));
    c.onHover(
      this.request('hover', null, async ({ textDocument, position }) => {
        const open = this.documents.get(textDocument.uri);
        const findings = open ? (await this.lintOpen(open)) ?? [] : [];
        return hover(this, textDocument.uri, position, findings);
      }),
    );
    c.onCompletion(
      this.request('completion', [], ({ textDocument, position }) => {
        const open = this.documents.get(textDocument.uri);
        if (!open) return [];
        return completion(this, textDocument.uri, open.getText().split(/\r\n|\r|\n/), position, this.snippets);
      }),
    );
    c.onCodeAction(
      this.request('codeAction', [], async (params) => {
        const open = this.documents.get(params.textDocument.uri);
        if (!open) return [];
        const findings = await this.lintOpen(open);
        if (!findings) return [];
        const text = open.text;
        return codeActions({ uri: open.uri, version: open.version, text: text.getText(), findings, positionAt: (o) => text.positionAt(o) }, params);
      }),
    );
    c.onDocumentLinks(this.request('documentLinks', [], ({ textDocument }) => documentLinks(this, textDocument.uri), { afterScan: true }));
    c.onFoldingRanges(this.request('foldingRanges', [], ({ textDocument }) => foldingRanges(this, textDocument.uri)));
    c.languages.inlayHint.on(
      this.request('inlayHint', [], async ({ textDocument, range }) => ((await this.settings.get(textDocument.uri)).inlayHints ? inlayHints(this, textDocument.uri, range) : [])),
    );
    c.onCodeLens(this.request('codeLens', [], async ({ textDocument }) => ((await this.settings.get(textDocument.uri)).codeLens ? codeLenses(this, textDocument.uri) : [])));

    c.languages.diagnostics.on(
      this.request('textDocument/diagnostic', { kind: DocumentDiagnosticReportKind.Full, items: [] } as DocumentDiagnosticReport, async ({ textDocument, previousResultId }) => {
        const items = (await this.diagnosticsOf(textDocument.uri)) ?? [];
        const resultId = this.resultIds.idFor(textDocument.uri, items);
        const report: DocumentDiagnosticReport =
          previousResultId === resultId ? { kind: DocumentDiagnosticReportKind.Unchanged, resultId } : { kind: DocumentDiagnosticReportKind.Full, resultId, items };
        return report;
      }),
    );
    c.languages.diagnostics.onWorkspace(
      this.request('workspace/diagnostic', { items: [] }, async ({ previousResultIds }, token) => {
        const previous = new Map((Array.isArray(previousResultIds) ? previousResultIds : []).map((p) => [p.uri, p.value]));
        const items: WorkspaceDocumentDiagnosticReport[] = [];
        let slice = performance.now();
        for (const path of this.index.paths()) {
          // Let edits and other requests in between: a first pull of a large workspace takes a while.
          if (performance.now() - slice > SCAN_SLICE_MS) {
            await yieldToEventLoop();
            slice = performance.now();
          }
          if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Cancelled');
          const uri = this.uriFor(path);
          const open = this.documents.get(uri);
          const diagnostics = (await this.diagnosticsOf(uri)) ?? [];
          const resultId = this.resultIds.idFor(uri, diagnostics);
          const version = open ? open.version : null;
          items.push(
            previous.get(uri) === resultId
              ? { uri, version, kind: DocumentDiagnosticReportKind.Unchanged, resultId }
              : { uri, version, kind: DocumentDiagnosticReportKind.Full, resultId, items: diagnostics },
          );
        }
        return { items };
      }, { afterScan: true, yieldFirst: true }),
    );

    c.onRequest(TreeRequest, this.request('okr/tree', { units: [] }, (params: TreeParams) => tree(this, params), { afterScan: true, yieldFirst: true }));
    c.onRequest(PreviewRequest, this.request('okr/preview', null, (params: PreviewParams) => preview(this, params?.uri), { afterScan: true, yieldFirst: true }));
    c.onRequest(PeriodEditsRequest, this.request('okr/periodEdits', null, (params: PeriodEditsParams) =>
      periodEdits(this, params, typeof params?.uri === 'string' ? this.documents.get(params.uri)?.text.getText() : undefined),
    ));
    c.onRequest(DocumentTextRequest, this.request('okr/debug/documentText', { text: null, version: null, sectionsParsed: null }, (params: DocumentTextParams): DocumentTextResult => {
      const open = this.documents.get(params?.uri);
      if (!open) return { text: null, version: null, sectionsParsed: null };
      this.sync(open);
      return { text: open.getText(), version: open.version, sectionsParsed: open.cache.misses };
    }));

    c.listen();
  }

  /**
   * Wraps a request handler: a cancelled request answers RequestCancelled; a handler that throws is logged to the
   * client and answers `fallback`, and the server keeps serving. `yieldFirst` lets a cancellation that is already
   * queued arrive before expensive, workspace-wide work starts; `afterScan` waits for the workspace scan.
   */
  private request<P, R>(
    name: string,
    fallback: R,
    handler: (params: P, token: CancellationToken) => R | Promise<R>,
    { yieldFirst = false, afterScan = false }: { yieldFirst?: boolean; afterScan?: boolean } = {},
  ) {
    return async (params: P, token: CancellationToken): Promise<R> => {
      const cancelled = () => new ResponseError(LSPErrorCodes.RequestCancelled, `${name} was cancelled`);
      // Two turns: the queued `$/cancelRequest` is read on the turn after this request's own.
      if (yieldFirst) for (let i = 0; i < 2; i++) await yieldToEventLoop();
      if (token.isCancellationRequested) throw cancelled();
      let result: R;
      try {
        // Answers about other files need the whole workspace indexed.
        if (afterScan) await this.scanned;
        result = await handler(params ?? ({} as P), token);
      } catch (err) {
        if (err instanceof ResponseError) throw err;
        this.logError(name, err);
        return fallback;
      }
      // Work that waited (for the scan, for settings) may have been cancelled meanwhile: its answer is stale.
      if (token.isCancellationRequested) throw cancelled();
      return result;
    };
  }

  private notification<P>(name: string, handler: (params: P) => void) {
    return (params: P) => {
      try {
        handler(params);
      } catch (err) {
        this.logError(name, err);
      }
    };
  }

  private logError(what: string, err: unknown): void {
    this.connection.console.error(`${what} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  }

  // ------------------------------------------------------------------ lifecycle

  private initialize(params: InitializeParams): InitializeResult {
    const caps = params.capabilities ?? {};
    const options = (params.initializationOptions ?? {}) as Record<string, unknown>;
    this.settings.pull = caps.workspace?.configuration === true;
    // A client that pulls diagnostics would show pushed ones twice; push to the others (or when asked to).
    this.push = !caps.textDocument?.diagnostic || options.diagnostics === 'push';
    this.pullRefresh = caps.workspace?.diagnostics?.refreshSupport === true;
    this.inlayRefresh = caps.workspace?.inlayHint?.refreshSupport === true;
    this.snippets = caps.textDocument?.completion?.completionItem?.snippetSupport === true;
    this.dynamicWatch = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    this.folderEvents = caps.workspace?.workspaceFolders === true;
    const folders: WorkspaceFolder[] = params.workspaceFolders ?? [];
    const rootUri = params.rootUri ?? (params.rootPath ? uriOf(params.rootPath) : null);
    this.roots = (folders.length ? folders.map((f) => f.uri) : rootUri ? [rootUri] : []).map(pathOf).filter((p) => isAbsolute(p));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        completionProvider: { triggerCharacters: ['#', ':', ' ', '-', '.'], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FixAllKind] },
        documentLinkProvider: { resolveProvider: false },
        foldingRangeProvider: true,
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
        diagnosticProvider: { identifier: 'okr', interFileDependencies: true, workspaceDiagnostics: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'okr-language-server' },
    };
  }

  private initialized(): void {
    // For clients that support folders, the library's folder feature owns the notification; the raw handler
    // registered in listen() serves the others.
    if (this.folderEvents) {
      this.connection.workspace.onDidChangeWorkspaceFolders(
        this.notification('didChangeWorkspaceFolders', (e: WorkspaceFoldersChangeEvent) => this.foldersChanged(e.added, e.removed)),
      );
    }
    if (this.dynamicWatch) {
      this.connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.okr.md' }, { globPattern: '**/.okrrc.json' }] })
        .catch((err: unknown) => this.logError('registering file watchers', err));
    }
    this.scanDone = false;
    this.scanned = this.scan(this.roots).finally(() => {
      this.scanDone = true;
      this.lintCache.clear();
    });
  }

  private shutdown(): void {
    for (const t of [this.timer, this.notifyTimer, this.refreshTimer]) if (t) clearTimeout(t);
    this.timer = this.notifyTimer = this.refreshTimer = null;
    this.pending.clear();
  }

  // ------------------------------------------------------------------ index

  /** Brings the index in line with the files under `roots`: adds and updates what is there, drops what is gone. */
  private async scan(roots: string[], removeMissing = false): Promise<void> {
    if (!roots.length) return;
    try {
      const settings = await this.settings.get();
      this.exclude = settings.exclude;
      this.excludes = settings.exclude.map(globToRegExp);
      const files = findOkrFiles(roots, { exclude: settings.exclude });
      const found = new Set(files);
      const changed: string[] = [];
      if (removeMissing) {
        for (const path of this.index.paths()) {
          if (!found.has(path) && this.underRoots(path, roots) && !this.documents.byPath(path)) {
            this.index.delete(path);
            changed.push(path);
          }
        }
      }
      let slice = performance.now();
      for (const path of files) {
        if (performance.now() - slice > SCAN_SLICE_MS) {
          await yieldToEventLoop();
          slice = performance.now();
        }
        if (this.documents.byPath(path)) continue;
        const read = readOkrFile(path);
        if ('error' in read) {
          this.connection.console.warn(`Skipped ${read.error}`);
          continue;
        }
        this.index.set(path, new ClosedFile(path, read.text), true);
        changed.push(path);
      }
      for (const path of changed) this.changedPaths.add(path);
      this.notifyIndexChanged();
      // Cross-file findings of open documents can only be complete now.
      for (const doc of this.documents.all()) this.schedule(doc.uri, 'dependency');
      this.refreshPull();
    } catch (err) {
      this.logError('workspace scan', err);
    }
  }

  private underRoots(path: string, roots = this.roots): boolean {
    return roots.some((root) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep));
  }

  /** The scan's exclusions, for watcher events: `.git`, `node_modules` and `okr.exclude` (matched like findOkrFiles). */
  private excluded(path: string): boolean {
    if (/[\\/](node_modules|\.git)[\\/]/.test(path)) return true;
    const root = this.roots.find((r) => this.underRoots(path, [r]));
    const rel = root ? path.slice(root.length + 1).split(sep).join('/') : path;
    const name = path.slice(path.lastIndexOf(sep) + 1);
    return this.excludes.some((re) => re.test(rel) || re.test(name));
  }

  /** Puts the current version of an open document into the index (parsing only its edited sections). */
  private sync(open: OpenDocument): OkrDocument | null {
    const model = open.parsed();
    if (this.indexedVersion.get(open.uri) === open.version) return model;
    this.indexedVersion.set(open.uri, open.version);
    if (!model) {
      this.noticeOnce(
        `too-large:${open.uri}`,
        `${open.uri.slice(open.uri.lastIndexOf('/') + 1)} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB; OKR Markdown does not check it.`,
      );
      this.indexChanged([open.path], this.index.delete(open.path));
      return null;
    }
    this.indexChanged([open.path], this.index.set(open.path, model));
    return model;
  }

  /** After `path` changed in the index: tell the client, and re-check the files whose cross-file findings depend on it. */
  private indexChanged(paths: string[], affected: Set<string>): void {
    for (const path of paths) this.changedPaths.add(path);
    if (paths.length) this.notifyIndexChanged();
    for (const p of affected) {
      const open = this.documents.byPath(p);
      if (open) this.schedule(open.uri, 'dependency');
    }
    if (affected.size) this.refreshPull();
  }

  private notifyIndexChanged(): void {
    if (this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      const uris = [...this.changedPaths].map((p) => this.uriFor(p));
      this.changedPaths.clear();
      if (uris.length) void this.connection.sendNotification(IndexChangedNotification, { uris }).catch(() => undefined);
    }, DEBOUNCE_MS);
  }

  private refreshPull(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      if (this.pullRefresh) this.connection.languages.diagnostics.refresh().catch(() => undefined);
      if (this.inlayRefresh) this.connection.languages.inlayHint.refresh().catch(() => undefined);
    }, DEBOUNCE_MS * 5);
  }

  private close(uri: string): void {
    const doc = this.documents.close(uri);
    this.indexedVersion.delete(uri);
    this.lintCache.delete(uri);
    this.pending.delete(uri);
    this.generation.delete(uri);
    this.resultIds.forget(uri);
    if (!doc) return;
    if (this.push) void this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
    // The index goes back to what is on disk (the buffer may have been unsaved, or the file deleted meanwhile).
    const read = doc.path === uri || !this.underRoots(doc.path) ? null : readOkrFile(doc.path);
    this.linter.forget(doc.path);
    this.indexChanged([doc.path], read && 'text' in read ? this.index.set(doc.path, new ClosedFile(doc.path, read.text)) : this.index.delete(doc.path));
  }

  private filesChanged(changes: Array<{ uri: string; type: FileChangeType }>): void {
    let configChanged = false;
    const affected = new Set<string>();
    const changed: string[] = [];
    // Files the index has not seen must pass the scan's filters (.gitignore included): one walk per batch.
    const unseen = changes.some((c) => typeof c?.uri === 'string' && c.type !== FileChangeType.Deleted && !this.index.has(pathOf(c.uri)));
    const admitted = unseen ? new Set(findOkrFiles(this.roots, { exclude: this.exclude })) : null;
    for (const change of changes) {
      if (typeof change?.uri !== 'string') continue;
      const path = pathOf(change.uri);
      if (path.endsWith('.okrrc.json')) {
        configChanged = true;
        continue;
      }
      // An open buffer is the truth for its file, even when the file is deleted or rewritten under it.
      if (!path.endsWith('.okr.md') || this.documents.byPath(path) || !this.underRoots(path) || this.excluded(path)) continue;
      if (change.type !== FileChangeType.Deleted && !this.index.has(path) && !admitted?.has(path)) continue;
      const read = change.type === FileChangeType.Deleted ? null : readOkrFile(path);
      this.linter.forget(path);
      const touched = read && 'text' in read ? this.index.set(path, new ClosedFile(path, read.text)) : this.index.delete(path);
      changed.push(path);
      for (const p of touched) affected.add(p);
    }
    if (configChanged) this.configChanged();
    this.indexChanged(changed, affected);
  }

  private foldersChanged(added: WorkspaceFolder[], removed: WorkspaceFolder[]): void {
    const gone = removed.map((f) => pathOf(f.uri));
    this.roots = this.roots.filter((r) => !gone.includes(r));
    const affected = new Set<string>();
    const dropped: string[] = [];
    for (const path of this.index.paths()) {
      if (this.underRoots(path, gone) && !this.underRoots(path) && !this.documents.byPath(path)) {
        for (const p of this.index.delete(path)) affected.add(p);
        dropped.push(path);
      }
    }
    const fresh = added.map((f) => pathOf(f.uri)).filter((p) => isAbsolute(p) && !this.roots.includes(p));
    this.roots.push(...fresh);
    this.indexChanged(dropped, affected);
    if (fresh.length) this.scanned = this.scanned.then(() => this.scan(fresh));
  }

  private configurationChanged(payload: unknown): void {
    this.settings.changed(payload);
    this.configChanged();
    void this.settings.get().then((s) => {
      if (JSON.stringify(s.exclude) !== JSON.stringify(this.exclude)) this.scanned = this.scanned.then(() => this.scan(this.roots, true));
    });
  }

  /** Settings or an `.okrrc.json` changed: every document is checked again. */
  private configChanged(): void {
    this.configs.clear();
    this.lintCache.clear();
    this.closedCache.clear();
    for (const uri of this.configDiagnostics.keys()) void this.connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
    this.configDiagnostics.clear();
    for (const doc of this.documents.all()) this.schedule(doc.uri, 'config');
    this.refreshPull();
  }

  // ------------------------------------------------------------------ diagnostics

  private schedule(uri: string, trigger: Trigger): void {
    this.generation.set(uri, (this.generation.get(uri) ?? 0) + 1);
    // Typing alone does not re-check a file set to `okr.run: onSave`; anything else does.
    const previous = this.pending.get(uri);
    this.pending.set(uri, previous && previous !== 'change' ? previous : trigger);
    // Big documents take longer to check: wait a little longer for the rest of a burst of keystrokes. The wait is
    // latency every keystroke pays, so it stays small next to the check itself (3 ms more at 300 KB, whose check takes ~15).
    const size = this.documents.get(uri)?.text.getText().length ?? 0;
    this.timer ??= setTimeout(() => void this.flush(), Math.min(MAX_DEBOUNCE_MS, DEBOUNCE_MS + size / 100_000));
  }

  private async flush(): Promise<void> {
    this.timer = null;
    const batch = [...this.pending];
    this.pending.clear();
    for (const [uri, trigger] of batch) {
      const open = this.documents.get(uri);
      if (!open) continue;
      const generation = this.generation.get(uri);
      try {
        this.sync(open);
        if (!this.push) continue;
        const settings = await this.settings.get(uri);
        if (trigger === 'change' && settings.run === 'onSave') continue;
        const findings = await this.lintOpen(open, settings);
        // A newer change arrived while settings were fetched: its own run publishes.
        if (generation !== this.generation.get(uri) || this.documents.get(uri) !== open) continue;
        void this.connection.sendDiagnostics({ uri, version: open.version, diagnostics: (findings ?? []).map(toDiagnostic) }).catch(() => undefined);
      } catch (err) {
        this.logError(`checking ${uri}`, err);
      }
    }
  }

  /** Findings of an open document at its current version (cached until it or the index changes). */
  private async lintOpen(open: OpenDocument, known?: OkrSettings): Promise<Finding[] | null> {
    const settings = known ?? (await this.settings.get(open.uri));
    const doc = this.sync(open);
    if (!doc || !settings.enable) return doc ? [] : null;
    const key = `${open.version}:${this.index.workspace.version}:${this.scanDone}`;
    const cached = this.lintCache.get(open.uri);
    if (cached?.key === key) return cached.findings;
    // Cross-file rules judged before the scan ends would flag references to files not read yet.
    const findings = this.linter.lint(open.path, doc, open.getText(), this.configFor(open.path, settings), { crossFile: this.scanDone, reuse: true });
    this.lintCache.set(open.uri, { key, findings });
    return findings;
  }

  /** Diagnostics of any document: open ones from the buffer, others from disk; null when unknown. */
  private async diagnosticsOf(uri: string): Promise<Diagnostic[] | null> {
    await this.scanned;
    const open = this.documents.get(uri);
    if (open) return ((await this.lintOpen(open)) ?? []).map(toDiagnostic);
    const path = pathOf(uri);
    const outline = this.index.workspace.outline(path);
    if (!outline) return null;
    const settings = await this.settings.get(uri);
    if (!settings.enable) return [];
    const config = this.configFor(path, settings);
    const cached = this.closedCache.get(path);
    if (cached && cached.outline === outline && cached.epoch === this.index.crossEpoch && cached.config === config) return cached.diagnostics;
    const read = readOkrFile(path);
    if ('error' in read) return [];
    // The file on disk is read again, so findings and text agree even if the watcher has not caught up yet.
    const current = parseFromDisk(path, read.text);
    const diagnostics = this.linter.lint(path, current, read.text, config).map(toDiagnostic);
    this.linter.forget(path);
    this.closedCache.set(path, { outline, epoch: this.index.crossEpoch, config, diagnostics });
    return diagnostics;
  }

  private configFor(path: string, settings: OkrSettings): ResolvedConfig {
    // Documents that are not files take the configuration of the first workspace folder.
    const config = this.configs.get(isAbsolute(path) ? path : join(this.roots[0] ?? process.cwd(), 'untitled.okr.md'), settings);
    if (!this.reportedConfigs.has(config)) {
      this.reportedConfigs.add(config);
      this.reportConfigProblems(config);
    }
    return config;
  }

  /** Problems in `.okrrc.json` show on the file itself; problems in editor settings as a message, once. */
  private reportConfigProblems(config: ResolvedConfig): void {
    const touched = new Set<string>();
    for (const p of config.problems) {
      if (!p.file) {
        this.noticeOnce(`config:${p.message}`, `OKR Markdown settings: ${p.message}`);
        continue;
      }
      const uri = uriOf(p.file);
      const list = this.configDiagnostics.get(uri) ?? [];
      const diagnostic: Diagnostic = {
        range: p.range,
        severity: p.severity === 'error' ? DiagnosticSeverity.Error : p.severity === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information,
        source: 'okr',
        code: INVALID_CONFIG_ID,
        message: p.message,
      };
      if (!list.some((d) => d.message === diagnostic.message && JSON.stringify(d.range) === JSON.stringify(diagnostic.range))) list.push(diagnostic);
      this.configDiagnostics.set(uri, list);
      touched.add(uri);
    }
    for (const uri of touched) void this.connection.sendDiagnostics({ uri, diagnostics: this.configDiagnostics.get(uri)! }).catch(() => undefined);
  }

  private noticeOnce(key: string, message: string): void {
    if (this.noticeShown.has(key)) return;
    this.noticeShown.add(key);
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }).catch(() => undefined);
  }
}

export function startServer(connection: Connection): void {
  new Session(connection).listen();
}
