// Diagnostics, hover, completion, definition and rename through VS Code's own provider commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { after, lineOf, okrDiagnostics, open, revert, ruleId, scratch, waitFor, workspaceUri } from './helpers';

/** `line:rule` pairs (0-based lines) from the `<!-- expect: … -->` markers and the `.expect` file beside it. */
function expectedFindings(text: string, expectFile: string): string[] {
  const expected: string[] = [];
  text.split('\n').forEach((line, i) => {
    const marker = /<!--\s*expect:\s*([\w\s,-]+?)\s*-->/.exec(line);
    if (marker) for (const id of marker[1].split(',')) expected.push(`${i}:${id.trim()}`);
  });
  for (const line of expectFile.split('\n')) {
    const entry = /^(\d+):\s*([\w-]+)\s*$/.exec(line);
    if (entry) expected.push(`${Number(entry[1]) - 1}:${entry[2]}`);
  }
  return expected.sort();
}

describe('Language features', () => {
  it('publishes diagnostics with source okr, the rule id and its docs link, on the expected lines', async () => {
    const editor = await open('common-mistakes.okr.md');
    const expectFile = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('common-mistakes.expect')));
    let expected = expectedFindings(editor.document.getText(), expectFile);
    // The samples assume a day inside 2026-Q4: after the quarter no check-in can be stale.
    if (new Date().toISOString().slice(0, 10) > '2026-12-31') expected = expected.filter((entry) => !entry.endsWith(':stale-checkin'));
    assert.ok(expected.length >= 15, 'the mistake tour marks its findings');
    const pairs = () => okrDiagnostics(editor.document.uri).map((d) => `${d.range.start.line}:${ruleId(d)}`).sort();
    // Cross-file findings arrive once the workspace is indexed: wait for the full set, then compare (the diff shows on failure).
    await waitFor('every expected finding', () => JSON.stringify(pairs()) === JSON.stringify(expected)).catch(() => undefined);
    assert.deepEqual(pairs(), expected);
    const diagnostics = okrDiagnostics(editor.document.uri);
    for (const d of diagnostics) {
      assert.equal(d.source, 'okr');
      const code = d.code as { value: string; target: vscode.Uri };
      assert.equal(typeof code, 'object', 'the code links to the rule documentation');
      assert.ok(code.target.toString().endsWith(`/docs/rules/${code.value}.md`), code.target.toString());
    }
  });

  it('hovers a key result with baseline → current → target', async () => {
    const editor = await open('teams/growth.okr.md');
    const position = after(editor.document, 'KR1: Increase the 90-day');
    const hovers = await waitFor('a hover', async () => {
      const list = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
      return list?.length ? list : undefined;
    });
    const text = hovers.flatMap((hover) => hover.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /11\s*%/);
    assert.match(text, /18\s*%/);
    assert.match(text, /15\.9\s*%/);
    assert.match(text, /70\s*%/);
  });

  it('completes unit and objective references after "Aligns: "', async () => {
    const editor = await scratch('scratch/completion.okr.md', '---\nperiod: 2026-Q4\nparent: product\n---\n\n## O1: Delight new cooks\nAligns: \n\n- KR1: Increase activation from 40% to 55%\n');
    const position = after(editor.document, 'Aligns: ');
    const list = await waitFor('completions after Aligns:', async () => {
      const result = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position);
      return result?.items.length ? result : undefined;
    });
    const labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
    assert.ok(labels.some((label) => label.startsWith('product')), `labels: ${labels.slice(0, 20).join(', ')}`);
  });

  it('goes to the definition of a reference in another file', async () => {
    const editor = await open('teams/growth.okr.md');
    const position = after(editor.document, 'Aligns: product#O1.K');
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', editor.document.uri, position);
    assert.equal(locations.length, 1);
    const target = locations[0];
    const uri = 'targetUri' in target ? target.targetUri : target.uri;
    const range = 'targetUri' in target ? target.targetRange : target.range;
    assert.ok(uri.path.endsWith('/departments/product.okr.md'), uri.toString());
    const product = await vscode.workspace.openTextDocument(uri);
    const objective = lineOf(product, '## O1');
    assert.ok(range.start.line > objective, 'the definition is a KR inside product O1');
    assert.match(product.lineAt(range.start.line).text, /KR1/);
  });

  it('renames an objective id across files', async () => {
    const product = (await open('departments/product.okr.md')).document;
    const growth = await vscode.workspace.openTextDocument(workspaceUri('teams/growth.okr.md'));
    const position = new vscode.Position(lineOf(product, '## O1'), 4);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', product.uri, position, 'O8');
    const files = edit.entries().map(([uri]) => uri.path.split('/samples/')[1]).sort();
    assert.ok(files.includes('departments/product.okr.md') && files.includes('teams/growth.okr.md'), `files: ${files.join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.match(product.lineAt(lineOf(product, '## O8')).text, /^## O8: /);
    assert.ok(growth.getText().includes('Aligns: product#O8.KR1'));
    assert.ok(!growth.getText().includes('product#O1'));
    for (const [uri] of edit.entries()) await revert(await vscode.workspace.openTextDocument(uri));
  });
});
