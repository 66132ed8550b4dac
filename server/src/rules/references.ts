// Walking a document's references (objective `Aligns:`, KR `aligns:` items) for the alignment rules.
import type { KeyResult, Objective, OkrDocument, Reference } from '../core/model';
import type { Outline } from '../core/outline';
import type { OkrWorkspace, Resolved } from '../core/workspace';
import type { RuleContext } from './types';

export type { Resolved };

export interface OwnedReference {
  ref: Reference;
  objective: Objective;
  kr: KeyResult | null;
}

/** The references written in these objectives: each one's `Aligns`, then its KRs'. */
export function referencesOf(objectives: Objective[]): OwnedReference[] {
  const out: OwnedReference[] = [];
  for (const objective of objectives) {
    for (const ref of objective.aligns) out.push({ ref, objective, kr: null });
    for (const kr of objective.krs) for (const ref of kr.aligns) out.push({ ref, objective, kr });
  }
  return out;
}

/** A number per workspace object: two workspaces at the same crossVersion are still different states. */
const workspaceSerials = new WeakMap<OkrWorkspace, number>();
let workspaceCount = 0;

/**
 * What resolving a reference depends on besides the reference: this document's ids, every file's outline (through the
 * workspace's cross-file version, which also follows this document's period and references) and where the document
 * is. The alignment rules' findings are kept per section while it stays the same.
 */
export const resolutionState = {
  alsoDependsOn(ctx: RuleContext): string {
    const ws = ctx.workspace;
    let serial = ws && workspaceSerials.get(ws);
    if (ws && serial === undefined) workspaceSerials.set(ws, (serial = ++workspaceCount));
    return `${ctx.idsVersion}\0${ctx.path}\0${ws ? `${serial}:${ws.crossVersion}` : ''}`;
  },
};

/** Resolves through the workspace, or inside the document itself for a same-file reference when there is no workspace. */
export function resolveRef(ctx: RuleContext, ref: Reference): Resolved | null | undefined {
  if (ctx.workspace && ctx.path !== undefined) return ctx.workspace.resolve(ref, ctx.path);
  if (ref.unit !== null && ref.unit !== ctx.doc.unitId) return undefined; // unknown without a workspace
  const objective = ctx.doc.objectives.find((o) => o.id === ref.objective) ?? null;
  const kr = objective?.krs.find((k) => k.id === ref.kr) ?? null;
  if ((ref.objective && !objective) || (ref.kr && !kr)) return null;
  return { path: ctx.path ?? '', doc: ctx.doc, objective, kr };
}

/** The outline of every document in the workspace with its path. */
export function allOutlines(ws: OkrWorkspace): Array<{ path: string; doc: Outline }> {
  return ws.paths().map((path) => ({ path, doc: ws.outline(path)! }));
}

/** Canonical text of a reference: `unit#O1.KR2`. */
export function refKey(unit: string, objective: string | null, kr: string | null): string {
  return `${unit}${objective ? `#${objective}` : ''}${kr ? `.${kr}` : ''}`;
}

/** The documents of one unit, with their paths. */
export function unitDocs(ws: OkrWorkspace, unitId: string): Array<{ path: string; doc: OkrDocument }> {
  return ws.docsForUnit(unitId).flatMap((path) => {
    const doc = ws.get(path);
    return doc ? [{ path, doc }] : [];
  });
}
