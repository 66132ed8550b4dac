// A killed language server is restarted by the client, and diagnostics come back.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, okrDiagnostics, open, waitFor } from './helpers';

describe('Server restart', () => {
  it('restarts the server after it was killed and publishes diagnostics again', async () => {
    const okr = await api();
    const editor = await open('common-mistakes.okr.md');
    await waitFor('diagnostics before the crash', () => okrDiagnostics(editor.document.uri).length > 0);
    const before = okrDiagnostics(editor.document.uri).length;
    const pid = okr.serverPid();
    assert.ok(pid, 'the server runs');
    process.kill(pid, 'SIGKILL');
    await waitFor('the server to be restarted', () => {
      const now = okr.serverPid();
      return now !== undefined && now !== pid;
    }, 30_000);
    // A new edit proves the new server reads the document and answers.
    await editor.edit((edit) => edit.insert(new vscode.Position(editor.document.lineCount, 0), '\n'));
    await waitFor('diagnostics after the restart', () => okrDiagnostics(editor.document.uri).length === before, 30_000);
    await okr.refreshTree();
    assert.ok(okr.getTreeSnapshot().items.length > 0, 'the Progress view reads from the new server');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('restarts on command', async () => {
    const okr = await api();
    const pid = okr.serverPid();
    await vscode.commands.executeCommand('okr.restart');
    const now = await waitFor('a new server process', () => {
      const current = okr.serverPid();
      return current !== pid ? current : undefined;
    }, 30_000);
    assert.ok(now);
  });
});
