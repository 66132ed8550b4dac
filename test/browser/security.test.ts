// The preview webview and `okr report`'s page in a real browser (Debian's Chromium): files whose
// every text carries script, event handlers, javascript: links, CSS injection and remote links
// and images must show that text literally, run no script and make no network request.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { previewShellHtml } from '../../client/src/preview/shell';
import { run as report } from '../../server/src/cli/report';
import { loadWorkspace } from '../../server/src/cli/tree';
import { buildTree } from '../../server/src/core/cascade';
import type { TreeJson } from '../../server/src/core/model';
import { renderCascadeHtml, renderReportHtml } from '../../server/src/render/index';
import { hostileTree, payloads } from '../support/cascade-trees';
import { launchChromium } from './chromium';

const root = new URL('../..', import.meta.url).pathname;
const ORIGIN = 'https://webview.test';

/** Watches a page: requests, dialogs, and the script flag that every payload tries to set. */
interface Watched {
  page: Page;
  /** Every request the page attempted, even one its policy then blocked. */
  requests: string[];
  /** Requests that passed the policy and reached the network layer. */
  sent: string[];
  /** Requests the policy refused. */
  blocked: string[];
  dialogs: string[];
}

// Stands in for VS Code's webview API and records CSP violations; runs before any page script.
const INIT = `
  window.__posted = [];
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.effectiveDirective));
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
    getState: () => window.__state,
    setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
  });
`;

async function watch(context: BrowserContext, pages: Record<string, { body: string; type: string }>): Promise<Watched> {
  const page = await context.newPage();
  const watched: Watched = { page, requests: [], sent: [], blocked: [], dialogs: [] };
  page.on('request', (request) => watched.requests.push(request.url()));
  page.on('requestfailed', (request) => {
    if (request.failure()?.errorText === 'csp') watched.blocked.push(request.url());
  });
  page.on('dialog', (dialog) => {
    watched.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.addInitScript(INIT);
  await context.route('**/*', (route) => {
    watched.sent.push(route.request().url());
    const served = pages[route.request().url()];
    return served ? route.fulfill({ status: 200, contentType: served.type, body: served.body }) : route.abort();
  });
  return watched;
}

/** What a script from a file could have left behind, and what the DOM holds that is not ours. */
async function assertNothingRan(watched: Watched, allowed: string[]): Promise<void> {
  const { page } = watched;
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined, 'a payload script ran');
  assert.deepEqual(watched.dialogs, [], 'a payload opened a dialog');
  assert.deepEqual(watched.requests.filter((url) => !allowed.includes(url)), [], 'a request left the page');
  const dom = await page.evaluate(() => ({
    foreign: document.querySelectorAll('img, iframe, a, object, embed, form, input, base, video, audio, source').length,
    handlers: Array.from(document.querySelectorAll('*')).flatMap((el) => Array.from(el.attributes).filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
    styleAttributes: document.querySelectorAll('[style]').length,
    styles: document.querySelectorAll('style').length,
    background: getComputedStyle(document.body).backgroundImage,
  }));
  assert.deepEqual(dom, { foreign: 0, handlers: [], styleAttributes: 0, styles: 1, background: 'none' });
}

/** Moves the mouse over every visible match, so any mouseover handler that got in would fire. */
async function hoverAll(page: Page, selector: string): Promise<void> {
  for (const el of await page.$$(selector)) if (await el.isVisible()) await el.hover();
}

/** Every objective and KR title on the page, as the browser shows it. */
async function shownTitles(page: Page): Promise<string[]> {
  return page.$$eval('.objective-title, .kr-text', (els) => els.map((el) => el.textContent ?? ''));
}

function expectedTitles(tree: TreeJson, units: string[]): string[] {
  return tree.units.filter((u) => units.includes(u.id)).flatMap((u) => u.objectives.flatMap((o) => [o.title, ...o.krs.map((k) => k.text)]));
}

/** The preview page as a webview serves it: the shell around `body`, and the script and style from media/. */
function previewPages(body: string, nonce: string): Record<string, { body: string; type: string }> {
  const html = previewShellHtml({ cspSource: ORIGIN, nonce, scriptUri: `${ORIGIN}/media/preview.js`, styleUri: `${ORIGIN}/media/preview.css`, body });
  return {
    [`${ORIGIN}/index.html`]: { body: html, type: 'text/html' },
    [`${ORIGIN}/media/preview.js`]: { body: readFileSync(`${root}media/preview.js`, 'utf8'), type: 'text/javascript' },
    [`${ORIGIN}/media/preview.css`]: { body: readFileSync(`${root}media/preview.css`, 'utf8'), type: 'text/css' },
  };
}

async function openPreview(watched: Watched): Promise<void> {
  await watched.page.goto(`${ORIGIN}/index.html`);
  // Our nonce'd script runs and says so: the policy allows it, and only it.
  await watched.page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
}

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

describe('preview webview in Chromium', () => {
  const tree = hostileTree();
  const [top, child] = tree.units;
  const pages = previewPages(renderCascadeHtml(tree, { focus: top.id, interactive: true }), 'bm9uY2UtZm9yLXRlc3Q=');
  let context: BrowserContext;
  let watched: Watched;
  const posted = () => watched.page.evaluate(() => (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted);
  const update = async (version: number, body: string) => {
    await watched.page.evaluate(([v, h]) => window.postMessage({ type: 'update', version: v, html: h, label: 'x' }, '*'), [version, body] as const);
    await watched.page.waitForFunction(
      (v) => (window as unknown as { __posted: Array<Record<string, unknown>> }).__posted.some((m) => m.type === 'rendered' && m.version === v),
      version,
    );
  };

  before(async () => {
    context = await browser.newContext();
    watched = await watch(context, pages);
    await openPreview(watched);
  });
  after(async () => {
    await context?.close();
  });

  it('shows the first picture with every text literal and nothing running', async () => {
    assert.deepEqual(await shownTitles(watched.page), expectedTitles(tree, [top.id, child.id]));
    const text = await watched.page.innerText('#root');
    for (const tag of [`title-${top.id}`, `owner-${child.id}`, 'krowner-a']) assert.ok(text.includes(payloads(tag)), `${tag} not shown literally`);
    await assertNothingRan(watched, Object.keys(pages));
  });

  it('swaps in updates from the extension, still inert, and hovering runs nothing', async () => {
    await update(1, renderCascadeHtml(tree, { focus: child.id, interactive: true }));
    assert.equal(await watched.page.textContent('h1.unit-title'), child.title);
    await hoverAll(watched.page, 'summary, li.kr, button.reveal');
    await assertNothingRan(watched, Object.keys(pages));
  });

  it('posts a reveal with the file and line, and does not fold the section', async () => {
    const button = watched.page.locator('section.focus button.kr-text').first();
    await button.click();
    const details = watched.page.locator('section.focus details[data-key]').first();
    assert.equal(await details.evaluate((d) => (d as HTMLDetailsElement).open), true);
    const reveal = (await posted()).filter((m) => m.type === 'reveal');
    assert.deepEqual(reveal, [{ type: 'reveal', uri: child.file, line: 4 }]);
    // The keyboard reaches it too.
    await button.focus();
    await watched.page.keyboard.press('Enter');
    assert.equal((await posted()).filter((m) => m.type === 'reveal').length, 2);
  });

  it('keeps what the user folded across updates', async () => {
    const key = `${child.file}#${child.objectives[0].id}`;
    const folded = watched.page.locator('section.focus details[data-key]').first();
    assert.equal(await folded.getAttribute('data-key'), key);
    // Click the disclosure triangle at the start of the row (the title itself reveals the line).
    await watched.page.locator('section.focus summary').first().click({ position: { x: 4, y: 6 } });
    assert.equal(await folded.evaluate((d) => (d as HTMLDetailsElement).open), false);
    await update(2, renderCascadeHtml(tree, { focus: child.id, interactive: true }));
    const again = watched.page.locator('section.focus details[data-key]').first();
    assert.equal(await again.evaluate((d) => (d as HTMLDetailsElement).open), false);
    assert.deepEqual(await watched.page.evaluate(() => (window as unknown as { __state: unknown }).__state), { open: { [key]: false } });
  });

  it('enforces its policy even against markup that got past escaping', async () => {
    const { page } = watched;
    const before = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations.length);
    await page.evaluate(() => {
      const root = document.getElementById('root')!;
      root.insertAdjacentHTML('beforeend', '<img src="https://evil.example/x.png" onerror="window.__pwned=1"><div onclick="window.__pwned=1" id="clickme">x</div>');
      const script = document.createElement('script');
      script.textContent = 'window.__pwned = 1';
      document.body.append(script);
    });
    await page.click('#clickme');
    await page.waitForFunction((n) => (window as unknown as { __violations: string[] }).__violations.length >= n + 3, before);
    const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
    assert.ok(violations.includes('img-src') && violations.includes('script-src-elem') && violations.includes('script-src-attr'), violations.join(','));
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    // The page tried to load the image; its policy refused before any byte left.
    assert.deepEqual(watched.blocked, ['https://evil.example/x.png']);
    assert.deepEqual(watched.sent.filter((url) => !Object.keys(pages).includes(url)), []);
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.ok(csp && !/unsafe-inline|unsafe-eval/.test(csp), csp ?? 'no CSP');
  });
});

describe('okr report page in Chromium', () => {
  const tree = hostileTree();
  const url = 'https://report.test/report.html';
  let context: BrowserContext;
  let watched: Watched;

  before(async () => {
    context = await browser.newContext();
    watched = await watch(context, { [url]: { body: renderReportHtml(tree, { subtitle: payloads('subtitle') }), type: 'text/html' } });
    await watched.page.goto(url);
  });
  after(async () => {
    await context?.close();
  });

  it('shows every text literally, runs nothing and fetches nothing', async () => {
    assert.deepEqual(await shownTitles(watched.page), expectedTitles(tree, tree.units.map((u) => u.id)));
    assert.ok((await watched.page.innerText('.report-header')).includes(payloads('subtitle')));
    await hoverAll(watched.page, 'summary, li.kr');
    await assertNothingRan(watched, [url]);
    assert.equal(await watched.page.evaluate(() => document.scripts.length), 0);
  });

  it('applies its own stylesheet under its policy and folds without script', async () => {
    const { page } = watched;
    assert.equal(await page.$eval('.okr-cascade .pct', (el) => getComputedStyle(el).fontVariantNumeric), 'tabular-nums');
    const unit = page.locator('details.unit').first();
    assert.equal(await unit.evaluate((d) => (d as HTMLDetailsElement).open), true);
    await page.locator('details.unit > summary').first().click();
    assert.equal(await unit.evaluate((d) => (d as HTMLDetailsElement).open), false);
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp ?? '', /^default-src 'none'; style-src 'sha256-[^']+'; img-src data:/);
  });
});

/** Two OKR files (a company and a team aligned to it) with hostile text in every field the format has. */
function hostileFiles(dir: string): void {
  const yaml = (tag: string) => JSON.stringify(payloads(tag));
  writeFileSync(
    join(dir, 'company.okr.md'),
    `---\nteam: ${yaml('team')}\nid: company\nowner: ${yaml('owner')}\nperiod: 2026-Q1\n---\n\n# ${payloads('h1')}\n\n` +
      `## O1: ${payloads('objective')}\nOwner: ${payloads('objective-owner')}\nTags: ${payloads('tags')}\n\n` +
      `- KR1: Increase ${payloads('kr')} from 10% to 20%\n  - owner: ${payloads('kr-owner')}\n  - confidence: 70%\n` +
      `  - 2026-01-14: 12% — ${payloads('note1')}\n  - 2026-02-01: 15% — ${payloads('note2')}\n` +
      `- [ ] KR2: ${payloads('milestone')}\n  - confidence: 50%\n`,
  );
  writeFileSync(
    join(dir, 'team.okr.md'),
    `---\nteam: ${yaml('team2')}\nperiod: ${yaml('period')}\nparent: company\n---\n\n` +
      `## O1: ${payloads('objective2')}\nAligns: company#O1.KR1\nOwner: ${payloads('owner2')}\n\n` +
      `- KR1: Reduce ${payloads('kr2')} from 500ms to 300ms [${payloads('link')}](https://evil.example/x.okr.md#O1) ![x](https://evil.example/i.png)\n` +
      `  - 2026-01-20: 450ms — ${payloads('note3')}\n` +
      `- KR2: ${payloads('bare')}\n`,
  );
}

describe('okr report and the preview built from hostile files, in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'okr-hostile-'));
  const out = join(dir, 'report.html');
  const io = { stdout: () => {}, stderr: () => {}, cwd: dir, color: false };
  let tree: TreeJson;
  let context: BrowserContext;

  before(async () => {
    hostileFiles(dir);
    assert.equal(await report(['--out', out, dir], io), 0);
    tree = buildTree(loadWorkspace([dir], dir, io).workspace);
    context = await browser.newContext();
  });
  after(async () => {
    await context?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the report written by okr report runs nothing, fetches nothing and shows the files\' text', async () => {
    const url = 'https://report.test/okr-report.html';
    const watched = await watch(context, { [url]: { body: readFileSync(out, 'utf8'), type: 'text/html' } });
    await watched.page.goto(url);
    await hoverAll(watched.page, 'summary, li.kr');
    await assertNothingRan(watched, [url]);
    assert.deepEqual(await shownTitles(watched.page), expectedTitles(tree, tree.units.map((u) => u.id)));
    const text = await watched.page.innerText('body');
    assert.ok(text.includes(`<script>window.__pwned=1;alert('objective')</script>`), 'the title is shown as typed');
    await watched.page.close();
  });

  it('the preview of the team file runs nothing, fetches nothing and shows the files\' text', async () => {
    const team = tree.units.find((u) => u.file.endsWith('team.okr.md'))!;
    const pages = previewPages(renderCascadeHtml(tree, { focus: team.id, interactive: true }), 'ZmlsZXMtbm9uY2U=');
    const watched = await watch(context, pages);
    await openPreview(watched);
    await hoverAll(watched.page, 'summary, li.kr, button.reveal');
    await assertNothingRan(watched, Object.keys(pages));
    assert.deepEqual(await shownTitles(watched.page), expectedTitles(tree, tree.units.map((u) => u.id)));
    await watched.page.close();
  });
});
