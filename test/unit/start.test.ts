// `npm start` after the build: runs scripts/start.mjs in a scratch copy of the repository layout,
// with a stand-in `dist/okr.js` that records how it is called and a stand-in `code` command.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';

const script = join(process.cwd(), 'scripts', 'start.mjs');
let scratch: string | null = null;

afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = null;
});

interface Setup {
  /** Sub-commands the stand-in CLI lists in `--help`. */
  commands: string[];
  /** Exit code of `okr tree`. */
  treeExit?: number;
  /** Whether a `code` command is on PATH. */
  withCode: boolean;
}

/** Lays out `scripts/start.mjs`, `dist/okr.js` and `samples/` in a fresh folder and runs the job. */
function runStart({ commands, treeExit = 0, withCode }: Setup) {
  const root = mkdtempSync(join(tmpdir(), 'okr-start-'));
  scratch = root;
  for (const dir of ['scripts', 'dist', 'samples', 'bin']) mkdirSync(join(root, dir));
  copyFileSync(script, join(root, 'scripts', 'start.mjs'));
  const log = join(root, 'calls.log');
  writeFileSync(
    join(root, 'dist', 'okr.js'),
    `const fs = require('fs');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, args.join(' ') + '\\n');
if (args[0] === '--help') { console.log('Usage: okr <command>\\n\\nCommands:\\n' + ${JSON.stringify(commands)}.map((c) => '  ' + c + '  does things').join('\\n')); process.exit(0); }
if (args[0] === 'tree') process.exit(${treeExit});
if (args[0] === 'lint') process.exit(1);
if (args[0] === 'report') fs.writeFileSync(args[args.indexOf('--out') + 1], '<html></html>');
`,
  );
  const opened = join(root, 'code.args');
  if (withCode) {
    writeFileSync(join(root, 'bin', 'code'), `#!/bin/sh\necho "$@" > ${JSON.stringify(opened)}\n`);
    chmodSync(join(root, 'bin', 'code'), 0o755);
  }
  const env = { ...process.env, PATH: join(root, 'bin'), CI: '' };
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'start.mjs')], { cwd: root, env, encoding: 'utf8' });
  const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
  return { root, result, calls, opened };
}

/** The stand-in `code` runs detached: wait (bounded) for it to have written its arguments. */
async function waitForFile(path: string, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(path) && readFileSync(path, 'utf8').length > 0) return readFileSync(path, 'utf8').trim();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`${path} was not written within ${timeoutMs} ms`);
}

describe('npm start job', () => {
  it('shows the tree, lints, writes the report and opens VS Code on the samples', async () => {
    const { root, result, calls, opened } = runStart({ commands: ['tree', 'lint', 'report'], withCode: true });
    const report = join(root, 'dist', 'okr-report.html');
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(calls, ['tree samples/', '--help', 'lint samples/', `report samples/ --out ${report}`]);
    assert.ok(existsSync(report));
    assert.match(result.stdout, new RegExp(`Report written to ${report.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal(await waitForFile(opened), `${join(root, 'samples')} --extensionDevelopmentPath=${root}`);
  });

  it('runs only the sub-commands the CLI has, and does not need VS Code', () => {
    const { result, calls } = runStart({ commands: ['tree'], withCode: false });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(calls, ['tree samples/', '--help']);
    assert.match(result.stdout, /code samples --extensionDevelopmentPath=/);
  });

  it('fails with the exit code of a failing tree, and stops there', () => {
    const { result, calls, opened } = runStart({ commands: ['tree', 'lint', 'report'], treeExit: 3, withCode: true });
    assert.equal(result.status, 3);
    assert.deepEqual(calls, ['tree samples/']);
    assert.ok(!existsSync(opened));
  });
});
