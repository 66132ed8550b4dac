// Folding: front matter, objective sections, and KRs with nested data.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { FeatureContext } from './context';

export function foldingRanges(ctx: FeatureContext, uri: string): FoldingRange[] {
  const snap = ctx.snapshot(uri);
  if (!snap) return [];
  const out: FoldingRange[] = [];
  const add = (start: number, end: number, kind?: FoldingRangeKind) => {
    if (end > start) out.push(kind ? { startLine: start, endLine: end, kind } : { startLine: start, endLine: end });
  };
  const fm = snap.doc.frontMatter;
  if (fm) add(fm.range.start.line, fm.range.end.line, FoldingRangeKind.Region);
  for (const o of snap.doc.objectives) {
    // Keep the blank line before the next heading visible: end the fold at the last non-empty line of the section.
    const lastKr = o.krs[o.krs.length - 1];
    add(o.range.start.line, Math.max(o.range.end.line - (o.range.end.character === 0 ? 1 : 0), lastKr?.range.end.line ?? 0));
    for (const kr of o.krs) add(kr.range.start.line, kr.range.end.line - (kr.range.end.character === 0 ? 1 : 0));
  }
  return out;
}
