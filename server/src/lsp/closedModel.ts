// The models of files nobody has open, as the workspace index keeps them: thousands of them, so memory counts.
import { parseOkr } from '../core/parse';
import type { OkrDocument, Range, Reference } from '../core/model';

/** Parses a file as read from disk. The line scanner: the cold index must be fast, and open files get the full parse. */
export function parseDisk(path: string, text: string): OkrDocument {
  return parseOkr(text, { fileName: path, engine: 'lines' });
}

/** Stands in for ranges the index never reads in a closed file. */
const UNREAD: Range = Object.freeze({ start: Object.freeze({ line: 0, character: 0 }), end: Object.freeze({ line: 0, character: 0 }) });

/**
 * One object per distinct range across every closed file. Files of a workspace share their shape: at 10,000
 * files the index holds 670,000 ranges but only 36,000 distinct ones, and each range is three objects. Nothing
 * mutates a model's ranges (edits are new ranges), so sharing them is safe.
 */
class RangeTable {
  private readonly byStart = new Map<number, Map<number, Range>>();

  intern(range: Range): Range {
    const { start, end } = range;
    // Keys pack line and character; a character past 65,535 (a huge line) is rare enough to keep unshared.
    if (start.character > 0xffff || end.character > 0xffff) return range;
    const startKey = start.line * 0x10000 + start.character;
    const endKey = end.line * 0x10000 + end.character;
    let ends = this.byStart.get(startKey);
    if (!ends) this.byStart.set(startKey, (ends = new Map()));
    const known = ends.get(endKey);
    if (known) return known;
    ends.set(endKey, range);
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
  if (doc.frontMatter) doc.frontMatter = { range: ranges.intern(doc.frontMatter.range), entries: idEntry ? [idEntry] : [], data: doc.frontMatter.data };
  if (doc.period) doc.period.range = ranges.intern(doc.period.range);
  if (doc.parent) internReferences([doc.parent]);
  doc.directives = [];
  doc.problems = [];
  for (const objective of doc.objectives) {
    objective.attributes = [];
    objective.titleRange = UNREAD;
    objective.range = ranges.intern(objective.range);
    objective.headingRange = ranges.intern(objective.headingRange);
    if (objective.idRange) objective.idRange = ranges.intern(objective.idRange);
    internReferences(objective.aligns);
    for (const kr of objective.krs) {
      kr.attributes = [];
      kr.textRange = UNREAD;
      kr.range = ranges.intern(kr.range);
      kr.lineRange = ranges.intern(kr.lineRange);
      if (kr.idRange) kr.idRange = ranges.intern(kr.idRange);
      internReferences(kr.aligns);
      for (const value of [kr.metric.baseline, kr.metric.target, kr.metric.change, kr.current, kr.score, kr.confidence]) dropRange(value);
      for (const checkin of kr.checkins) {
        dropRange(checkin.value);
        checkin.range = checkin.dateRange = UNREAD;
      }
    }
  }
  return doc;
}
