// Pictures for the README, taken from the running product: the workbench on the samples with the
// OKRs container open (Progress tree and Cascade view), in the dark and the light theme, saved to
// docs/images/. Every step waits for what it needs to see.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { takePreviewScreenshots } from './preview-screenshots.mjs';
import { workbenchUrl } from './workbench.mjs';

const THEMES = [
  { name: 'dark', theme: 'Dark Modern', bodyClass: 'vs-dark' },
  { name: 'light', theme: 'Light Modern', bodyClass: 'vs' },
];
const WAIT_MS = 60_000;

/** Picks a colour theme the way a user does (F1 → Preferences: Color Theme) and waits until it applies. */
async function selectTheme(page, { theme, bodyClass }) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { timeout: WAIT_MS });
  await page.keyboard.type('Preferences: Color Theme');
  // Exactly this command, not "Preferences: Browse Color Themes in Marketplace".
  await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: /^Preferences: Color Theme(?!s)/ }).click({ timeout: WAIT_MS });
  await page.keyboard.type(theme);
  await page.waitForSelector(`.quick-input-list .monaco-list-row.focused:has-text("${theme}")`, { timeout: WAIT_MS });
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.monaco-workbench.${bodyClass}`, { timeout: WAIT_MS });
  await page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: WAIT_MS });
}

/** Drags the sash at the side bar's edge so labels and percentages fit, and waits for the new width. */
async function widenSidebar(page, width) {
  const box = await page.locator('.part.sidebar').boundingBox({ timeout: WAIT_MS });
  const x = box.x + box.width;
  const y = box.y + box.height / 2;
  await page.mouse.move(x - 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction((min) => (document.querySelector('.part.sidebar')?.getBoundingClientRect().width ?? 0) >= min, width - 20, { timeout: WAIT_MS });
}

/** A real click on a KR row of the Progress view opens its file with the cursor on the KR's line. */
async function checkTreeClickReveals(page, workspace, log) {
  const label = 'KR1: Increase Net Promoter Score';
  const line = readFileSync(join(workspace, 'company.okr.md'), 'utf8').split('\n').findIndex((text) => text.includes(label)) + 1;
  await page.click(`.monaco-list-row:has-text("${label}")`, { timeout: WAIT_MS });
  await page.waitForSelector('.tab.active:has-text("company.okr.md")', { timeout: WAIT_MS });
  await page.waitForSelector(`.statusbar-item:has-text("Ln ${line},")`, { timeout: WAIT_MS });
  log(`progress view: a click on "${label}" put the cursor on line ${line} of company.okr.md`);
  // Close it: the next pictures show the team file alone.
  await page.click('.tab.active:has-text("company.okr.md") .tab-actions .codicon-close', { timeout: WAIT_MS });
  await page.waitForSelector('.tab.active:has-text("growth.okr.md")', { timeout: WAIT_MS });
  await page.waitForSelector('.tab:has-text("company.okr.md")', { state: 'detached', timeout: WAIT_MS });
}

export async function takeScreenshots({ browser, port, workspace, extensionPath, root, log }) {
  const outDir = join(root, 'docs', 'images');
  mkdirSync(outDir, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  try {
    const payload = [
      ['extensionDevelopmentPath', extensionPath],
      ['openFile', `vscode-remote://127.0.0.1:${port}${join(workspace, 'teams', 'growth.okr.md')}`],
    ];
    await page.goto(workbenchUrl(port, workspace, payload), { timeout: WAIT_MS });
    await page.waitForSelector('.monaco-workbench', { timeout: WAIT_MS });
    await page.waitForSelector('.statusbar-item:has-text("%")', { timeout: WAIT_MS });
    await page.click('.activitybar .action-item a[aria-label^="OKRs"]', { timeout: WAIT_MS });
    await page.waitForSelector('.monaco-list-row:has-text("Acme Cookware")', { timeout: WAIT_MS });
    await widenSidebar(page, 520);
    // Open the company's first objective so the picture shows key results with their bands.
    await page.click('.monaco-list-row:has-text("O1: Become the cookware brand") .monaco-tl-twistie', { timeout: WAIT_MS });
    await page.waitForSelector('.monaco-list-row:has-text("KR1: Increase Net Promoter Score")', { timeout: WAIT_MS });
    for (const scheme of THEMES) {
      await selectTheme(page, scheme);
      await page.mouse.move(700, 740); // away from the tree: no hover highlight in the picture
      const file = join(outDir, `progress-tree-${scheme.name}.png`);
      await page.screenshot({ path: file });
      log(`screenshot: ${file.slice(root.length + 1)}`);
    }
    await checkTreeClickReveals(page, workspace, log);
    await takePreviewScreenshots({ page, root, log, themes: THEMES, selectTheme });
  } catch (error) {
    // What the page showed when a step gave up, for the log reader.
    const failure = join(root, 'out', 'e2e', 'screenshot-failure.png');
    await page.screenshot({ path: failure }).catch(() => {});
    throw new Error(`screenshots: ${String(error.message).split('\n')[0]} (page at failure: ${failure.slice(root.length + 1)})`);
  } finally {
    await page.close().catch(() => {});
  }
}
