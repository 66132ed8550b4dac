// The commands' edits and files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { lineOf, open, revert } from './helpers';

describe('Commands', () => {
  it('"New OKR File" opens a template for the current quarter', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('okr.newFile');
    const now = new Date();
    const quarter = `${now.getFullYear()}-Q${Math.floor(now.getMonth() / 3) + 1}`;
    assert.equal(editor.document.languageId, 'okr');
    assert.equal(editor.document.isUntitled, true);
    const text = editor.document.getText();
    assert.match(text, new RegExp(`^---\\nteam: .+\\nowner: .*\\nperiod: ${quarter}\\n`));
    assert.match(text, /\n## O1: /);
    assert.match(text, /\n- KR1: /);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('"Add Check-in" inserts a dated line after the KR\'s last check-in', async () => {
    const editor = await open('teams/growth.okr.md');
    const document = editor.document;
    const before = document.getText().split('\n');
    const kr = lineOf(document, 'KR1: Increase the 90-day reorder rate');
    const last = lineOf(document, '2026-11-18: 15.9%');
    // The cursor on the KR line; the values as the prompts would return them.
    editor.selection = new vscode.Selection(kr, 5, kr, 5);
    const ok = await vscode.commands.executeCommand('okr.addCheckIn', { value: '16.4%', confidence: '0.8', note: 'reminders for knives', date: '2026-11-23' });
    assert.equal(ok, true);
    const expected = [...before.slice(0, last + 1), '  - 2026-11-23: 16.4% (confidence 0.8) — reminders for knives', ...before.slice(last + 1)];
    assert.equal(document.getText(), expected.join('\n'));
    await revert(document);
  });

  it('"Add Check-in" without confidence or note writes only the value', async () => {
    const editor = await open('teams/growth.okr.md');
    const document = editor.document;
    const kr = lineOf(document, 'KR4: Reduce the time from reminder to checkout');
    const ok = await vscode.commands.executeCommand('okr.addCheckIn', { uri: document.uri.toString(), line: kr, value: '3.5 min', confidence: '', note: '', date: '2026-11-23' });
    assert.equal(ok, true);
    assert.equal(document.lineAt(kr + 2).text, '  - 2026-11-23: 3.5 min');
    await revert(document);
  });
});
