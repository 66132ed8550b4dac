// Turns the server's cascade (`okr/tree`) into the nodes of the Progress view: units nested by
// `parent`, then objectives, then key results. Pure functions over plain data (no vscode import),
// so filtering and nesting are easy to reason about.
import type { Band, TreeJson, TreeKr, TreeObjective, TreeUnit } from '../../../server/src/core/model';

export type ProgressNode =
  | { kind: 'unit'; id: string; unit: TreeUnit; children: ProgressNode[] }
  | { kind: 'objective'; id: string; unit: TreeUnit; objective: TreeObjective; children: ProgressNode[] }
  | { kind: 'kr'; id: string; unit: TreeUnit; objective: TreeObjective; kr: TreeKr; children: ProgressNode[] };

export interface TreeFilter {
  /** Only units of this period (`2026-Q4`). */
  period?: string;
  /** Only units, objectives or KRs owned by this owner, or the unit with this id (team). */
  owner?: string;
  /** Only key results at risk or off track (and what contains them). */
  atRiskOnly?: boolean;
}

const RISKY: Band[] = ['at-risk', 'off-track'];

function ownedBy(owner: string | null | undefined, wanted: string): boolean {
  return !!owner && owner.toLowerCase() === wanted.toLowerCase();
}

/**
 * Ids that stay the same across refreshes (so VS Code keeps expansion and selection) and stay unique
 * when a file repeats an id (a mistake the linter reports): the second `O3` becomes `O3~2`.
 */
function uniqueIds<T extends { id: string }>(items: T[]): string[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const n = (seen.get(item.id) ?? 0) + 1;
    seen.set(item.id, n);
    return n === 1 ? item.id : `${item.id}~${n}`;
  });
}

function krNodes(unit: TreeUnit, objective: TreeObjective, objectiveId: string, filter: TreeFilter, unitMatches: boolean, objectiveMatches: boolean): ProgressNode[] {
  const ids = uniqueIds(objective.krs);
  const shown = (kr: TreeKr) =>
    (!filter.atRiskOnly || RISKY.includes(kr.band)) && (!filter.owner || unitMatches || objectiveMatches || ownedBy(kr.owner, filter.owner));
  return objective.krs.flatMap((kr, i): ProgressNode[] =>
    shown(kr) ? [{ kind: 'kr', id: `kr:${unit.file}#${objectiveId}.${ids[i]}`, unit, objective, kr, children: [] }] : [],
  );
}

function objectiveNodes(unit: TreeUnit, filter: TreeFilter): ProgressNode[] {
  const unitMatches = !!filter.owner && (ownedBy(unit.owner, filter.owner) || ownedBy(unit.id, filter.owner));
  const nodes: ProgressNode[] = [];
  const ids = uniqueIds(unit.objectives);
  unit.objectives.forEach((objective, i) => {
    const objectiveMatches = !!filter.owner && ownedBy(objective.owner, filter.owner);
    const children = krNodes(unit, objective, ids[i], filter, unitMatches, objectiveMatches);
    const keep = filter.atRiskOnly || (filter.owner && !unitMatches && !objectiveMatches) ? children.length > 0 : true;
    if (keep) nodes.push({ kind: 'objective', id: `objective:${unit.file}#${ids[i]}`, unit, objective, children });
  });
  return nodes;
}

/**
 * Units nested by cascade: a unit appears under its parent when the parent is in the tree, else at
 * the top. A unit filtered out still shows when one of its descendants matches, so the cascade
 * path stays readable. Cycles are cut: a unit is shown once.
 */
export function buildNodes(tree: TreeJson, filter: TreeFilter = {}): ProgressNode[] {
  const byId = new Map<string, TreeUnit[]>();
  for (const unit of tree.units) byId.set(unit.id, [...(byId.get(unit.id) ?? []), unit]);
  const known = new Set(tree.units.map((unit) => unit.id));
  const placed = new Set<TreeUnit>();

  const unitNode = (unit: TreeUnit): ProgressNode | null => {
    if (placed.has(unit)) return null;
    placed.add(unit);
    const below = unit.children.flatMap((id) => byId.get(id) ?? []).map(unitNode).filter((node): node is ProgressNode => node !== null);
    const periodMatches = !filter.period || unit.period === filter.period;
    const own = periodMatches ? objectiveNodes(unit, filter) : [];
    const filtering = !!(filter.period || filter.owner || filter.atRiskOnly);
    if (filtering && own.length === 0 && below.length === 0) return null;
    return { kind: 'unit', id: `unit:${unit.file}`, unit, children: [...own, ...below] };
  };

  const roots = tree.units.filter((unit) => !unit.parent || !known.has(unit.parent));
  const nodes = roots.map(unitNode);
  // Units only reachable through a cycle have no root: show them at the top level.
  for (const unit of tree.units) if (!placed.has(unit)) nodes.push(unitNode(unit));
  return nodes.filter((node): node is ProgressNode => node !== null);
}

export function progressOf(node: ProgressNode): number | null {
  return node.kind === 'unit' ? node.unit.progress : node.kind === 'objective' ? node.objective.progress : node.kr.progress;
}

export function bandOfNode(node: ProgressNode): Band {
  return node.kind === 'unit' ? node.unit.band : node.kind === 'objective' ? node.objective.band : node.kr.band;
}

/** Distinct periods and owners/teams in the tree, for the filter pickers. */
export function filterChoices(tree: TreeJson): { periods: string[]; owners: string[] } {
  const periods = new Set<string>();
  const owners = new Set<string>();
  for (const unit of tree.units) {
    if (unit.period) periods.add(unit.period);
    owners.add(unit.id);
    if (unit.owner) owners.add(unit.owner);
    for (const objective of unit.objectives) {
      if (objective.owner) owners.add(objective.owner);
      for (const kr of objective.krs) if (kr.owner) owners.add(kr.owner);
    }
  }
  return { periods: [...periods].sort(), owners: [...owners].sort((a, b) => a.localeCompare(b)) };
}
