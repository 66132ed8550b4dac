// Pictures of the cascade preview for the README, taken from the running product: on a workbench
// page that shows a team file, "OKR: Open Preview to the Side", a real click in the webview that
// must move the editor's cursor, then one picture per theme, saved to docs/images/preview-<theme>.png.
// Call it from the screenshot step with its page.
import { join } from 'node:path';

const THEMES = [
  { name: 'dark', label: 'Dark Modern', bodyClass: 'vs-dark' },
  { name: 'light', label: 'Light Modern', bodyClass: 'vs' },
];
const WAIT_MS = 60_000;

/** The webview frame that holds `selector` (webview content lives in nested iframes). */
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

/** Picks an entry of the quick pick that is open: types `text` and accepts the focused row once it matches. */
async function pick(page, text) {
  await page.waitForSelector('.quick-input-widget input', { timeout: WAIT_MS });
  await page.keyboard.type(text);
  await page.waitForSelector(`.quick-input-list .monaco-list-row.focused:has-text("${text}")`, { timeout: WAIT_MS });
  await page.keyboard.press('Enter');
}

/** Clicks a key result's title in the webview and waits for the editor's cursor on its line (the status bar's "Ln N,"). */
async function clickReveals(page, frame, log) {
  const title = frame.locator('section.focus button.kr-text').first();
  const line = Number(await title.getAttribute('data-line')) + 1;
  await title.click();
  await page.waitForSelector(`.statusbar-item:has-text("Ln ${line},")`, { timeout: WAIT_MS });
  log(`preview: a click on "${await title.textContent()}" put the cursor on line ${line}`);
}

/** Opens the preview beside the team file, checks that a click reveals a line, then takes the pictures. */
export async function takePreviewScreenshots({ page, root, log }) {
  await page.keyboard.press('F1');
  await pick(page, 'OKR: Open Preview to the Side');
  await clickReveals(page, await cascadeFrame(page, '.okr-cascade section.focus h1'), log);
  for (const { name, label, bodyClass } of THEMES) {
    // Ctrl+K Ctrl+T lists the installed themes (the palette's search would also query a marketplace).
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+T');
    await pick(page, label);
    await page.waitForSelector(`.monaco-workbench.${bodyClass}`, { timeout: WAIT_MS });
    // The webview takes its colours from the workbench: wait until its body has the theme's class.
    await cascadeFrame(page, `body.vscode-${name} .okr-cascade`);
    await page.mouse.move(0, 0);
    const file = join(root, 'docs', 'images', `preview-${name}.png`);
    await page.screenshot({ path: file });
    log(`screenshot: ${file.slice(root.length + 1)}`);
  }
}
