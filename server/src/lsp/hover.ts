// Hovers: a KR's numbers and recent check-ins, an objective's progress, a reference's target, and the
// explanation of any finding under the cursor.
import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { Position, TreeKr, TreeObjective } from '../core/model';
import { rules, ruleDocsUrl } from '../rules/index';
import type { Finding } from '../rules/types';
import type { FeatureContext } from './context';
import { contains, krAt, referenceAt } from './locate';
import { formatPercent } from '../render/format';
import { progressText, unitTree } from './progress';

/** Markdown-escapes text from the file so it shows literally. */
function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

function value(n: number | null, unit: string | null): string {
  if (n === null) return '?';
  const u = unit ?? '';
  const shown = n.toLocaleString('en-US', { maximumFractionDigits: 6 });
  return /^[$€£¥]$/.test(u) ? `${u}${shown}` : u === '%' || u === '/5' ? `${shown}${u}` : u ? `${shown} ${u}` : shown;
}

function krLines(kr: TreeKr): string[] {
  const lines = [`**${md(kr.id)}** ${md(kr.text)}`, ''];
  if (kr.kind === 'metric') lines.push(`${value(kr.baseline, kr.unit)} → **${value(kr.current, kr.unit)}** → ${value(kr.target, kr.unit)}`, '');
  else lines.push(kr.progress === 1 ? 'Milestone: done' : 'Milestone: not done yet', '');
  const facts = [`Progress: ${progressText(kr.progress, kr.band)}${kr.rolledUp ? ' (rolled up from aligned objectives)' : ''}`];
  if (kr.confidence !== null) facts.push(`Confidence: ${formatPercent(kr.confidence)}`);
  if (kr.owner) facts.push(`Owner: ${md(kr.owner)}`);
  if (kr.alignedChildren) facts.push(`Aligned objectives: ${kr.alignedChildren}`);
  lines.push(facts.join(' · '));
  const recent = kr.checkins.slice(-3).reverse();
  if (recent.length) {
    lines.push('', 'Last check-ins:');
    for (const c of recent) {
      const extra = [c.confidence !== null ? `confidence ${formatPercent(c.confidence)}` : '', c.note ? md(c.note) : ''].filter(Boolean).join(' — ');
      lines.push(`- ${c.date}: ${value(c.value, kr.unit)}${extra ? ` — ${extra}` : ''}`);
    }
  }
  return lines;
}

function objectiveLines(unit: string, o: TreeObjective): string[] {
  const lines = [`**${md(unit)}#${o.id}** ${md(o.title)}`, '', `Progress: ${progressText(o.progress, o.band)}`];
  if (o.owner) lines.push(`Owner: ${md(o.owner)}`);
  if (o.alignedChildren) lines.push(`Aligned objectives: ${o.alignedChildren}`);
  lines.push('', ...o.krs.map((kr) => `- ${kr.id}: ${md(kr.text)} — ${progressText(kr.progress, kr.band)}`));
  return lines;
}

export function hover(ctx: FeatureContext, uri: string, pos: Position, findings: Finding[]): Hover | null {
  const snap = ctx.snapshot(uri);
  if (!snap) return null;
  const sections: string[][] = [];
  for (const f of findings) {
    if (!contains(f.range, pos)) continue;
    const meta = rules.find((r) => r.meta.id === f.ruleId)?.meta;
    sections.push([`**${f.ruleId}**${meta ? `: ${md(meta.description)}` : ''}`, '', md(f.message), '', `[Rule documentation](${ruleDocsUrl(f.ruleId)})`]);
  }
  const ref = referenceAt(snap.doc, pos);
  if (ref) {
    const resolved = ctx.index.workspace.resolve(ref, snap.path);
    const tree = resolved ? unitTree(ctx.index.workspace, resolved.path) : null;
    if (!resolved || !tree) sections.push([`\`${md(ref.raw)}\` does not resolve to an OKR in this workspace.`]);
    else if (!resolved.objective) sections.push([`**${md(tree.title)}** (${md(tree.id)}${tree.period ? `, ${md(tree.period)}` : ''})`, '', `Progress: ${progressText(tree.progress, tree.band)}`]);
    else {
      const oi = resolved.doc.objectives.indexOf(resolved.objective);
      const o = tree.objectives[oi];
      const ki = resolved.kr ? resolved.objective.krs.indexOf(resolved.kr) : -1;
      if (o) sections.push(ki >= 0 && o.krs[ki] ? [...krLines(o.krs[ki]), '', `In ${md(tree.id)}#${o.id}: ${md(o.title)}`] : objectiveLines(tree.id, o));
    }
  } else {
    const tree = unitTree(ctx.index.workspace, snap.path);
    const hit = krAt(snap.doc, pos);
    const oi = snap.doc.objectives.findIndex((o) => contains(o.headingRange, pos));
    if (hit && tree) {
      const t = tree.objectives[snap.doc.objectives.indexOf(hit.objective)]?.krs[hit.objective.krs.indexOf(hit.kr)];
      if (t) sections.push(krLines(t));
    } else if (oi >= 0 && tree?.objectives[oi]) sections.push(objectiveLines(tree.id, tree.objectives[oi]));
  }
  if (!sections.length) return null;
  return { contents: { kind: MarkupKind.Markdown, value: sections.map((s) => s.join('\n')).join('\n\n---\n\n') } };
}
