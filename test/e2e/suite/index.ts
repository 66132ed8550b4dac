// Entry point the workbench calls (`extensionTestsPath`): runs the mocha suite inside the extension
// host and reports every check on its own line, then `N passed, N failed` (also written to the
// file named by OKR_E2E_RESULT so the harness can tell a passing run from a silent one).
import { writeFileSync } from 'node:fs';
import type MochaType from 'mocha';

// mocha 12 is published as ES modules around a CommonJS core; the bundle loads the core directly.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha: typeof MochaType = require('mocha/lib/mocha.cjs');

/** One line per check, through console.log: the extension host forwards it to the harness. */
class LineReporter {
  constructor(runner: MochaType.Runner) {
    let passed = 0;
    let failed = 0;
    const started = Date.now();
    runner.on('suite', (suite) => {
      if (suite.title) console.log(`\n${suite.title}`);
    });
    runner.on('pass', (test) => {
      passed++;
      console.log(`  ✔ ${test.title} (${test.duration ?? 0} ms)`);
    });
    runner.on('fail', (test, error: Error) => {
      failed++;
      console.log(`  ✖ ${test.fullTitle()}\n    ${(error.stack ?? error.message).split('\n').slice(0, 8).join('\n    ')}`);
    });
    runner.once('end', () => {
      console.log(`\n${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s in the workbench)`);
      if (process.env.OKR_E2E_RESULT) writeFileSync(process.env.OKR_E2E_RESULT, JSON.stringify({ passed, failed }));
    });
  }
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, reporter: LineReporter as unknown as MochaType.ReporterConstructor });
  mocha.suite.emit('pre-require', globalThis, 'e2e', mocha);
  // Order matters: activation is checked before anything opens an OKR file, the restart runs last.
  await import('./activation.e2e');
  await import('./tree.e2e');
  await import('./language.e2e');
  await import('./fixes.e2e');
  await import('./commands.e2e');
  await import('./preview.e2e');
  await import('./restart.e2e');
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} end-to-end check(s) failed`);
}
