// The server under bad input and faults: unknown documents, positions past the end, stale and overlapping
// edits, settings of the wrong shape, invalid configuration, files deleted while open, watcher floods,
// huge documents, throwing handlers, cancellation, pull diagnostics and a clean exit.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { Diagnostic, DocumentDiagnosticReport, Hover, InlayHint, WorkspaceDiagnosticReport } from 'vscode-languageserver-protocol';
import type { TreeJson } from '../../server/src/core/model';
import { copyFixture, removeDir, TestClient, uriOf, waitFor } from './harness';

const ZERO = { line: 0, character: 0 };

function teamFile(i: number): string {
  return `---\nteam: Team ${i}\nperiod: 2026-Q4\nparent: company\n---\n\n## O1: Delight customers ${i}\nAligns: company#O1\n\n- KR1: Increase activation from 40% to 55%\n- KR2: Reduce churn from 5% to 3%\n- KR3: Raise NPS from 20 to 35\n`;
}

describe('server robustness', () => {
  let dir: string;
  let client: TestClient;
  const file = (rel: string) => join(dir, rel);

  before(async () => {
    dir = copyFixture('cascade');
    client = new TestClient({ rootDir: dir });
    await client.initialize();
    await client.indexed();
  });

  after(async () => {
    await client.stop();
    assert.equal(client.exitCode, 0, 'clean exit after shutdown');
    removeDir(dir);
  });

  it('answers requests for unknown documents and positions past the end with empty results', async () => {
    const unknown = { textDocument: { uri: 'file:///nowhere/none.okr.md' } };
    assert.equal(await client.request('textDocument/hover', { ...unknown, position: ZERO }), null);
    assert.equal(await client.request('textDocument/definition', { ...unknown, position: ZERO }), null);
    assert.deepEqual(await client.request('textDocument/completion', { ...unknown, position: ZERO }), []);
    assert.deepEqual(await client.request('textDocument/documentSymbol', unknown), []);
    assert.deepEqual(await client.request('textDocument/codeAction', { ...unknown, range: { start: ZERO, end: ZERO }, context: { diagnostics: [] } }), []);
    assert.equal(await client.request('okr/preview', { uri: 'file:///nowhere/none.okr.md' }), null);
    assert.deepEqual(await client.request('okr/tree', { scope: 'file', uri: 'untitled:nothing' }), { units: [] });

    const uri = await client.open(file('company.okr.md'));
    const far = { line: 9999, character: 9999 };
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: far }), null);
    assert.deepEqual(await client.request('textDocument/completion', { textDocument: { uri }, position: far }), []);
    assert.equal(await client.request('textDocument/prepareRename', { textDocument: { uri }, position: far }), null);
  });

  it('clamps edits past the end, applies overlapping changes in order, and drops stale versions', async () => {
    const uri = client.diagnostics.has(uriOf(file('company.okr.md'))) ? uriOf(file('company.okr.md')) : await client.open(file('company.okr.md'));
    const original = client.text(uri);
    const past = { line: 10_000, character: 5 };
    await client.change(uri, [{ range: { start: past, end: past }, text: '\n<!-- end -->' }], `${original}\n<!-- end -->`);
    // Two changes in one notification: the second is relative to the text after the first and overlaps it.
    const expected = `XQ${client.text(uri)}`;
    await client.change(uri, [
      { range: { start: ZERO, end: ZERO }, text: 'XYZ' },
      { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 3 } }, text: 'Q' },
    ], expected);
    const seen = await client.request<{ text: string; version: number }>('okr/debug/documentText', { uri });
    assert.equal(seen.text, expected);
    // A change with an old version is ignored (and logged), never applied on top.
    await client.notify('textDocument/didChange', { textDocument: { uri, version: 1 }, contentChanges: [{ text: 'garbage' }] });
    const still = await client.request<{ text: string; version: number }>('okr/debug/documentText', { uri });
    assert.equal(still.text, expected);
    assert.equal(still.version, client.version(uri));
    assert.ok(client.logs.some((l) => /Ignored a change/.test(l.message)));
    await client.change(uri, [{ text: original }], original);
  });

  it('keeps serving when a handler throws, and logs the error to the client', async () => {
    const hover = await client.request('textDocument/hover', { textDocument: null, position: null });
    assert.equal(hover, null);
    assert.ok(client.logs.some((l) => l.type === 1 && /hover failed/.test(l.message)), JSON.stringify(client.logs));
    const uri = uriOf(file('company.okr.md'));
    const ok = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 11, character: 8 } });
    assert.ok(ok);
  });

  it('survives settings of the wrong shape and honours valid ones when they change', async () => {
    const uri = await client.open(file('teams/growth.okr.md'));
    client.settings = { enable: 'yes', rules: 5, run: 7, exclude: 'not-a-list', inlayHints: [] };
    await client.notify('workspace/didChangeConfiguration', { settings: { okr: client.settings } });
    const ds = await client.diagnosticsFor(uri, (d) => d.some((x) => x.code === 'kr-is-output'));
    assert.ok(ds.length > 0);
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: ZERO, end: { line: 40, character: 0 } } });
    assert.equal(hints.length, 6);

    client.settings = { rules: { customizations: [{ rule: 'kr-*', severity: 'off' }, { rule: 'vanity-metric', severity: 'error' }] }, inlayHints: { enable: false } };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    const custom = await client.diagnosticsFor(uri, (d) => !d.some((x) => x.code === 'kr-is-output'));
    assert.equal(custom.find((d) => d.code === 'vanity-metric')!.severity, 1);
    assert.deepEqual(await client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: ZERO, end: { line: 40, character: 0 } } }), []);

    client.settings = { enable: false };
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsFor(uri, (d) => d.length === 0);
    client.settings = {};
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    await client.diagnosticsFor(uri, (d) => d.some((x) => x.code === 'kr-is-output'));
  });

  it('with okr.run = onSave, re-checks on save rather than on every change', async () => {
    const uri = uriOf(file('teams/growth.okr.md'));
    client.settings = { run: 'onSave' };
    const beforeSettings = client.publications.length;
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    // A settings change re-checks every open document once.
    await waitFor('the re-check after the settings change', () => client.publications.slice(beforeSettings).some((p) => p.uri === uri));
    const published = client.publications.length;
    const before = client.indexChanges.length;
    const text = `${client.text(uri)}\n`;
    const end = client.text(uri).split('\n').length - 1;
    await client.change(uri, [{ range: { start: { line: end, character: 0 }, end: { line: end, character: 0 } }, text: '\n' }], text);
    // The change was indexed (okr/indexChanged comes after the check would have been published) but not checked.
    await waitFor('the edit indexed', () => client.indexChanges.slice(before).some((u) => u.includes(uri)));
    assert.equal(client.publications.slice(published).filter((p) => p.uri === uri).length, 0);
    await client.notify('textDocument/didSave', { textDocument: { uri } });
    await client.diagnosticsFor(uri);
    client.settings = {};
    await client.notify('workspace/didChangeConfiguration', { settings: null });
  });

  it('indexes an added workspace folder and forgets a removed one', async () => {
    const extra = join(dir, '..', `${dir.slice(dir.lastIndexOf('/') + 1)}-extra`);
    mkdirSync(extra);
    writeFileSync(join(extra, 'extra.okr.md'), teamFile(7).replace('parent: company', 'parent: product'));
    try {
      const before = client.indexChanges.length;
      await client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: uriOf(extra), name: 'extra' }], removed: [] } });
      await waitFor('the new folder indexed', () => client.indexChanges.slice(before).some((u) => u.some((x) => x.endsWith('/extra.okr.md'))));
      let tree = await client.request<TreeJson>('okr/tree', { scope: 'workspace' });
      assert.equal(tree.units.find((u) => u.id === 'extra')?.parent, 'product');
      await client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: uriOf(extra), name: 'extra' }] } });
      tree = await client.request<TreeJson>('okr/tree', { scope: 'workspace' });
      assert.ok(!tree.units.some((u) => u.id === 'extra'));
    } finally {
      rmSync(extra, { recursive: true, force: true });
    }
  });

  it('follows .okrrc.json changes, and reports an invalid one on the file without failing', async () => {
    const uri = uriOf(file('teams/growth.okr.md'));
    const rc = file('.okrrc.json');
    writeFileSync(rc, '{ "rules": { "vanity-metric": "off" } }');
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(rc), type: 1 }] });
    await client.diagnosticsFor(uri, (d) => !d.some((x) => x.code === 'vanity-metric') && d.some((x) => x.code === 'kr-is-output'));

    writeFileSync(rc, '{ "rules": { "vanity-metric": "loud" } }');
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(rc), type: 2 }] });
    const problems = await waitFor('config diagnostics', () => client.diagnostics.get(uriOf(rc))?.diagnostics.length ? client.diagnostics.get(uriOf(rc))!.diagnostics : null);
    assert.equal(problems[0].code, 'invalid-config');
    assert.equal(problems[0].range.start.line, 0);
    await client.diagnosticsFor(uri, (d) => d.some((x) => x.code === 'kr-is-output'));

    unlinkSync(rc);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(rc), type: 3 }] });
    await waitFor('config diagnostics cleared', () => client.diagnostics.get(uriOf(rc))?.diagnostics.length === 0);
    await client.diagnosticsFor(uri, (d) => d.some((x) => x.code === 'vanity-metric'));
  });

  it('keeps a document that is deleted on disk while open, and drops it from the index when closed', async () => {
    const path = file('teams/checkout.okr.md');
    const uri = await client.open(path);
    await client.diagnosticsFor(uri);
    unlinkSync(path);
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
    const text = `${client.text(uri)}- KR4: Reduce refunds from 3% to 1%\n`;
    const lines = client.text(uri).split('\n').length - 1;
    await client.change(uri, [{ range: { start: { line: lines, character: 0 }, end: { line: lines, character: 0 } }, text: '- KR4: Reduce refunds from 3% to 1%\n' }], text);
    await client.diagnosticsFor(uri, (d) => d.some((x) => x.code === 'broken-alignment'));
    assert.equal((await client.request<{ text: string }>('okr/debug/documentText', { uri })).text, text);
    let tree = await client.request<TreeJson>('okr/tree', { scope: 'workspace' });
    assert.ok(tree.units.some((u) => u.id === 'checkout'));
    await client.notify('textDocument/didClose', { textDocument: { uri } });
    await client.diagnosticsFor(uri, (d) => d.length === 0);
    tree = await client.request<TreeJson>('okr/tree', { scope: 'workspace' });
    assert.ok(!tree.units.some((u) => u.id === 'checkout'));
  });

  it('handles a flood of 1,000 watched-file changes in one batch', async () => {
    mkdirSync(file('flood'));
    const changes = [];
    for (let i = 0; i < 1000; i++) {
      const path = file(`flood/team-${i}.okr.md`);
      writeFileSync(path, teamFile(i));
      changes.push({ uri: uriOf(path), type: 1 });
    }
    const before = client.indexChanges.length;
    await client.notify('workspace/didChangeWatchedFiles', { changes });
    const batch = await waitFor('one index change for the flood', () => client.indexChanges.slice(before).find((uris) => uris.length >= 1000));
    assert.equal(batch.filter((u) => u.includes('/flood/')).length, 1000);
    const tree = await client.request<TreeJson>('okr/tree', { scope: 'workspace' });
    assert.equal(tree.units.filter((u) => u.id.startsWith('team-')).length, 1000);
    const company = tree.units.find((u) => u.id === 'company')!;
    // The 1,000 new teams, plus product's O1 and growth's O2 that already aligned there.
    assert.equal(company.objectives[0].alignedChildren, 1002);
    // Completion of unit ids stays bounded: the first 200 matches, marked incomplete so the client asks again.
    const growth = uriOf(file('teams/growth.okr.md'));
    const list = await client.request<{ isIncomplete: boolean; items: Array<{ label: string }> }>('textDocument/completion', { textDocument: { uri: growth }, position: { line: 10, character: 8 } });
    assert.equal(list.isIncomplete, true);
    assert.equal(list.items.length, 200);
    const typed = client.text(growth).split('\n');
    typed[10] = 'Aligns: team-99';
    await client.change(growth, [{ range: { start: { line: 10, character: 8 }, end: { line: 10, character: 22 } }, text: 'team-99' }], typed.join('\n'));
    const narrowed = await client.request<Array<{ label: string }>>('textDocument/completion', { textDocument: { uri: growth }, position: { line: 10, character: 15 } });
    assert.deepEqual(narrowed.map((i) => i.label).sort(), ['team-99', ...Array.from({ length: 10 }, (_, i) => `team-99${i}`)].sort());
    rmSync(file('flood'), { recursive: true });
    await client.notify('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ ...c, type: 3 })) });
    const after = await client.request<TreeJson>('okr/tree', { scope: 'workspace' });
    assert.equal(after.units.filter((u) => u.id.startsWith('team-')).length, 0);
  });

  it('checks a 5 MB document and refuses one over the size limit with a single notice', async () => {
    const section = (i: number) => `## O${i}: Objective ${i}\n\n- KR1: Increase activation from 40% to 55%\n- KR2: Launch the new onboarding flow\n- KR3: Reduce churn from 5% to 3%\n\n`;
    let big = '---\nteam: Big\nperiod: 2026-Q4\n---\n\n';
    for (let i = 1; big.length < 5 * 1024 * 1024; i++) big += section(i);
    const uri = await client.open(file('big.okr.md'), big);
    const ds = await client.diagnosticsFor(uri, (d) => d.length > 0, 60_000);
    assert.ok(ds.some((d) => d.code === 'kr-is-output'));
    const line = 7;
    const edited = big.split('\n');
    edited[line] = edited[line].replace('40%', '41%');
    await client.change(uri, [{ range: { start: { line, character: 34 }, end: { line, character: 36 } }, text: '41' }], edited.join('\n'));
    await client.diagnosticsFor(uri, (d) => d.length > 0, 60_000);

    const huge = big.repeat(3);
    const hugeUri = await client.open(file('huge.okr.md'), huge);
    await client.diagnosticsFor(hugeUri, (d) => d.length === 0, 60_000);
    await client.change(hugeUri, [{ range: { start: ZERO, end: ZERO }, text: ' ' }], ` ${huge}`);
    await client.diagnosticsFor(hugeUri, (d) => d.length === 0, 60_000);
    const notices = client.messages.filter((m) => /huge\.okr\.md is larger than 10 MB/.test(m.message));
    assert.equal(notices.length, 1);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri: hugeUri } }), []);
    await client.notify('textDocument/didClose', { textDocument: { uri: hugeUri } });
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  });
});

describe('workspace scan', () => {
  it('respects .gitignore and okr.exclude and survives a symlink loop', async () => {
    const dir = copyFixture('cascade');
    mkdirSync(join(dir, 'archive'));
    mkdirSync(join(dir, 'drafts'));
    writeFileSync(join(dir, 'archive', 'old.okr.md'), teamFile(1));
    writeFileSync(join(dir, 'drafts', 'draft.okr.md'), teamFile(2));
    writeFileSync(join(dir, '.gitignore'), 'drafts/\n');
    symlinkSync(dir, join(dir, 'teams', 'loop'));
    const client = new TestClient({ rootDir: dir, settings: { exclude: ['archive/**'] } });
    try {
      await client.initialize();
      await client.indexed();
      const tree = await client.request<TreeJson>('okr/tree', { scope: 'workspace' });
      assert.deepEqual(tree.units.map((u) => u.id).sort(), ['checkout', 'company', 'growth', 'mobile', 'product']);
      // Watcher events for excluded and ignored files are ignored too; others are indexed.
      writeFileSync(join(dir, 'teams', 'new.okr.md'), teamFile(3));
      await client.notify('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: uriOf(join(dir, 'archive', 'old.okr.md')), type: 2 },
          { uri: uriOf(join(dir, 'drafts', 'draft.okr.md')), type: 2 },
          { uri: uriOf(join(dir, 'teams', 'new.okr.md')), type: 1 },
        ],
      });
      const again = await client.request<TreeJson>('okr/tree', { scope: 'workspace' });
      assert.deepEqual(again.units.map((u) => u.id).sort(), ['checkout', 'company', 'growth', 'mobile', 'new', 'product']);
    } finally {
      await client.stop();
      removeDir(dir);
    }
  });
});

describe('cancellation and pull diagnostics', () => {
  it('answers a cancelled request with RequestCancelled', async () => {
    const dir = copyFixture('cascade');
    mkdirSync(join(dir, 'many'));
    for (let i = 0; i < 1500; i++) writeFileSync(join(dir, 'many', `team-${i}.okr.md`), teamFile(i));
    const client = new TestClient({ rootDir: dir });
    try {
      await client.initialize();
      // workspace/symbol waits for the scan of 1,500 files; the cancellation arrives long before it ends.
      const source = new CancellationTokenSource();
      const pending = client.connection.sendRequest('workspace/symbol', { query: 'Delight' }, source.token);
      source.cancel();
      await assert.rejects(pending, (err: { code?: number }) => err.code === -32800);
      const symbols = await client.request<unknown[]>('workspace/symbol', { query: 'Delight customers 1499' });
      assert.ok(symbols.length >= 1);
    } finally {
      await client.stop();
      removeDir(dir);
    }
  });

  it('serves textDocument/diagnostic and workspace/diagnostic to a pulling client without pushing', async () => {
    const dir = copyFixture('cascade');
    const client = new TestClient({ rootDir: dir, pull: true });
    try {
      await client.initialize();
      await client.indexed();
      const uri = await client.open(join(dir, 'teams/growth.okr.md'));
      const report = await client.request<DocumentDiagnosticReport & { items: Diagnostic[]; resultId: string }>('textDocument/diagnostic', { textDocument: { uri } });
      assert.equal(report.kind, 'full');
      assert.ok(report.items.some((d) => d.code === 'kr-is-output' && d.source === 'okr'));
      const again = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: report.resultId });
      assert.deepEqual(again, { kind: 'unchanged', resultId: report.resultId });

      const ws = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
      const byFile = new Map(ws.items.map((i) => [i.uri.slice(i.uri.lastIndexOf('/') + 1), i]));
      assert.deepEqual([...byFile.keys()].sort(), ['checkout.okr.md', 'company.okr.md', 'growth.okr.md', 'mobile.okr.md', 'product.okr.md']);
      const checkout = byFile.get('checkout.okr.md')!;
      assert.equal(checkout.version, null);
      assert.ok(checkout.kind === 'full' && checkout.items.some((d) => d.code === 'broken-alignment'));
      assert.equal(byFile.get('growth.okr.md')!.version, 1);
      // Asking again with the result ids: nothing changed, so nothing is sent again.
      const again2 = await client.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: ws.items.map((i) => ({ uri: i.uri, value: i.resultId })) });
      assert.deepEqual(again2.items.map((i) => i.kind), ws.items.map(() => 'unchanged'));

      // An edit is indexed (okr/indexChanged) but not pushed: the client pulls.
      const before = client.indexChanges.length;
      await client.change(uri, [{ range: { start: ZERO, end: ZERO }, text: '\n' }], `\n${client.text(uri)}`);
      await waitFor('index change after the edit', () => client.indexChanges.slice(before).some((u) => u.includes(uri)));
      assert.equal(client.publications.filter((p) => p.uri === uri).length, 0);
    } finally {
      await client.stop();
      removeDir(dir);
    }
  });
});
