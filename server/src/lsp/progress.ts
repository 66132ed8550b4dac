// Progress as the views show it (with the cascade roll-up): one unit's slice of buildTree, so the outline,
// hovers, inlay hints and code lenses always agree with the tree view and `okr tree`.
import { buildTree } from '../core/cascade';
import type { Band, TreeUnit } from '../core/model';
import type { OkrWorkspace } from '../core/workspace';

export function unitTree(workspace: OkrWorkspace, path: string): TreeUnit | null {
  return buildTree(workspace, { paths: [path] }).units[0] ?? null;
}

const BAND_TEXT: Record<Band, string> = {
  'on-track': 'on track',
  'at-risk': 'at risk',
  'off-track': 'off track',
  'not-started': 'not started',
};

export function percent(progress: number | null): string {
  return progress === null ? '—' : `${Math.round(progress * 100)}%`;
}

/** `62% · at risk`, or `not started`. */
export function progressText(progress: number | null, band: Band): string {
  return progress === null ? BAND_TEXT[band] : `${percent(progress)} · ${BAND_TEXT[band]}`;
}
