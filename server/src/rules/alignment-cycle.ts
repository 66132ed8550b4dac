import type { Report, Rule, RuleContext } from './types';
import { referencesOf, refKey, resolutionState, resolveRef, type Resolved } from './references';

export const alignmentCycle: Rule = {
  meta: {
    id: 'alignment-cycle',
    severity: 'error',
    description: 'Following alignments leads back to the start.',
    fixable: false,
    scope: 'workspace',
    perObjective: resolutionState,
    options: {},
  },
  check: checkAlignmentCycle,
  checkDocument: checkParentChain,
};

/** Bound on the walk, so a huge or pathological workspace stays fast. */
const MAX_NODES = 5000;

function checkAlignmentCycle(ctx: RuleContext, report: Report): void {
  const ws = ctx.workspace;
  if (!ws || ctx.path === undefined) return;
  const self = ctx.doc.unitId;

  // Objective → objective alignments (a KR reference counts as its objective).
  const targetsOf = (r: Resolved): Resolved[] => {
    const objective = r.objective;
    if (!objective) return [];
    const refs = [...objective.aligns, ...objective.krs.flatMap((k) => k.aligns)];
    return refs.map((ref) => ws.resolve(ref, r.path)).filter((x): x is Resolved => !!x && !!x.objective);
  };
  for (const { ref, objective } of referencesOf(ctx.objectives)) {
    const first = resolveRef(ctx, ref);
    if (!first || !first.objective) continue;
    const start = refKey(self, objective.id, null);
    const path = walk(first, (r) => refKey(r.doc.unitId, r.objective?.id ?? null, null), targetsOf, start);
    if (path) report({ message: `Alignment cycle: ${[start, ...path].join(' → ')}. An objective cannot, through others, support itself; remove one of these alignments.`, range: ref.range });
  }
}

/** parent → parent chains. */
function checkParentChain(ctx: RuleContext, report: Report): void {
  const ws = ctx.workspace;
  if (!ws || ctx.path === undefined) return;
  const self = ctx.doc.unitId;
  const parent = ctx.doc.parent;
  if (parent) {
    const first = resolveRef(ctx, parent);
    if (first) {
      const parentsOf = (r: Resolved): Resolved[] => {
        const p = r.doc.parent;
        const next = p ? ws.resolve(p, r.path) : null;
        return next ? [next] : [];
      };
      const path = walk(first, (r) => r.doc.unitId, parentsOf, self);
      if (path) report({ message: `The parent chain loops: ${[self, ...path].join(' → ')}. A unit cannot be its own ancestor; fix one of these parent entries.`, range: parent.range });
    }
  }
}

/** Depth-first search for a path from `first` back to `start`; returns the path (ending at start) or null. */
function walk(first: Resolved, key: (r: Resolved) => string, next: (r: Resolved) => Resolved[], start: string): string[] | null {
  const seen = new Set<string>();
  const stack: Array<{ node: Resolved; path: string[] }> = [{ node: first, path: [key(first)] }];
  while (stack.length && seen.size < MAX_NODES) {
    const { node, path } = stack.pop()!;
    const k = key(node);
    if (k === start) return path;
    if (seen.has(k)) continue;
    seen.add(k);
    for (const n of next(node)) stack.push({ node: n, path: [...path, key(n)] });
  }
  return null;
}
