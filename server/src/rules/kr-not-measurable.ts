import type { Rule, RuleContext, Report } from './types';
import { verdictOf } from './kr-verdict';

export const krNotMeasurable: Rule = {
  meta: {
    id: 'kr-not-measurable',
    severity: 'warning',
    description: 'The KR has no number or measurable target at all.',
    fixable: false,
    scope: 'file',
    options: {},
  },
  check: checkKrNotMeasurable,
};

function checkKrNotMeasurable(ctx: RuleContext, report: Report): void {
  for (const objective of ctx.doc.objectives) {
    for (const kr of objective.krs) {
      if (!verdictOf(kr).notMeasurable) continue;
      const verb = verdictOf(kr).analysis.verb;
      const how = verb ? `'${kr.text.trim().split(/\s+/)[0]}' by how much, measured how?` : 'How will you know it happened?';
      report({
        message: `This KR has no number, so nobody can tell at the end of the period whether it was met. ${how} Name the metric and a target, e.g. 'Increase … from … to …'.`,
        range: kr.textRange,
      });
    }
  }
}
