// End-to-end harness: runs test/e2e/suite inside a real VS Code workbench with the built extension.
//
// - With a desktop VS Code (`VSCODE_EXECUTABLE`, or `code` on PATH) it uses @vscode/test-electron.
// - Otherwise (CI, these machines) it installs code-server's VS Code server into a cached folder,
//   serves a temporary copy of samples/ and drives the workbench with Debian's Chromium.
// Every wait has a timeout, every started process is killed (process groups), and a workbench
// that cannot start, a missing browser or a busy port fails the run with a one-line reason.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import * as esbuild from 'esbuild';
import { ensureAptPackages, ensureWorkbench, HarnessError, workbenchUrl, workbenchVersion } from './workbench.mjs';
import { takeScreenshots } from './screenshots.mjs';

const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const CHROMIUM = process.env.OKR_E2E_CHROMIUM ?? '/usr/bin/chromium';
const SERVER_START_MS = 60_000;
const WORKBENCH_READY_MS = 90_000;
const SUITE_MS = 6 * 60_000;
/** Log lines of the workbench that say nothing about the product (no gallery, no service worker here). */
const NOISE = [/open-vsx\.org/, /Service ?Worker/i, /connection token|Creating a socket|builtin extensions cache|ChatSessionStore/, /Long running operations during shutdown/];

const started = Date.now();
const log = (message) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

/** Processes to kill on every exit path. */
const cleanups = [];
async function cleanup() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch {
      // Best effort: the next cleanup must still run.
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => cleanup().finally(() => process.exit(130)));

function killGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

/** Bundles the suite to CommonJS: the extension host cannot load TypeScript. mocha and vscode stay external. */
async function buildSuite() {
  // Inside the repository (so `mocha` resolves from node_modules), one folder per run (runs may overlap).
  const outDir = join(root, 'out', 'e2e', `run-${process.pid}`);
  cleanups.push(() => rmSync(outDir, { recursive: true, force: true }));
  await esbuild.build({
    entryPoints: [join(root, 'test/e2e/suite/index.ts')],
    outfile: join(outDir, 'suite', 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(outDir, 'suite', 'index');
}

/** A temporary copy of samples/ as the workspace, with workspace settings the suite relies on. */
function makeWorkspace(tmp) {
  const workspace = join(tmp, 'samples');
  mkdirSync(tmp, { recursive: true });
  cpSync(join(root, 'samples'), workspace, { recursive: true });
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'okr.trace.server': 'off' }, null, 2));
  return workspace;
}

function desktopVSCode() {
  if (process.env.VSCODE_EXECUTABLE) return process.env.VSCODE_EXECUTABLE;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'code'))) return join(dir, 'code');
  }
  return null;
}

async function runDesktop(executable, suitePath, workspace, tmp) {
  const { runTests } = await import('@vscode/test-electron');
  log(`desktop VS Code: ${executable}`);
  const version = spawnSync(executable, ['--version'], { encoding: 'utf8', timeout: 30_000 }).stdout?.split('\n')[0];
  log(`VS Code version: ${version ?? 'unknown'}`);
  const code = await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: root,
    extensionTestsPath: suitePath,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${join(tmp, 'ud')}`],
    extensionTestsEnv: { OKR_E2E_ROOT: root, OKR_E2E_RESULT: process.env.OKR_E2E_RESULT },
  }).catch((error) => {
    console.error(`e2e: ${error.message ?? error}`);
    return 1;
  });
  return code;
}

function freePort() {
  const wanted = process.env.OKR_E2E_PORT ? Number(process.env.OKR_E2E_PORT) : 0;
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) =>
      reject(new HarnessError(error.code === 'EADDRINUSE' ? `port ${wanted} is in use (set OKR_E2E_PORT to a free port or unset it)` : `cannot open a port: ${error.message}`)),
    );
    probe.listen(wanted, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Starts the VS Code server in its own process group and resolves once it listens. */
async function startServer(vscodeDir, port, tmp) {
  const serverLog = join(tmp, 'server.log');
  const out = createWriteStream(serverLog);
  const child = spawn(
    process.execPath,
    [
      join(vscodeDir, 'out', 'server-main.js'),
      '--host', '127.0.0.1', '--port', String(port),
      '--without-connection-token', '--accept-server-license-terms', '--enable-smoke-test-driver',
      '--disable-workspace-trust', '--disable-telemetry',
      '--user-data-dir', join(tmp, 'ud'), '--server-data-dir', join(tmp, 'sd'), '--extensions-dir', join(tmp, 'ext'),
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OKR_E2E_ROOT: root } },
  );
  cleanups.push(() => killGroup(child));
  let text = '';
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new HarnessError(`the VS Code server did not start within ${SERVER_START_MS / 1000} s (log: ${serverLog})`)), SERVER_START_MS);
    const onData = (chunk) => {
      out.write(chunk);
      text += chunk;
      if (/listening on|Extension host agent started/i.test(text)) {
        clearTimeout(timer);
        resolve();
      }
      if (/EADDRINUSE/.test(text)) {
        clearTimeout(timer);
        reject(new HarnessError(`port ${port} is in use: the VS Code server cannot listen on it`));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const last = text.trim().split('\n').filter(Boolean).pop() ?? '';
      reject(new HarnessError(`the VS Code server exited before it was ready (${signal ?? `exit ${code}`}): ${last}`));
    });
  });
  await ready;
  return child;
}

async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new HarnessError(`no browser: ${CHROMIUM} is missing (apt-get install chromium)`);
  const { chromium } = await import('playwright-core');
  try {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      timeout: 60_000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    });
    cleanups.push(() => browser.close());
    return browser;
  } catch (error) {
    throw new HarnessError(`the browser did not start: ${String(error.message).split('\n')[0]}`);
  }
}

function remote(port, path) {
  return `vscode-remote://127.0.0.1:${port}${path}`;
}

/** Opens the workbench with the suite in its payload and resolves with the suite's exit code. */
async function runInWorkbench(browser, port, workspace, suitePath) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  let finish;
  const exited = new Promise((resolve) => (finish = resolve));
  await page.exposeFunction('codeAutomationExit', (code) => finish(Number(code)));
  await page.exposeFunction('codeAutomationLog', (level, ...args) => {
    // The workbench forwards every log line with its level; the suite's own lines carry no noise.
    const line = args.flat().map(String).join(' ');
    if (NOISE.some((pattern) => pattern.test(line))) return;
    const text = level === 'info' || typeof level !== 'string' ? line : `${level}: ${line}`;
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  });
  page.on('pageerror', (error) => log(`page error: ${error.message.split('\n')[0]}`));
  const payload = [
    ['extensionDevelopmentPath', remote(port, root)],
    ['extensionTestsPath', remote(port, suitePath)],
  ];
  await page.goto(workbenchUrl(port, workspace, payload), { timeout: WORKBENCH_READY_MS });
  await page.waitForSelector('.monaco-workbench', { timeout: WORKBENCH_READY_MS }).catch(() => {
    throw new HarnessError(`the workbench did not load within ${WORKBENCH_READY_MS / 1000} s`);
  });
  log('workbench ready; running the suite');
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new HarnessError(`the suite did not finish within ${SUITE_MS / 60_000} minutes`)), SUITE_MS);
  });
  try {
    return await Promise.race([exited, timeout]);
  } finally {
    clearTimeout(timer);
    await page.close().catch(() => {});
  }
}

async function main() {
  const suitePath = await buildSuite();
  const tmp = mkdtempSync(join(tmpdir(), 'okr-e2e-'));
  cleanups.push(() => rmSync(tmp, { recursive: true, force: true }));
  const workspace = makeWorkspace(tmp);
  const resultFile = join(tmp, 'result.json');
  process.env.OKR_E2E_RESULT = resultFile;

  const desktop = process.argv.includes('--workbench') ? null : desktopVSCode();
  let code;
  if (desktop) {
    code = await runDesktop(desktop, suitePath, workspace, tmp);
  } else {
    ensureAptPackages(log);
    const vscodeDir = ensureWorkbench(process.env.OKR_E2E_CACHE ?? join(root, 'test', 'e2e', '.workbench'), log);
    log(`VS Code version: ${workbenchVersion(vscodeDir)}`);
    const port = await freePort();
    await startServer(vscodeDir, port, tmp);
    log(`VS Code server listening on 127.0.0.1:${port}`);
    const browser = await launchBrowser();
    const pictures = () => takeScreenshots({ browser, port, workspace: makeWorkspace(join(tmp, 'shots')), extensionPath: remote(port, root), root, log });
    // --screenshots-only refreshes the README pictures without running the suite.
    if (process.argv.includes('--screenshots-only')) {
      await pictures();
      return 0;
    }
    code = await runInWorkbench(browser, port, workspace, suitePath);
    if (code === 0 && !process.argv.includes('--no-screenshots')) await pictures();
  }
  const result = existsSync(resultFile) ? JSON.parse(readFileSync(resultFile, 'utf8')) : null;
  if (result) console.log(`${result.passed} passed, ${result.failed} failed`);
  else console.log(`0 passed, 1 failed (the suite reported no result)`);
  return code === 0 && result && result.failed === 0 && result.passed > 0 ? 0 : 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(`e2e: ${error instanceof HarnessError ? error.message : (error?.stack ?? error)}`);
  exitCode = 1;
} finally {
  await cleanup();
  log(`done in ${Math.round((Date.now() - started) / 1000)} s`);
}
process.exit(exitCode);
