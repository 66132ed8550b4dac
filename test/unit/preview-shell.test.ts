import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseWebviewMessage, revealTargets } from '../../client/src/preview/messages';
import { previewCsp, previewShellHtml } from '../../client/src/preview/shell';
import { sampleTree } from '../support/cascade-trees';

describe('preview shell', () => {
  const html = previewShellHtml({
    cspSource: 'https://webview.test',
    nonce: 'abc123',
    scriptUri: 'https://webview.test/media/preview.js',
    styleUri: 'https://webview.test/media/preview.css',
    body: '<p>first</p>',
  });

  it('has a CSP with nonces, no unsafe-inline, no unsafe-eval and no network', () => {
    const csp = previewCsp('https://webview.test', 'abc123');
    assert.equal(
      csp,
      "default-src 'none'; style-src https://webview.test 'nonce-abc123'; script-src 'nonce-abc123'; img-src https://webview.test data:; font-src https://webview.test; base-uri 'none'; form-action 'none'",
    );
    assert.doesNotMatch(csp, /unsafe|\*/);
    assert.ok(html.includes(`content="default-src &#39;none&#39;; style-src https://webview.test &#39;nonce-abc123&#39;`));
  });

  it('loads only the nonce\'d script and styles, and holds the first picture', () => {
    assert.deepEqual([...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]), [' nonce="abc123" src="https://webview.test/media/preview.js"']);
    assert.match(html, /<style nonce="abc123">/);
    assert.match(html, /<link rel="stylesheet" nonce="abc123" href="https:\/\/webview\.test\/media\/preview\.css">/);
    assert.match(html, /<main id="root"><p>first<\/p><\/main>/);
  });
});

describe('webview messages', () => {
  const targets = revealTargets(sampleTree());

  it('accepts ready, rendered and a reveal of a line on show', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }, targets), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'rendered', version: 3 }, targets), { type: 'rendered', version: 3 });
    assert.deepEqual(parseWebviewMessage({ type: 'reveal', uri: '/ws/growth.okr.md', line: 11 }, targets), {
      type: 'reveal',
      uri: '/ws/growth.okr.md',
      line: 11,
    });
  });

  it('rejects forged and malformed messages', () => {
    const forged: unknown[] = [
      null,
      'reveal',
      [],
      { type: 'reveal', uri: '/etc/passwd', line: 0 },
      { type: 'reveal', uri: '/ws/growth.okr.md', line: 12 },
      { type: 'reveal', uri: '/ws/growth.okr.md', line: -1 },
      { type: 'reveal', uri: '/ws/growth.okr.md', line: 11.5 },
      { type: 'reveal', uri: '/ws/growth.okr.md', line: '11' },
      { type: 'reveal', uri: '/ws/growth.okr.md', line: 11, write: 'x' },
      { type: 'reveal', uri: 'file:///ws/growth.okr.md', line: 11 },
      { type: 'reveal', uri: '/ws/../etc/growth.okr.md', line: 11 },
      { type: 'open', uri: '/ws/growth.okr.md' },
      { type: 'command', command: 'workbench.action.terminal.new' },
      { type: 'rendered', version: 'x' },
      { type: 'ready', extra: 1 },
    ];
    for (const message of forged) assert.equal(parseWebviewMessage(message, targets), null, JSON.stringify(message));
    assert.equal(parseWebviewMessage({ type: 'reveal', uri: '/ws/growth.okr.md', line: 11 }, revealTargets(null)), null);
  });
});
