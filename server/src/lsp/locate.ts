// What is under the cursor: a reference (and which part of it), an objective or KR declaration, or the unit id.
// Shared by definition, references, rename, hover and document links.
import type { KeyResult, Objective, OkrDocument, Position, Range, Reference } from '../core/model';
import { referencesIn } from '../core/outline';

export function contains(range: Range, pos: Position): boolean {
  const afterStart = pos.line > range.start.line || (pos.line === range.start.line && pos.character >= range.start.character);
  const beforeEnd = pos.line < range.end.line || (pos.line === range.end.line && pos.character <= range.end.character);
  return afterStart && beforeEnd;
}

export interface ReferenceParts {
  /** The unit id as written (absent for path references and same-file references). */
  unit: Range | null;
  objective: Range | null;
  kr: Range | null;
}

/** Where the unit, objective and KR parts of a one-line reference are, from its raw text. */
export function referenceParts(ref: Reference): ReferenceParts {
  const { start, end } = ref.range;
  const none = { unit: null, objective: null, kr: null };
  if (start.line !== end.line || end.character - start.character !== ref.raw.length) return none;
  const at = (from: number, to: number): Range => ({ start: { line: start.line, character: start.character + from }, end: { line: start.line, character: start.character + to } });
  const hash = ref.raw.lastIndexOf('#');
  const unit = !ref.path && ref.unit ? at(0, hash >= 0 ? hash : ref.raw.length) : null;
  if (hash < 0) return { ...none, unit };
  const frag = /^(O\d+)(?:\.((?:KR)?\d+))?/i.exec(ref.raw.slice(hash + 1));
  if (!frag) return { ...none, unit };
  const objective = at(hash + 1, hash + 1 + frag[1].length);
  const kr = frag[2] ? at(hash + 2 + frag[1].length, hash + 2 + frag[1].length + frag[2].length) : null;
  return { unit, objective, kr };
}

export function referenceAt(doc: OkrDocument, pos: Position): Reference | null {
  return referencesIn(doc).find((r) => contains(r.range, pos)) ?? null;
}

export function objectiveAt(doc: OkrDocument, pos: Position): Objective | null {
  return doc.objectives.find((o) => contains(o.range, pos)) ?? null;
}

export function krAt(doc: OkrDocument, pos: Position): { objective: Objective; kr: KeyResult } | null {
  for (const objective of doc.objectives) {
    if (!contains(objective.range, pos)) continue;
    for (const kr of objective.krs) if (contains(kr.range, pos)) return { objective, kr };
  }
  return null;
}

/** The front-matter `id` value, when the unit id is declared there. */
export function unitIdRange(doc: OkrDocument): Range | null {
  return doc.frontMatter?.entries.find((e) => e.key === 'id')?.valueRange ?? null;
}
