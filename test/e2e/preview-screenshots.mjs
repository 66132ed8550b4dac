// Pictures of the cascade preview for the README, taken from the running product: a team file
// with "OKR: Open Preview to the Side", in the dark and the light theme, saved to docs/images/.
// Same arguments as takeScreenshots in screenshots.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workbenchUrl } from './workbench.mjs';

const THEMES = [
  { name: 'dark', theme: 'Dark Modern', bodyClass: 'vs-dark' },
  { name: 'light', theme: 'Light Modern', bodyClass: 'vs' },
];
const WAIT_MS = 60_000;

function writeSettings(workspace) {
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(
    join(workspace, '.vscode', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'editor.minimap.enabled': false, 'workbench.tips.enabled': false }, null, 2),
  );
}

/** Runs a command from the palette (F1) by its title. */
async function runCommand(page, title, pick = title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { timeout: WAIT_MS });
  await page.keyboard.type(title);
  await page.waitForSelector(`.quick-input-list .monaco-list-row:has-text("${pick}")`, { timeout: WAIT_MS });
  await page.keyboard.press('Enter');
}

/** The webview frame that shows the cascade once it holds `selector` (webviews live in nested iframes). */
async function cascadeFrame(page, selector) {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    for (const frame of page.frames()) {
      if (await frame.$(selector).catch(() => null)) return frame;
    }
    if (Date.now() > deadline) throw new Error(`the preview did not show ${selector} within ${WAIT_MS / 1000} s`);
    await page.waitForEvent('framenavigated', { timeout: 1_000 }).catch(() => {});
  }
}

export async function takePreviewScreenshots({ browser, port, workspace, extensionPath, root, log }) {
  const outDir = join(root, 'docs', 'images');
  mkdirSync(outDir, { recursive: true });
  writeSettings(workspace);
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  try {
    const payload = [
      ['extensionDevelopmentPath', extensionPath],
      ['openFile', `vscode-remote://127.0.0.1:${port}${join(workspace, 'teams', 'growth.okr.md')}`],
    ];
    await page.goto(workbenchUrl(port, workspace, payload), { timeout: WAIT_MS });
    await page.waitForSelector('.monaco-workbench', { timeout: WAIT_MS });
    await page.waitForSelector('.statusbar-item:has-text("%")', { timeout: WAIT_MS });
    await runCommand(page, 'OKR: Open Preview to the Side', 'Open Preview to the Side');
    await cascadeFrame(page, '.okr-cascade section.focus h1');
    for (const { name, theme, bodyClass } of THEMES) {
      // Ctrl+K Ctrl+T: the installed themes (the palette's "Color Theme" search also lists the marketplace).
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+T');
      await page.waitForSelector('.quick-input-widget input', { timeout: WAIT_MS });
      await page.keyboard.type(theme);
      await page.waitForSelector(`.quick-input-list .monaco-list-row.focused:has-text("${theme}")`, { timeout: WAIT_MS });
      await page.keyboard.press('Enter');
      await page.waitForSelector(`.monaco-workbench.${bodyClass}`, { timeout: WAIT_MS });
      // The webview takes the theme's colours from the workbench: wait until its body says so.
      await cascadeFrame(page, `body.vscode-${name} .okr-cascade`);
      await page.mouse.move(0, 0);
      const file = join(outDir, `preview-${name}.png`);
      await page.screenshot({ path: file });
      log(`screenshot: ${file.slice(root.length + 1)}`);
    }
  } finally {
    await page.close().catch(() => {});
  }
}
