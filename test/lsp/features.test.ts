// Protocol tests of the language server's features on a multi-file cascade, over real stdio JSON-RPC.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InitializeResult,
  InlayHint,
  Location,
  TextEdit,
  WorkspaceEdit,
  WorkspaceSymbol,
} from 'vscode-languageserver-protocol';
import type { TreeJson } from '../../server/src/core/model';
import { applyTextEdits, copyFixture, removeDir, TestClient, uriOf } from './harness';

const lines = (text: string) => text.split('\n');
const codes = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line}:${d.code}`);
const hoverText = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

/** Applies a workspace edit to the files on disk as the client would see them; returns the new texts by uri. */
function applyWorkspaceEdit(edit: WorkspaceEdit, read: (uri: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) out.set(uri, applyTextEdits(read(uri), edits as TextEdit[]));
  return out;
}

describe('language server features over stdio', () => {
  let dir: string;
  let client: TestClient;
  let init: InitializeResult;
  const file = (rel: string) => join(dir, rel);
  const disk = (uri: string) => readFileSync(new URL(uri), 'utf8');

  before(async () => {
    dir = copyFixture('cascade');
    client = new TestClient({ rootDir: dir });
    init = await client.initialize();
    await client.indexed();
  });

  after(async () => {
    await client.stop();
    removeDir(dir);
  });

  it('advertises incremental sync, fix-all on save, pull diagnostics, and registers its file watchers', () => {
    const caps = init.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: { includeText: false } });
    assert.ok((caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds.includes('source.fixAll.okr'));
    assert.ok(caps.diagnosticProvider);
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    const watchers = client.registrations.flatMap((r) => (r as { registerOptions: { watchers: Array<{ globPattern: string }> } }).registerOptions.watchers.map((w) => w.globPattern));
    assert.deepEqual(watchers.sort(), ['**/*.okr.md', '**/.okrrc.json']);
  });

  it('publishes diagnostics with source, rule id and docs link on the expected lines', async () => {
    const uri = await client.open(file('teams/growth.okr.md'));
    const ds = await client.diagnosticsFor(uri);
    assert.ok(codes(ds).includes('16:kr-is-output'), codes(ds).join());
    assert.ok(codes(ds).includes('25:vanity-metric'), codes(ds).join());
    const output = ds.find((d) => d.code === 'kr-is-output')!;
    assert.equal(output.source, 'okr');
    assert.equal(output.severity, 2);
    assert.match(output.codeDescription!.href, /docs\/rules\/kr-is-output\.md$/);
    const checkout = await client.open(file('teams/checkout.okr.md'));
    const broken = await client.diagnosticsFor(checkout);
    assert.deepEqual(codes(broken).filter((c) => c.endsWith('broken-alignment')), ['10:broken-alignment']);
    assert.equal(broken.find((d) => d.code === 'broken-alignment')!.severity, 1);
  });

  it('re-parses only the edited section on a keystroke', async () => {
    const uri = await client.open(file('company.okr.md'));
    await client.diagnosticsFor(uri);
    const base = client.text(uri);
    // One character inside O2's first KR (line 23).
    const at = { line: 23, character: 10 };
    const typed = base.split('\n');
    typed[23] = `${typed[23].slice(0, 10)}x${typed[23].slice(10)}`;
    await client.change(uri, [{ range: { start: at, end: at }, text: 'x' }], typed.join('\n'));
    const seen = await client.request<{ text: string; sectionsParsed: number }>('okr/debug/documentText', { uri });
    assert.equal(seen.text, typed.join('\n'));
    assert.equal(seen.sectionsParsed, 1);
    await client.change(uri, [{ range: { start: at, end: { line: 23, character: 11 } }, text: '' }], base);
    await client.diagnosticsFor(uri);
  });

  it('re-checks the files that align to a document when its objective ids change', async () => {
    const product = await client.open(file('product.okr.md'));
    const growth = uriOf(file('teams/growth.okr.md'));
    const checkout = uriOf(file('teams/checkout.okr.md'));
    await client.diagnosticsFor(product);
    // O1 → O9: checkout's `product#O9` now resolves, growth's `product#O1.KR1` breaks.
    const text = client.text(product).replace('## O1: Make buying again', '## O9: Make buying again');
    await client.change(product, [{ range: { start: { line: 9, character: 3 }, end: { line: 9, character: 5 } }, text: 'O9' }], text);
    await client.diagnosticsFor(checkout, (ds) => !ds.some((d) => d.code === 'broken-alignment'));
    const growthDs = await client.diagnosticsFor(growth, (ds) => ds.some((d) => d.code === 'broken-alignment'));
    assert.equal(growthDs.find((d) => d.code === 'broken-alignment')!.range.start.line, 10);
    // And back: the squiggles move back too.
    await client.change(product, [{ range: { start: { line: 9, character: 3 }, end: { line: 9, character: 5 } }, text: 'O1' }], text.replace('## O9:', '## O1:'));
    await client.diagnosticsFor(checkout, (ds) => ds.some((d) => d.code === 'broken-alignment'));
    await client.diagnosticsFor(growth, (ds) => !ds.some((d) => d.code === 'broken-alignment'));
  });

  it('offers quick fixes, disable comments, docs and applies them to the exact text', async () => {
    const uri = uriOf(file('teams/growth.okr.md'));
    const ds = await client.diagnosticsFor(uri);
    const diagnostic = ds.find((d) => d.code === 'kr-is-output')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    const titles = actions.map((a) => a.title);
    for (const t of ['Disable kr-is-output for this line', 'Disable kr-is-output for the entire file', 'Show documentation for kr-is-output']) assert.ok(titles.includes(t), titles.join(' | '));
    const docs = actions.find((a) => a.title === 'Show documentation for kr-is-output')!;
    assert.equal(docs.command!.command, 'okr.showRuleDocs');
    assert.match(String(docs.command!.arguments![0]), /docs\/rules\/kr-is-output\.md$/);

    const milestone = actions.find((a) => /milestone/i.test(a.title))!;
    assert.ok(milestone, titles.join(' | '));
    const fixed = applyWorkspaceEdit(milestone.edit!, () => client.text(uri)).get(uri)!;
    assert.equal(lines(fixed)[16].startsWith('- [ ] KR2: Launch the loyalty programme'), true, lines(fixed).slice(15, 19).join('\n'));

    const disable = actions.find((a) => a.title === 'Disable kr-is-output for this line')!;
    const silenced = applyWorkspaceEdit(disable.edit!, () => client.text(uri)).get(uri)!;
    assert.deepEqual(lines(silenced).slice(16, 18), ['<!-- okr-disable-next-line kr-is-output -->', '- KR2: Launch the loyalty programme']);
    // Send the edit as the client would and watch the squiggle go.
    const edit = (disable.edit!.changes![uri] as TextEdit[])[0];
    await client.change(uri, [{ range: edit.range, text: edit.newText }], silenced);
    const after = await client.diagnosticsFor(uri);
    assert.ok(!after.some((d) => d.code === 'kr-is-output'), codes(after).join());
    assert.ok(after.some((d) => d.code === 'vanity-metric' && d.range.start.line === 26));
    // Undo, so the other tests see the fixture's lines.
    await client.change(uri, [{ range: { start: { line: 16, character: 0 }, end: { line: 17, character: 0 } }, text: '' }], lines(silenced).filter((_, i) => i !== 16).join('\n'));
    await client.diagnosticsFor(uri, (d) => d.some((x) => x.code === 'kr-is-output'));
  });

  it('fixes all safe problems with source.fixAll.okr and "Fix all <id> problems"', async () => {
    const uri = await client.open(file('teams/mobile.okr.md'));
    const ds = await client.diagnosticsFor(uri, (d) => d.some((x) => x.code === 'duplicate-id'));
    const fixAll = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(fixAll.map((a) => a.kind), ['source.fixAll.okr']);
    const fixed = applyWorkspaceEdit(fixAll[0].edit!, () => client.text(uri)).get(uri)!;
    assert.deepEqual(lines(fixed).slice(12, 16), [
      '- KR1: Increase app reorder share from 20% to 30%',
      '- KR2: Increase crash-free sessions from 98.1% to 99.5%',
      '- KR5: Reduce app start time from 2.4s to 1.2s',
      '- KR4: Raise app store rating from 4.1 to 4.5',
    ]);
    // The quick fix of the finding itself is preferred and does the same.
    const dup = ds.find((d) => d.code === 'duplicate-id')!;
    const quick = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: dup.range, context: { diagnostics: [dup] } });
    const renumber = quick.find((a) => a.isPreferred)!;
    assert.equal(applyWorkspaceEdit(renumber.edit!, () => client.text(uri)).get(uri), fixed);
    // Without `only`, the source action is offered too (the client filters by kind).
    assert.ok(quick.some((a) => a.kind === 'source.fixAll.okr'));
  });

  it('completes unit ids, objective and KR ids, front matter, KR templates and check-in dates', async () => {
    const uri = uriOf(file('teams/checkout.okr.md'));
    const base = client.text(uri);
    const at = (line: number, character: number) => client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    // `Aligns: product#O9` on line 10.
    const units = (await at(10, 8)).map((i) => i.label);
    for (const id of ['company', 'product', 'growth', 'mobile']) assert.ok(units.includes(id), units.join());
    const ids = (await at(10, 16)).map((i) => i.label);
    assert.deepEqual(ids, ['O1', 'O1.KR1', 'O1.KR2', 'O1.KR3']);
    const periods = (await at(3, 8)).map((i) => i.label);
    assert.ok(periods.length >= 3 && periods.every((p) => /^\d{4}(-[QH]\d)?$/.test(p)), periods.join());
    const keys = (await at(1, 0)).map((i) => i.label);
    assert.deepEqual(keys, ['team', 'id', 'owner', 'period', 'parent', 'scoring']);

    // Type a new KR bullet and a nested item at the end of the objective.
    const text = `${base}- \n  - `;
    const last = lines(base).length - 1;
    await client.change(uri, [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, text: '- \n  - ' }], text);
    const templates = await at(last, 2);
    assert.ok(templates.some((i) => i.insertText?.startsWith('KR4: ')), templates.map((i) => i.insertText).join(' | '));
    const nested = await at(last + 1, 4);
    const date = nested.find((i) => /^\d{4}-\d{2}-\d{2}$/.test(String(i.label)))!;
    assert.ok(date, nested.map((i) => i.label).join());
    const today = new Date();
    assert.equal(date.label, `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`);
    assert.ok(nested.some((i) => i.label === 'confidence'));
    await client.change(uri, [{ range: { start: { line: last, character: 0 }, end: { line: last + 1, character: 4 } }, text: '' }], base);
  });

  it('hovers KRs, references and diagnostics', async () => {
    const company = await client.open(file('company.okr.md'));
    const kr = await client.request<Hover>('textDocument/hover', { textDocument: { uri: company }, position: { line: 11, character: 10 } });
    const text = hoverText(kr);
    assert.match(text, /30 pts → \*\*39 pts\*\* → 45 pts/);
    assert.match(text, /Progress: 60% · at risk/);
    assert.match(text, /Confidence: 60%/);
    assert.match(text, /2026-11-16: 39 pts — confidence 60% — reviews are in/);

    const growth = uriOf(file('teams/growth.okr.md'));
    const ref = hoverText(await client.request<Hover>('textDocument/hover', { textDocument: { uri: growth }, position: { line: 10, character: 12 } }));
    assert.match(ref, /reorder within 90 days/);
    assert.match(ref, /In product#O1/);

    const vanity = (await client.diagnosticsFor(growth)).find((d) => d.code === 'vanity-metric')!;
    const onDiagnostic = hoverText(await client.request<Hover>('textDocument/hover', { textDocument: { uri: growth }, position: vanity.range.end }));
    assert.match(onDiagnostic, /\*\*vanity-metric\*\*/);
    assert.match(onDiagnostic, /docs\/rules\/vanity-metric\.md/);
  });

  it('goes to the definition of references and parents, and finds references across files', async () => {
    const growth = uriOf(file('teams/growth.okr.md'));
    const def = await client.request<Location>('textDocument/definition', { textDocument: { uri: growth }, position: { line: 10, character: 12 } });
    assert.equal(def.uri, uriOf(file('product.okr.md')));
    assert.equal(def.range.start.line, 13);
    const parent = await client.request<Location>('textDocument/definition', { textDocument: { uri: growth }, position: { line: 4, character: 10 } });
    assert.equal(parent.uri, uriOf(file('product.okr.md')));
    const link = await client.request<Location>('textDocument/definition', { textDocument: { uri: growth }, position: { line: 21, character: 12 } });
    assert.deepEqual([link.uri, link.range.start.line], [uriOf(file('company.okr.md')), 8]);

    // References of product's O1, asked from its heading.
    const product = uriOf(file('product.okr.md'));
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: product }, position: { line: 9, character: 4 }, context: { includeDeclaration: true } });
    const where = refs.map((l) => `${l.uri.slice(l.uri.lastIndexOf('/') + 1)}:${l.range.start.line}`).sort();
    assert.deepEqual(where, ['growth.okr.md:10', 'mobile.okr.md:10', 'product.okr.md:9']);
  });

  it('renames an objective id and a unit id across all files', async () => {
    const product = uriOf(file('product.okr.md'));
    const prepared = await client.request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: product }, position: { line: 9, character: 4 } });
    assert.equal(prepared.placeholder, 'O1');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: product }, position: { line: 9, character: 4 }, newName: 'O4' });
    const read = (uri: string) => (uri === product ? client.text(product) : disk(uri));
    const texts = applyWorkspaceEdit(edit, read);
    assert.deepEqual([...texts.keys()].map((u) => u.slice(u.lastIndexOf('/') + 1)).sort(), ['growth.okr.md', 'mobile.okr.md', 'product.okr.md']);
    assert.match(texts.get(product)!, /^## O4: Make buying again/m);
    assert.match(texts.get(uriOf(file('teams/growth.okr.md')))!, /^Aligns: product#O4\.KR1$/m);
    assert.match(texts.get(uriOf(file('teams/mobile.okr.md')))!, /^Aligns: product#O4$/m);

    // The unit, from the unit part of a reference in another file.
    const growth = uriOf(file('teams/growth.okr.md'));
    const unitEdit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: growth }, position: { line: 10, character: 10 }, newName: 'catalog' });
    const renamed = applyWorkspaceEdit(unitEdit, (uri) => (uri === growth ? client.text(growth) : uri === product ? client.text(product) : disk(uri)));
    assert.match(renamed.get(product)!, /^---\nid: catalog\nteam: Product/);
    const growthText = renamed.get(growth)!;
    assert.match(growthText, /^parent: catalog$/m);
    assert.match(growthText, /^Aligns: catalog#O1\.KR1$/m);
    assert.match(renamed.get(uriOf(file('teams/checkout.okr.md')))!, /^Aligns: catalog#O9$/m);

    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri: product }, position: { line: 9, character: 4 }, newName: 'not an id' }), /not a valid objective id/);
  });

  it('lists document and workspace symbols with progress', async () => {
    const company = uriOf(file('company.okr.md'));
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: company } });
    assert.deepEqual(symbols.map((s) => s.name), ['O1: Become the kettle brand home cooks recommend', 'O2: Run a profitable business']);
    assert.deepEqual(symbols[0].children!.map((s) => s.name.slice(0, 4)), ['KR1:', 'KR2:', 'KR3:']);
    assert.equal(symbols[0].children![0].detail, '60% · at risk');
    const found = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'repeat purchase' });
    assert.deepEqual(found.map((s) => s.name), ['company#O1.KR2: Increase the repeat purchase rate from 18% to 26%']);
    // The location is the KR's line, as the file reads.
    const at = found[0].location as Location;
    assert.match(lines(disk(at.uri))[at.range.start.line], /^- KR2: Increase the repeat purchase rate/);
  });

  it('answers okr/tree for the workspace and one file, and okr/preview with the chain above and below', async () => {
    const all = await client.request<TreeJson>('okr/tree', { scope: 'workspace' });
    assert.deepEqual(all.units.map((u) => u.id).sort(), ['checkout', 'company', 'growth', 'mobile', 'product']);
    assert.equal(all.units[0].id, 'company');
    assert.equal(all.units[0].file, file('company.okr.md'));
    const one = await client.request<TreeJson>('okr/tree', { scope: 'file', uri: uriOf(file('teams/growth.okr.md')) });
    assert.deepEqual(one.units.map((u) => u.id), ['growth']);
    const kr = one.units[0].objectives[0].krs[0];
    assert.deepEqual([kr.baseline, kr.target, kr.current, kr.unit, kr.progress], [10, 16, 12, '%', 0.333333333333]);
    const preview = await client.request<{ focus: string; tree: TreeJson }>('okr/preview', { uri: uriOf(file('product.okr.md')) });
    assert.equal(preview.focus, 'product');
    assert.deepEqual(preview.tree.units.map((u) => u.id).sort(), ['checkout', 'company', 'growth', 'mobile', 'product']);
    const leaf = await client.request<{ focus: string; tree: TreeJson }>('okr/preview', { uri: uriOf(file('teams/growth.okr.md')) });
    assert.deepEqual(leaf.tree.units.map((u) => u.id), ['company', 'product', 'growth']);
  });

  it('answers okr/periodEdits for open documents only', async () => {
    const uri = uriOf(file('company.okr.md'));
    const next = await client.request<{ edits: TextEdit[]; period: string | null }>('okr/periodEdits', { uri, action: 'startNextPeriod' });
    assert.equal(next.period, '2027-Q1');
    const started = applyTextEdits(client.text(uri), next.edits);
    assert.match(started, /^period: 2027-Q1$/m);
    assert.doesNotMatch(started, /2026-11-16/);
    const scored = await client.request<{ edits: TextEdit[]; period: null }>('okr/periodEdits', { uri, action: 'score', today: '2026-12-31' });
    assert.match(applyTextEdits(client.text(uri), scored.edits), /score: /);
    assert.equal(await client.request('okr/periodEdits', { uri: uriOf(file('teams/mobile.okr.md')).replace('mobile', 'nobody'), action: 'score' }), null);
  });

  it('serves document links, folding ranges, inlay hints and code lenses', async () => {
    const growth = uriOf(file('teams/growth.okr.md'));
    const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: growth } });
    assert.deepEqual(links.map((l) => l.target!.slice(l.target!.lastIndexOf('/') + 1)).sort(), ['company.okr.md#L9', 'product.okr.md#L1', 'product.okr.md#L14']);
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: uriOf(file('company.okr.md')) } });
    assert.ok(folds.some((f) => f.startLine === 0 && f.endLine === 4), JSON.stringify(folds));
    assert.ok(folds.some((f) => f.startLine === 8));
    assert.ok(folds.some((f) => f.startLine === 11 && f.endLine === 14));
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: uriOf(file('company.okr.md')) }, range: { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } } });
    assert.equal(hints.length, 6);
    assert.deepEqual(hints[0].position, { line: 11, character: lines(disk(uriOf(file('company.okr.md'))))[11].length });
    assert.equal(hints[0].label, '60% · at risk');
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(file('company.okr.md')) } });
    assert.deepEqual(lenses.filter((l) => l.range.start.line === 8).map((l) => l.command!.title).slice(1), ['2 aligned objectives']);
  });
});
