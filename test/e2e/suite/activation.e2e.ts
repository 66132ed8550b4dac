// The extension activates when an OKR file opens, and not before.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { extension, open, waitFor } from './helpers';

describe('Activation', () => {
  it('is not active before an OKR file is opened', () => {
    assert.equal(extension().isActive, false);
  });

  it('activates on opening an .okr.md file', async () => {
    const editor = await open('teams/growth.okr.md');
    assert.equal(editor.document.languageId, 'okr');
    await waitFor('the extension to activate', () => extension().isActive, 30_000);
    const started = await waitFor('the language server to run', () => extension().exports.serverPid(), 30_000);
    assert.ok(started > 0);
    const activationMs = extension().exports.activationMs;
    console.log(`    (running in ${vscode.env.appName} ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI; activation: ${activationMs.toFixed(1)} ms)`);
    // The benchmark reports the activation time measured here, in a real workbench.
    const results = join(extension().extensionUri.fsPath, 'bench', 'results');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, 'activation.json'), `${JSON.stringify({ activationMs, vscode: vscode.version })}\n`);
  });
});
