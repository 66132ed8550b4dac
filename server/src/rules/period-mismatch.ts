import type { Report, Rule, RuleContext } from './types';
import { referencesOf, resolutionState, resolveRef } from './references';

export const periodMismatch: Rule = {
  meta: {
    id: 'period-mismatch',
    severity: 'warning',
    description: 'An objective aligns to an OKR of a different period.',
    fixable: false,
    scope: 'workspace',
    perObjective: resolutionState,
    options: {},
  },
  check: checkPeriodMismatch,
};

function checkPeriodMismatch(ctx: RuleContext, report: Report): void {
  const own = ctx.doc.period;
  if (!own || !ctx.workspace) return;
  for (const { ref, objective } of referencesOf(ctx.objectives)) {
    const target = resolveRef(ctx, ref);
    const theirs = target?.doc.period;
    if (!target || !theirs || target.doc === ctx.doc) continue;
    // A quarter inside the company's year is fine; only periods that do not contain ours are a mismatch.
    if (own.start >= theirs.start && own.end <= theirs.end) continue;
    report({
      message: `${objective.id} (${own.raw}) aligns to ${target.doc.unitId} for ${theirs.raw}. Align to the OKRs of the period you are working in, or update the reference to the current file.`,
      range: ref.range,
    });
  }
}
