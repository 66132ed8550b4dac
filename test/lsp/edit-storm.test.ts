// Edit storm: thousands of random incremental edits (inserts, deletes, multi-line replacements, several
// changes per notification, undo-like reversals). After each batch the server's copy of the document must
// equal the client's, and its published diagnostics must equal a fresh parse + lint of the client's text —
// which proves the section cache never serves a stale section.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { OkrWorkspace } from '../../server/src/core/workspace';
import { parseOkr } from '../../server/src/core/parse';
import { lintDocument } from '../../server/src/rules/engine';
import { loadConfigFor } from '../../server/src/node/config-loader';
import { localToday } from '../../server/src/lsp/lint';
import { toDiagnostic } from '../../server/src/lsp/diagnostics';
import { applyTextEdits, fixtures, TestClient, uriOf } from './harness';

/** mulberry32: a small seeded generator, so a failure replays exactly. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  'x', ' ', '\n', '5', '%', '#', ':', '-', '→', '😀', 'é',
  '\n- KR9: Increase trial conversion from 10% to 14%',
  '\n## O7: Win the market\n',
  '\n  - 2026-11-02: 12% (confidence 0.6) — note',
  '\n  - confidence: 170%',
  'Aligns: company#O1.KR2\n',
  '\n- [ ] KR3: Launch the app',
  '---\nteam: X\n---\n',
  '<!-- okr-disable-next-line kr-is-output -->\n',
  '\n\n',
];

interface Pos {
  line: number;
  character: number;
}

function positionAt(text: string, offset: number): Pos {
  let line = 0;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, character: offset - start };
}

describe('edit storm', () => {
  let client: TestClient;
  const path = join(fixtures, 'cascade', 'company.okr.md');

  before(async () => {
    // No workspace folder: the document is the whole workspace, so a fresh in-process lint sees the same files.
    client = new TestClient();
    await client.initialize();
  });

  after(async () => {
    await client.stop();
  });

  it('keeps the server text and diagnostics identical to the client after 5,000 random edits', async () => {
    const random = rng(20261123);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
    const uri = await client.open(path, readFileSync(path, 'utf8'));
    let text = client.text(uri);
    const history: Array<{ start: number; removed: string; inserted: string }> = [];
    const BATCHES = 50;
    const EDITS_PER_BATCH = 100;
    let edits = 0;
    const rulesSeen = new Set<string>();
    for (let batch = 0; batch < BATCHES; batch++) {
      for (let n = 0; n < EDITS_PER_BATCH; ) {
        // One notification carries 1–3 changes, each relative to the text after the previous one.
        const changes: TextDocumentContentChangeEvent[] = [];
        const count = 1 + Math.floor(random() * 3);
        for (let k = 0; k < count; k++, n++) {
          const kind = random();
          let start: number;
          let end: number;
          let inserted: string;
          const last = history[history.length - 1];
          if (kind < 0.15 && last && last.start + last.inserted.length <= text.length) {
            // Undo-like reversal of the previous edit.
            history.pop();
            start = last.start;
            end = last.start + last.inserted.length;
            inserted = last.removed;
          } else {
            start = Math.floor(random() * (text.length + 1));
            const span = kind < 0.45 ? 0 : kind < 0.75 ? Math.floor(random() * 12) : Math.floor(random() * 200);
            end = Math.min(text.length, start + span);
            inserted = kind < 0.6 ? pick(SNIPPETS) : kind < 0.8 ? '' : Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(SNIPPETS)).join('');
            history.push({ start, removed: text.slice(start, end), inserted });
          }
          const range = { start: positionAt(text, start), end: positionAt(text, end) };
          changes.push({ range, text: inserted });
          text = applyTextEdits(text, [{ range, newText: inserted }]);
          edits++;
        }
        await client.change(uri, changes, text);
      }
      const server = await client.request<{ text: string; version: number }>('okr/debug/documentText', { uri });
      assert.equal(server.version, client.version(uri), `version after batch ${batch}`);
      assert.equal(server.text, text, `text after batch ${batch}`);

      const published = await client.diagnosticsFor(uri);
      const workspace = new OkrWorkspace();
      const doc = parseOkr(text, { fileName: path });
      workspace.set(path, doc);
      const expected = lintDocument(doc, text, { config: loadConfigFor(path), path, workspace, today: localToday() }).map(toDiagnostic);
      assert.deepEqual(published, expected, `diagnostics after batch ${batch}`);
      for (const d of published) rulesSeen.add(String(d.code));
    }
    assert.ok(edits >= BATCHES * EDITS_PER_BATCH);
    // The storm exercised the rules, not an empty document.
    assert.ok(rulesSeen.size >= 5, [...rulesSeen].join());
    assert.equal(uri, uriOf(path));
  });
});
