// Quick fixes through VS Code's code-action machinery, "Fix all", and fix-on-save.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticsOf, lineOf, open, revert, ruleId, scratch, waitFor } from './helpers';

const DUPLICATE_IDS = '---\nteam: Scratch\nperiod: 2026-Q4\n---\n\n## O1: Make onboarding delightful\n\n- KR1: Increase activation from 40% to 55%\n- KR2: Reduce time to first value from 3 days to 1 day\n- KR3: Raise onboarding CSAT from 3.9/5 to 4.4/5\n\n## O1: Keep new cooks coming back\n\n- KR1: Increase week-4 retention from 22% to 30%\n- KR2: Increase the share of second orders within 60 days from 18% to 25%\n- KR3: Reduce first-month churn from 9% to 6%\n';

describe('Fixes', () => {
  it('applies a quick fix through the code-action provider, changing exactly its text', async () => {
    const editor = await open('common-mistakes.okr.md');
    const document = editor.document;
    const before = document.getText();
    const line = lineOf(document, 'KR3: Reduce the median first response time to 2h');
    const diagnostic = await waitFor('the missing-baseline finding', async () =>
      (await diagnosticsOf(document.uri)).find((d) => ruleId(d) === 'missing-baseline' && d.range.start.line === line),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value, 10);
    const titles = actions.map((action) => action.title);
    assert.ok(titles.includes('Disable missing-baseline for this line'), titles.join(' | '));
    assert.ok(titles.includes('Show documentation for missing-baseline'), titles.join(' | '));
    const fix = actions.find((action) => action.title === 'Use the first check-in (3.5h) as the baseline');
    assert.ok(fix?.edit, titles.join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const lines = before.split('\n');
    lines[line] = lines[line].replace('response time to 2h', 'response time from 3.5h to 2h');
    assert.equal(document.getText(), lines.join('\n'));
    await waitFor('the finding to go away', () => !vscode.languages.getDiagnostics(document.uri).some((d) => ruleId(d) === 'missing-baseline'));
    await revert(document);
  });

  it('"Fix all" applies every safe fix (duplicate ids are renumbered)', async () => {
    const editor = await scratch('scratch/fix-all.okr.md', DUPLICATE_IDS);
    await waitFor('the duplicate-id finding', () => vscode.languages.getDiagnostics(editor.document.uri).some((d) => ruleId(d) === 'duplicate-id'));
    assert.equal(await vscode.commands.executeCommand('okr.fixAll'), true);
    assert.equal(editor.document.getText(), DUPLICATE_IDS.replace('## O1: Keep new cooks', '## O2: Keep new cooks'));
    await revert(editor.document);
  });

  it('fixes on save with editor.codeActionsOnSave and source.fixAll.okr', async () => {
    const settings = vscode.workspace.getConfiguration('editor', { languageId: 'okr' });
    await settings.update('codeActionsOnSave', { 'source.fixAll.okr': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
    try {
      const editor = await scratch('scratch/on-save.okr.md', DUPLICATE_IDS);
      await waitFor('the duplicate-id finding', () => vscode.languages.getDiagnostics(editor.document.uri).some((d) => ruleId(d) === 'duplicate-id'));
      await editor.edit((edit) => edit.insert(new vscode.Position(editor.document.lineCount - 1, 0), '\n'));
      assert.ok(await editor.document.save());
      const expected = `${DUPLICATE_IDS}\n`.replace('## O1: Keep new cooks', '## O2: Keep new cooks');
      assert.equal(editor.document.getText(), expected);
      const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(editor.document.uri));
      assert.equal(onDisk, expected);
    } finally {
      await settings.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
    }
  });
});
