// Shared helpers of the end-to-end suite. Every wait is on a condition with a timeout; nothing sleeps
// to synchronise.
import * as vscode from 'vscode';
import type { OkrExtensionApi } from '../../../client/src/extension';

export const EXTENSION_ID = 'okr-markdown.okr-markdown';

export function extension(): vscode.Extension<OkrExtensionApi> {
  const ext = vscode.extensions.getExtension<OkrExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

/** The extension's API (activating it if needed). */
export async function api(): Promise<OkrExtensionApi> {
  return extension().activate();
}

/**
 * Resolves with the first truthy value of `probe`, checked now, on every workspace event that can
 * change it, and at a short interval as a fallback; rejects with `what` after `timeoutMs`.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await nextChange(100);
  }
}

/** Waits for the next diagnostics or document change, or at most `ms`. */
function nextChange(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      for (const d of listeners) d.dispose();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const listeners = [vscode.languages.onDidChangeDiagnostics(done), vscode.workspace.onDidChangeTextDocument(done)];
  });
}

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  return vscode.window.showTextDocument(document, { preview: false });
}

export function okrDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'okr');
}

export function ruleId(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Waits until the server published diagnostics for `uri`, then returns them. */
export function diagnosticsOf(uri: vscode.Uri, timeoutMs?: number): Promise<vscode.Diagnostic[]> {
  return waitFor(`okr diagnostics of ${uri.path}`, () => {
    const list = okrDiagnostics(uri);
    return list.length ? list : undefined;
  }, timeoutMs);
}

/** Throws away unsaved edits of the document so later tests see the file as on disk. */
export async function revert(document: vscode.TextDocument): Promise<void> {
  if (!document.isDirty) return;
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitFor(`${document.uri.path} to be reverted`, () => !document.isDirty);
}

/** 0-based line of the first line containing `text`. */
export function lineOf(document: vscode.TextDocument, text: string): number {
  for (let line = 0; line < document.lineCount; line++) if (document.lineAt(line).text.includes(text)) return line;
  throw new Error(`${document.uri.path} has no line containing ${JSON.stringify(text)}`);
}

/** Position just after `text` on its first line. */
export function after(document: vscode.TextDocument, text: string): vscode.Position {
  const line = lineOf(document, text);
  return new vscode.Position(line, document.lineAt(line).text.indexOf(text) + text.length);
}

/** Creates (or overwrites) a file in the workspace and opens it in an editor. */
export async function scratch(relative: string, text: string): Promise<vscode.TextEditor> {
  const uri = workspaceUri(relative);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false });
}
