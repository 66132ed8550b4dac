// The index of parsed documents: by path and by unit id, with reference resolution, the parent/children
// relation and who aligns to what. Pure: paths are plain strings (file paths or URIs, `/`-separated).
// A document is kept either as its full model (open documents, the CLI) or as a ClosedFile (text + outline,
// parsed again on demand). Every cross-file structure is built from outlines only, so it never re-parses.
// Updating one document is O(1); the cross-file indexes are rebuilt lazily the first time they are asked for
// after a change that other files can see. A change they cannot see (a keystroke in a KR's text) keeps them.

import type { KeyResult, Objective, OkrDocument } from './model';
import { ClosedFile, outlineOfEntry, type Outline, type OutlineObjective, type OutlineReference } from './outline';

export interface Resolved {
  path: string;
  doc: OkrDocument;
  objective: Objective | null;
  kr: KeyResult | null;
}

/** Where a reference points, by position in the target's outline (-1: the unit itself, or the objective itself). */
export interface Located {
  path: string;
  outline: Outline;
  objective: number;
  kr: number;
}

export interface AlignedObjective {
  path: string;
  /** Position of the aligning objective in its file. */
  objective: number;
}

interface CrossIndex {
  /** lower-case parent unit id → child documents */
  children: Map<string, string[]>;
  /** `unit#O1` and `unit#O1.KR2` (unit lower-case) → objectives aligning exactly there */
  aligned: Map<string, AlignedObjective[]>;
  /** `unit#O1` → objectives aligning to O1 or to one of its KRs */
  under: Map<string, AlignedObjective[]>;
}

const sameRefs = (a: readonly OutlineReference[], b: readonly OutlineReference[]) => a.length === b.length && a.every((r, i) => r.raw === b[i].raw);

/**
 * True when nothing other files can see differs between two outlines of one file: unit id, period, parent,
 * objective and KR ids and references. Compared in place (no allocation): it runs on every keystroke.
 */
export function sameCrossFile(a: Outline, b: Outline): boolean {
  if (a.unitId !== b.unitId || a.period?.raw !== b.period?.raw || a.parent?.raw !== b.parent?.raw) return false;
  if (a.objectives.length !== b.objectives.length) return false;
  for (let i = 0; i < a.objectives.length; i++) if (!sameObjectiveOutline(a.objectives[i], b.objectives[i])) return false;
  return true;
}

function sameObjectiveOutline(o: OutlineObjective, p: OutlineObjective): boolean {
  if (o === p) return true;
  if (o.id !== p.id) return false;
  // The same lists: a section a SectionCache kept, compared in two steps instead of one per KR.
  if (o.krs === p.krs && o.aligns === p.aligns) return true;
  return sameRefs(o.aligns, p.aligns) && o.krs.length === p.krs.length && o.krs.every((kr, j) => kr.id === p.krs[j].id && sameRefs(kr.aligns, p.krs[j].aligns));
}

const unitKey = (id: string) => id.toLowerCase();

const NONE_ALIGNED: readonly AlignedObjective[] = Object.freeze([]);

/** Models parsed again from closed files, kept for the next few asks (a hover, then a definition, then…). */
const PARSED_KEPT = 64;

/** Directory part of a `/`-separated path or URI (also accepts `\`). */
export function dirOf(path: string): string {
  const p = path.replace(/\\/g, '/');
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** Joins a relative path to a directory and folds `.` and `..` segments. */
export function joinPath(dir: string, relative: string): string {
  const rel = relative.replace(/\\/g, '/');
  if (rel.startsWith('/') || /^[a-z][\w+.-]*:/i.test(rel)) return rel;
  const parts = (dir ? `${dir}/${rel}` : rel).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..' && out[out.length - 1] !== '') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

export class OkrWorkspace {
  private entries = new Map<string, OkrDocument | ClosedFile>();
  /** Recently parsed models of closed files, oldest first. */
  private parsed = new Map<string, OkrDocument>();
  private byUnit = new Map<string, string[]>();
  private cross: CrossIndex | null = null;
  /** Bumped on every change: lets callers drop results computed from an older state. */
  version = 0;
  /** Bumped only when something other files can see changed (see sameCrossFile): ids, references, periods, paths. */
  crossVersion = 0;

  /**
   * Stores a file's full model, or its text and outline when nobody has it open. `sameForOthers`: whether other files
   * see the same as before (sameCrossFile), when the caller has compared already (it walks every KR).
   */
  set(path: string, entry: OkrDocument | ClosedFile, sameForOthers?: boolean): void {
    const old = this.outline(path);
    const outline = outlineOfEntry(entry);
    this.entries.set(path, entry);
    this.parsed.delete(path);
    this.version++;
    // Same ids and references in the same places: the cross index (positions, not models) stays valid.
    if (old && (sameForOthers ?? sameCrossFile(old, outline))) return;
    if (old) this.unindex(path, old);
    const key = unitKey(outline.unitId);
    const list = this.byUnit.get(key) ?? [];
    list.push(path);
    list.sort();
    this.byUnit.set(key, list);
    this.changed();
  }

  delete(path: string): boolean {
    const old = this.outline(path);
    if (!old) return false;
    this.unindex(path, old);
    this.entries.delete(path);
    this.parsed.delete(path);
    this.version++;
    this.changed();
    return true;
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  /** The full model; a closed file is parsed again (the last few are kept). */
  get(path: string): OkrDocument | undefined {
    const entry = this.entries.get(path);
    if (!(entry instanceof ClosedFile)) return entry;
    let doc = this.parsed.get(path);
    if (doc) this.parsed.delete(path);
    else doc = entry.parse();
    this.parsed.set(path, doc);
    if (this.parsed.size > PARSED_KEPT) this.parsed.delete(this.parsed.keys().next().value!);
    return doc;
  }

  /**
   * The full model without keeping it, for a pass over many files: a model kept for later outlives the young
   * generation and costs the collector far more than parsing it again.
   */
  peek(path: string): OkrDocument | undefined {
    const entry = this.entries.get(path);
    return entry instanceof ClosedFile ? this.parsed.get(path) ?? entry.parse() : entry;
  }

  /** What other files see of a document; the same object until the document is set again. */
  outline(path: string): Outline | undefined {
    const entry = this.entries.get(path);
    return entry && outlineOfEntry(entry);
  }

  /** Every path, sorted. */
  paths(): string[] {
    return [...this.entries.keys()].sort();
  }

  /** Paths of the documents whose unit id is `unitId` (case-insensitive); more than one is a duplicate id. */
  docsForUnit(unitId: string): string[] {
    return [...(this.byUnit.get(unitKey(unitId)) ?? [])];
  }

  /** Every unit id known, as written in the first file that declares it. */
  unitIds(): string[] {
    return [...this.byUnit.values()].map((paths) => this.outline(paths[0])!.unitId).sort();
  }

  /** The document a reference's unit part points to, seen from `fromPath`. */
  resolveUnit(ref: OutlineReference, fromPath: string): string | null {
    if (ref.path) {
      let target = joinPath(dirOf(fromPath), ref.path);
      // Keys written with Windows separators are looked up with them.
      if (fromPath.includes('\\') && !fromPath.includes('/')) target = target.replace(/\//g, '\\');
      for (const candidate of [target, `${target}.okr.md`]) if (this.entries.has(candidate)) return candidate;
      return null;
    }
    if (ref.unit === null) return this.entries.has(fromPath) ? fromPath : null;
    return this.byUnit.get(unitKey(ref.unit))?.[0] ?? null;
  }

  /** Where `unit#O1.KR2`, a relative path or a Markdown link points, from outlines only; null when any part does not exist. */
  locate(ref: OutlineReference, fromPath: string): Located | null {
    const path = this.resolveUnit(ref, fromPath);
    if (path === null) return null;
    const outline = this.outline(path)!;
    if (ref.objective === null) return { path, outline, objective: -1, kr: -1 };
    const objective = indexOfId(outline.objectives, ref.objective);
    if (objective < 0) return null;
    if (ref.kr === null) return { path, outline, objective, kr: -1 };
    const kr = indexOfId(outline.objectives[objective].krs, ref.kr);
    return kr < 0 ? null : { path, outline, objective, kr };
  }

  /** Resolves a reference to the full models it points at; null when any part does not exist. */
  resolve(ref: OutlineReference, fromPath: string): Resolved | null {
    const located = this.locate(ref, fromPath);
    if (!located) return null;
    const doc = this.get(located.path)!;
    const objective = located.objective < 0 ? null : doc.objectives[located.objective];
    return { path: located.path, doc, objective, kr: objective && located.kr >= 0 ? objective.krs[located.kr] : null };
  }

  /** The path of the document's parent unit, or null. */
  parentOf(path: string): string | null {
    const outline = this.outline(path);
    if (!outline?.parent) return null;
    const parent = this.resolveUnit(outline.parent, path);
    return parent === path ? null : parent;
  }

  /** The paths of the documents whose `parent` is `unitId`. */
  childrenOf(unitId: string): readonly string[] {
    return this.index().children.get(unitKey(unitId)) ?? [];
  }

  /**
   * The objectives (of any file) whose `Aligns` points at `unitId#objectiveId.krId`. Without `krId`, those
   * aligning to the objective itself or to any of its KRs.
   */
  alignedTo(unitId: string, objectiveId: string, krId?: string): readonly AlignedObjective[] {
    const base = `${unitKey(unitId)}#${objectiveId.toUpperCase()}`;
    const index = this.index();
    // Not copied: the cascade asks this for every KR of every unit (a tree of 10,000 files asks it 200,000 times).
    return (krId !== undefined ? index.aligned.get(`${base}.${krId.toUpperCase()}`) : index.under.get(base)) ?? NONE_ALIGNED;
  }

  private changed(): void {
    this.cross = null;
    this.crossVersion++;
  }

  private unindex(path: string, outline: Outline): void {
    const key = unitKey(outline.unitId);
    const list = (this.byUnit.get(key) ?? []).filter((p) => p !== path);
    if (list.length) this.byUnit.set(key, list);
    else this.byUnit.delete(key);
  }

  private index(): CrossIndex {
    if (this.cross) return this.cross;
    const children = new Map<string, string[]>();
    const aligned = new Map<string, AlignedObjective[]>();
    const under = new Map<string, AlignedObjective[]>();
    const add = (map: Map<string, AlignedObjective[]>, key: string, entry: AlignedObjective) => {
      const list = map.get(key) ?? [];
      if (!list.some((x) => x.path === entry.path && x.objective === entry.objective)) list.push(entry);
      map.set(key, list);
    };
    for (const path of this.paths()) {
      const outline = this.outline(path)!;
      const parent = this.parentOf(path);
      if (parent) {
        const key = unitKey(this.outline(parent)!.unitId);
        const list = children.get(key);
        if (list) list.push(path);
        else children.set(key, [path]);
      }
      outline.objectives.forEach((objective, o) => {
        for (const ref of objective.aligns) {
          const target = this.locate(ref, path);
          if (!target || target.objective < 0) continue;
          const targetObjective = target.outline.objectives[target.objective];
          const base = `${unitKey(target.outline.unitId)}#${targetObjective.id.toUpperCase()}`;
          const entry = { path, objective: o };
          add(aligned, target.kr >= 0 ? `${base}.${targetObjective.krs[target.kr].id.toUpperCase()}` : base, entry);
          add(under, base, entry);
        }
      });
    }
    this.cross = { children, aligned, under };
    return this.cross;
  }
}

function indexOfId(items: readonly { id: string }[], id: string): number {
  const wanted = id.toLowerCase();
  return items.findIndex((item) => item.id.toLowerCase() === wanted);
}

/** A reference in its normal form `unit#O1.KR2`, resolving paths to unit ids when possible. */
export function normaliseReference(workspace: OkrWorkspace, ref: OutlineReference, fromPath: string): string {
  const path = workspace.resolveUnit(ref, fromPath);
  const unit = path ? workspace.outline(path)!.unitId : ref.unit ?? workspace.outline(fromPath)?.unitId ?? '';
  const fragment = ref.objective ? `#${ref.objective}${ref.kr ? `.${ref.kr}` : ''}` : '';
  return `${unit}${fragment}`;
}
