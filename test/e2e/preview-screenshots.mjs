// Pictures of the cascade preview for the README, taken from the running product. On the screenshot
// step's workbench page (a team file open), it closes the side bar, runs "OKR: Open Preview to the
// Side", clicks a key result in the webview and checks that the editor's cursor moved to its line,
// then saves one picture per theme to docs/images/preview-<theme>.png.
import { join } from 'node:path';

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

/** Runs a command from the palette by its full title. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.waitForSelector('.quick-input-widget input', { timeout: WAIT_MS });
  await page.keyboard.type(title);
  await page.waitForSelector(`.quick-input-list .monaco-list-row.focused:has-text("${title}")`, { timeout: WAIT_MS });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.quick-input-widget', { state: 'hidden', timeout: WAIT_MS });
}

/** Clicks a key result's title in the webview and waits for the editor's cursor on its line (the status bar's "Ln N,"). */
async function clickReveals(page, frame, log) {
  const title = frame.locator('section.focus button.kr-text').first();
  const line = Number(await title.getAttribute('data-line')) + 1;
  await title.click();
  await page.waitForSelector(`.statusbar-item:has-text("Ln ${line},")`, { timeout: WAIT_MS });
  log(`preview: a click on "${await title.textContent()}" put the cursor on line ${line}`);
}

/** `themes` ({ name, … }) and `selectTheme(page, theme)` come from the screenshot step, which switches themes the same way for every picture. */
export async function takePreviewScreenshots({ page, root, log, themes, selectTheme }) {
  await runCommand(page, 'View: Close Primary Side Bar');
  await runCommand(page, 'OKR: Open Preview to the Side');
  await clickReveals(page, await cascadeFrame(page, '.okr-cascade section.focus h1'), log);
  for (const theme of themes) {
    await selectTheme(page, theme);
    // The webview takes its colours from the workbench: wait until its body has the theme's class.
    await cascadeFrame(page, `body.vscode-${theme.name} .okr-cascade`);
    await page.mouse.move(0, 0);
    const file = join(root, 'docs', 'images', `preview-${theme.name}.png`);
    await page.screenshot({ path: file });
    log(`screenshot: ${file.slice(root.length + 1)}`);
  }
}
