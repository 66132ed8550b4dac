// Obtains a real VS Code workbench from what these machines can reach (Debian apt and the npm
// registry): code-server's VS Code server, installed once into a git-ignored cache folder.
// Microsoft's download servers are unreachable, so @vscode/test-electron cannot fetch a desktop
// build here; code-server ships the same workbench with a real Node extension host.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, copyFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.100.3';
const APT_PACKAGES = ['chromium', 'ripgrep', 'build-essential', 'pkg-config', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev'];
const NATIVE_MODULES = ['kerberos', 'node-pty', '@parcel/watcher', '@vscode/spdlog', '@vscode/deviceid', 'native-watchdog'];

export class HarnessError extends Error {}

function run(command, args, options = {}) {
  const { timeoutMs = 600_000, ...rest } = options;
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, encoding: 'utf8', ...rest });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    const why = result.error ? result.error.message : result.signal ? `killed by ${result.signal}` : `exit ${result.status}`;
    throw new HarnessError(`"${command} ${args.join(' ')}" failed (${why})${output ? `:\n${output}` : ''}`);
  }
  return result.stdout;
}

function aptInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** Installs the Debian packages the workbench needs, only those that are missing, without prompts. */
export function ensureAptPackages(log) {
  const missing = APT_PACKAGES.filter((name) => !aptInstalled(name));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new HarnessError(`missing Debian packages (${missing.join(' ')}); install them with apt-get as root`);
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

/**
 * Returns the VS Code directory inside the cached code-server install, installing it first when
 * the cache is missing or incomplete (a marker file is written only after the last step).
 */
export function ensureWorkbench(cacheDir, log) {
  const vscodeDir = join(cacheDir, 'node_modules', 'code-server', 'lib', 'vscode');
  const marker = join(cacheDir, `ready-${CODE_SERVER_VERSION}`);
  if (existsSync(marker)) return vscodeDir;

  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${cacheDir} (first run only, about a minute or two)`);
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  // A private package.json keeps npm from walking up into the project's own manifest.
  writeFileSync(join(cacheDir, 'package.json'), JSON.stringify({ name: 'okr-e2e-workbench', private: true }) + '\n');
  const npmQuiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  run('npm', ['pack', `code-server@${CODE_SERVER_VERSION}`, '--silent'], { cwd: cacheDir });
  const tarball = readdirSync(cacheDir).find((name) => name.startsWith('code-server-') && name.endsWith('.tgz'));
  if (!tarball) throw new HarnessError('npm pack did not produce the code-server tarball');
  // Install scripts refuse to run as root and download ripgrep from GitHub: skip them and
  // rebuild the native modules by hand against the Node that runs the server.
  run('npm', ['install', '--ignore-scripts', ...npmQuiet, `./${tarball}`], { cwd: cacheDir });
  rmSync(join(cacheDir, tarball));
  run('npm', ['install', '--omit=dev', '--ignore-scripts', ...npmQuiet], { cwd: vscodeDir });
  run('npm', ['rebuild', ...NATIVE_MODULES], { cwd: vscodeDir, env: { ...process.env, npm_config_yes: 'true' } });
  const rgDir = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  copyFileSync('/usr/bin/rg', join(rgDir, 'rg'));
  relink(join(vscodeDir, 'node_modules.asar'), 'node_modules');
  relink(join(vscodeDir, 'bin', 'remote-cli', 'code-server'), 'code-linux.sh');
  relink(join(vscodeDir, 'bin', 'helpers', 'browser.sh'), 'browser-linux.sh');
  run('npm', ['install', '--omit=dev', ...npmQuiet], { cwd: join(vscodeDir, 'extensions') });
  run('npm', ['rebuild', 'argon2'], { cwd: cacheDir });
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  log(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return vscodeDir;
}

function relink(path, target) {
  rmSync(path, { force: true });
  symlinkSync(target, path);
}

/** The VS Code version of the workbench (code-server 4.100.3 carries VS Code 1.100.3). */
export function workbenchVersion(vscodeDir) {
  const product = JSON.parse(readFileSync(join(vscodeDir, 'product.json'), 'utf8'));
  const pkg = JSON.parse(readFileSync(join(vscodeDir, 'package.json'), 'utf8'));
  return `VS Code ${pkg.version} (commit ${product.commit?.slice(0, 10) ?? 'unknown'}), workbench of code-server ${CODE_SERVER_VERSION}`;
}

/** The workbench URL for a folder, with the test payload (extension under development, tests, files to open). */
export function workbenchUrl(port, workspace, payload) {
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
