// `.okr.md` text → OkrDocument. Never throws.
//
// Speed by design: a cheap line scan splits the text into front matter, the parts outside any
// objective, and one section per objective. Only objective sections need a Markdown parser; each is
// read on its own (remark, or the line scanner of blocks.ts for giant or pathologically nested
// sections) into a compact model that a SectionCache can reuse when the section's text is
// unchanged, shifted to its new line. Ids by position are assigned after assembly.

import { isMap, isScalar, parseDocument, type Node as YamlNode } from 'yaml';
import type {
  Attribute,
  CheckIn,
  Directive,
  FrontMatter,
  FrontMatterEntry,
  KeyResult,
  MetricSpec,
  Objective,
  OkrDocument,
  ParseProblem,
  Period,
  Position,
  Range,
  Reference,
  Scoring,
} from './model';
import { blocksWithLines, blocksWithRemark, closesFence, FENCE, isPathological, keepsBlocks, movedBlocks, type ItemBlock, type SectionBlocks } from './blocks';
import { lineStarts, positionAt } from './fixes';
import { linesOf, prefixLength, splitLines, type TextLines } from './lines';
import { latestCheckIn } from './progress';
import { MAX_VALUE_TEXT, parseConfidence, parseMetric, parseQuantity } from './values';

// Other modules split texts through the parser, which shares its last split with them.
export { splitLines };

export type ParseEngine = 'auto' | 'remark' | 'lines';

export interface ParseOptions {
  fileName?: string;
  cache?: SectionCache;
  /** `auto` (default) uses remark within a size budget and the line scanner beyond it; tests force one. */
  engine?: ParseEngine;
  /**
   * Read only what an outline holds (ids, titles, references): key results get no metric, values or
   * check-ins. For indexing files nobody has open; not with a cache.
   */
  outline?: boolean;
}

interface SectionModel {
  objective: Objective;
  /** The document line the section started on when it was read. */
  start: number;
  /** Its block structure, on the lines the model is placed on: a later edit that cannot change it reads the section without remark. */
  blocks: SectionBlocks;
}

/** A section of a parse: its lines, its text (the key models are found by) and the model placed there. */
interface SectionRecord {
  start: number;
  end: number;
  key: string;
  model: SectionModel;
}

/** The objectives of a parse and its problems: the front matter's, then each objective's. */
interface SectionsRead {
  frontMatterProblems: ParseProblem[];
  objectives: Objective[];
  problems: ParseProblem[];
}

/**
 * Remembers the model of each objective section by its text, so re-parsing after an edit only reads the
 * edited section. Keep one cache per document: each parse keeps only the sections it saw.
 */
export class SectionCache {
  /** The last parse's sections in layout order, and this parse's so far. */
  private records: SectionRecord[] = [];
  private nextRecords: SectionRecord[] = [];
  /** The last parse's sections by first line and by text, built only for a parse whose layout was scanned again. */
  private byStart: Map<number, SectionRecord> | null = null;
  private byKey: Map<string, SectionModel> | null = null;
  /** Models this parse read, by text: a section repeated in the document is read once. */
  private read = new Map<string, SectionModel>();
  /** This parse's layout is the last one moved (`editedLayout`): the same sections in the same order. */
  private layoutMoved = false;
  /** Sections read (not reused) by the last parse; lets tests and benchmarks check incrementality. */
  misses = 0;
  /** Of those, the sections whose blocks a Markdown reader read again (the others kept their block structure). */
  blockReads = 0;
  /** The last front matter read, by its text: a keystroke below it need not parse the YAML again. */
  frontMatter: { key: string; result: FrontMatterResult } | null = null;

  /** The last parse's lines: an edit is split again only where it changed them. */
  private last: TextLines | null = null;
  /** Lines [0, unchangedBefore) and [unchangedFrom, end) equal the last parse's, the latter `lineDelta` lines further down. */
  private unchangedBefore = 0;
  private unchangedFrom = 0;
  private lineDelta = 0;
  /** The last parse found no NUL or U+FFFD. */
  private lastWasText = false;
  private lastLayout: Scan | null = null;
  /** This parse's lines: the last ones once it ends well. */
  private current: TextLines | null = null;
  /** The last parse's lines that this parse's edited lines replace, as they were. */
  private replaced: string[] = [];
  /** What the last parse returned of its sections, and the front-matter problems they followed. */
  private lastOutput: SectionsRead | null = null;

  /** Starts a parse of `text` and returns its lines: only those an edit since the last parse touched are split again. */
  begin(text: string): string[] {
    this.nextRecords = [];
    this.read = new Map();
    this.layoutMoved = false;
    this.misses = 0;
    this.blockReads = 0;
    const edited = linesOf(text, this.last);
    this.replaced = edited.replaced;
    this.unchangedBefore = edited.before;
    this.unchangedFrom = edited.from;
    this.lineDelta = edited.delta;
    this.current = edited;
    return edited.lines;
  }

  /**
   * The layout's `index`-th section, on lines [start, end): the last parse's record of it when the edit left its lines
   * as they were (its model placed where the section was), else its text and the model of a section read with that text.
   */
  find(index: number, start: number, end: number, lines: string[]): { start: number; end: number; key: string; model?: SectionModel } {
    const lastStart = end <= this.unchangedBefore ? start : start >= this.unchangedFrom ? start - this.lineDelta : -1;
    const last = this.lastRecord(index, lastStart);
    if (last && last.start === lastStart && last.end === lastStart + end - start) return last;
    const key = lines.slice(start, end).join('\n');
    // A moved layout has the same sections: one on the edited lines is one the edit changed.
    return { start, end, key, model: this.read.get(key) ?? (this.layoutMoved ? undefined : this.modelsByKey().get(key)) };
  }

  /** The last parse's record of the layout's `index`-th section, which started on line `lastStart` then (-1: unknown). */
  private lastRecord(index: number, lastStart: number): SectionRecord | undefined {
    if (this.layoutMoved) return this.records[index];
    return lastStart >= 0 ? (this.byStart ??= new Map(this.records.map((r) => [r.start, r]))).get(lastStart) : undefined;
  }

  /**
   * The block structure of the layout's `index`-th section, on lines [start, end), from the last parse: when the
   * only edit since is one line inside it changed in a way that cannot move a block (`keepsBlocks`), as typing
   * within a statement or data item is, and the section has no link definition (which may span lines).
   */
  unchangedBlocks(index: number, start: number, end: number, lines: string[]): SectionBlocks | null {
    const edited = this.unchangedBefore;
    if (this.lineDelta !== 0 || this.unchangedFrom !== edited + 1 || edited <= start || edited >= end || !this.last) return null;
    const last = this.lastRecord(index, start);
    if (!last || last.start !== start || last.end !== end || !keepsBlocks(this.replaced[0], lines[edited])) return null;
    for (let i = start; i < end; i++) if (lines[i].includes(']:')) return null;
    return last.model.blocks;
  }

  private modelsByKey(): Map<string, SectionModel> {
    return (this.byKey ??= new Map(this.records.map((r) => [r.key, r.model])));
  }

  /** Keeps the section's model, placed where the section is now, for the next parse (in layout order). */
  keep(index: number, record: SectionRecord, isNew: boolean): void {
    this.nextRecords[index] = record;
    if (isNew) this.read.set(record.key, record.model);
  }

  /**
   * When every line edited since the last parse lies inside one section of a layout that did not move (typing on a
   * line), the last parse's sections with that one's index: every other section is as it was, in the same place.
   * Then this parse keeps their records and reads only that one.
   */
  soleEditedSection(layout: Scan, frontMatterProblems: ParseProblem[], isText: boolean): { index: number; last: SectionsRead } | null {
    const last = this.lastOutput;
    if (!last || layout !== this.lastLayout || this.lineDelta !== 0 || !isText || !this.lastWasText) return null;
    if (frontMatterProblems !== last.frontMatterProblems && (frontMatterProblems.length || last.frontMatterProblems.length)) return null;
    const from = this.unchangedBefore;
    const sections = layout.sections;
    const index = prefixLength(sections.length, (i) => sections[i].start <= from) - 1;
    if (index < 0 || this.unchangedFrom > sections[index].end) return null;
    this.nextRecords = this.records.slice();
    return { index, last };
  }

  /** True when the last parse found no NUL or U+FFFD and the lines edited since bring none: no need to search the whole text. */
  stillText(lines: string[]): boolean {
    if (!this.lastWasText) return false;
    for (let i = this.unchangedBefore; i < this.unchangedFrom; i++) if (lines[i].includes('\0') || lines[i].includes('\uFFFD')) return false;
    return true;
  }

  /**
   * The last parse's layout, moved by the lines added, when the edited lines (as they were and as they are) hold
   * nothing the layout depends on (no heading, fence or okr- comment): then no line of the document is scanned.
   */
  editedLayout(lines: string[], frontMatterEnd: number): Scan | null {
    const last = this.lastLayout;
    const lastFrom = this.unchangedFrom - this.lineDelta;
    if (!last || last.frontMatterEnd !== frontMatterEnd || frontMatterEnd > this.unchangedBefore) return null;
    if (!layoutFree(lines, this.unchangedBefore, this.unchangedFrom) || !layoutFree(this.replaced, 0, this.replaced.length)) return null;
    const delta = this.lineDelta;
    this.layoutMoved = true;
    if (delta === 0) return last;
    // A section that ended at or after the edited lines ends where its next heading (or the document) now is.
    const move = (line: number) => (line >= lastFrom ? line + delta : line);
    return {
      frontMatterEnd,
      firstH1: last.firstH1,
      sections: last.sections.map((section) => ({ start: move(section.start), end: move(section.end), level: section.level })),
      directives: last.directives.map((d) =>
        d.line >= lastFrom ? { ...d, line: d.line + delta, range: rng(d.line + delta, d.range.start.character, d.range.end.character) } : d,
      ),
    };
  }

  /** Ends a parse; a failed one (no layout) makes the next one read everything again. */
  commit(layout: Scan | null = null, isText = false, output: SectionsRead | null = null): void {
    this.lastWasText = isText;
    this.lastOutput = output;
    this.lastLayout = layout;
    this.last = layout ? this.current : null;
    this.current = null;
    this.records = layout ? this.nextRecords : [];
    this.nextRecords = [];
    this.byStart = null;
    this.byKey = null;
    this.read = new Map();
  }
}

/**
 * One object per section a SectionCache read, by the KR lists of its model and of the model's moved copies (the same
 * text on other lines): results kept by it hold for every parse that reuses the section, moved with it.
 */
const sectionIdentities = new WeakMap<KeyResult[], object>();

/** True when the objective's section model comes from a SectionCache, so results keyed by its KR list can be reused. */
export function isSharedSection(objective: Objective): boolean {
  return sectionIdentities.has(objective.krs);
}

/** The identity of the section the objective was read from (see sectionIdentities); none without a SectionCache. */
export function sectionIdentity(objective: Objective): object | undefined {
  return sectionIdentities.get(objective.krs);
}

/**
 * remark reads documents up to this size; larger ones (and pathologically nested sections) use the
 * line scanner, which agrees with remark on every fixture and runs about 50× faster.
 */
const REMARK_DOCUMENT_LIMIT = 128 * 1024;
const INLINE_DELIMITER_LIMIT = 2000;

const OBJECTIVE_TITLE = /^(?:O(\d+)|[Oo]bjective(?:[ \t]+(\d+))?)[ \t]*:[ \t]*/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$/;
const DIRECTIVE = /<!--\s*okr-(disable-next-line|disable-line|disable-file|disable|enable)\b(.*?)-->/g;

function pos(line: number, character: number): Position {
  return { line, character };
}

function rng(line: number, start: number, end: number, endLine = line): Range {
  return { start: pos(line, start), end: pos(endLine, end) };
}

interface HeadingInfo {
  line: number;
  level: number;
  text: string;
  textStart: number;
}

interface Scan {
  frontMatterEnd: number; // line index after the closing fence, 0 when there is none
  sections: Array<{ start: number; end: number; level: number }>; // end exclusive
  firstH1: string | null;
  directives: Directive[];
}

function headingAt(line: string, lineNo: number): HeadingInfo | null {
  if (line.length > 1000) return null;
  // ATX's own start (up to three spaces, then `#`), checked without the regex: most lines are not headings.
  let hash = 0;
  while (hash < 3 && line[hash] === ' ') hash++;
  if (line[hash] !== '#') return null;
  const m = ATX.exec(line);
  if (!m) return null;
  return { line: lineNo, level: m[1].length, text: m[2], textStart: line.indexOf(m[2], line.indexOf(m[1]) + m[1].length) };
}

function scanDirectives(line: string, lineNo: number, out: Directive[]): void {
  if (!line.includes('okr-')) return;
  for (const m of line.matchAll(DIRECTIVE)) {
    const body = m[2].split(/\s--\s|\s--$/)[0];
    const ruleIds = body.split(/[\s,]+/).filter(Boolean);
    const start = m.index ?? 0;
    out.push({ kind: m[1] as Directive['kind'], ruleIds, line: lineNo, range: rng(lineNo, start, start + m[0].length) });
  }
}

/** The index of the first character that is not a space or a tab. */
function firstNonBlank(line: string): number {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return i;
}

/** True when no line in [from, to) can change the layout: none starts with `#`, a fence character, or holds `okr-`. */
function layoutFree(lines: string[], from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const line = lines[i];
    const first = line[firstNonBlank(line)];
    if (first === '#' || first === '`' || first === '~' || line.includes('okr-')) return false;
  }
  return true;
}

/** `mayHaveDirectives`: the text contains `okr-` at all (most files have no disable comment). */
function scan(lines: string[], frontMatterEnd: number, mayHaveDirectives: boolean): Scan {
  const sections: Scan['sections'] = [];
  const directives: Directive[] = [];
  let firstH1: string | null = null;
  let fence: string | null = null;
  let fenceIndented = false;
  let current: { start: number; level: number } | null = null;
  const close = (end: number) => {
    if (current) sections.push({ start: current.start, end, level: current.level });
    current = null;
  };
  for (let i = frontMatterEnd; i < lines.length; i++) {
    const line = lines[i];
    if (fence !== null) {
      // An indented fence is most likely inside a list item, which a heading at column 0 ends.
      if (!(fenceIndented && line.startsWith('#'))) {
        if (closesFence(line, fence)) fence = null;
        continue;
      }
      fence = null;
    }
    const first = line[firstNonBlank(line)];
    const f = first === '`' || first === '~' ? FENCE.exec(line) : null;
    if (f) {
      fence = f[1];
      fenceIndented = line[0] === ' ' || line[0] === '\t';
      continue;
    }
    if (mayHaveDirectives) scanDirectives(line, i, directives);
    const h = headingAt(line, i);
    if (!h) continue;
    if (h.level === 1 && firstH1 === null) firstH1 = h.text.trim();
    const isObjective = h.level >= 2 && h.level <= 4 && OBJECTIVE_TITLE.test(h.text);
    if (isObjective) {
      close(i);
      current = { start: i, level: h.level };
    } else if (current && h.level <= (current as { level: number }).level) close(i);
  }
  close(lines.length);
  return { frontMatterEnd, sections, firstH1, directives };
}

// ---------------------------------------------------------------- front matter

const KNOWN_TYPES: Record<string, 'string' | 'period' | 'scoring'> = {
  team: 'string', id: 'string', owner: 'string', parent: 'string', period: 'period', scoring: 'scoring',
};

export function parsePeriod(raw: string, range: Range): Period | null {
  const s = raw.trim();
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  const quarter = /^(\d{4})[- ]?Q([1-4])$/i.exec(s) ?? (/^Q([1-4])[- ]?(\d{4})$/i.exec(s)?.slice(0, 3).reverse() as RegExpExecArray | undefined);
  if (quarter) {
    const [y, q] = [Number(quarter[1]), Number(quarter[2])];
    const endMonth = q * 3;
    return { raw, start: `${y}-${pad(endMonth - 2)}-01`, end: `${y}-${pad(endMonth)}-${lastDay(y, endMonth)}`, range };
  }
  const half = /^(\d{4})[- ]?H([12])$/i.exec(s) ?? (/^H([12])[- ]?(\d{4})$/i.exec(s)?.slice(0, 3).reverse() as RegExpExecArray | undefined);
  if (half) {
    const [y, h] = [Number(half[1]), Number(half[2])];
    return { raw, start: `${y}-${h === 1 ? '01' : '07'}-01`, end: `${y}-${h === 1 ? '06-30' : '12-31'}`, range };
  }
  if (/^\d{4}$/.test(s)) return { raw, start: `${s}-01-01`, end: `${s}-12-31`, range };
  const month = /^(\d{4})-(\d{2})$/.exec(s);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
    const [y, m] = [Number(month[1]), Number(month[2])];
    return { raw, start: `${s}-01`, end: `${s}-${lastDay(y, m)}`, range };
  }
  const span = /^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|–|—|\/|\bto\b)\s*(\d{4}-\d{2}-\d{2})$/.exec(s);
  if (span && isValidDate(span[1]) && isValidDate(span[2]) && span[1] <= span[2]) return { raw, start: span[1], end: span[2], range };
  return null;
}

const dateValidity = new Map<string, boolean>();

export function isValidDate(s: string): boolean {
  let valid = dateValidity.get(s);
  if (valid === undefined) {
    valid = checkDate(s);
    if (dateValidity.size < 10_000) dateValidity.set(s, valid);
  }
  return valid;
}

function checkDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

interface FrontMatterResult {
  frontMatter: FrontMatter | null;
  end: number;
  problems: ParseProblem[];
}

function readFrontMatter(lines: string[], cache?: SectionCache): FrontMatterResult {
  if (lines.length === 0 || lines[0].trimEnd() !== '---') return { frontMatter: null, end: 0, problems: [] };
  let close = -1;
  for (let i = 1; i < lines.length; i++) {
    const t = lines[i].trimEnd();
    if (t === '---' || t === '...') {
      close = i;
      break;
    }
  }
  if (close < 0) {
    return {
      frontMatter: null,
      end: 0,
      problems: [{ ruleId: 'invalid-front-matter', message: 'The front matter is not closed: add a line `---` after it.', range: rng(0, 0, 3) }],
    };
  }
  const body = lines.slice(1, close);
  const content = body.join('\n');
  const key = `${content}\n${lines[close]}`;
  if (cache?.frontMatter?.key === key) return cache.frontMatter.result;
  const result = readFrontMatterBody(lines, close, content);
  if (cache) cache.frontMatter = { key, result };
  return result;
}

/**
 * `key: value` with a plain value that YAML reads as this very string (checked in `plainFrontMatter`). Letters
 * and digits of any script: names such as `Chloé` are common, and sent a quarter of the files through YAML.
 */
const PLAIN_ENTRY = /^([A-Za-z_][A-Za-z0-9_-]*):( +)([\p{L}\p{N}][\p{L}\p{N} ._/-]*)$/u;
/** Plain values YAML's core schema would read as something other than a string. */
const NOT_A_STRING = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

/**
 * The front matter's entries when every line is `key: text` that YAML would read as that text; null otherwise
 * (the YAML parser then reads it). The common case takes no YAML parse: it was a fifth of indexing a workspace.
 */
export function plainFrontMatter(body: string[]): Array<{ key: string; value: string; line: number; valueStart: number }> | null {
  const out: Array<{ key: string; value: string; line: number; valueStart: number }> = [];
  for (let i = 0; i < body.length; i++) {
    const m = PLAIN_ENTRY.exec(body[i]);
    if (!m || m[3].endsWith(' ') || NOT_A_STRING.test(m[3])) return null;
    out.push({ key: m[1], value: m[3], line: i, valueStart: m[1].length + 1 + m[2].length });
  }
  return out;
}

function readFrontMatterBody(lines: string[], close: number, content: string): FrontMatterResult {
  const problems: ParseProblem[] = [];
  const range = rng(0, 0, lines[close].length, close);
  const plain = plainFrontMatter(lines.slice(1, close));
  if (plain) {
    const data: Record<string, unknown> = {};
    const entries: FrontMatterEntry[] = plain.map(({ key, value, line, valueStart }) => {
      data[key] = value;
      const entry: FrontMatterEntry = { key, value, keyRange: rng(line + 1, 0, key.length), valueRange: rng(line + 1, valueStart, valueStart + value.length) };
      const problem = checkType(entry);
      if (problem) problems.push({ ruleId: 'invalid-front-matter', message: problem, range: entry.valueRange });
      return entry;
    });
    return { frontMatter: { range, entries, data }, end: close + 1, problems };
  }
  const starts = lineStarts(content);
  // YAML reports an error at the end of its input as [length, length + 1]: keep positions inside the text.
  const at = (offset: number) => {
    const p = positionAt(starts, Math.min(offset, content.length));
    return pos(p.line + 1, p.character);
  };
  const toRange = (a: number, b: number): Range => ({ start: at(a), end: at(b) });
  const entries: FrontMatterEntry[] = [];
  let data: Record<string, unknown> | null = null;
  try {
    const doc = parseDocument(content, { uniqueKeys: false, prettyErrors: false });
    for (const err of doc.errors) {
      const [a, b] = err.pos ?? [0, 0];
      problems.push({ ruleId: 'invalid-front-matter', message: `Front matter is not valid YAML: ${err.message.split('\n')[0]}`, range: toRange(a, Math.max(a, b)) });
    }
    const contents = doc.contents;
    if (doc.errors.length === 0) {
      if (contents === null || (isScalar(contents) && contents.value === null)) data = {};
      else if (!isMap(contents)) {
        const r = (contents as YamlNode).range ?? [0, content.length];
        problems.push({ ruleId: 'invalid-front-matter', message: 'Front matter must be a map of `key: value` lines.', range: toRange(r[0], r[1]) });
      } else {
        data = {};
        for (const pair of contents.items) {
          const key = pair.key as YamlNode | null;
          const keyText = isScalar(key) ? String(key.value) : String(key);
          const kr = key?.range ?? [0, 0];
          const valueNode = pair.value as YamlNode | null;
          const vr = valueNode?.range ?? [kr[1], kr[1]];
          const value = valueNode && 'toJSON' in valueNode ? (valueNode as unknown as { toJSON(): unknown }).toJSON() : null;
          data[keyText] = value;
          const entry: FrontMatterEntry = { key: keyText, value, keyRange: toRange(kr[0], kr[1]), valueRange: toRange(vr[0], vr[1]) };
          entries.push(entry);
          const problem = checkType(entry);
          if (problem) problems.push({ ruleId: 'invalid-front-matter', message: problem, range: entry.valueRange });
        }
      }
    }
  } catch (e) {
    problems.push({ ruleId: 'invalid-front-matter', message: `Front matter could not be read: ${(e as Error).message}`, range });
  }
  return { frontMatter: { range, entries, data }, end: close + 1, problems };
}

function checkType(entry: FrontMatterEntry): string | null {
  const type = KNOWN_TYPES[entry.key];
  const v = entry.value;
  if (!type) return null;
  if (type === 'string') {
    if (typeof v === 'string' && v.trim() !== '') {
      if (entry.key === 'id' && !/^[\p{L}\p{N}][\p{L}\p{N}_.-]*$/u.test(v)) return '`id` must be one word of letters, digits, `-`, `_` or `.`.';
      return null;
    }
    if (typeof v === 'number') return null;
    return `\`${entry.key}\` must be a text value.`;
  }
  if (type === 'period') {
    if ((typeof v === 'string' || typeof v === 'number') && parsePeriod(String(v), entry.valueRange)) return null;
    return '`period` must look like 2026-Q1, 2026-H2, 2026, 2026-03 or 2026-01-01..2026-03-31.';
  }
  if (v === '0-1' || v === '1-4' || v === 'percent') return null;
  return '`scoring` must be one of `0-1`, `1-4` or `percent`.';
}

// ---------------------------------------------------------------- references

const FRAGMENT = /^O(\d+)(?:[.](?:KR)?(\d+))?$/i;

function referenceFrom(target: string, raw: string, range: Range): Reference {
  const hash = target.indexOf('#');
  const base = hash >= 0 ? target.slice(0, hash) : target;
  const frag = hash >= 0 ? target.slice(hash + 1) : '';
  const m = FRAGMENT.exec(frag);
  const isPath = /[\\/]/.test(base) || /\.md$/i.test(base);
  let unit: string | null = base === '' ? null : base;
  if (unit && isPath) {
    try {
      unit = decodeURIComponent(unit);
    } catch {
      // keep it as written
    }
  }
  return {
    raw,
    unit,
    path: isPath ? unit : null,
    objective: m ? `O${Number(m[1])}` : frag ? frag : null,
    kr: m && m[2] ? `KR${Number(m[2])}` : null,
    range,
  };
}

const LINK = /\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

/** Parses `product#O1.KR2, [Company](../company.okr.md#O3)` into references; `at` = start of `text`. */
export function parseReferences(value: string, at: Position): Reference[] {
  const text = value.length > MAX_VALUE_TEXT ? value.slice(0, MAX_VALUE_TEXT) : value;
  const refs: Reference[] = [];
  const taken: Array<[number, number]> = [];
  if (text.includes('](')) {
    for (const m of text.matchAll(LINK)) {
      const start = m.index ?? 0;
      taken.push([start, start + m[0].length]);
      refs.push(referenceFrom(m[2], m[0], rng(at.line, at.character + start, at.character + start + m[0].length)));
    }
  }
  const words = [...text.matchAll(/[^\s,;]+/g)];
  const tokens = taken.length ? words.filter((m) => !taken.some(([a, b]) => (m.index ?? 0) >= a && (m.index ?? 0) < b)) : words;
  for (const m of tokens) {
    const start = m.index ?? 0;
    const token = m[0].replace(/[.)]+$/, '').replace(/^\(/, '');
    if (token === '') continue;
    // Words around references are a note ("product#O1.KR2 (the retention KR)"); a lone word is a unit.
    if (!token.includes('#') && !/\.md$/i.test(token) && tokens.length > 1) continue;
    const offset = start + m[0].indexOf(token);
    refs.push(referenceFrom(token, token, rng(at.line, at.character + offset, at.character + offset + token.length)));
  }
  return refs.length > 1 ? refs.sort((a, b) => a.range.start.character - b.range.start.character) : refs;
}

// ---------------------------------------------------------------- objective sections

// Sticky: matched at a column of the line without slicing it.
const TASK = /\[([ xX])\](?:[ \t]+|$)/y;
const KR_PREFIX = /(?:(KR)[ \t]*(\d+)?|(Key[ \t]+result)(?:[ \t]+(\d+))?)[ \t]*[:.][ \t]*/iy;
const ATTRIBUTE_KEY = /^[\p{L}][\p{L}\p{N} _-]{0,40}$/u;

/** ATTRIBUTE_KEY without the Unicode regex for the usual ASCII keys (`confidence`, `Aligns to`). */
function isAttributeKey(key: string): boolean {
  if (key.length === 0 || key.length > 41) return key.length > 0 && ATTRIBUTE_KEY.test(key);
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 128) return ATTRIBUTE_KEY.test(key);
    const lower = c | 32;
    if (lower >= 97 && lower <= 122) continue;
    if (i === 0 || !((c >= 48 && c <= 57) || c === 32 || c === 95 || c === 45)) return false;
  }
  return true;
}

function stickyExec(re: RegExp, line: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(line);
}

const CHECKIN = /^(\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4})[ \t]*:[ \t]*/;
const NOTE_SPLIT = /[ \t]*(?:[—–]|[ \t]-{1,2}[ \t])[ \t]*/;
const CHECKIN_CONFIDENCE = /\(\s*(?:confidence|conf\.?)\s*:?\s*([^)]*?)\s*\)|\(\s*([^)]*?)\s+confidence\s*\)/i;

interface ItemHead {
  /** Column where the item's own text starts (after bullet and checkbox). */
  textCol: number;
  checked: boolean | null;
}

/**
 * The length of the list marker at `col` with the blanks after it (`- `, `12. `), or 0 when there is none: the
 * regex `([-*+]|\d{1,9}[.)])([ \t]+|$)` by hand, as it runs for every item.
 */
function markerLength(line: string, col: number): number {
  let i = col;
  const c = line[i];
  if (c === '-' || c === '*' || c === '+') i++;
  else {
    while (i < col + 9 && line[i] >= '0' && line[i] <= '9') i++;
    if (i === col || (line[i] !== '.' && line[i] !== ')')) return 0;
    i++;
  }
  if (i === line.length) return i - col;
  if (line[i] !== ' ' && line[i] !== '\t') return 0;
  while (line[i] === ' ' || line[i] === '\t') i++;
  return i - col;
}

function itemHead(line: string, col: number): ItemHead {
  let textCol = col + markerLength(line, col);
  let checked: boolean | null = null;
  const t = line[textCol] === '[' ? stickyExec(TASK, line, textCol) : null;
  if (t) {
    checked = t[1] !== ' ';
    textCol += t[0].length;
  }
  return { textCol, checked };
}

function attributeAt(line: string, lineNo: number, col: number): Attribute | null {
  const colon = line.indexOf(':', col);
  if (colon < 0 || colon - col > 48) return null;
  const key = line.slice(col, colon).trimEnd();
  if (!isAttributeKey(key)) return null;
  let valueStart = colon + 1;
  while (line[valueStart] === ' ' || line[valueStart] === '\t') valueStart++;
  // A trailing `<!-- … -->` (an expect marker, a disable-line directive, a note) is not part of the value.
  const end = col + withoutTrailingComment(line.slice(col)).trimEnd().length;
  const valueEnd = Math.max(valueStart, end);
  // Ranges share their equal end points: a third fewer objects in a large model (treat positions as immutable).
  const start = pos(lineNo, col);
  const stop = pos(lineNo, end);
  return {
    key: key.toLowerCase(),
    value: line.slice(valueStart, valueEnd),
    range: { start, end: stop },
    keyRange: { start, end: pos(lineNo, col + key.length) },
    valueRange: { start: valueStart === end ? stop : pos(lineNo, valueStart), end: valueEnd === end ? stop : pos(lineNo, valueEnd) },
  };
}

function numberValue(a: Attribute, problems: ParseProblem[], what: string): number | null {
  const n = Number(a.value.replace(/,/g, ''));
  if (a.value.trim() !== '' && Number.isFinite(n) && n >= 0) return n;
  problems.push({ ruleId: 'invalid-value', message: `${what} \`${a.value}\` is not a number.`, range: a.valueRange });
  return null;
}

const ALIGN_KEYS = new Set(['aligns', 'aligns to', 'supports', 'parent']);

/** `Aligns`/`Supports`/`Parent`, `Owner` and `Weight` mean the same on objectives and key results. */
function applySharedAttribute(target: { aligns: Reference[]; owner: string | null; weight: number | null }, a: Attribute, problems: ParseProblem[]): boolean {
  if (ALIGN_KEYS.has(a.key)) target.aligns.push(...parseReferences(a.value, a.valueRange.start));
  else if (a.key === 'owner') target.owner = a.value || null;
  else if (a.key === 'weight') target.weight = numberValue(a, problems, 'Weight');
  else return false;
  return true;
}

function readCheckIn(line: string, lineNo: number, col: number, problems: ParseProblem[]): CheckIn | null {
  const first = line.charCodeAt(col);
  if (!(first >= 48 && first <= 57)) return null; // a check-in starts with its date
  const text = withoutTrailingComment(line.slice(col, col + MAX_VALUE_TEXT)).trimEnd();
  const m = CHECKIN.exec(text);
  if (!m) return null;
  const date = m[1];
  const dateValid = isValidDate(date);
  const start = pos(lineNo, col);
  const dateRange = { start, end: pos(lineNo, col + date.length) };
  if (!dateValid) problems.push({ ruleId: 'invalid-value', message: `\`${date}\` is not a valid check-in date (use YYYY-MM-DD).`, range: dateRange });
  const restStart = col + m[0].length;
  let rest = text.slice(m[0].length);
  let note: string | null = null;
  const split = NOTE_SPLIT.exec(rest);
  if (split && split.index > 0) {
    note = rest.slice(split.index + split[0].length).trim() || null;
    rest = rest.slice(0, split.index);
  }
  let confidence: number | null = null;
  const c = rest.includes('(') ? CHECKIN_CONFIDENCE.exec(rest) : null;
  if (c) {
    const raw = c[1] ?? c[2];
    const cStart = restStart + (c.index ?? 0) + c[0].indexOf(raw);
    const parsed = parseConfidence(raw, pos(lineNo, cStart));
    if (parsed && parsed.valid) confidence = parsed.value;
    else problems.push({ ruleId: 'invalid-value', message: `Confidence \`${raw}\` must be between 0 and 1 (or 0% and 100%).`, range: rng(lineNo, cStart, cStart + raw.length) });
    rest = rest.slice(0, c.index) + ' '.repeat(c[0].length) + rest.slice((c.index ?? 0) + c[0].length);
  }
  const value = parseQuantity(rest, pos(lineNo, restStart));
  const end = col + text.length;
  if (!value) {
    const shown = rest.trim();
    problems.push({
      ruleId: 'invalid-value',
      message: shown ? `Check-in value \`${shown}\` is not a number.` : 'The check-in has no value.',
      range: shown ? rng(lineNo, restStart + rest.indexOf(shown), restStart + rest.indexOf(shown) + shown.length) : rng(lineNo, col, end),
    });
  }
  return { date, dateValid, value, confidence, note, range: { start, end: pos(lineNo, end) }, dateRange };
}

/** A trailing HTML comment is invisible in rendered Markdown: it is not part of a title or statement. */
function withoutTrailingComment(text: string): string {
  const trimmed = text.trimEnd();
  if (!trimmed.endsWith('-->')) return text;
  const open = trimmed.lastIndexOf('<!--');
  return open < 0 ? text : trimmed.slice(0, open).trimEnd();
}

/** The metric of a key result read for an outline. */
const NO_METRIC: MetricSpec = Object.freeze({ form: 'none', baseline: null, target: null, change: null, factor: null, direction: null, unit: null });

function readKeyResult(lines: string[], block: ItemBlock, index: number, problems: ParseProblem[], outline: boolean): KeyResult {
  const line = lines[block.line];
  const head = itemHead(line, block.col);
  let textCol = head.textCol;
  let id = `KR${index + 1}`;
  let explicitId = false;
  let idRange: Range | null = null;
  const p = line[textCol] === 'K' || line[textCol] === 'k' ? stickyExec(KR_PREFIX, line, textCol) : null;
  if (p) {
    const n = p[2] ?? p[4];
    if (n !== undefined) {
      id = `KR${Number(n)}`;
      explicitId = true;
      const idLen = p[0].replace(/[ \t]*[:.][ \t]*$/, '').length;
      idRange = rng(block.line, textCol, textCol + idLen);
    }
    textCol += p[0].length;
  }
  const text = withoutTrailingComment(line.slice(textCol)).trimEnd();
  const itemStart = pos(block.line, block.col);
  const lineEnd = pos(block.line, line.length);
  const kr: KeyResult = {
    id,
    explicitId,
    text,
    kind: head.checked === null ? 'metric' : 'milestone',
    done: head.checked === true,
    metric: outline ? NO_METRIC : parseMetric(text, pos(block.line, textCol)),
    current: null,
    confidence: null,
    owner: null,
    weight: null,
    score: null,
    checkins: [],
    attributes: [],
    range: { start: itemStart, end: block.endLine === block.line ? lineEnd : pos(block.endLine, lines[block.endLine].length) },
    lineRange: { start: itemStart, end: lineEnd },
    textRange: { start: pos(block.line, textCol), end: textCol + text.length === line.length ? lineEnd : pos(block.line, textCol + text.length) },
    idRange,
    aligns: [],
  };
  let currentAttr: Attribute | null = null;
  for (const child of block.children) {
    const childLine = lines[child.line];
    const col = itemHead(childLine, child.col).textCol;
    const checkin = outline ? null : readCheckIn(childLine, child.line, col, problems);
    if (checkin) {
      kr.checkins.push(checkin);
      continue;
    }
    const a = attributeAt(childLine, child.line, col);
    if (!a) continue;
    if (outline) {
      applySharedAttribute(kr, a, problems);
      continue;
    }
    kr.attributes.push(a);
    if (applySharedAttribute(kr, a, problems)) continue;
    const at = a.valueRange.start;
    switch (a.key) {
      case 'current':
        currentAttr = a;
        break;
      case 'confidence':
        kr.confidence = parseConfidence(a.value, at) ?? { value: Number.NaN, raw: '', valid: false, range: a.valueRange };
        break;
      case 'baseline':
      case 'target': {
        // A data item states the value the first line leaves out; the first line wins when both do.
        const q = parseQuantity(a.value, at);
        if (!q) problems.push({ ruleId: 'invalid-value', message: `${a.key === 'baseline' ? 'Baseline' : 'Target'} \`${a.value}\` is not a number.`, range: a.valueRange });
        else if (kr.metric[a.key] === null) kr.metric = { ...kr.metric, [a.key]: q, unit: kr.metric.unit ?? q.unit };
        break;
      }
      case 'score':
        kr.score = parseQuantity(a.value, at);
        if (!kr.score) problems.push({ ruleId: 'invalid-value', message: `Score \`${a.value}\` is not a number.`, range: a.valueRange });
        break;
    }
  }
  if (currentAttr) {
    kr.current = parseQuantity(currentAttr.value, currentAttr.valueRange.start);
    if (!kr.current) problems.push({ ruleId: 'invalid-value', message: `Current value \`${currentAttr.value}\` is not a number.`, range: currentAttr.valueRange });
  } else {
    kr.current = latestCheckIn(kr.checkins)?.value ?? null;
  }
  return kr;
}

/**
 * Reads the objective section `lines[start..end)` with the given block reader, or with its block structure known;
 * positions are document positions.
 */
function readSection(lines: string[], start: number, end: number, level: number, reader: 'remark' | 'lines' | SectionBlocks, outline = false): SectionModel {
  const problems: ParseProblem[] = [];
  const heading = headingAt(lines[start], start)!;
  const m = OBJECTIVE_TITLE.exec(heading.text)!;
  const n = m[1] ?? m[2];
  const idText = m[0].replace(/[ \t]*:[ \t]*$/, '');
  const titleStart = heading.textStart + m[0].length;
  const title = withoutTrailingComment(heading.text.slice(m[0].length)).trim();
  let blocks: SectionBlocks;
  if (typeof reader === 'object') blocks = reader;
  else {
    try {
      blocks = reader === 'remark' ? blocksWithRemark(lines, start, end) : blocksWithLines(lines, start, end);
    } catch {
      blocks = blocksWithLines(lines, start, end);
    }
  }
  const attributes: Attribute[] = [];
  if (blocks.attributes) {
    for (let i = blocks.attributes[0]; i <= blocks.attributes[1]; i++) {
      const a = attributeAt(lines[i], i, lines[i].length - lines[i].trimStart().length);
      if (a) attributes.push(a);
    }
  }
  let lastLine = start;
  for (let i = end - 1; i > start; i--) {
    if (lines[i].trim() !== '') {
      lastLine = i;
      break;
    }
  }
  const objective: Objective = {
    id: n !== undefined ? `O${Number(n)}` : '',
    explicitId: n !== undefined,
    title,
    level,
    range: rng(start, 0, lines[lastLine].length, lastLine),
    headingRange: rng(start, 0, lines[start].length),
    titleRange: rng(start, titleStart, titleStart + title.length),
    idRange: n !== undefined ? rng(start, heading.textStart, heading.textStart + idText.length) : null,
    attributes,
    aligns: [],
    owner: null,
    weight: null,
    tags: [],
    krs: blocks.items.map((b, i) => readKeyResult(lines, b, i, problems, outline)),
    problems,
  };
  for (const a of attributes) {
    if (applySharedAttribute(objective, a, problems)) continue;
    if (a.key === 'tags') objective.tags = a.value.split(/[,\s]+/).map((t) => t.replace(/^#/, '')).filter(Boolean);
  }
  return { objective, start, blocks };
}

/**
 * Sections remark would read slowly: containers nested deep on one line, or many delimiters (micromark's
 * emphasis, link, table and quote handling grows faster than linearly: 30,000 `[a](` take seconds).
 */
function remarkWouldStruggle(lines: string[], start: number, end: number): boolean {
  let delimiters = 0;
  for (let i = start; i < end; i++) {
    const line = lines[i];
    if (isPathological(line)) return true;
    for (let c = 0; c < line.length; c++) {
      const ch = line.charCodeAt(c);
      // [ * _ < > | ` !
      if (ch === 91 || ch === 42 || ch === 95 || ch === 60 || ch === 62 || ch === 124 || ch === 96 || ch === 33) delimiters++;
    }
    if (delimiters > INLINE_DELIMITER_LIMIT) return true;
  }
  return false;
}

/** A deep copy with every position moved down by `delta` lines. */
export function shifted<T>(value: T, delta: number): T {
  if (Array.isArray(value)) return value.map((v) => shifted(v, delta)) as T;
  if (value === null || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  if (typeof obj.line === 'number' && typeof obj.character === 'number') return { line: obj.line + delta, character: obj.character } as T;
  const out: Record<string, unknown> = {};
  for (const key in obj) {
    const v = obj[key];
    out[key] = v !== null && typeof v === 'object' ? shifted(v, delta) : v;
  }
  return out as T;
}

function unitIdFromFileName(fileName: string | undefined): string | null {
  if (!fileName) return null;
  let base = fileName.split(/[\\/]/).pop() ?? '';
  try {
    base = decodeURIComponent(base);
  } catch {
    // keep it as written
  }
  base = base.replace(/\.okr\.md$/i, '').replace(/\.md$/i, '');
  return base || null;
}

function stringField(data: Record<string, unknown> | null, key: string): string | null {
  const v = data?.[key];
  if (typeof v === 'string' && v.trim()) return v.trim();
  if (typeof v === 'number') return String(v);
  return null;
}

/**
 * Parses the text of an `.okr.md` file. Positions are in the text without a leading byte-order mark
 * (as editors present it). Never throws: an unexpected failure yields an empty document with one problem.
 */
export function parseOkr(text: string, options: ParseOptions = {}): OkrDocument {
  try {
    return parseUnsafe(text, options);
  } catch (e) {
    options.cache?.commit();
    const lineCount = typeof text === 'string' ? splitLines(text).length : 1;
    return {
      unitId: unitIdFromFileName(options.fileName) ?? 'untitled',
      title: unitIdFromFileName(options.fileName) ?? 'untitled',
      owner: null,
      period: null,
      parent: null,
      scoring: '0-1',
      frontMatter: null,
      objectives: [],
      directives: [],
      problems: [{ ruleId: 'internal-error', message: `The file could not be read: ${(e as Error).message}`, range: rng(0, 0, 0) }],
      lineCount,
    };
  }
}

/**
 * Puts the lines split off a section's cache key in place of the document's, which hold the same characters.
 * Strings cut from a string keep the whole original alive in V8, so a cached model read from the document's
 * lines would pin the full text of the version that created it: across a long editing session, one copy per edit.
 */
function useSectionLines(lines: string[], key: string, start: number): void {
  const own = key.split('\n');
  for (let i = 0; i < own.length; i++) lines[start + i] = own[i];
}

/** The document's problems in the order `OkrDocument.problems` promises: outside the sections first, then each objective's. */
function documentProblems(frontMatter: ParseProblem[], notText: ParseProblem | null, objectives: Objective[]): ParseProblem[] {
  const problems = [...frontMatter];
  if (notText) problems.push(notText);
  for (const objective of objectives) if (objective.problems.length) problems.push(...objective.problems);
  return problems;
}

/** One problem at the first NUL or U+FFFD (what a decoder leaves of invalid UTF-8): the file is probably not text. */
function notTextAt(text: string, lines: string[]): ParseProblem | null {
  if (!text.includes('\0') && !text.includes('\uFFFD')) return null;
  for (let line = 0; line < lines.length; line++) {
    const text = lines[line];
    const nul = text.indexOf('\0');
    const bad = text.indexOf('\uFFFD');
    const character = nul < 0 ? bad : bad < 0 ? nul : Math.min(nul, bad);
    if (character < 0) continue;
    const what = text[character] === '\0' ? 'a NUL character' : 'bytes that are not valid UTF-8 (shown as \u{FFFD})';
    return {
      ruleId: 'invalid-value',
      message: `This file contains ${what}: it may not be a text file, or it was saved in another encoding. Save it as UTF-8 text; what can be read is checked as usual.`,
      range: rng(line, character, character + 1),
    };
  }
  return null;
}

function parseUnsafe(text: string, options: ParseOptions): OkrDocument {
  const source = typeof text === 'string' ? (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) : '';
  const cache = options.cache;
  const lines = cache ? cache.begin(source) : splitLines(source);
  const fm = readFrontMatter(lines, cache);
  const layout = cache?.editedLayout(lines, fm.end) ?? scan(lines, fm.end, source.includes('okr-'));
  const notText = cache?.stillText(lines) ? null : notTextAt(source, lines);
  const engine = options.engine ?? 'auto';
  const remarkFits = source.length <= REMARK_DOCUMENT_LIMIT;
  /** The model of the layout's `index`-th section: kept by the cache, moved, or read. */
  const objectiveAt = (index: number): Objective => {
    const section = layout.sections[index];
    const found = cache?.find(index, section.start, section.end, lines);
    let model = found?.model;
    if (!model) {
      const known = cache?.unchangedBlocks(index, section.start, section.end, lines);
      const useRemark = !known && (engine === 'remark' || (engine === 'auto' && remarkFits && !remarkWouldStruggle(lines, section.start, section.end)));
      if (cache) useSectionLines(lines, found!.key, section.start);
      model = readSection(lines, section.start, section.end, section.level, known ?? (useRemark ? 'remark' : 'lines'), options.outline);
      if (cache) {
        cache.misses++;
        if (!known) cache.blockReads++;
        sectionIdentities.set(model.objective.krs, {});
      }
    } else if (model.start !== section.start) {
      // Cached models are shared: a moved section gets a moved copy, kept for the next parse.
      const delta = section.start - model.start;
      const identity = sectionIdentities.get(model.objective.krs)!;
      model = { objective: shifted(model.objective, delta), start: section.start, blocks: movedBlocks(model.blocks, delta) };
      sectionIdentities.set(model.objective.krs, identity);
    }
    // The last parse's record is kept as it is when nothing about the section changed.
    if (found) cache!.keep(index, found.start === section.start && found.model === model ? (found as SectionRecord) : { start: section.start, end: section.end, key: found.key, model }, !found.model);
    // A cached objective is shared by every parse that reuses it; one whose id comes from its place is copied and given that id.
    const objective = cache && !model.objective.explicitId ? { ...model.objective } : model.objective;
    if (!objective.explicitId) objective.id = `O${index + 1}`;
    return objective;
  };
  let objectives: Objective[];
  let problems: ParseProblem[];
  const sole = cache?.soleEditedSection(layout, fm.problems, notText === null);
  if (sole) {
    // Typing on a line: every other objective, id and problem is the last parse's.
    objectives = sole.last.objectives.slice();
    const was = objectives[sole.index];
    objectives[sole.index] = objectiveAt(sole.index);
    const quiet = was.problems.length === 0 && objectives[sole.index].problems.length === 0;
    problems = quiet ? sole.last.problems : documentProblems(fm.problems, notText, objectives);
  } else {
    objectives = layout.sections.map((_, index) => objectiveAt(index));
    problems = documentProblems(fm.problems, notText, objectives);
  }
  cache?.commit(layout, notText === null, { frontMatterProblems: fm.problems, objectives, problems });

  const data = fm.frontMatter?.data ?? null;
  const entry = (key: string) => fm.frontMatter?.entries.find((e) => e.key === key);
  const unitId = stringField(data, 'id') ?? unitIdFromFileName(options.fileName) ?? 'untitled';
  const periodEntry = entry('period');
  const period = periodEntry && data && (typeof periodEntry.value === 'string' || typeof periodEntry.value === 'number')
    ? parsePeriod(String(periodEntry.value), periodEntry.valueRange)
    : null;
  const parentEntry = entry('parent');
  const parentText = stringField(data, 'parent');
  const scoring = data?.scoring;
  return {
    unitId,
    title: stringField(data, 'team') ?? layout.firstH1 ?? unitId,
    owner: stringField(data, 'owner'),
    period,
    parent: parentText && parentEntry ? referenceFrom(parentText, parentText, parentEntry.valueRange) : null,
    scoring: scoring === '1-4' || scoring === 'percent' ? (scoring as Scoring) : '0-1',
    frontMatter: fm.frontMatter,
    objectives,
    directives: layout.directives,
    problems,
    lineCount: lines.length,
  };
}
