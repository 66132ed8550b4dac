import type { KeyResult, Quantity } from '../core/model';
import type { Fix, Report, Rule, RuleContext } from './types';
import { verdictOf } from './kr-verdict';
import { insertAt, pos } from './util';

export const missingBaseline: Rule = {
  meta: {
    id: 'missing-baseline',
    severity: 'warning',
    description: 'The KR has a target but no starting value.',
    fixable: true,
    scope: 'file',
    perObjective: true,
    options: {},
  },
  check: checkMissingBaseline,
};

function checkMissingBaseline(ctx: RuleContext, report: Report): void {
  for (const objective of ctx.objectives) {
    for (const kr of objective.krs) {
      if (!verdictOf(kr).missingBaseline) continue;
      const first = firstCheckInValue(kr);
      const hint = first ? ` The first check-in says ${first.raw}; if that was the start, use it as the baseline.` : '';
      report({
        message: `The target has no starting value, so progress cannot be measured and the ambition cannot be judged. State where the metric stands today, e.g. 'from 40% to 55%'.${hint}`,
        range: kr.textRange,
        fixes: [baselineFix(ctx, kr, first)],
      });
    }
  }
}

function firstCheckInValue(kr: KeyResult): Quantity | null {
  const dated = kr.checkins.filter((c) => c.value).sort((a, b) => a.date.localeCompare(b.date));
  return dated[0]?.value ?? null;
}

/** Inserts `from <baseline>` where the KR's form reads naturally: before `to`, `by`, or a threshold, or after a multiplier. */
function baselineFix(ctx: RuleContext, kr: KeyResult, first: Quantity | null): Fix {
  const value = first ? first.raw.trim() : '${1:baseline}';
  const m = kr.metric;
  const anchor = m.target ?? m.change;
  const line = kr.textRange.start.line;
  const lineText = ctx.lines[line] ?? '';
  let edit = insertAt(kr.textRange.end, ` (from ${value})`);
  if (anchor && anchor.range.start.line === line) {
    const before = lineText.slice(0, anchor.range.start.character);
    const kw = /(\bto|\bby|\bbelow|\bunder|\babove|\bover|\bat (?:least|most)|\bless than|\bmore than|[≥≤<>])\s*$/i.exec(before);
    if (kw) {
      const isThreshold = !/^(to|by)$/i.test(kw[1]);
      edit = insertAt(pos(line, kw.index), `from ${value} ${isThreshold ? 'to ' : ''}`);
    }
  } else if (m.form === 'multiplier') {
    edit = insertAt(kr.textRange.end, ` from ${value}`);
  }
  return {
    title: first ? `Use the first check-in (${value}) as the baseline` : 'Insert a baseline',
    edits: [edit],
    safe: !!first,
    snippet: !first,
  };
}
