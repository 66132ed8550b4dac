// The long fuzz: `npm run fuzz [-- --docs N --seed S]` checks the properties of fuzz-properties.ts
// on N generated documents (default 100,000: half random text, half mutated valid OKR files).
// A document that breaks a property, or takes longer than the hang limit, is saved under
// bench/results/fuzz/ and the run exits 1. Time per KB is tracked to catch super-linear cases.
// It also counts documents the line scanner (used for files nobody has open) reads differently from
// remark (used for open files), and saves the first few: a report for the parser, not a failure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { parseOkr } from '../server/src/core/parse';
import { checkDocument, mutatedDocument, randomDocument } from './fuzz-properties';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const total = option('--docs', 100_000);
const seed = option('--seed', 20260101);
const HANG_MS = 2000;
const CHUNK = 500;
const out = join(import.meta.dirname, 'results', 'fuzz');

const kinds = [
  { name: 'random text', arbitrary: randomDocument },
  { name: 'mutated OKR files', arbitrary: mutatedDocument },
];
const stats = kinds.map(() => ({ docs: 0, bytes: 0, findings: 0, fixes: 0, violations: 0, hangs: 0, slowestMs: 0, slowestBytes: 0, engineDiffs: 0 }));
const MAX_ENGINE_DIFFS_SAVED = 20;
let engineDiffsSaved = 0;
let saved = 0;

function save(kind: string, text: string, reason: string, prefix = ''): void {
  mkdirSync(out, { recursive: true });
  const name = `${prefix}${String(++saved).padStart(3, '0')}-${kind.replace(/\W+/g, '-')}`;
  writeFileSync(join(out, `${name}.okr.md`), text);
  writeFileSync(join(out, `${name}.txt`), reason);
}

const started = Date.now();
let done = 0;
for (let chunk = 0; done < total; chunk++) {
  const k = chunk % kinds.length;
  const docs = fc.sample(kinds[k].arbitrary, { seed: seed + chunk, numRuns: Math.min(CHUNK, total - done) });
  const s = stats[k];
  for (const text of docs) {
    const start = performance.now();
    try {
      const r = checkDocument(text);
      s.findings += r.findings;
      s.fixes += r.fixesChecked;
    } catch (e) {
      s.violations++;
      save(kinds[k].name, text, (e as Error).stack ?? String(e));
    }
    let ms = performance.now() - start;
    if (ms > HANG_MS) {
      // The machine is shared: time it once more before calling it a hang.
      const again = performance.now();
      try {
        checkDocument(text);
      } catch {
        // already counted above
      }
      ms = Math.min(ms, performance.now() - again);
    }
    if (ms > HANG_MS) {
      s.hangs++;
      save(kinds[k].name, text, `took ${ms.toFixed(0)} ms (limit ${HANG_MS} ms) for ${text.length} characters`);
    }
    if (ms > s.slowestMs) {
      s.slowestMs = ms;
      s.slowestBytes = text.length;
    }
    if (!isDeepStrictEqual(parseOkr(text, { engine: 'lines' }), parseOkr(text, { engine: 'remark' }))) {
      s.engineDiffs++;
      if (engineDiffsSaved++ < MAX_ENGINE_DIFFS_SAVED) save(kinds[k].name, text, 'parseOkr with engine "lines" and engine "remark" give different models', 'engine-diff-');
    }
    s.docs++;
    s.bytes += text.length;
  }
  done += docs.length;
  if (chunk % 20 === 19) process.stderr.write(`  ${done} documents, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

const seconds = (Date.now() - started) / 1000;
console.log(`fuzzed ${done} documents in ${seconds.toFixed(0)} s (seed ${seed})`);
for (const [i, s] of stats.entries()) {
  console.log(
    `  ${kinds[i].name}: ${s.docs} documents, ${(s.bytes / 1e6).toFixed(1)} MB, ${s.findings} findings, ${s.fixes} fixes checked; ` +
      `${s.violations} property violations, ${s.hangs} hangs; slowest ${s.slowestMs.toFixed(1)} ms (${s.slowestBytes} characters); ` +
      `${s.engineDiffs} read differently by the line scanner and remark`,
  );
}
const bad = stats.reduce((n, s) => n + s.violations + s.hangs, 0);
if (bad) console.log(`${bad} failing documents saved in ${out}`);
process.exit(bad ? 1 : 0);
