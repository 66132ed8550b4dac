// The `npm start` job, run after the build: shows the sample cascade with `okr tree`, lints it,
// writes the HTML report, and opens VS Code on the samples with this extension loaded when the
// `code` command is available. Only a failing `okr tree` fails the job.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const cli = join(root, 'dist', 'okr.js');
const samples = join(root, 'samples');
const reportPath = join(root, 'dist', 'okr-report.html');

/** Runs `okr <args>` with the terminal attached and returns its exit code. */
function okr(args) {
  console.log(`\n$ okr ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

/** Sub-commands are listed one per line in `okr --help`; others may still be in the making. */
function availableCommands() {
  const help = spawnSync(process.execPath, [cli, '--help'], { cwd: root, encoding: 'utf8' });
  const text = `${help.stdout ?? ''}\n${help.stderr ?? ''}`;
  return new Set(['lint', 'report'].filter((name) => new RegExp(`^\\s*(okr\\s+)?${name}\\b`, 'm').test(text)));
}

function onPath(command) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      // not in this folder
    }
  }
  return false;
}

if (!existsSync(cli)) {
  console.error(`${cli} is missing: run the build first (npm start does).`);
  process.exit(1);
}

const treeStatus = okr(['tree', 'samples/']);
if (treeStatus !== 0) {
  console.error(`okr tree failed (exit ${treeStatus})`);
  process.exit(treeStatus);
}

const commands = availableCommands();
if (commands.has('lint')) {
  const lintStatus = okr(['lint', 'samples/']);
  if (lintStatus !== 0) {
    console.log(`okr lint exit ${lintStatus}: samples/common-mistakes.okr.md shows every rule on purpose.`);
  }
}
if (commands.has('report')) {
  const reportStatus = okr(['report', 'samples/', '--out', reportPath]);
  if (reportStatus === 0) console.log(`\nReport written to ${reportPath}\n  ${pathToFileURL(reportPath).href}`);
  else console.log(`okr report failed (exit ${reportStatus}).`);
}

if (process.env.CI) {
  console.log('\nCI: not opening VS Code.');
} else if (onPath('code')) {
  console.log('\nOpening VS Code on samples/ with the extension loaded…');
  const editor = spawn('code', [samples, `--extensionDevelopmentPath=${root}`], { detached: true, stdio: 'ignore' });
  editor.on('error', (error) => console.log(`Could not start VS Code: ${error.message}`));
  editor.unref();
} else {
  console.log(`\nTo explore the samples in VS Code: code samples --extensionDevelopmentPath=${root}`);
}
