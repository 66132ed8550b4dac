// "OKR: Add Check-in": asks for a value (and optionally a confidence and a note) and inserts a dated
// check-in line under the key result at the cursor, after the KR's existing nested items.
import * as vscode from 'vscode';
import type { TreeJson, TreeKr } from '../../../server/src/core/model';
import { TreeRequest, type TreeParams } from '../../../server/src/lsp/protocol';
import type { OkrServer } from '../client';

/** Arguments that skip the prompts (keybindings, the tree's inline action, tests). */
export interface CheckInArgs {
  uri?: string;
  /** 0-based line of the KR (or of any line inside it). */
  line?: number;
  value?: string;
  confidence?: string;
  note?: string;
  date?: string;
}

export function localDate(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function formatCheckIn(date: string, value: string, confidence?: string, note?: string): string {
  return `${date}: ${value.trim()}${confidence?.trim() ? ` (confidence ${confidence.trim()})` : ''}${note?.trim() ? ` — ${note.trim()}` : ''}`;
}

const indentOf = (text: string) => text.length - text.trimStart().length;

/** The line after the KR's last nested line: check-ins go at the end of its data, in date order. */
export function insertionLine(document: vscode.TextDocument, krLine: number): number {
  const krIndent = indentOf(document.lineAt(krLine).text);
  let last = krLine;
  for (let line = krLine + 1; line < document.lineCount; line++) {
    const text = document.lineAt(line).text;
    if (text.trim() === '') continue;
    if (indentOf(text) <= krIndent) break;
    last = line;
  }
  return last + 1;
}

/** The KR whose item contains `line`: the last KR starting at or above it in the same objective. */
function krAt(tree: TreeJson, line: number): TreeKr | undefined {
  const objectives = tree.units.flatMap((unit) => unit.objectives).sort((a, b) => a.line - b.line);
  const objective = objectives.filter((o) => o.line <= line).pop();
  return objective?.krs.filter((kr) => kr.line <= line).pop();
}

async function chooseKr(tree: TreeJson): Promise<TreeKr | undefined> {
  const items = tree.units.flatMap((unit) =>
    unit.objectives.flatMap((o) => o.krs.map((kr) => ({ label: `${o.id}.${kr.id}`, description: kr.text, kr }))),
  );
  return (await vscode.window.showQuickPick(items, { placeHolder: 'Add a check-in to which key result?' }))?.kr;
}

export async function addCheckIn(server: OkrServer, args: CheckInArgs = {}): Promise<boolean> {
  const editor = vscode.window.activeTextEditor;
  const uri = args.uri ? vscode.Uri.parse(args.uri) : editor?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage('Open an OKR file to add a check-in.');
    return false;
  }
  const document = await vscode.workspace.openTextDocument(uri);
  const params: TreeParams = { scope: 'file', uri: document.uri.toString() };
  const tree = await server.client.sendRequest<TreeJson>(TreeRequest, params);
  const cursor = args.line ?? (editor?.document.uri.toString() === uri.toString() ? editor.selection.active.line : -1);
  const kr = krAt(tree, cursor) ?? (args.value === undefined ? await chooseKr(tree) : undefined);
  if (!kr) {
    if (args.value !== undefined) void vscode.window.showWarningMessage('No key result at that line.');
    return false;
  }
  const unit = kr.unit ?? '';
  const value =
    args.value ??
    (await vscode.window.showInputBox({
      title: `Check-in for ${kr.id}`,
      prompt: kr.text,
      placeHolder: `Current value${unit ? `, e.g. 42${unit}` : ''}`,
      validateInput: (text) => (text.trim() ? undefined : 'Enter the current value'),
    }));
  if (value === undefined) return false;
  const confidence =
    args.confidence ?? (args.value === undefined ? await vscode.window.showInputBox({ title: 'Confidence (optional)', placeHolder: 'e.g. 70% or 0.7; leave empty to skip' }) : undefined);
  if (confidence === undefined && args.value === undefined) return false;
  const note = args.note ?? (args.value === undefined ? await vscode.window.showInputBox({ title: 'Note (optional)', placeHolder: 'What changed?' }) : undefined);
  if (note === undefined && args.value === undefined) return false;

  const at = insertionLine(document, kr.line);
  const indent = ' '.repeat(indentOf(document.lineAt(kr.line).text) + 2);
  const text = `${indent}- ${formatCheckIn(args.date ?? localDate(), value, confidence, note)}\n`;
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, at < document.lineCount ? new vscode.Position(at, 0) : document.lineAt(document.lineCount - 1).range.end, at < document.lineCount ? text : `\n${text.trimEnd()}`);
  return vscode.workspace.applyEdit(edit);
}
