// Period transitions as text edits: "start next period" (a copy for the next period with every
// KR's baseline set to where it stands now and its check-ins cleared) and "score period" (each
// KR's `score:` in the file's scale and a "Period results" summary). Pure: the caller applies the
// edits to the text the document was parsed from.
import type { KeyResult, OkrDocument, Position, Scoring, TextEdit } from './model';
import { eolOf } from './fixes';
import { krProgress, objectiveProgress, unitProgress } from './progress';

export const RESULTS_HEADING = '## Period results';

const pad = (n: number) => String(n).padStart(2, '0');
const isoDate = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** The period after `raw`: 2026-Q4 → 2027-Q1, 2026-H1 → 2026-H2, 2026 → 2027, a date range → the next range of equal length. */
export function nextPeriod(raw: string): string | null {
  const text = raw.trim();
  let m = /^(\d{4})-Q([1-4])$/i.exec(text);
  if (m) return Number(m[2]) === 4 ? `${Number(m[1]) + 1}-Q1` : `${m[1]}-Q${Number(m[2]) + 1}`;
  m = /^(\d{4})-H([12])$/i.exec(text);
  if (m) return m[2] === '2' ? `${Number(m[1]) + 1}-H1` : `${m[1]}-H2`;
  if (/^\d{4}$/.test(text)) return String(Number(text) + 1);
  m = /^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (m) {
    const start = Date.parse(`${m[1]}T00:00:00Z`);
    const end = Date.parse(`${m[2]}T00:00:00Z`);
    if (Number.isNaN(start) || Number.isNaN(end) || end < start) return null;
    const day = 86_400_000;
    return `${isoDate(new Date(end + day))}..${isoDate(new Date(end + day + (end - start)))}`;
  }
  return null;
}

const wholeLine = (line: number): TextEdit => ({ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' });

/** Edits that turn the document into next period's starting point; `period` is null when the period is missing or unknown. */
export function startNextPeriodEdits(doc: OkrDocument, text: string): { edits: TextEdit[]; period: string | null } {
  const lines = text.split(/\r?\n/);
  const edits: TextEdit[] = [];
  const period = doc.period ? nextPeriod(doc.period.raw) : null;
  if (doc.period && period) {
    edits.push({ range: doc.period.range, newText: period });
    // The title usually names the period too ("# Growth — 2026-Q4").
    const h1 = lines.findIndex((line) => /^#\s/.test(line) && line.includes(doc.period!.raw));
    if (h1 >= 0) {
      const character = lines[h1].indexOf(doc.period.raw);
      edits.push({ range: { start: { line: h1, character }, end: { line: h1, character: character + doc.period.raw.length } }, newText: period });
    }
  }
  const removed = new Set<number>();
  for (const kr of doc.objectives.flatMap((o) => o.krs)) {
    edits.push(...baselineEdits(kr, lines));
    if (kr.kind === 'milestone' && kr.done) {
      const line = kr.lineRange.start.line;
      const character = lines[line].search(/\[[xX]\]/);
      if (character >= 0) edits.push({ range: { start: { line, character }, end: { line, character: character + 3 } }, newText: '[ ]' });
    }
    // Check-ins, `current:` and `score:` belong to the period that ends.
    for (const checkIn of kr.checkins) for (let l = checkIn.range.start.line; l <= checkIn.range.end.line; l++) removed.add(l);
    for (const attribute of kr.attributes) if (attribute.key === 'current' || attribute.key === 'score') removed.add(attribute.range.start.line);
  }
  for (const line of [...removed].sort((a, b) => a - b)) edits.push(wholeLine(line));
  return { edits, period };
}

/** The KR's current value becomes its baseline: replaces the written baseline, or adds `from <current>` before `to <target>`. */
function baselineEdits(kr: KeyResult, lines: string[]): TextEdit[] {
  if (kr.kind !== 'metric' || !kr.current) return [];
  const { baseline, target } = kr.metric;
  if (baseline) return [{ range: baseline.range, newText: kr.current.raw }];
  if (target && kr.metric.form === 'to') {
    const line = target.range.start.line;
    const before = lines[line].slice(0, target.range.start.character);
    const to = /\bto\s+$/i.exec(before);
    if (to) return [{ range: { start: { line, character: to.index }, end: { line, character: to.index } }, newText: `from ${kr.current.raw} ` }];
  }
  return [];
}

/** A progress 0..1 written in the file's scoring scale (Google-style 0.0–1.0 steps of 0.1, 1–4, or a percentage). */
export function formatScore(progress: number, scoring: Scoring): string {
  if (scoring === 'percent') return `${Math.round(progress * 100)}%`;
  if (scoring === '1-4') return String(Math.round((1 + 3 * progress) * 10) / 10);
  return (Math.round(progress * 10) / 10).toFixed(1);
}

/** The last non-blank line of the KR's item (its nested data included). */
function lastLineOf(kr: KeyResult, lines: string[]): number {
  let last = kr.range.end.character === 0 && kr.range.end.line > kr.range.start.line ? kr.range.end.line - 1 : kr.range.end.line;
  while (last > kr.range.start.line && !lines[last]?.trim()) last--;
  return last;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/**
 * Edits that grade the period: every KR gets `score:` (its progress now; no progress counts as 0)
 * and the file gets a "Period results" section, replacing the one a previous scoring wrote.
 */
export function scorePeriodEdits(doc: OkrDocument, text: string, today: string): TextEdit[] {
  const lines = text.split(/\r?\n/);
  const eol = eolOf(text);
  const edits: TextEdit[] = [];
  const score = (kr: KeyResult) => krProgress(kr, doc.scoring) ?? 0;
  for (const kr of doc.objectives.flatMap((o) => o.krs)) {
    const value = formatScore(score(kr), doc.scoring);
    const written = kr.attributes.find((a) => a.key === 'score');
    if (written) {
      edits.push({ range: written.valueRange, newText: value });
      continue;
    }
    const last = lastLineOf(kr, lines);
    const indent = /^\s*/.exec(lines[kr.lineRange.start.line])![0];
    edits.push({ range: { start: { line: last, character: lines[last].length }, end: { line: last, character: lines[last].length } }, newText: `${eol}${indent}  - score: ${value}` });
  }

  const objectiveScore = (o: OkrDocument['objectives'][number]) => objectiveProgress(o, doc.scoring, score);
  const overall = unitProgress(doc, objectiveScore);
  const krs = doc.objectives.flatMap((o) => o.krs);
  const summary = [
    RESULTS_HEADING,
    '',
    `Scored on ${today}${doc.period ? ` for ${doc.period.raw}` : ''} (scoring ${doc.scoring}): overall ${overall === null ? '—' : formatScore(overall, doc.scoring)}.`,
    ...(krs.length && krs.every((kr) => score(kr) >= 1) ? ['', 'Every key result was fully met: the goals may not have been ambitious enough.'] : []),
    '',
    '| Objective | Score | Key results |',
    '|---|---|---|',
    ...doc.objectives.map((o) => {
      const value = objectiveScore(o);
      return `| ${cell(`${o.id}: ${o.title}`)} | ${value === null ? '—' : formatScore(value, doc.scoring)} | ${o.krs.map((kr) => `${kr.id} ${formatScore(score(kr), doc.scoring)}`).join(' · ')} |`;
    }),
  ];

  const existing = lines.findIndex((line) => line.trimEnd() === RESULTS_HEADING);
  if (existing >= 0) {
    let end = lines.findIndex((line, i) => i > existing && /^#{1,2}\s/.test(line));
    if (end < 0) end = lines.length;
    // Keep what follows the section; replace the section's lines up to (not including) the next heading.
    const stop: Position = end < lines.length ? { line: end, character: 0 } : { line: lines.length - 1, character: lines[lines.length - 1].length };
    const tail = end < lines.length ? `${eol}${eol}` : text.endsWith('\n') ? eol : '';
    edits.push({ range: { start: { line: existing, character: 0 }, end: stop }, newText: summary.join(eol) + tail });
  } else {
    const lastLine = lines.length - 1;
    const endsWithEol = lines[lastLine] === '';
    const at: Position = { line: lastLine, character: lines[lastLine].length };
    edits.push({ range: { start: at, end: at }, newText: `${endsWithEol ? '' : eol}${eol}${summary.join(eol)}${eol}` });
  }
  return edits;
}
