// `okr lint [paths|folders…]`: the rules over every `.okr.md` file given, as one workspace so
// alignment across files is checked; `--fix` applies safe fixes and writes atomically;
// `--cache` reuses parsed models and file findings of unchanged files (content hash).
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, openSync, readFileSync, readSync, closeSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { withOverrides, type ResolvedConfig } from '../core/config';
import { fixAll } from '../core/fixes';
import type { OkrDocument } from '../core/model';
import { parseOkr } from '../core/parse';
import { OkrWorkspace } from '../core/workspace';
import { loadConfigFile, loadConfigFor } from '../node/config-loader';
import { findOkrFiles, readOkrFile } from '../node/files';
import { applyDirectives, isoToday, runRules } from '../rules/engine';
import { INVALID_CONFIG_ID, rules } from '../rules/index';
import type { Finding } from '../rules/types';
import { count, format, FORMATS, type FileResult, type Format } from './lint-formats';
import { parseArgs, UsageError, type CliIo } from './io';
import pkg from '../../../package.json';

export const summary = 'check OKR files like a coach (stylish, json, sarif or github output; --fix)';

const HELP = `Usage: okr lint [paths or folders…] [options]

Checks every *.okr.md file found (default: the current folder, respecting .gitignore) with the
rules of .okrrc.json (nearest one above each file) and prints the findings.

Options:
  --format stylish|json|sarif|github   output format (default: stylish)
  --fix                                apply the safe fixes and write the files back
  --max-warnings N                     exit 1 when there are more than N warnings
  --rule id:level                      override a rule's level (repeatable), e.g. --rule too-few-krs:off
  --config path                        use this configuration file instead of looking for .okrrc.json
  --quiet                              report errors only
  --cache                              reuse results for unchanged files
  --cache-location path                cache file (default: node_modules/.cache/okr/lint-cache.json)
  -h, --help                           show this help

Exit codes: 0 no errors, 1 errors (or too many warnings), 2 usage error.
`;

const MAX_FIX_PASSES = 10;

interface CacheEntry {
  hash: string;
  configKey: string;
  doc: OkrDocument;
  findings: Finding[];
}

interface CacheFile {
  version: string;
  entries: Record<string, CacheEntry>;
}

interface Input {
  abs: string;
  shown: string;
  text: string;
  config: ResolvedConfig;
  configKey: string;
  doc: OkrDocument;
  /** File-rule findings before disable comments. */
  fileFindings: Finding[];
}

const CACHE_VERSION = `${pkg.version}:${rules.map((r) => r.meta.id).join(',')}`;
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : path;
}

/** `--rule id:level` may repeat, which the shared argument parser does not allow: take them out first. */
function takeRuleFlags(args: string[]): { rest: string[]; overrides: Record<string, string> } {
  const rest: string[] = [];
  const overrides: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = arg === '--rule' ? args[++i] : arg.startsWith('--rule=') ? arg.slice(7) : null;
    if (value === null) {
      rest.push(arg);
      continue;
    }
    const m = /^([\w-]+):(\w+)$/.exec(value ?? '');
    if (!m) throw new UsageError(`--rule takes id:level, e.g. --rule too-few-krs:off (got ${value ?? 'nothing'})`);
    overrides[m[1]] = m[2];
  }
  return { rest, overrides };
}

function readCache(path: string): CacheFile {
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
    if (data.version === CACHE_VERSION && data.entries) return data;
  } catch {
    // A missing or corrupt cache is an empty one.
  }
  return { version: CACHE_VERSION, entries: {} };
}

function writeCache(path: string, cache: CacheFile): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeAtomic(path, JSON.stringify(cache), null);
  } catch {
    // The cache is an optimisation; failing to write it must not fail the lint.
  }
}

function hasBom(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(3);
    const n = readSync(fd, buf, 0, 3, 0);
    return n === 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  } finally {
    closeSync(fd);
  }
}

/** Writes via a temporary file in the same folder and a rename, keeping the file mode (and BOM when `bomOf` had one). */
function writeAtomic(path: string, text: string, bomOf: string | null): void {
  let mode: number | undefined;
  try {
    mode = statSync(path).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  const bom = bomOf !== null && hasBom(bomOf) ? '\uFEFF' : '';
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, bom + text, mode !== undefined ? { mode } : undefined);
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing to clean up
    }
    throw e;
  }
}

interface ParseTask {
  text: string;
  shown: string;
  config: ResolvedConfig;
}

interface ParseResult {
  doc: OkrDocument;
  findings: Finding[];
}

function parseAndCheck(task: ParseTask, today: string): ParseResult {
  // The line scanner, as the language server uses for files nobody has open: it reads the same model as
  // remark (a differential test checks it) at a fraction of the cost (remark was 55% of lint time).
  const doc = parseOkr(task.text, { fileName: task.shown, engine: 'lines' });
  return { doc, findings: runRules(doc, task.text, { config: task.config, path: task.shown, today, scopes: ['file'] }) };
}

/** Below this many files to parse, starting workers costs more than it saves. */
const PARALLEL_THRESHOLD = 200;

/**
 * Parses and runs the file rules, spread over worker threads (one per core) when the CLI runs from its
 * bundle and there is enough work; the cross-file rules then run once on the main thread.
 */
async function parseAll(tasks: ParseTask[], today: string): Promise<ParseResult[]> {
  const bundle = typeof __filename === 'string' && __filename.endsWith('.js') ? __filename : null;
  const threads = Math.min(availableParallelism(), 8);
  if (!bundle || threads < 2 || tasks.length < PARALLEL_THRESHOLD) return tasks.map((t) => parseAndCheck(t, today));
  const chunks: ParseTask[][] = Array.from({ length: threads }, () => []);
  tasks.forEach((t, i) => chunks[i % threads].push(t));
  const parts = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<ParseResult[]>((done, fail) => {
          const worker = new Worker(`require(${JSON.stringify(bundle)}).commands.lint.workerMain()`, { eval: true, workerData: { tasks: chunk, today } });
          worker.once('message', (results: ParseResult[]) => done(results));
          worker.once('error', fail);
          worker.once('exit', (code) => code !== 0 && fail(new Error(`lint worker exited with code ${code}`)));
        }),
    ),
  );
  const results: ParseResult[] = new Array(tasks.length);
  parts.forEach((part, w) => part.forEach((r, k) => (results[k * threads + w] = r)));
  return results;
}

/** Entry point of a lint worker thread (see parseAll). */
export function workerMain(): void {
  const { tasks, today } = workerData as { tasks: ParseTask[]; today: string };
  parentPort?.postMessage(tasks.map((t) => parseAndCheck(t, today)));
}

export async function run(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(HELP);
    return 0;
  }
  const { rest, overrides } = takeRuleFlags(args);
  const { positional, flags } = parseArgs(rest, ['--format', '--max-warnings', '--config', '--cache-location'], ['--fix', '--quiet', '--cache']);
  const fmt = (flags.get('--format') ?? 'stylish') as Format;
  if (!FORMATS.includes(fmt)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got ${String(fmt)})`);
  const maxWarningsFlag = flags.get('--max-warnings');
  const maxWarnings = maxWarningsFlag === undefined ? -1 : Number(maxWarningsFlag);
  if (!Number.isInteger(maxWarnings) || (maxWarningsFlag !== undefined && maxWarnings < 0)) throw new UsageError(`--max-warnings takes a whole number ≥ 0 (got ${String(maxWarningsFlag)})`);
  const quiet = flags.has('--quiet');
  const fix = flags.has('--fix');
  const useCache = flags.has('--cache') || flags.has('--cache-location');
  const cachePath = resolve(io.cwd, String(flags.get('--cache-location') ?? 'node_modules/.cache/okr/lint-cache.json'));

  const roots = (positional.length ? positional : ['.']).map((p) => resolve(io.cwd, p));
  roots.forEach((root, i) => {
    try {
      statSync(root);
    } catch {
      throw new UsageError(`cannot read ${positional[i] ?? root}: no such file or directory`);
    }
  });

  // Configuration: one file for all (--config) or the nearest .okrrc.json per folder; then --rule.
  const metas = rules.map((r) => r.meta);
  const configPath = flags.get('--config');
  let explicit: ResolvedConfig | null = null;
  if (configPath !== undefined) {
    const abs = resolve(io.cwd, String(configPath));
    try {
      statSync(abs);
    } catch {
      throw new UsageError(`cannot read --config ${String(configPath)}: no such file`);
    }
    explicit = loadConfigFile(abs);
  }
  const byDir = new Map<string, ResolvedConfig>();
  const configFor = (file: string): ResolvedConfig => {
    const dir = dirname(file);
    let config = byDir.get(dir);
    if (!config) {
      config = explicit ?? loadConfigFor(file);
      if (Object.keys(overrides).length) {
        config = withOverrides(config, overrides, metas, '--rule');
        const bad = config.problems.find((p) => p.message.startsWith('--rule'));
        if (bad) throw new UsageError(bad.message);
      }
      byDir.set(dir, config);
    }
    return config;
  };

  const cache = useCache ? readCache(cachePath) : null;
  const today = isoToday();
  const inputs: Input[] = [];
  /** Indexes of inputs the cache could not answer. */
  const misses: number[] = [];
  let unreadable = 0;
  let unwritable = 0;
  for (const abs of findOkrFiles(roots)) {
    const read = readOkrFile(abs);
    if ('error' in read) {
      io.stderr(`okr: ${displayPath(read.error, io.cwd)}\n`);
      unreadable++;
      continue;
    }
    const config = configFor(abs);
    const configKey = sha1(`${JSON.stringify(config.rules)}|${config.reportUnusedDisableDirectives}|${today}`);
    const shown = displayPath(abs, io.cwd);
    const hash = sha1(read.text);
    const hit = cache?.entries[abs];
    if (hit && hit.hash === hash && hit.configKey === configKey) {
      inputs.push({ abs, shown, text: read.text, config, configKey, doc: hit.doc, fileFindings: hit.findings });
      continue;
    }
    inputs.push({ abs, shown, text: read.text, config, configKey, doc: null as unknown as OkrDocument, fileFindings: [] });
    misses.push(inputs.length - 1);
  }
  const parsed = await parseAll(misses.map((i) => ({ text: inputs[i].text, shown: inputs[i].shown, config: inputs[i].config })), today);
  misses.forEach((i, k) => ((inputs[i].doc = parsed[k].doc), (inputs[i].fileFindings = parsed[k].findings)));

  const workspace = new OkrWorkspace();
  for (const input of inputs) workspace.set(input.shown, input.doc);
  const lintInput = (input: Input): Finding[] => {
    const cross = runRules(input.doc, input.text, { config: input.config, path: input.shown, today, workspace, scopes: ['workspace'] });
    return applyDirectives(input.doc, input.text, [...input.fileFindings, ...cross], input.config);
  };

  const results: FileResult[] = [];
  let cacheChanged = false;
  for (const input of inputs) {
    let findings = lintInput(input);
    if (fix) {
      const original = input.text;
      const fixedRules = new Set<string>();
      let fixedCount = 0;
      for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
        const next = fixAll(input.text, findings);
        if (next === input.text) break;
        findings.filter((f) => f.fixes.some((x) => x.safe)).forEach((f) => (fixedRules.add(f.ruleId), fixedCount++));
        input.text = next;
        input.doc = parseOkr(next, { fileName: input.shown, engine: 'lines' });
        input.fileFindings = runRules(input.doc, next, { config: input.config, path: input.shown, today, scopes: ['file'] });
        workspace.set(input.shown, input.doc);
        findings = lintInput(input);
      }
      if (input.text !== original) {
        try {
          writeAtomic(input.abs, input.text, input.abs);
          (fmt === 'stylish' ? io.stdout : io.stderr)(`fixed ${input.shown}: ${fixedCount} problem${fixedCount === 1 ? '' : 's'} (${[...fixedRules].join(', ')})\n`);
        } catch (e) {
          io.stderr(`okr: cannot write ${input.shown}: ${(e as Error).message}\n`);
          unwritable++;
        }
      }
    }
    if (cache) {
      const hash = sha1(input.text);
      const before = cache.entries[input.abs];
      if (!before || before.hash !== hash || before.configKey !== input.configKey) {
        cache.entries[input.abs] = { hash, configKey: input.configKey, doc: input.doc, findings: input.fileFindings };
        cacheChanged = true;
      }
    }
    results.push({ file: input.shown, findings: quiet ? findings.filter((f) => f.severity === 'error') : findings });
  }

  // A broken configuration is reported where it is broken, as errors.
  const configResults = new Map<string, Finding[]>();
  const seen = new Set<string>();
  for (const config of new Set(byDir.values())) {
    for (const p of config.problems) {
      const key = `${p.file}|${p.range.start.line}|${p.range.start.character}|${p.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const file = p.file ? displayPath(p.file, io.cwd) : '.okrrc.json';
      const list = configResults.get(file) ?? [];
      list.push({ ruleId: INVALID_CONFIG_ID, severity: p.severity, message: p.message, range: p.range, fixes: [] });
      configResults.set(file, list);
    }
  }
  for (const [file, findings] of configResults) results.unshift({ file, findings: quiet ? findings.filter((f) => f.severity === 'error') : findings });

  // A warm run with nothing changed leaves the cache file alone (rewriting it would cost more than the lint).
  if (cache && cacheChanged) writeCache(cachePath, cache);
  io.stdout(format(results, fmt, io.color));
  const errors = count(results, 'error');
  const warnings = count(results, 'warning');
  // A file refused (over the size limit) or unreadable is an input error, as for the other commands.
  if (unreadable > 0) return 2;
  if (errors > 0 || unwritable > 0) return 1;
  if (maxWarnings >= 0 && warnings > maxWarnings) {
    io.stderr(`okr lint: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}
