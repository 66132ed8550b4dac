// Language-server figures through the real protocol: the built server as a child process over stdio.
//
//   node bench/lsp.mjs --server dist/server.js [--workspace <dir>]... [--single <file>]... [--edits N] [--index-runs N]
//
// For each workspace, over N cold starts (median): time from `initialize` to the first diagnostics of a file opened at once and
// to a complete index (the answer to a request that waits for the workspace scan), resident memory (VmRSS of the
// child) then, the time of a workspace-wide `okr/tree` (every unit, every KR), and completion and hover latency.
// For each single file: per-keystroke latency, didChange of one character → the publishDiagnostics for that
// version, at typing positions spread through the file.
// Progress goes to stderr; the last stdout line is the JSON result.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { summarize } from './stats.mjs';

const argv = process.argv.slice(2);
const all = (name) => argv.flatMap((a, i) => (a === name ? [argv[i + 1]] : []));
const serverPath = resolve(all('--server')[0] ?? 'dist/server.js');
const editCount = Number(all('--edits')[0] ?? 500);
const indexRuns = Number(all('--index-runs')[0] ?? 3);
const EDIT_TIMEOUT_MS = 5000;

const now = () => Number(process.hrtime.bigint()) / 1e6;
const info = (line) => process.stderr.write(`  ${line}\n`);

function okrFiles(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) okrFiles(join(dir, e.name), out);
    else if (e.name.endsWith('.okr.md')) out.push(join(dir, e.name));
  }
  return out;
}

function rssMB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

/** Starts the server and a JSON-RPC connection that answers the requests a minimal editor would. */
function startServer() {
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('window/showMessageRequest', () => null);
  const diagnosticListeners = new Set();
  connection.onNotification('textDocument/publishDiagnostics', (params) => diagnosticListeners.forEach((l) => l(params)));
  connection.onNotification(() => {});
  connection.listen();
  return { child, connection, diagnosticListeners };
}

async function initialize(server, folder) {
  const uri = pathToFileURL(folder).href;
  await server.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: uri,
    workspaceFolders: [{ uri, name: basename(folder) }],
    capabilities: {
      textDocument: { publishDiagnostics: { versionSupport: true }, synchronization: { dynamicRegistration: false }, hover: {}, completion: {} },
      workspace: { configuration: true, workspaceFolders: true },
      window: { workDoneProgress: false },
    },
  });
  server.connection.sendNotification('initialized', {});
}

async function stop(server) {
  try {
    await Promise.race([server.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
    server.connection.sendNotification('exit');
  } catch {
    // already gone
  }
  setTimeout(() => server.child.kill(), 500).unref();
  server.connection.dispose();
}

function nextDiagnostics(server, uri, version, timeout = EDIT_TIMEOUT_MS) {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      server.diagnosticListeners.delete(listener);
      reject(new Error(`no diagnostics for ${basename(uri)} v${version} within ${timeout} ms`));
    }, timeout);
    const listener = (params) => {
      if (params.uri !== uri) return;
      if (version !== undefined && typeof params.version === 'number' && params.version < version) return;
      clearTimeout(timer);
      server.diagnosticListeners.delete(listener);
      resolvePromise(params);
    };
    server.diagnosticListeners.add(listener);
  });
}

async function timeRequests(server, method, params, count) {
  const samples = [];
  for (let i = 0; i < count; i++) {
    const start = now();
    await server.connection.sendRequest(method, params(i));
    samples.push(now() - start);
  }
  return summarize(samples);
}

/**
 * One cold start on a workspace: a new server, `initialize`, a file opened at once. Returns the times to that file's
 * first diagnostics and to a complete index, the resident memory then, and the server (stopped unless `keep`).
 */
async function indexOnce(dir, uri, text, keep) {
  const server = startServer();
  const start = now();
  await initialize(server, dir);
  // The editor opens a file as soon as the server is up: time to its first diagnostics.
  const opened = nextDiagnostics(server, uri, 1, 120_000);
  server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'okr', version: 1, text } });
  const firstDiagnosticsMs = await opened.then(() => now() - start, () => null);
  // The index is complete when the scan has read every file: requests about other files wait for it, so the
  // answer to a small one (the opened file's own tree) marks the moment. Memory is read then, before any
  // workspace-wide answer is built.
  await server.connection.sendRequest('okr/tree', { scope: 'file', uri });
  const indexMs = now() - start;
  await new Promise((r) => setTimeout(r, 500)); // let the index settle before reading memory
  const rss = rssMB(server.child.pid);
  if (!keep) await stop(server);
  return { server, firstDiagnosticsMs, indexMs, rss };
}

async function benchWorkspace(dir) {
  const files = okrFiles(dir);
  // A person's file deep in the cascade: its diagnostics need the parent units indexed.
  const file = files.find((f) => f.split('/').length - dir.split('/').length >= 3) ?? files[0];
  const uri = pathToFileURL(file).href;
  const text = readFileSync(file, 'utf8');
  // Several cold starts: the first read of 10,000 files after a while can take seconds longer than the next
  // (the operating system's file cache), so one start alone says more about the disk than about the server.
  const starts = [];
  for (let i = 0; i < indexRuns; i++) starts.push(await indexOnce(dir, uri, text, i === indexRuns - 1));
  const { server } = starts[starts.length - 1];
  const median = (pick) => summarize(starts.map(pick)).median;
  const firstDiagnosticsMs = starts.some((r) => r.firstDiagnosticsMs === null) ? null : median((r) => r.firstDiagnosticsMs);
  const index = summarize(starts.map((r) => r.indexMs));
  const indexMs = index.median;
  const rss = median((r) => r.rss);
  // The whole cascade, as the Progress view asks for it in workspace mode: every unit with every KR.
  const treeStart = now();
  const tree = await server.connection.sendRequest('okr/tree', { scope: 'workspace' });
  const workspaceTreeMs = now() - treeStart;
  const units = tree?.units?.length ?? 0;
  const rssAfterTree = rssMB(server.child.pid);

  // Completion after `Aligns: ` and hover on a KR.
  const lines = text.split('\n');
  const alignLine = lines.findIndex((l) => l.startsWith('Aligns: '));
  const krLine = lines.findIndex((l) => /^- .*KR\d/.test(l));
  const completion = alignLine >= 0 ? await timeRequests(server, 'textDocument/completion', () => ({ textDocument: { uri }, position: { line: alignLine, character: 'Aligns: '.length } }), 100) : null;
  const hover = await timeRequests(server, 'textDocument/hover', () => ({ textDocument: { uri }, position: { line: Math.max(0, krLine), character: 4 } }), 100);
  await stop(server);
  const result = { files: files.length, firstDiagnosticsMs, indexMs, indexP95Ms: index.p95, indexRuns: index.runs, unitsSeen: units, rssMB: rss, workspaceTreeMs, rssAfterTreeMB: rssAfterTree, completion, hover };
  info(`${files.length} files: first diagnostics ${firstDiagnosticsMs === null ? 'none' : `${firstDiagnosticsMs.toFixed(0)} ms`}, full index ${indexMs.toFixed(0)} ms (p95 ${index.p95.toFixed(0)} ms over ${index.runs} starts), RSS ${rss.toFixed(0)} MB, workspace tree of ${units} units ${workspaceTreeMs.toFixed(0)} ms (RSS then ${rssAfterTree.toFixed(0)} MB), completion p50 ${completion?.median ?? '–'} ms, hover p50 ${hover.median} ms`);
  return result;
}

/** Typing positions spread through the file: the end of list-item lines (KR statements and data). */
function typingLines(lines, count) {
  const candidates = [];
  lines.forEach((l, i) => {
    if (/^\s*- /.test(l)) candidates.push(i);
  });
  return Array.from({ length: count }, (_, i) => candidates[Math.floor((i * 7919) % candidates.length)]);
}

async function benchSingle(source) {
  const dir = mkdtempSync(join(tmpdir(), 'okr-bench-'));
  const file = join(dir, basename(source));
  copyFileSync(source, file);
  const server = startServer();
  try {
    await initialize(server, dir);
    const uri = pathToFileURL(file).href;
    const lines = readFileSync(file, 'utf8').split('\n');
    let version = 1;
    const opened = nextDiagnostics(server, uri, version, 60_000);
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'okr', version, text: lines.join('\n') } });
    await opened;
    const samples = [];
    let timeouts = 0;
    for (const line of typingLines(lines, editCount)) {
      const character = lines[line].length;
      lines[line] += 'x';
      version++;
      const published = nextDiagnostics(server, uri, version);
      const start = now();
      server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: 'x' }],
      });
      try {
        await published;
        samples.push(now() - start);
      } catch {
        timeouts++;
      }
    }
    const s = summarize(samples);
    const result = { lines: lines.length, count: samples.length, timeouts, p50: s.median, p95: s.p95, p99: s.p99, max: s.max, rssMB: rssMB(server.child.pid) };
    info(`${lines.length}-line file, ${samples.length} keystrokes: p50 ${s.median} ms, p95 ${s.p95} ms, p99 ${s.p99} ms${timeouts ? `, ${timeouts} without diagnostics` : ''}`);
    return result;
  } finally {
    await stop(server);
    rmSync(dir, { recursive: true, force: true });
  }
}

const out = { workspaces: [], singles: [] };
try {
  for (const dir of all('--workspace')) out.workspaces.push(await benchWorkspace(resolve(dir)));
  for (const file of all('--single')) out.singles.push(await benchSingle(resolve(file)));
} catch (e) {
  out.error = e.message;
}
console.log(JSON.stringify(out));
process.exit(0);
