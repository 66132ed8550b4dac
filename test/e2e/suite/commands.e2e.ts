// The commands' edits and files.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension, lineOf, open, revert, ruleId, waitFor, workspaceUri } from './helpers';

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

  it('"Open a Sample OKR File" (the walkthrough\'s first step) opens the mistake tour with its squiggles', async () => {
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('okr.openSample');
    assert.equal(editor.document.languageId, 'okr');
    assert.equal(editor.document.uri.fsPath, vscode.Uri.joinPath(extension().extensionUri, 'samples', 'common-mistakes.okr.md').fsPath);
    await waitFor('the sample\'s kr-is-output squiggle', () => vscode.languages.getDiagnostics(editor.document.uri).some((d) => ruleId(d) === 'kr-is-output'));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
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

describe('Period commands', () => {
  it('"Start Next Period" opens a copy for the next quarter with baselines at the current values and no check-ins', async () => {
    const original = (await open('teams/growth.okr.md')).document;
    const before = original.getText();
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('okr.startNextPeriod');
    const copy = editor.document;
    assert.equal(copy.isUntitled, true);
    assert.ok(copy.uri.path.endsWith('/teams/growth-2027-Q1.okr.md'), copy.uri.toString());
    assert.equal(copy.languageId, 'okr');
    const text = copy.getText();
    assert.match(text, /^period: 2027-Q1$/m);
    assert.match(text, /^# Growth — 2027-Q1$/m);
    // KR1 stood at 15.9% (latest check-in): it is next quarter's baseline.
    assert.match(text, /^- KR1: Increase the 90-day reorder rate of first-time buyers from 15\.9% to 18%$/m);
    assert.doesNotMatch(text, /^\s+- \d{4}-\d{2}-\d{2}:/m, 'check-ins are cleared');
    assert.match(text, /^- \[ \] KR3: Launch one-click reorder/m, 'milestones start open');
    assert.equal(original.getText(), before, 'the original is untouched');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('"Score Period" writes each KR\'s score and a results section', async () => {
    const document = (await open('teams/growth.okr.md')).document;
    const lines = document.getText().split('\n');
    assert.equal(await vscode.commands.executeCommand('okr.scorePeriod'), true);
    const text = document.getText();
    // KR1: (15.9 − 11) / (18 − 11) = 0.7, written right after its last check-in.
    const last = lines.findIndex((line) => line.includes('2026-11-18: 15.9%'));
    assert.equal(document.lineAt(last + 1).text, '  - score: 0.7');
    assert.equal(text.match(/^\s+- score: /gm)?.length, lines.filter((line) => /^- (\[.\] )?KR\d/.test(line)).length, 'every KR is scored');
    assert.match(text, /\n## Period results\n\nScored on \d{4}-\d{2}-\d{2} for 2026-Q4 \(scoring 0-1\): overall \d\.\d\.\n/);
    assert.match(text, /\| O1: Make reordering feel effortless \| \d\.\d \| KR1 0\.7 · /);
    await revert(document);
  });
});

describe('Lint Workspace task', () => {
  it('runs okr lint over the folder and its $okr problem matcher reports the findings', async () => {
    const ended = new Promise<number | undefined>((resolve) => {
      const listener = vscode.tasks.onDidEndTaskProcess((event) => {
        if (event.execution.task.definition.type !== 'okr') return;
        listener.dispose();
        resolve(event.exitCode);
      });
    });
    await vscode.commands.executeCommand('okr.lintWorkspace');
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the lint task did not end within 60 s')), 60_000));
    // The samples' mistake tour has errors: okr lint exits 1.
    assert.equal(await Promise.race([ended, timeout]), 1);
    const mistakes = workspaceUri('common-mistakes.okr.md');
    const fromTask = await waitFor('problems from the task', () => {
      const list = vscode.languages.getDiagnostics(mistakes).filter((d) => d.source === 'okr lint');
      return list.length ? list : undefined;
    });
    const launch = fromTask.find((d) => ruleId(d) === 'kr-is-output');
    assert.ok(launch, fromTask.map((d) => `${d.range.start.line}:${ruleId(d)}`).join(' '));
    const document = await vscode.workspace.openTextDocument(mistakes);
    assert.match(document.lineAt(launch.range.start.line).text, /KR1: Launch the redesigned help center/);
    assert.equal(launch.severity, vscode.DiagnosticSeverity.Warning);
  });
});
