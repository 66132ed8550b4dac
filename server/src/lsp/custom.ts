// `okr/tree` and `okr/preview` (see protocol.ts and docs/protocol.md).
import { buildTree } from '../core/cascade';
import type { TreeJson } from '../core/model';
import { scorePeriodEdits, startNextPeriodEdits } from '../core/periods';
import type { FeatureContext } from './context';
import { localToday } from './lint';
import type { PeriodEditsParams, PeriodEditsResult, PreviewResult, TreeParams } from './protocol';

export function tree(ctx: FeatureContext, params: TreeParams): TreeJson {
  const ws = ctx.index.workspace;
  if (params?.scope === 'file') {
    const snap = params.uri ? ctx.snapshot(params.uri) : null;
    return snap ? buildTree(ws, { paths: [snap.path] }) : { units: [] };
  }
  return buildTree(ws);
}

/** The document's unit with every unit above it (parents) and below it (descendants). */
export function preview(ctx: FeatureContext, uri: string): PreviewResult | null {
  const snap = ctx.snapshot(uri);
  if (!snap) return null;
  const ws = ctx.index.workspace;
  const chain = new Set<string>([snap.path]);
  for (let up = ws.parentOf(snap.path); up && !chain.has(up); up = ws.parentOf(up)) chain.add(up);
  const queue = [snap.path];
  while (queue.length) {
    const outline = ws.outline(queue.shift()!);
    if (!outline) continue;
    for (const child of ws.childrenOf(outline.unitId)) {
      if (chain.has(child)) continue;
      chain.add(child);
      queue.push(child);
    }
  }
  return { focus: snap.doc.unitId, tree: buildTree(ws, { paths: [...chain] }) };
}

/** `okr/periodEdits` for an open document whose current text is `text`. */
export function periodEdits(ctx: FeatureContext, params: PeriodEditsParams, text: string | undefined): PeriodEditsResult | null {
  const snap = params?.uri ? ctx.snapshot(params.uri) : null;
  if (!snap || text === undefined) return null;
  if (params.action === 'startNextPeriod') return startNextPeriodEdits(snap.doc, text);
  const today = typeof params.today === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(params.today) ? params.today : localToday();
  return { edits: scorePeriodEdits(snap.doc, text, today), period: null };
}
