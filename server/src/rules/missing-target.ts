import type { Report, Rule, RuleContext } from './types';
import { verdictOf } from './kr-verdict';

export const missingTarget: Rule = {
  meta: {
    id: 'missing-target',
    severity: 'warning',
    description: 'The KR has a starting value but no target.',
    fixable: false,
    scope: 'file',
    perObjective: true,
    options: {},
  },
  check: checkMissingTarget,
};

function checkMissingTarget(ctx: RuleContext, report: Report): void {
  for (const objective of ctx.objectives) {
    for (const kr of objective.krs) {
      const m = kr.metric;
      if (kr.kind === 'milestone' || verdictOf(kr).output || !m.baseline || m.target || m.change || m.factor) continue;
      report({
        message: `The KR starts at ${m.baseline.raw} but not where it should end. Add the target, e.g. 'from ${m.baseline.raw} to …'.`,
        range: kr.textRange,
      });
    }
  }
}
