// The cascade as plain data (TreeJson): units ordered roots first, depth-first by `parent`, with
// progress rolled up: a KR with no value of its own that child objectives align to takes the mean
// progress of those children.

import type { KeyResult, Objective, OkrDocument, TreeCheckIn, TreeJson, TreeKr, TreeObjective, TreeUnit } from './model';
import { bandOf, baselineValue, currentValue, hasOwnValue, krProgress, latestCheckIn, objectiveProgress, targetValue, unitProgress } from './progress';
import { convertValue } from './values';
import { normaliseReference, type OkrWorkspace } from './workspace';

export interface TreeOptions {
  /** Only these files become units of the tree (progress still rolls up from the whole workspace). */
  paths?: string[];
}

/**
 * Progress of objectives and KRs with the cascade roll-up, memoised for one workspace state. Objectives are known
 * by file and position: the models of closed files are parsed on demand, so the same objective may come back as
 * a new object.
 */
export class CascadeProgress {
  private objectives = new Map<string, number | null>();
  private visiting = new Set<string>();

  constructor(private readonly workspace: OkrWorkspace) {}

  /** The KR's progress; rolled up from aligned child objectives when it has no value of its own. */
  kr(doc: OkrDocument, objective: Objective, kr: KeyResult): { progress: number | null; rolledUp: boolean } {
    if (!hasOwnValue(kr)) {
      const children = this.workspace.alignedTo(doc.unitId, objective.id, kr.id);
      if (children.length > 0) {
        const values = children.map((c) => this.objective(c.path, c.objective));
        const known = values.filter((v): v is number => v !== null);
        // Like objectives: a child not started counts as 0 once any child has progress.
        return { progress: known.length ? known.reduce((a, b) => a + b, 0) / values.length : null, rolledUp: true };
      }
    }
    return { progress: krProgress(kr, doc.scoring), rolledUp: false };
  }

  /** Progress of the objective at `index` in the document at `path` (its model is looked up only when not memoised). */
  objective(path: string, index: number, doc?: OkrDocument): number | null {
    const key = `${index}:${path}`;
    if (this.objectives.has(key)) return this.objectives.get(key)!;
    // An alignment cycle would recurse forever: inside a cycle an objective counts as not started.
    if (this.visiting.has(key)) return null;
    this.visiting.add(key);
    const model = doc ?? this.workspace.get(path)!;
    const objective = model.objectives[index];
    const value = objectiveProgress(objective, model.scoring, (kr) => this.kr(model, objective, kr).progress);
    this.visiting.delete(key);
    this.objectives.set(key, value);
    return value;
  }

  unit(path: string, doc: OkrDocument): number | null {
    return unitProgress(doc, (o) => this.objective(path, doc.objectives.indexOf(o), doc));
  }
}

function number(value: number | null): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  // Whole numbers below 1e12 are already what 12 significant digits give; skip the string round trip (a tree of 10,000 units has ~600,000 numbers).
  // (`|| 0`: -0 comes out as 0, as it does from the round trip.)
  return Number.isInteger(value) && Math.abs(value) < 1e12 ? value || 0 : Number.parseFloat(value.toPrecision(12));
}

function treeKr(workspace: OkrWorkspace, progress: CascadeProgress, doc: OkrDocument, objective: Objective, kr: KeyResult): TreeKr {
  const { progress: p, rolledUp } = progress.kr(doc, objective, kr);
  const unit = kr.metric.unit ?? kr.current?.unit ?? null;
  const latest = latestCheckIn(kr.checkins);
  const confidence = kr.confidence?.valid ? kr.confidence.value : latest?.confidence ?? null;
  const checkins: TreeCheckIn[] = kr.checkins.map((c) => ({
    date: c.date,
    value: c.value ? number(convertValue(c.value, unit) ?? c.value.value) : null,
    confidence: c.confidence,
    note: c.note,
  }));
  return {
    id: kr.id,
    text: kr.text,
    kind: kr.kind,
    baseline: number(baselineValue(kr)),
    target: number(targetValue(kr)),
    current: number(currentValue(kr)),
    unit,
    direction: kr.metric.direction,
    confidence: number(confidence),
    progress: number(p),
    band: bandOf(p),
    owner: kr.owner,
    checkins,
    line: kr.range.start.line,
    alignedChildren: workspace.alignedTo(doc.unitId, objective.id, kr.id).length,
    rolledUp,
  };
}

function treeUnit(workspace: OkrWorkspace, progress: CascadeProgress, path: string, children: string[]): TreeUnit {
  const doc = workspace.peek(path)!;
  const parentPath = workspace.parentOf(path);
  const objectives: TreeObjective[] = doc.objectives.map((objective, index) => {
    const p = progress.objective(path, index, doc);
    return {
      id: objective.id,
      title: objective.title,
      progress: number(p),
      band: bandOf(p),
      aligns: objective.aligns.map((ref) => normaliseReference(workspace, ref, path)),
      owner: objective.owner,
      line: objective.range.start.line,
      alignedChildren: workspace.alignedTo(doc.unitId, objective.id).length,
      krs: objective.krs.map((kr) => treeKr(workspace, progress, doc, objective, kr)),
    };
  });
  const p = progress.unit(path, doc);
  return {
    id: doc.unitId,
    title: doc.title,
    period: doc.period?.raw ?? (doc.frontMatter?.data?.period != null ? String(doc.frontMatter.data.period) : null),
    parent: parentPath ? workspace.outline(parentPath)!.unitId : doc.parent ? doc.parent.unit ?? doc.parent.raw : null,
    file: path,
    owner: doc.owner,
    progress: number(p),
    band: bandOf(p),
    children: children.map((c) => workspace.outline(c)!.unitId),
    objectives,
  };
}

/** The cascade of the workspace (or of `options.paths`), roots first, each followed depth-first by its children. */
export function buildTree(workspace: OkrWorkspace, options: TreeOptions = {}): TreeJson {
  const included = options.paths ? options.paths.filter((p) => workspace.has(p)) : workspace.paths();
  const set = new Set(included);
  const kids = new Map<string, string[]>();
  const roots: string[] = [];
  for (const path of included) {
    const parent = workspace.parentOf(path);
    if (parent && set.has(parent)) kids.set(parent, [...(kids.get(parent) ?? []), path]);
    else roots.push(path);
  }
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (start: string) => {
    const stack = [start];
    while (stack.length) {
      const path = stack.pop()!;
      if (seen.has(path)) continue;
      seen.add(path);
      order.push(path);
      const children = kids.get(path) ?? [];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  };
  roots.forEach(visit);
  // Units in a parent cycle have no root: list them after the rest.
  included.forEach(visit);
  // Built children first: the roll-up of a unit's KRs then finds its children's objectives already computed, so a
  // closed file is parsed once, not once more for its parent.
  const progress = new CascadeProgress(workspace);
  const units: TreeUnit[] = new Array(order.length);
  for (let i = order.length - 1; i >= 0; i--) units[i] = treeUnit(workspace, progress, order[i], kids.get(order[i]) ?? []);
  return { units };
}
