// The index of parsed documents: by path and by unit id, with reference resolution, the parent/children
// relation and who aligns to what. Pure: paths are plain strings (file paths or URIs, `/`-separated).
// Updating one document is O(1); the cross-file indexes are rebuilt lazily from the compact models
// (no re-parsing) the first time they are asked for after a change that other files can see. A change
// they cannot see (a keystroke in a KR's text) keeps them and only points their entries at the new model.

import type { KeyResult, Objective, OkrDocument, Reference } from './model';

export interface Resolved {
  path: string;
  doc: OkrDocument;
  objective: Objective | null;
  kr: KeyResult | null;
}

export interface AlignedObjective {
  path: string;
  doc: OkrDocument;
  objective: Objective;
  /** The reference that points here. */
  ref: Reference;
}

interface CrossIndex {
  /** lower-case parent unit id → child documents */
  children: Map<string, string[]>;
  /** `unit#O1` and `unit#O1.KR2` (unit lower-case) → objectives aligning exactly there */
  aligned: Map<string, AlignedObjective[]>;
  /** `unit#O1` → objectives aligning to O1 or to one of its KRs */
  under: Map<string, AlignedObjective[]>;
  /** path → its entries in `aligned`/`under`, with the objective's and the reference's positions in the model */
  entriesOf: Map<string, Array<{ entry: AlignedObjective; objective: number; ref: number }>>;
}

const sameRefs = (a: Reference[], b: Reference[]) => a.length === b.length && a.every((r, i) => r.raw === b[i].raw);

/**
 * True when nothing other files can see differs between two models of one file: unit id, period, parent,
 * objective and KR ids and references. Compared in place (no allocation): it runs on every keystroke.
 */
export function sameCrossFile(a: OkrDocument, b: OkrDocument): boolean {
  if (a.unitId !== b.unitId || a.period?.raw !== b.period?.raw || a.parent?.raw !== b.parent?.raw) return false;
  if (a.objectives.length !== b.objectives.length) return false;
  return a.objectives.every((o, i) => {
    const p = b.objectives[i];
    return o.id === p.id && sameRefs(o.aligns, p.aligns) && o.krs.length === p.krs.length && o.krs.every((kr, j) => kr.id === p.krs[j].id && sameRefs(kr.aligns, p.krs[j].aligns));
  });
}

const unitKey = (id: string) => id.toLowerCase();

const NONE_ALIGNED: readonly AlignedObjective[] = Object.freeze([]);

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
  private docs = new Map<string, OkrDocument>();
  private byUnit = new Map<string, string[]>();
  private cross: CrossIndex | null = null;
  /** Bumped on every change: lets callers drop results computed from an older state. */
  version = 0;
  /** Bumped only when something other files can see changed (see sameCrossFile): ids, references, periods, paths. */
  crossVersion = 0;

  set(path: string, doc: OkrDocument): void {
    const old = this.docs.get(path);
    if (old && sameCrossFile(old, doc)) {
      this.docs.set(path, doc);
      // Same ids and references in the same places: the cross index stays valid once its entries hold the new model.
      for (const { entry, objective, ref } of this.cross?.entriesOf.get(path) ?? []) {
        entry.doc = doc;
        entry.objective = doc.objectives[objective];
        entry.ref = entry.objective.aligns[ref];
      }
      this.version++;
      return;
    }
    if (old) this.unindex(path, old);
    this.docs.set(path, doc);
    const key = unitKey(doc.unitId);
    const list = this.byUnit.get(key) ?? [];
    list.push(path);
    list.sort();
    this.byUnit.set(key, list);
    this.changed();
  }

  delete(path: string): boolean {
    const old = this.docs.get(path);
    if (!old) return false;
    this.unindex(path, old);
    this.docs.delete(path);
    this.changed();
    return true;
  }

  get(path: string): OkrDocument | undefined {
    return this.docs.get(path);
  }

  /** Every path, sorted. */
  paths(): string[] {
    return [...this.docs.keys()].sort();
  }

  /** Paths of the documents whose unit id is `unitId` (case-insensitive); more than one is a duplicate id. */
  docsForUnit(unitId: string): string[] {
    return [...(this.byUnit.get(unitKey(unitId)) ?? [])];
  }

  /** Every unit id known, as written in the first file that declares it. */
  unitIds(): string[] {
    return [...this.byUnit.values()].map((paths) => this.docs.get(paths[0])!.unitId).sort();
  }

  /** The document a reference's unit part points to, seen from `fromPath`. */
  resolveUnit(ref: Reference, fromPath: string): string | null {
    if (ref.path) {
      let target = joinPath(dirOf(fromPath), ref.path);
      // Keys written with Windows separators are looked up with them.
      if (fromPath.includes('\\') && !fromPath.includes('/')) target = target.replace(/\//g, '\\');
      for (const candidate of [target, `${target}.okr.md`]) if (this.docs.has(candidate)) return candidate;
      return null;
    }
    if (ref.unit === null) return this.docs.has(fromPath) ? fromPath : null;
    return this.byUnit.get(unitKey(ref.unit))?.[0] ?? null;
  }

  /** Resolves `unit#O1.KR2`, a relative path or a Markdown link; null when any part does not exist. */
  resolve(ref: Reference, fromPath: string): Resolved | null {
    const path = this.resolveUnit(ref, fromPath);
    if (path === null) return null;
    const doc = this.docs.get(path)!;
    if (ref.objective === null) return { path, doc, objective: null, kr: null };
    const objective = doc.objectives.find((o) => o.id.toLowerCase() === ref.objective!.toLowerCase()) ?? null;
    if (!objective) return null;
    if (ref.kr === null) return { path, doc, objective, kr: null };
    const kr = objective.krs.find((k) => k.id.toLowerCase() === ref.kr!.toLowerCase()) ?? null;
    return kr ? { path, doc, objective, kr } : null;
  }

  /** The path of the document's parent unit, or null. */
  parentOf(path: string): string | null {
    const doc = this.docs.get(path);
    if (!doc?.parent) return null;
    const parent = this.resolveUnit(doc.parent, path);
    return parent === path ? null : parent;
  }

  /** The documents whose `parent` is `unitId`. */
  childrenOf(unitId: string): Array<{ path: string; doc: OkrDocument }> {
    return (this.index().children.get(unitKey(unitId)) ?? []).map((path) => ({ path, doc: this.docs.get(path)! }));
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
    this.version++;
    this.crossVersion++;
  }

  private unindex(path: string, doc: OkrDocument): void {
    const key = unitKey(doc.unitId);
    const list = (this.byUnit.get(key) ?? []).filter((p) => p !== path);
    if (list.length) this.byUnit.set(key, list);
    else this.byUnit.delete(key);
  }

  private index(): CrossIndex {
    if (this.cross) return this.cross;
    const children = new Map<string, string[]>();
    const aligned = new Map<string, AlignedObjective[]>();
    const under = new Map<string, AlignedObjective[]>();
    const entriesOf = new Map<string, Array<{ entry: AlignedObjective; objective: number; ref: number }>>();
    const add = (map: Map<string, AlignedObjective[]>, key: string, entry: AlignedObjective) => {
      const list = map.get(key) ?? [];
      if (!list.some((x) => x.objective === entry.objective)) list.push(entry);
      map.set(key, list);
    };
    for (const path of this.paths()) {
      const doc = this.docs.get(path)!;
      const parent = this.parentOf(path);
      if (parent) {
        const key = unitKey(this.docs.get(parent)!.unitId);
        const list = children.get(key);
        if (list) list.push(path);
        else children.set(key, [path]);
      }
      doc.objectives.forEach((objective, o) => {
        objective.aligns.forEach((ref, r) => {
          const target = this.resolve(ref, path);
          if (!target?.objective) return;
          const base = `${unitKey(target.doc.unitId)}#${target.objective.id.toUpperCase()}`;
          const entry = { path, doc, objective, ref };
          add(aligned, target.kr ? `${base}.${target.kr.id.toUpperCase()}` : base, entry);
          add(under, base, entry);
          const own = entriesOf.get(path);
          if (own) own.push({ entry, objective: o, ref: r });
          else entriesOf.set(path, [{ entry, objective: o, ref: r }]);
        });
      });
    }
    this.cross = { children, aligned, under, entriesOf };
    return this.cross;
  }
}

/** A reference in its normal form `unit#O1.KR2`, resolving paths to unit ids when possible. */
export function normaliseReference(workspace: OkrWorkspace, ref: Reference, fromPath: string): string {
  const path = workspace.resolveUnit(ref, fromPath);
  const unit = path ? workspace.get(path)!.unitId : ref.unit ?? workspace.get(fromPath)?.unitId ?? '';
  const fragment = ref.objective ? `#${ref.objective}${ref.kr ? `.${ref.kr}` : ''}` : '';
  return `${unit}${fragment}`;
}
