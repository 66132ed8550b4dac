// The properties every document must satisfy, and the generators of documents to check them on.
// Shared by the bounded property tests in `npm test` (test/unit/fuzz.test.ts) and the long
// `npm run fuzz` (bench/fuzz.ts).
//
// For any text: parsing, every rule and the progress maths never throw; every range is inside the
// document; every fix applies cleanly and changes nothing outside its own edits; fix-all reaches
// a fixed point (applying it again changes nothing); the fixed text has no new error-level findings.
import fc from 'fast-check';
import type { OkrDocument, Range } from '../server/src/core/model';
import { parseOkr } from '../server/src/core/parse';
import { applyEdits, fixAll, lineStarts, offsetAt } from '../server/src/core/fixes';
import { bandOf, krProgress, objectiveProgress, unitProgress } from '../server/src/core/progress';
import { OkrWorkspace } from '../server/src/core/workspace';
import { buildTree } from '../server/src/core/cascade';
import { lintDocument } from '../server/src/rules/engine';
import type { Finding } from '../server/src/rules/types';
import { generateOkrFile } from './gen-corpus';
import { Rng } from './rng';

const TODAY = '2026-02-20';
const PATH = '/fuzz/team/fuzzed.okr.md';
const PARENT_PATH = '/fuzz/company.okr.md';
// A clean parent unit, so workspace rules (alignment, periods, cycles) and the cascade have something to resolve.
const PARENT = parseOkr(generateOkrFile(new Rng(1), { id: 'company', title: 'Acme', owner: 'Ana Berg', parent: null }, { problems: 0 }).text, { fileName: PARENT_PATH });

/** How many passes of fix-all may be needed: a fix overlapping another waits for the next pass. */
const MAX_FIX_PASSES = 8;

export class PropertyViolation extends Error {}

function fail(message: string, text: string): never {
  throw new PropertyViolation(`${message}\n--- document (JSON) ---\n${JSON.stringify(text.length > 4000 ? text.slice(0, 4000) + '…' : text)}`);
}

/** Lines as LSP counts them (\r\n, \r and \n end a line). */
function linesOf(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

function isRange(value: unknown): value is Range {
  const r = value as Range;
  return !!r && typeof r === 'object' && typeof r.start?.line === 'number' && typeof r.end?.character === 'number';
}

function checkRange(range: Range, lines: string[], where: string, text: string): void {
  for (const p of [range.start, range.end]) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.line >= lines.length || p.character < 0 || p.character > lines[p.line].length) {
      fail(`${where}: position ${p.line}:${p.character} is outside the document (${lines.length} lines)`, text);
    }
  }
  if (range.start.line > range.end.line || (range.start.line === range.end.line && range.start.character > range.end.character)) {
    fail(`${where}: range ends before it starts (${JSON.stringify(range)})`, text);
  }
}

/** Visits every Range in a plain-data value. */
function eachRange(value: unknown, path: string, visit: (range: Range, path: string) => void): void {
  if (isRange(value)) visit(value, path);
  if (Array.isArray(value)) value.forEach((v, i) => eachRange(v, `${path}[${i}]`, visit));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k !== 'start' && k !== 'end') eachRange(v, `${path}.${k}`, visit);
  }
}

function checkProgress(doc: OkrDocument, text: string): void {
  const inUnit = (p: number | null, where: string) => {
    if (p !== null && !(p >= 0 && p <= 1)) fail(`${where}: progress ${p} is outside 0..1`, text);
    bandOf(p);
  };
  for (const scoring of ['0-1', '1-4', 'percent'] as const) {
    for (const o of doc.objectives) {
      for (const kr of o.krs) inUnit(krProgress(kr, scoring), `krProgress(${o.id}.${kr.id}, ${scoring})`);
      inUnit(objectiveProgress(o, scoring), `objectiveProgress(${o.id}, ${scoring})`);
    }
  }
  inUnit(unitProgress(doc), 'unitProgress');
}

function lint(text: string, fileName = PATH): { doc: OkrDocument; findings: Finding[] } {
  const doc = parseOkr(text, { fileName });
  const workspace = new OkrWorkspace();
  workspace.set(PARENT_PATH, PARENT);
  workspace.set(fileName, doc);
  const findings = lintDocument(doc, text, { path: fileName, workspace, today: TODAY });
  const tree = buildTree(workspace);
  for (const unit of tree.units) {
    for (const p of [unit.progress, ...unit.objectives.map((o) => o.progress)]) {
      if (p !== null && !(p >= 0 && p <= 1)) fail(`buildTree: progress ${p} is outside 0..1`, text);
    }
  }
  return { doc, findings };
}

function errorCounts(findings: Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) if (f.severity === 'error') counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
  return counts;
}

/** Checks one fix: its edits are inside the document and the text outside them is untouched. */
function checkFix(text: string, lines: string[], finding: Finding, fixIndex: number): void {
  const fix = finding.fixes[fixIndex];
  const where = `${finding.ruleId} fix "${fix.title}"`;
  if (fix.edits.length === 0) fail(`${where} has no edits`, text);
  fix.edits.forEach((e, i) => checkRange(e.range, lines, `${where} edit ${i}`, text));
  const starts = lineStarts(text);
  const offsets = fix.edits.map((e) => [offsetAt(text, starts, e.range.start), offsetAt(text, starts, e.range.end)]);
  const first = Math.min(...offsets.map((o) => o[0]));
  const last = Math.max(...offsets.map((o) => o[1]));
  const fixed = applyEdits(text, fix.edits);
  if (fixed.slice(0, first) !== text.slice(0, first)) fail(`${where} changed text before its first edit`, text);
  if (fixed.slice(fixed.length - (text.length - last)) !== text.slice(last)) fail(`${where} changed text after its last edit`, text);
  if (fix.edits.length === 1 && fixed !== text.slice(0, first) + fix.edits[0].newText + text.slice(last)) fail(`${where} did not apply as written`, text);
}

export interface DocumentReport {
  findings: number;
  fixesChecked: number;
  fixPasses: number;
}

/** Checks every property on one text; throws a PropertyViolation naming the first one broken. */
export function checkDocument(raw: string): DocumentReport {
  // Parsing takes the text as it is, BOM and all; the adapters strip a leading BOM before the rest.
  const rawDoc = parseOkr(raw, { fileName: PATH });
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const lines = linesOf(text);
  if (rawDoc.problems.some((p) => p.ruleId === 'internal-error')) fail(`parseOkr failed inside: ${rawDoc.problems.find((p) => p.ruleId === 'internal-error')!.message}`, text);
  eachRange(rawDoc, 'doc', (r, path) => checkRange(r, lines, path, text));
  if (rawDoc.lineCount !== lines.length) fail(`lineCount ${rawDoc.lineCount} but the text has ${lines.length} lines`, text);
  checkProgress(rawDoc, text);

  const { findings } = lint(text);
  let fixesChecked = 0;
  for (const f of findings) {
    if (f.ruleId === 'internal-error') fail(`a rule threw: ${f.message}`, text);
    checkRange(f.range, lines, `${f.ruleId} finding`, text);
    f.fixes.forEach((_, i) => {
      checkFix(text, lines, f, i);
      fixesChecked++;
    });
  }

  // Fix-all, as `okr lint --fix` and source.fixAll run it: passes until nothing changes.
  let current = text;
  let currentFindings = findings;
  let passes = 0;
  for (; passes < MAX_FIX_PASSES; passes++) {
    const next = fixAll(current, currentFindings);
    if (next === current) break;
    current = next;
    currentFindings = lint(current).findings;
  }
  if (passes === MAX_FIX_PASSES) fail(`fix-all still changes the text after ${MAX_FIX_PASSES} passes`, text);
  if (fixAll(current, currentFindings) !== current) fail('fix-all applied twice changed the text the second time', text);
  if (passes > 0) {
    const before = errorCounts(findings);
    for (const [rule, count] of errorCounts(currentFindings)) {
      if (count > (before.get(rule) ?? 0)) fail(`fix-all introduced a new ${rule} error`, text);
    }
  }
  return { findings: findings.length, fixesChecked, fixPasses: passes };
}

// ---- generators ----------------------------------------------------------------------------

/** Fragments that steer random text towards the syntax the parser and rules care about. */
const TOKENS = [
  '---\n', '---\r\n', 'team: X\n', 'id: a\n', 'period: 2026-Q1\n', 'period: 2026-13-40\n', 'parent: company\n', 'scoring: 1-4\n', 'scoring: [1, 2]\n', ': :\n', '{a: [\n',
  '# ', '## ', '### ', '#### ', 'O1: ', 'O2: ', 'Objective: ', 'Objective 3: ', 'Aligns: ', 'company#O1', 'company#O1.KR2', 'fuzzed#O1', '[p](../company.okr.md#O1.KR1)', 'Owner: ', 'Weight: ', 'Tags: a, b',
  '- ', '* ', '+ ', '1. ', '  - ', '    - ', '\t- ', '- [ ] ', '- [x] ', 'KR1: ', 'KR: ', 'Key result 2: ',
  'Increase ', 'Decrease ', 'Launch ', 'Ship ', 'total users ', 'page views ', 'conversion ', 'from ', ' to ', ' → ', ' -> ', ' by ', 'below ', 'at least ', '≥ ', '≤ ', 'double ', 'halve ', 'triple ', '(from ',
  '0', '5%', '1,200', '2.5k', '$1.2M', '€38', '450ms', '3 s', '12 min', '4 h', '30 days', '2x', '40 pts', '4.1/5', '±12%', '-3', '1e308', '99999999999999999999', 'NaN', '0.0001%', '100%', '170%',
  'confidence: ', 'current: ', 'owner: ', 'weight: ', 'score: ', '2026-01-14: ', '2026-02-30: ', '2026-1-1: ', ' — note', ' (confidence 0.7)',
  '<!-- okr-disable-next-line kr-is-output -->', '<!-- okr-disable -->', '<!-- okr-enable -->', '<!-- okr-disable-file -->', '<!--', '-->', '```\n', '~~~\n', '> ', '| a | b |\n|---|---|\n',
  '\n', '\n', '\n', '\r\n', '\r', '  ', '\t', ' ', '\u0000', '\u0007', '\u001b', '\uFEFF', '\u200B', '🙂', '👩‍👩‍👧', 'é', 'e\u0301', '\u202E', 'مرحبا', '\uD800', '\uDC00', 'x',
];

/** Random text built from OKR-ish fragments and arbitrary characters. */
export const randomDocument: fc.Arbitrary<string> = fc
  .array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...TOKENS) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) }), { maxLength: 300, size: 'large' })
  .map((parts) => parts.join(''));

type Mutation = { kind: 'delete' | 'insert' | 'duplicate-line' | 'swap-lines' | 'truncate' | 'replace-char'; at: number; length: number; token: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('delete', 'insert', 'duplicate-line', 'swap-lines', 'truncate', 'replace-char'),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  length: fc.integer({ min: 1, max: 40 }),
  token: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ unit: 'binary', maxLength: 4 })),
});

export function mutate(text: string, m: Mutation): string {
  const at = Math.floor(m.at * text.length);
  switch (m.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'insert':
      return text.slice(0, at) + m.token + text.slice(at);
    case 'replace-char':
      return text.slice(0, at) + m.token.slice(0, 1) + text.slice(at + 1);
    case 'truncate':
      return text.slice(0, at);
    case 'duplicate-line':
    case 'swap-lines': {
      const lines = text.split('\n');
      const i = Math.floor(m.at * lines.length);
      const j = (i + m.length) % lines.length;
      if (m.kind === 'duplicate-line') lines.splice(i, 0, lines[i]);
      else [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join('\n');
    }
  }
}

/** A valid generated OKR file (any size the generator makes, LF or CRLF), then a few random mutations. */
export const mutatedDocument: fc.Arbitrary<string> = fc
  .record({
    seed: fc.integer(),
    objectives: fc.integer({ min: 1, max: 5 }),
    crlf: fc.boolean(),
    mutations: fc.array(mutation, { maxLength: 6 }),
  })
  .map(({ seed, objectives, crlf, mutations }) => {
    const unit = { id: 'fuzzed', title: 'Fuzzed', owner: 'Ana Berg', parent: { id: 'company', objectives: [4, 4, 4] } };
    const base = generateOkrFile(new Rng(seed), unit, { objectives, eol: crlf ? '\r\n' : '\n' }).text;
    return mutations.reduce(mutate, base);
  });
