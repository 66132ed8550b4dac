// Document links: every reference that resolves becomes a link to the line it names.
import type { DocumentLink } from 'vscode-languageserver';
import type { FeatureContext } from './context';
import { referencesIn } from '../core/outline';
import { declaration } from './navigation';

export function documentLinks(ctx: FeatureContext, uri: string): DocumentLink[] {
  const snap = ctx.snapshot(uri);
  if (!snap) return [];
  const links: DocumentLink[] = [];
  for (const ref of referencesIn(snap.doc)) {
    const target = ctx.index.workspace.resolve(ref, snap.path);
    if (!target) continue;
    // `#L<n>` is the fragment editors understand as "open at line n" (1-based).
    const line = declaration(target).start.line + 1;
    const name = target.kr ? `${target.doc.unitId}#${target.objective!.id}.${target.kr.id}` : target.objective ? `${target.doc.unitId}#${target.objective.id}` : target.doc.unitId;
    links.push({ range: ref.range, target: `${ctx.uriFor(target.path)}#L${line}`, tooltip: `Open ${name}` });
  }
  return links;
}
