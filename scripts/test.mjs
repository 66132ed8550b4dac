// Runs every test suite in order: `node scripts/test.mjs [build|typecheck|unit|lsp|nvim|browser|e2e ...]`.
// With no argument it runs all of them. Each suite reports through node's test runner
// (or a plain `N passed, N failed` line), and the first failing step fails the run.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function testFiles(dir) {
  const found = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) found.push(...testFiles(path));
    else if (/\.test\.(ts|mjs)$/.test(name)) found.push(path);
  }
  return found.sort();
}

const nodeTests = (dir) => ['node', ['--import', 'tsx', '--test', '--test-concurrency=1', ...testFiles(dir)]];

const steps = {
  build: ['node', ['esbuild.mjs']],
  typecheck: ['npx', ['--no-install', 'tsc', '--noEmit', '-p', '.']],
  unit: nodeTests('test/unit'),
  lsp: nodeTests('test/lsp'),
  nvim: nodeTests('test/nvim'),
  browser: nodeTests('test/browser'),
  e2e: ['node', ['test/e2e/run.mjs']],
};

const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : Object.keys(steps)) {
  const step = steps[name];
  if (!step) {
    console.error(`unknown test step: ${name} (known: ${Object.keys(steps).join(', ')})`);
    process.exit(2);
  }
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(step[0], step[1], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${name} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}
