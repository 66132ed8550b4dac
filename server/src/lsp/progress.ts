// Progress as the views show it (with the cascade roll-up): one unit's slice of buildTree, so the outline,
// hovers, inlay hints and code lenses always agree with the tree view and `okr tree`.
import { buildTree } from '../core/cascade';
import type { Band, TreeUnit } from '../core/model';
import type { OkrWorkspace } from '../core/workspace';
import { bandLabel, formatPercent } from '../render/format';

export function unitTree(workspace: OkrWorkspace, path: string): TreeUnit | null {
  return buildTree(workspace, { paths: [path] }).units[0] ?? null;
}

/** `62% · at risk`, or `not started`. */
export function progressText(progress: number | null, band: Band): string {
  const text = bandLabel(band).toLowerCase();
  return progress === null ? text : `${formatPercent(progress)} · ${text}`;
}
