// "OKR: Start Next Period" and "OKR: Score Period": the server computes the edits (`okr/periodEdits`)
// from its model of the document; the client only applies them.
import * as vscode from 'vscode';
import { PeriodEditsRequest, type PeriodEditsParams, type PeriodEditsResult } from '../../../server/src/lsp/protocol';
import type { OkrServer } from '../client';
import { localDate } from './checkIn';

function toWorkspaceEdit(uri: vscode.Uri, result: PeriodEditsResult): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of result.edits) {
    edit.replace(uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  }
  return edit;
}

async function periodEdits(server: OkrServer, document: vscode.TextDocument, action: PeriodEditsParams['action']): Promise<PeriodEditsResult | null> {
  const params: PeriodEditsParams = { uri: document.uri.toString(), action, today: localDate() };
  return server.client.sendRequest<PeriodEditsResult | null>(PeriodEditsRequest, params);
}

/** The file name of the copy: a period in the name moves forward (`growth-2026-Q4` → `growth-2027-Q1`), else the new period is appended. */
export function nextFileName(name: string, next: string): string {
  const base = name.replace(/\.okr\.md$/i, '');
  const written = /\d{4}(?:-[QH]\d)?/i.exec(base);
  return written ? `${base.replace(written[0], next)}.okr.md` : `${base}-${next}.okr.md`;
}

/**
 * Opens next period's copy of the document as a new, unsaved file beside it (saving asks where, with
 * that name proposed); the original stays untouched. Resolves with the new editor.
 */
export async function startNextPeriod(server: OkrServer, uri: vscode.Uri | undefined): Promise<vscode.TextEditor | undefined> {
  if (!uri) return undefined;
  const document = await vscode.workspace.openTextDocument(uri);
  const result = await periodEdits(server, document, 'startNextPeriod');
  if (!result?.period) {
    void vscode.window.showWarningMessage('This file has no period that OKR Markdown can move forward (use 2026-Q1, 2026-H1, 2026 or 2026-01-01..2026-03-31).');
    return undefined;
  }
  const name = nextFileName(document.uri.path.split('/').pop() ?? 'okrs.okr.md', result.period);
  const target = vscode.Uri.joinPath(document.uri, '..', name).with({ scheme: 'untitled' });
  const copy = await vscode.workspace.openTextDocument(target);
  const fill = new vscode.WorkspaceEdit();
  fill.insert(copy.uri, new vscode.Position(0, 0), document.getText());
  await vscode.workspace.applyEdit(fill);
  await vscode.workspace.applyEdit(toWorkspaceEdit(copy.uri, result));
  await vscode.languages.setTextDocumentLanguage(copy, 'okr');
  return vscode.window.showTextDocument(copy, { preview: false });
}

/** Writes each KR's score and the results section into the document (one undoable edit). */
export async function scorePeriod(server: OkrServer, uri: vscode.Uri | undefined): Promise<boolean> {
  if (!uri) return false;
  const document = await vscode.workspace.openTextDocument(uri);
  const result = await periodEdits(server, document, 'score');
  if (!result) return false;
  return vscode.workspace.applyEdit(toWorkspaceEdit(document.uri, result));
}
