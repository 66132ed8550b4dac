// Outline (objectives → KRs with progress) and workspace-wide symbol search.
import { DocumentSymbol, SymbolKind, type WorkspaceSymbol } from 'vscode-languageserver';
import type { OkrDocument } from '../core/model';
import type { FeatureContext } from './context';
import { progressText, unitTree } from './progress';

export function documentSymbols(ctx: FeatureContext, uri: string): DocumentSymbol[] {
  const snap = ctx.snapshot(uri);
  if (!snap) return [];
  const tree = unitTree(ctx.index.workspace, snap.path);
  return snap.doc.objectives.map((o, i) => {
    const objective = tree?.objectives[i];
    const krs = o.krs.map((kr, j) => {
      const t = objective?.krs[j];
      return DocumentSymbol.create(`${kr.id}: ${kr.text || '(empty)'}`, t ? progressText(t.progress, t.band) : undefined, SymbolKind.Field, kr.range, kr.lineRange);
    });
    return DocumentSymbol.create(
      `${o.id}: ${o.title || '(untitled)'}`,
      objective ? progressText(objective.progress, objective.band) : undefined,
      SymbolKind.Class,
      o.range,
      o.headingRange,
      krs,
    );
  });
}

/** Case-insensitive subsequence match, the way editors filter symbol lists. */
function matches(query: string, text: string): boolean {
  const q = query.toLowerCase();
  const t = text.toLowerCase();
  let i = 0;
  for (let j = 0; j < t.length && i < q.length; j++) if (t[j] === q[i]) i++;
  return i === q.length;
}

const MAX_WORKSPACE_SYMBOLS = 1000;

export function workspaceSymbols(ctx: FeatureContext, query: string, cancelled: () => boolean): WorkspaceSymbol[] {
  const out: WorkspaceSymbol[] = [];
  const ws = ctx.index.workspace;
  for (const path of ws.paths()) {
    if (cancelled() || out.length >= MAX_WORKSPACE_SYMBOLS) break;
    const unit = ws.outline(path);
    if (!unit) continue;
    // Names come from the outline; the full model (for positions) only of a file with a match.
    let doc: OkrDocument | undefined;
    const model = () => (doc ??= ws.peek(path)!);
    const uri = ctx.uriFor(path);
    unit.objectives.forEach((o, i) => {
      const name = `${unit.unitId}#${o.id}: ${o.title}`;
      if (matches(query, name)) out.push({ name, kind: SymbolKind.Class, containerName: unit.title, location: { uri, range: model().objectives[i].headingRange } });
      o.krs.forEach((kr, j) => {
        const krName = `${unit.unitId}#${o.id}.${kr.id}: ${kr.text}`;
        if (matches(query, krName)) out.push({ name: krName, kind: SymbolKind.Field, containerName: `${unit.unitId}#${o.id}`, location: { uri, range: model().objectives[i].krs[j].lineRange } });
      });
    });
  }
  return out;
}
