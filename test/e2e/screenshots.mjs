// Pictures for the README, taken from the running product: the workbench on the samples with the
// OKRs container open, in the dark and the light theme, saved to docs/images/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workbenchUrl } from './workbench.mjs';

const THEMES = [
  { name: 'dark', theme: 'Default Dark Modern', bodyClass: 'vs-dark' },
  { name: 'light', theme: 'Default Light Modern', bodyClass: 'vs' },
];
const WAIT_MS = 60_000;

function writeSettings(workspace, theme) {
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(
    join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'workbench.colorTheme': theme, 'workbench.startupEditor': 'none', 'editor.minimap.enabled': false, 'workbench.tips.enabled': false }, null, 2),
  );
}

/**
 * Opens the workbench (extension loaded, a team file open), shows the Progress view with the
 * cascade expanded, and saves one screenshot per theme. Each step waits for what it needs to see.
 */
export async function takeScreenshots({ browser, port, workspace, extensionPath, root, log }) {
  const outDir = join(root, 'docs', 'images');
  mkdirSync(outDir, { recursive: true });
  writeSettings(workspace, THEMES[0].theme);
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
    await page.waitForSelector('.monaco-list-row:has-text("Growth")', { timeout: WAIT_MS });
    // Expand the first objectives of the team so the picture shows KRs with their bands.
    const growthObjective = page.locator('.monaco-list-row:has-text("O1: Make reordering feel effortless")');
    await growthObjective.click({ timeout: WAIT_MS });
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('.monaco-list-row:has-text("KR1: Increase the 90-day reorder rate")', { timeout: WAIT_MS });
    for (const [index, { name, theme, bodyClass }] of THEMES.entries()) {
      if (index > 0) writeSettings(workspace, theme);
      await page.waitForSelector(`.monaco-workbench.${bodyClass}`, { timeout: WAIT_MS });
      await page.mouse.move(0, 0); // no hover highlight in the picture
      const file = join(outDir, `progress-tree-${name}.png`);
      await page.screenshot({ path: file });
      log(`screenshot: ${file.slice(root.length + 1)}`);
    }
  } finally {
    await page.close().catch(() => {});
  }
}
