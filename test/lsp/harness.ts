// A real LSP client for the protocol tests: spawns the built server (`dist/server.js --stdio`) as a child
// process and talks JSON-RPC to it with vscode-jsonrpc, recording what the server sends on its own.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, InitializeResult, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';

export const root = join(__dirname, '..', '..');
export const serverPath = join(root, 'dist/server.js');
export const fixtures = join(root, 'test/fixtures/lsp');

/** A private copy of a fixture workspace, so tests may write files. */
export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `okr-lsp-${name}-`));
  cpSync(join(fixtures, name), dir, { recursive: true });
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export const uriOf = (path: string) => pathToFileURL(path).href;

export interface ClientOptions {
  rootDir?: string;
  /** `okr` settings the client answers to `workspace/configuration`. */
  settings?: unknown;
  /** Advertise pull diagnostics (LSP 3.17) instead of relying on push. */
  pull?: boolean;
  initializationOptions?: unknown;
}

/** Waits for a condition that the server's messages make true; fails after `ms` with `what`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export class TestClient {
  readonly process: ChildProcessWithoutNullStreams;
  readonly connection: MessageConnection;
  /** Latest published diagnostics per uri, and every publication in order. */
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly publications: PublishDiagnosticsParams[] = [];
  readonly indexChanges: string[][] = [];
  readonly messages: Array<{ type: number; message: string }> = [];
  readonly logs: Array<{ type: number; message: string }> = [];
  readonly registrations: unknown[] = [];
  stderr = '';
  /** Bytes the server wrote to stdout that were not protocol messages would break the reader; this records exit. */
  exitCode: number | null = null;
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  settings: unknown;

  constructor(readonly options: ClientOptions = {}) {
    this.settings = options.settings ?? {};
    this.process = spawn(process.execPath, [serverPath, '--stdio'], { stdio: 'pipe' });
    this.process.stderr.on('data', (d) => (this.stderr += d));
    this.process.on('exit', (code) => (this.exitCode = code));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.publications.push(p);
    });
    this.connection.onNotification('okr/indexChanged', (p: { uris: string[] }) => void this.indexChanges.push(p.uris));
    this.connection.onNotification('window/showMessage', (p: { type: number; message: string }) => void this.messages.push(p));
    this.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => void this.logs.push(p));
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', (p: { registrations: unknown[] }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.onRequest('workspace/inlayHint/refresh', () => null);
    this.connection.listen();
  }

  async initialize(): Promise<InitializeResult> {
    const rootDir = this.options.rootDir;
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: rootDir ? uriOf(rootDir) : null,
      workspaceFolders: rootDir ? [{ uri: uriOf(rootDir), name: 'fixture' }] : null,
      initializationOptions: this.options.initializationOptions,
      capabilities: {
        workspace: {
          configuration: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceFolders: true,
          ...(this.options.pull ? { diagnostics: { refreshSupport: true } } : {}),
        },
        textDocument: {
          synchronization: { didSave: true, dynamicRegistration: false },
          completion: { completionItem: { snippetSupport: true } },
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
          ...(this.options.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** Waits until the server has indexed the workspace (its first okr/indexChanged). */
  indexed(): Promise<unknown> {
    return waitFor('the workspace index', () => this.indexChanges.length > 0);
  }

  async open(path: string, text = readFileSync(path, 'utf8')): Promise<string> {
    const uri = uriOf(path);
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'okr', version: 1, text } });
    return uri;
  }

  /** Sends incremental changes; `text` is the client's text after them (the test computes it). */
  async change(uri: string, changes: TextDocumentContentChangeEvent[], text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  text(uri: string): string {
    return this.texts.get(uri)!;
  }

  version(uri: string): number {
    return this.versions.get(uri)!;
  }

  /** The diagnostics published for `uri` at its current version that satisfy `accept`. */
  async diagnosticsFor(uri: string, accept: (d: Diagnostic[]) => boolean = () => true, ms?: number): Promise<Diagnostic[]> {
    const version = this.versions.get(uri);
    const p = await waitFor(`diagnostics of ${uri}`, () => {
      const got = this.diagnostics.get(uri);
      return got && (version === undefined || got.version === undefined || got.version === version) && accept(got.diagnostics) ? got : undefined;
    }, ms);
    return p.diagnostics;
  }

  async stop(): Promise<void> {
    if (this.exitCode === null) {
      try {
        await this.connection.sendRequest('shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        // the server is already gone
      }
      await waitFor('server exit', () => this.exitCode !== null, 5000).catch(() => this.process.kill());
    }
    this.connection.dispose();
  }
}

/** Applies LSP text edits (non-overlapping, any order) to a text. */
export function applyTextEdits(text: string, edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
    if (c === 10 || c === 13) starts.push(i + 1);
  }
  const offset = (p: { line: number; character: number }) =>
    p.line >= starts.length ? text.length : Math.min(starts[p.line] + p.character, p.line + 1 < starts.length ? starts[p.line + 1] : text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}
