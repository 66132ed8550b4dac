// Inlay hints: each KR's progress at the end of its first line; code lenses: each objective's progress and
// how many objectives of other units align to it.
import { InlayHintKind, type CodeLens, type InlayHint } from 'vscode-languageserver';
import type { Range, TreeUnit } from '../core/model';
import type { FeatureContext, Snapshot } from './context';
import { progressText, unitTree } from './progress';

function overlaps(a: Range, b: Range): boolean {
  return !(a.end.line < b.start.line || a.start.line > b.end.line);
}

/** The document's model with its progress, or null. */
function withProgress(ctx: FeatureContext, uri: string): { snap: Snapshot; tree: TreeUnit } | null {
  const snap = ctx.snapshot(uri);
  const tree = snap ? unitTree(ctx.index.workspace, snap.path) : null;
  return snap && tree ? { snap, tree } : null;
}

export function inlayHints(ctx: FeatureContext, uri: string, range: Range): InlayHint[] {
  const found = withProgress(ctx, uri);
  if (!found) return [];
  const { snap, tree } = found;
  const hints: InlayHint[] = [];
  snap.doc.objectives.forEach((o, i) => {
    if (!overlaps(o.range, range)) return;
    o.krs.forEach((kr, j) => {
      const t = tree.objectives[i]?.krs[j];
      if (!t || !overlaps(kr.lineRange, range)) return;
      hints.push({
        position: kr.lineRange.end,
        label: progressText(t.progress, t.band),
        kind: InlayHintKind.Type,
        paddingLeft: true,
        tooltip: t.rolledUp ? 'Progress rolled up from the objectives aligned to this KR' : 'Progress of this key result',
      });
    });
  });
  return hints;
}

export function codeLenses(ctx: FeatureContext, uri: string): CodeLens[] {
  const found = withProgress(ctx, uri);
  if (!found) return [];
  const { snap, tree } = found;
  const lenses: CodeLens[] = [];
  snap.doc.objectives.forEach((o, i) => {
    const t = tree.objectives[i];
    if (!t) return;
    const range = o.headingRange;
    // Lenses without a command id are labels: every client shows them, none runs anything.
    lenses.push({ range, command: { title: `Progress ${progressText(t.progress, t.band)}`, command: '' } });
    const n = t.alignedChildren;
    lenses.push({ range, command: { title: n === 1 ? '1 aligned objective' : `${n} aligned objectives`, command: '' } });
  });
  return lenses;
}
