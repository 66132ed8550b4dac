// The models of files nobody has open, as the workspace index keeps them: thousands of them, so memory counts.
import { parseOkr } from '../core/parse';
import type { OkrDocument, Range, Reference } from '../core/model';

/** Parses a file as read from disk. The line scanner: the cold index must be fast, and open files get the full parse. */
export function parseDisk(path: string, text: string): OkrDocument {
  return parseOkr(text, { fileName: path, engine: 'lines' });
}

/** Stands in for empty lists: one shared array instead of one per key result and list (nothing adds to a closed model). */
const NONE: never[] = Object.freeze([]) as never[];

/** The shared empty list, or a copy of exactly the list's length (a list grown item by item keeps spare room). */
const listOf = <T>(items: T[]): T[] => (items.length ? items.slice() : NONE);

/** Stands in for ranges the index never reads in a closed file. */
const UNREAD: Range = Object.freeze({ start: Object.freeze({ line: 0, character: 0 }), end: Object.freeze({ line: 0, character: 0 }) });

/**
 * One object per distinct range across every closed file. Files of a workspace share their shape: at 10,000
 * files the index holds 670,000 ranges but only 36,000 distinct ones, and each range is three objects. Nothing
 * mutates a model's ranges (edits are new ranges), so sharing them is safe.
 */
class RangeTable {
  /** By start line, then by a small-integer key of the rest (small integers hash fast; a range is interned 670,000 times in a scan of 10,000 files). */
  private readonly byLine: Array<Map<number, Range> | undefined> = [];

  intern(range: Range): Range {
    const { start, end } = range;
    const span = end.line - start.line;
    // Line span: 8 bits, characters: 10 bits each. Ranges beyond that (huge files or lines) stay unshared.
    if (start.line > 0xffff || span < 0 || span > 0xff || start.character > 0x3ff || end.character > 0x3ff) return range;
    const key = (span * 0x400 + start.character) * 0x400 + end.character;
    let known = this.byLine[start.line];
    if (!known) this.byLine[start.line] = known = new Map();
    const shared = known.get(key);
    if (shared) return shared;
    known.set(key, range);
    return range;
  }
}

const ranges = new RangeTable();

function dropRange(value: { range: Range } | null): void {
  if (value) value.range = UNREAD;
}

function internReferences(refs: Reference[]): void {
  for (const ref of refs) ref.range = ranges.intern(ref.range);
}


/**
 * The model of a closed file as the index keeps it. Only what other files, the cascade and workspace-wide
 * requests read is kept: ids, titles, values, check-ins, references, and the ranges that go to definitions,
 * symbols and renames (sections, headings, KR lines, ids, references, the front matter's `id`). The `key: value`
 * items, directives, parse problems and the ranges of values, texts and check-ins serve only file rules, hovers
 * and fixes, which run on a fresh parse of an opened file (or of the disk text, for workspace diagnostics).
 * Values are changed in place: a parsed value may be shared (a KR's current value is its latest check-in's).
 */
export function closedModel(path: string, text: string): OkrDocument {
  const doc = parseDisk(path, text);
  const idEntry = doc.frontMatter?.entries.find((e) => e.key === 'id');
  if (doc.frontMatter) doc.frontMatter = { range: ranges.intern(doc.frontMatter.range), entries: idEntry ? [idEntry] : NONE, data: doc.frontMatter.data };
  if (doc.period) doc.period.range = ranges.intern(doc.period.range);
  if (doc.parent) internReferences([doc.parent]);
  doc.directives = NONE;
  doc.problems = NONE;
  doc.objectives = listOf(doc.objectives);
  for (const objective of doc.objectives) {
    objective.attributes = NONE;
    objective.krs = listOf(objective.krs);
    objective.titleRange = UNREAD;
    objective.range = ranges.intern(objective.range);
    objective.headingRange = ranges.intern(objective.headingRange);
    if (objective.idRange) objective.idRange = ranges.intern(objective.idRange);
    objective.aligns = listOf(objective.aligns);
    objective.tags = listOf(objective.tags);
    internReferences(objective.aligns);
    for (const kr of objective.krs) {
      kr.attributes = NONE;
      kr.textRange = UNREAD;
      kr.range = ranges.intern(kr.range);
      kr.lineRange = ranges.intern(kr.lineRange);
      if (kr.idRange) kr.idRange = ranges.intern(kr.idRange);
      kr.aligns = listOf(kr.aligns);
      internReferences(kr.aligns);
      dropRange(kr.metric.baseline);
      dropRange(kr.metric.target);
      dropRange(kr.metric.change);
      dropRange(kr.current);
      dropRange(kr.score);
      dropRange(kr.confidence);
      kr.checkins = listOf(kr.checkins);
      for (const checkin of kr.checkins) {
        dropRange(checkin.value);
        checkin.range = checkin.dateRange = UNREAD;
      }
    }
  }
  return doc;
}
