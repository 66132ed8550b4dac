// `okr lint [paths|folders…]`: the rules over every `.okr.md` file given, as one workspace so
// alignment across files is checked; `--fix` applies safe fixes and writes atomically;
// `--cache` reuses the findings of unchanged files and, when no file changed, the cross-file ones too.
import { createHash } from 'node:crypto';
import { statSync, type Stats } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { withOverrides, type ResolvedConfig } from '../core/config';
import { fixAll } from '../core/fixes';
import type { OkrDocument } from '../core/model';
import { parseOkr } from '../core/parse';
import { OkrWorkspace } from '../core/workspace';
import { configLoader, loadConfigFile } from '../node/config-loader';
import { findOkrFiles, readOkrFile, relativeInside, writeAtomic } from '../node/files';
import { applyDirectives, isoToday, runRules } from '../rules/engine';
import { INVALID_CONFIG_ID, rules } from '../rules/index';
import type { Finding } from '../rules/types';
import { errorsOnly, format, FORMATS, tally, type FileResult, type Format, type LintReport } from './lint-formats';
import { parseArgs, UsageError, type CliIo } from './io';
import { AppendedStrings, decodeFindings, decodeView, emptyCache, encodeFindings, encodeView, plainStrings, readCache, StringTable, wellFormed, wellFormedDetail, writeCache, type CacheDetail, type CacheEntry, type CompactView, type FlatFindings, type Strings } from './lint-cache';

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

interface InputBase {
  abs: string;
  shown: string;
  config: ResolvedConfig;
  /** Hash of the configuration and date: what the file's findings depend on besides its text. */
  configKey: string;
  /** null until needed: a file the cache answers by size and modification time is never read. */
  text: string | null;
  size: number;
  mtimeMs: number;
  /** sha1 of the text (only with --cache). */
  hash: string;
}

/** A file the cache could not answer, read and waiting to be parsed. */
interface Miss extends InputBase {
  text: string;
}

/** A file the cache answers for (by size and time, or by the hash of its text). */
interface Cached extends InputBase {
  entry: CacheEntry;
  /** Size and modification time matched: nothing of this file to write back. */
  statHit: boolean;
}

interface Input extends InputBase {
  /** The cross-file view (see encodeView), or the full model once `--fix` re-parsed the file; null until decoded from `cachedView`. */
  doc: OkrDocument | null;
  /** The view kept in the cache, or null. */
  cachedView: CompactView<number> | null;
  /** File-rule findings before disable comments. */
  fileFindings: Finding[];
  /** The cross-file and reported findings from the cache: reusable when no file changed. */
  cached: { cross: FlatFindings; reported: FlatFindings } | null;
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

function displayPath(path: string, cwd: string): string {
  // Most files lie below the working folder: a prefix test instead of path.relative for each of them.
  const below = isAbsolute(cwd) ? relativeInside(cwd, path) : null;
  if (below !== null) return below;
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

interface ParseTask {
  text: string;
  shown: string;
  config: ResolvedConfig;
}

/** Only what the main thread needs back: copying whole models between threads cost more than parsing them. */
interface ParseResult {
  view: CompactView<string>;
  findings: Finding[];
}

function parseAndCheck(task: ParseTask, today: string): ParseResult {
  // The line scanner, as the language server uses for files nobody has open: it reads the same model as
  // remark (a differential test checks it) at a fraction of the cost (remark was 55% of lint time).
  const doc = parseOkr(task.text, { fileName: task.shown, engine: 'lines' });
  const findings = runRules(doc, task.text, { config: task.config, path: task.shown, today, scopes: ['file'] });
  return { view: encodeView(doc, plainStrings), findings };
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
          // As one JSON string: cloning it costs a fraction of cloning the same results as objects.
          worker.once('message', (results: string) => done(JSON.parse(results) as ParseResult[]));
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
  parentPort?.postMessage(JSON.stringify(tasks.map((t) => parseAndCheck(t, today))));
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** Reads a file the cache had answered for by its size and time, now that its text is needed. */
function textOf(input: InputBase): string {
  if (input.text === null) {
    const read = readOkrFile(input.abs, input.size);
    if ('error' in read) throw new Error(read.error);
    input.text = read.text;
  }
  return input.text;
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
  const loadConfig = configLoader();
  /** Each configuration with the --rule overrides applied, once. */
  const withRules = new Map<ResolvedConfig, ResolvedConfig>();
  const configFor = (file: string): ResolvedConfig => {
    const base = explicit ?? loadConfig(file);
    let config = withRules.get(base);
    if (!config) {
      config = base;
      if (Object.keys(overrides).length) {
        config = withOverrides(config, overrides, metas, '--rule');
        const bad = config.problems.find((p) => p.message.startsWith('--rule'));
        if (bad) throw new UsageError(bad.message);
      }
      withRules.set(base, config);
    }
    return config;
  };

  const stored = useCache ? readCache(cachePath) : null;
  const cache = stored?.cache ?? null;
  const today = isoToday();
  const configKeys = new Map<ResolvedConfig, string>();
  /** Files in order: answered by the cache, or still to parse. */
  const slots: Array<Cached | Miss> = [];
  let unreadable = 0;
  let unwritable = 0;
  for (const abs of findOkrFiles(roots)) {
    const config = configFor(abs);
    const shown = displayPath(abs, io.cwd);
    let configKey = configKeys.get(config);
    if (configKey === undefined) configKeys.set(config, (configKey = sha1(`${JSON.stringify(config.rules)}|${config.reportUnusedDisableDirectives}|${today}`)));
    const cached = cache?.entries[abs];
    const entry = wellFormed(cached) && cached[3] === configKey ? cached : null;
    // Taken before reading, so a write during the run shows up as a change next time.
    const stat = cache ? statOrNull(abs) : null;
    const base: InputBase = { abs, shown, config, configKey, text: null, size: stat?.size ?? 0, mtimeMs: stat?.mtimeMs ?? 0, hash: entry?.[2] ?? '' };
    // Like ESLint's cache: an unchanged size and modification time is trusted without reading the file.
    if (entry && stat && entry[0] === stat.size && entry[1] === stat.mtimeMs) {
      // Completed in place: a copy by spread took longer than the rest of this loop.
      slots.push(Object.assign(base, { entry, statHit: true }));
      continue;
    }
    const read = readOkrFile(abs, stat?.size);
    if ('error' in read) {
      io.stderr(`okr: ${displayPath(read.error, io.cwd)}\n`);
      unreadable++;
      continue;
    }
    const miss: Miss = { ...base, text: read.text, hash: cache ? sha1(read.text) : '' };
    // Same text under a new time (a checkout, a touch) is unchanged; the entry takes the new time.
    slots.push(entry && entry[2] === miss.hash ? { ...miss, entry, statHit: false } : miss);
  }

  /** Prints the findings of every file (after those of a broken configuration) and returns the exit code. */
  const finish = (files: FileResult[], table: Strings<number> & { strings: string[] }): number => {
    // A broken configuration is reported where it is broken, as errors.
    const configResults = new Map<string, Finding[]>();
    const seen = new Set<string>();
    for (const config of withRules.values()) {
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
    const report: LintReport = { strings: table.strings, files: [...[...configResults].reverse().map(([file, findings]) => ({ file, findings: encodeFindings(findings, table) })), ...files] };
    if (quiet) report.files = report.files.map((r) => ({ file: r.file, findings: errorsOnly(r.findings, report.strings) }));
    format(report, fmt, io.color, io.stdout);
    const { error: errors, warning: warnings } = tally(report);
    // A file refused (over the size limit) or unreadable is an input error, as for the other commands.
    if (unreadable > 0) return 2;
    if (errors > 0 || unwritable > 0) return 1;
    if (maxWarnings >= 0 && warnings > maxWarnings) {
      io.stderr(`okr lint: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
      return 1;
    }
    return 0;
  };

  const misses = slots.filter((s): s is Miss => !('entry' in s));
  // The cross-file findings depend on every file: they are reused only when the same files, all unchanged, are linted.
  const workspaceKey = cache ? sha1(JSON.stringify(slots.map((s) => [s.abs, s.shown, s.configKey]))) : '';
  let reuseCross = cache?.workspaceKey === workspaceKey && misses.length === 0;
  const unchanged = reuseCross && slots.every((s) => 'entry' in s && s.statHit);
  // Nothing changed: the cached findings are printed as they are, and the cache file is left alone
  // (rewriting it would cost more than the lint). JSON output shows the fixes, whose strings come with the details.
  if (cache && unchanged && !fix && (fmt !== 'json' || stored!.details())) {
    return finish(
      slots.map((s) => ({ file: s.shown, findings: (s as Cached).entry[5] })),
      new StringTable(cache.strings),
    );
  }

  const details = stored?.details() ?? null;
  const cacheTable = new StringTable(cache?.strings);
  const detailOf = (slot: Cached): CacheDetail | null => {
    const detail = details?.[slot.entry[4]];
    return wellFormedDetail(detail) ? detail : null;
  };
  // A file whose details a damaged cache lost is checked again, and then no cross-file finding is reusable.
  if (slots.some((s) => 'entry' in s && !detailOf(s))) reuseCross = false;
  const parsed = await parseAll(misses.map((m) => ({ text: m.text, shown: m.shown, config: m.config })), today);
  const parsedOf = new Map(misses.map((m, k) => [m, parsed[k]]));
  const inputs = slots.map((slot): Input => {
    if ('entry' in slot) {
      const { entry, statHit, ...base } = slot;
      const detail = detailOf(slot);
      if (detail) return { ...base, doc: null, cachedView: detail[0], fileFindings: decodeFindings(detail[1], cacheTable.strings), cached: { cross: detail[2], reported: entry[5] } };
      const { view, findings } = parseAndCheck({ text: textOf(base), shown: base.shown, config: base.config }, today);
      return { ...base, doc: decodeView(view, plainStrings), cachedView: null, fileFindings: findings, cached: null };
    }
    const { view, findings } = parsedOf.get(slot)!;
    return { ...slot, doc: decodeView(view, plainStrings), cachedView: null, fileFindings: findings, cached: null };
  });

  const docOf = (input: Input): OkrDocument => (input.doc ??= decodeView(input.cachedView!, cacheTable));
  // Built on first need: a run that reuses the cross-file findings never needs it.
  let workspace: OkrWorkspace | null = null;
  const workspaceOf = (): OkrWorkspace => {
    if (!workspace) {
      workspace = new OkrWorkspace();
      for (const input of inputs) workspace.set(input.shown, docOf(input));
    }
    return workspace;
  };
  const lintInput = (input: Input): { cross: Finding[]; reported: Finding[] } => {
    const text = textOf(input);
    const doc = docOf(input);
    const cross = runRules(doc, text, { config: input.config, path: input.shown, today, workspace: workspaceOf(), scopes: ['workspace'] });
    return { cross, reported: applyDirectives(doc, text, [...input.fileFindings, ...cross], input.config) };
  };
  const reusedFindings = (input: Input): { cross: Finding[]; reported: Finding[] } => ({
    cross: decodeFindings(input.cached!.cross, cacheTable.strings),
    reported: decodeFindings(input.cached!.reported, cacheTable.strings),
  });

  const toCache: Array<{ input: Input; cross: Finding[]; reported: Finding[] }> = [];
  const output = new AppendedStrings();
  const files: FileResult[] = [];
  let fixedAny = false;
  for (const input of inputs) {
    let { cross, reported } = reuseCross ? reusedFindings(input) : lintInput(input);
    let keep = true;
    if (fix && reported.some((f) => f.fixes.some((x) => x.safe))) {
      const original = textOf(input);
      const fixedRules = new Set<string>();
      let fixedCount = 0;
      for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
        const fixed = fixAll(input.text!, reported);
        if (fixed === input.text) break;
        reported.filter((f) => f.fixes.some((x) => x.safe)).forEach((f) => (fixedRules.add(f.ruleId), fixedCount++));
        input.text = fixed;
        input.doc = parseOkr(fixed, { fileName: input.shown, engine: 'lines' });
        input.fileFindings = runRules(input.doc, fixed, { config: input.config, path: input.shown, today, scopes: ['file'] });
        workspaceOf().set(input.shown, input.doc);
        ({ cross, reported } = lintInput(input));
      }
      if (input.text !== original) {
        // Files after this one see the fixed text, the ones before saw the old one: no cross-file result is reusable.
        reuseCross = false;
        fixedAny = true;
        try {
          writeAtomic(input.abs, input.text!, input.abs);
          (fmt === 'stylish' ? io.stdout : io.stderr)(`fixed ${input.shown}: ${fixedCount} problem${fixedCount === 1 ? '' : 's'} (${[...fixedRules].join(', ')})\n`);
          const stat = statOrNull(input.abs);
          Object.assign(input, { size: stat?.size ?? 0, mtimeMs: stat?.mtimeMs ?? 0, hash: sha1(input.text!) });
        } catch (e) {
          io.stderr(`okr: cannot write ${input.shown}: ${(e as Error).message}\n`);
          unwritable++;
          keep = false; // the findings are of the fixed text, which is not on disk
        }
      }
    }
    if (keep) toCache.push({ input, cross, reported });
    files.push({ file: input.shown, findings: encodeFindings(reported, output, fmt === 'json') });
  }

  // Still nothing changed (--fix found nothing to fix, no details were lost): the cache file is left alone.
  if (cache && !(unchanged && reuseCross)) {
    // Written with a table of its own, so strings of files gone from the workspace do not pile up. The
    // strings printed come first, in the first line: a run with nothing changed reads no other.
    const written = new StringTable();
    for (const { reported } of toCache) for (const f of reported) written.put(f.ruleId), written.put(f.severity), written.put(f.message);
    const printed = written.strings.length;
    const entries: Record<string, CacheEntry> = {};
    const fileDetails: CacheDetail[] = [];
    for (const { input, cross, reported } of toCache) {
      const detail: CacheDetail = [encodeView(docOf(input), written), encodeFindings(input.fileFindings, written), encodeFindings(cross, written)];
      entries[input.abs] = [input.size, input.mtimeMs, input.hash, input.configKey, fileDetails.push(detail) - 1, encodeFindings(reported, written)];
    }
    const head = { ...emptyCache(), workspaceKey: fixedAny ? '' : workspaceKey, strings: written.strings.slice(0, printed), entries };
    writeCache(cachePath, head, { strings: written.strings.slice(printed), details: fileDetails });
  }
  return finish(files, output);
}
