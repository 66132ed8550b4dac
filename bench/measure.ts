// In-process measurements for the benchmark, one kind per invocation so each gets a fresh heap:
//
//   read   <dir>   list and read every .okr.md file (the floor)
//   remark <dir>   parse every file with unified + remark-parse + gfm + frontmatter (the parser anchor)
//   core   <dir>   our core: parse + workspace index + all rules over every file
//   single <file>  one large document: full parse (ours and remark), then one-character edits
//                  re-parsed with a SectionCache and re-linted, as the server does per keystroke
//
// Options: --runs N (timed repetitions), --warmup N, --edits N (single). Prints one JSON object.
// run.mjs bundles this file with esbuild, so the core runs as it ships, not through a loader.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import { parseOkr, SectionCache } from '../server/src/core/parse';
import { OkrWorkspace } from '../server/src/core/workspace';
import { LintSession, lintDocument } from '../server/src/rules/engine';
import { Rng } from './rng';

function listFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(path, out);
    else if (entry.name.endsWith('.okr.md')) out.push(path);
  }
  return out;
}

function readAll(dir: string): Array<{ path: string; text: string }> {
  return listFiles(dir).map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** CPU time (user + system, ms) of each timed run: unlike wall time, it barely moves when other processes compete for the cores. */
const cpuSamples: number[] = [];

function repeat(runs: number, warmup: number, fn: () => void): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    samples.push(time(fn));
    const used = process.cpuUsage(cpu);
    cpuSamples.push((used.user + used.system) / 1000);
  }
  return samples;
}

const remark = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter);
// A fixed date keeps `stale-checkin` deterministic across runs.
const TODAY = '2026-02-20';

function lintWorkspace(files: Array<{ path: string; text: string }>): { findings: number; workspace: OkrWorkspace } {
  const workspace = new OkrWorkspace();
  const docs = files.map((f) => {
    const doc = parseOkr(f.text, { fileName: f.path });
    workspace.set(f.path, doc);
    return doc;
  });
  let findings = 0;
  files.forEach((f, i) => {
    findings += lintDocument(docs[i], f.text, { path: f.path, workspace, today: TODAY }).length;
  });
  return { findings, workspace };
}

/** Typing positions spread through the document: the end of a KR statement or of a word inside one. */
function typingPositions(text: string, count: number, rng: Rng): Array<{ line: number; character: number }> {
  const lines = text.split('\n');
  const candidates: number[] = [];
  lines.forEach((l, i) => {
    if (/^\s*- /.test(l)) candidates.push(i);
  });
  const out: Array<{ line: number; character: number }> = [];
  for (let i = 0; i < count; i++) {
    // stride through the file so edits cover the beginning, middle and end
    const line = candidates[Math.floor(((i + rng.next()) / count) * candidates.length) % candidates.length];
    out.push({ line, character: lines[line].length });
  }
  return out;
}

function single(file: string, runs: number, warmup: number, editCount: number) {
  const text = readFileSync(file, 'utf8');
  // `--runs 0`: keystrokes only (more processes of them make the median steadier).
  const fullParse = runs ? repeat(runs, warmup, () => parseOkr(text, { fileName: file })) : [];
  const remarkParseTimes = runs ? repeat(runs, warmup, () => remark.parse(text)) : [];
  const fullLint = runs ? repeat(runs, warmup, () => lintDocument(parseOkr(text, { fileName: file }), text, { path: file, today: TODAY })) : [];

  // Keystrokes: type one character at a position, re-parse with the cache, re-lint with the document's session (as
  // the server keeps both per open document); then undo it (the undo is not timed) so every edit lands on the original.
  const cache = new SectionCache();
  const session = new LintSession();
  parseOkr(text, { fileName: file, cache });
  const lines = text.split('\n');
  const edits: number[] = [];
  const misses: number[] = [];
  for (const p of typingPositions(text, editCount, new Rng(7))) {
    const edited = lines.slice();
    edited[p.line] = edited[p.line].slice(0, p.character) + 'x' + edited[p.line].slice(p.character);
    const editedText = edited.join('\n');
    edits.push(time(() => lintDocument(parseOkr(editedText, { fileName: file, cache }), editedText, { path: file, today: TODAY, session })));
    misses.push(cache.misses);
    parseOkr(text, { fileName: file, cache });
  }
  return {
    bytes: Buffer.byteLength(text),
    lines: lines.length,
    fullParse,
    remarkParse: remarkParseTimes,
    fullLint,
    edits,
    sectionsReparsedMax: Math.max(...misses),
  };
}

function main(): void {
  const [kind, target, ...rest] = process.argv.slice(2);
  const option = (name: string, fallback: number) => {
    const i = rest.indexOf(name);
    return i >= 0 ? Number(rest[i + 1]) : fallback;
  };
  const runs = option('--runs', 5);
  const warmup = option('--warmup', 1);
  let result: unknown;
  if (kind === 'read') {
    let bytes = 0;
    const samples = repeat(runs, warmup, () => {
      bytes = readAll(target).reduce((n, f) => n + f.text.length, 0);
    });
    result = { samples, cpu: cpuSamples, bytes };
  } else if (kind === 'remark') {
    const files = readAll(target);
    result = { samples: repeat(runs, warmup, () => files.forEach((f) => remark.parse(f.text))), cpu: cpuSamples, files: files.length };
  } else if (kind === 'core') {
    const files = readAll(target);
    // The heap the last built index holds (models only, no syntax trees), between two collections.
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage().heapUsed;
    let kept: ReturnType<typeof lintWorkspace> | null = null;
    const samples = repeat(runs, warmup, () => {
      kept = null;
      kept = lintWorkspace(files);
    });
    gc?.();
    const indexHeapMB = gc ? (process.memoryUsage().heapUsed - before) / 1048576 : null;
    result = { samples, cpu: cpuSamples, files: files.length, findings: kept!.findings, indexHeapMB };
  } else if (kind === 'single') {
    result = single(target, runs, warmup, option('--edits', 500));
  } else {
    console.error('usage: measure read|remark|core <dir> | single <file> [--runs N] [--warmup N] [--edits N]');
    process.exit(2);
  }
  console.log(JSON.stringify(result));
}

main();
