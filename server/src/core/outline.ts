// What the workspace keeps of a file nobody has open: its text and an outline — the ids, titles and references
// that other files, the cross-file index, completion and symbol search read. The full model is parsed again from
// the text when something asks for it. A workspace of 10,000 files then holds ~30 small objects per file instead
// of a few hundred, which is what makes its index fast to build and small to keep.
import type { OkrDocument, Reference } from './model';
import { parseOkr } from './parse';

/** A reference without its position: enough to resolve it. */
export type OutlineReference = Pick<Reference, 'raw' | 'unit' | 'path' | 'objective' | 'kr'>;

export interface OutlineKr {
  id: string;
  text: string;
  aligns: readonly OutlineReference[];
}

export interface OutlineObjective {
  id: string;
  title: string;
  aligns: readonly OutlineReference[];
  krs: readonly OutlineKr[];
}

/** A part of OkrDocument: a full model is an outline of itself (open documents need no copy). */
export interface Outline {
  unitId: string;
  title: string;
  period: { raw: string } | null;
  parent: OutlineReference | null;
  objectives: readonly OutlineObjective[];
}

/** A file nobody has open, as read from disk. */
export class ClosedFile {
  readonly outline: Outline;

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    this.outline = outlineOf(parseOkr(text, { fileName: path, engine: 'lines', outline: true }));
  }

  parse(): OkrDocument {
    return parseFromDisk(this.path, this.text);
  }
}

/** What other files see of a kept file: a closed file's outline, or an open document's full model (an outline of itself). */
export function outlineOfEntry(entry: OkrDocument | ClosedFile): Outline {
  return entry instanceof ClosedFile ? entry.outline : entry;
}

/** The full model of a file read from disk: the line scanner, fast enough for thousands of files. */
export function parseFromDisk(path: string, text: string): OkrDocument {
  return parseOkr(text, { fileName: path, engine: 'lines' });
}

/** One shared array for the many empty lists (most objectives and KRs align to nothing). */
const NONE: readonly never[] = Object.freeze([]);

const slimReference = ({ raw, unit, path, objective, kr }: Reference): OutlineReference => ({ raw, unit, path, objective, kr });

const slimReferences = (refs: Reference[]): readonly OutlineReference[] => (refs.length ? refs.map(slimReference) : NONE);

/** The outline of a full model. */
export function outlineOf(doc: OkrDocument): Outline {
  return {
    unitId: doc.unitId,
    title: doc.title,
    period: doc.period ? { raw: doc.period.raw } : null,
    parent: doc.parent ? slimReference(doc.parent) : null,
    objectives: doc.objectives.map((o) => ({
      id: o.id,
      title: o.title,
      aligns: slimReferences(o.aligns),
      krs: o.krs.map((kr) => ({ id: kr.id, text: kr.text, aligns: slimReferences(kr.aligns) })),
    })),
  };
}

interface Referencing<R> {
  parent: R | null;
  objectives: readonly { aligns: readonly R[]; krs: readonly { aligns: readonly R[] }[] }[];
}

/** Every reference a document (or outline) writes: its parent, then each objective's and KR's `Aligns`. */
export function referencesIn<R>(doc: Referencing<R>): R[] {
  const refs: R[] = doc.parent ? [doc.parent] : [];
  for (const o of doc.objectives) {
    refs.push(...o.aligns);
    for (const kr of o.krs) refs.push(...kr.aligns);
  }
  return refs;
}
