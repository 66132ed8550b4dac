import type { Rule, RuleContext, Report } from './types';
import { CHANGE_VERBS } from './classify';
import { verdictOf } from './kr-verdict';

export const krNotMeasurable: Rule = {
  meta: {
    id: 'kr-not-measurable',
    severity: 'warning',
    description: 'The KR has no number or measurable target at all.',
    fixable: false,
    scope: 'file',
    perObjective: true,
    options: {},
  },
  check: checkKrNotMeasurable,
};

function checkKrNotMeasurable(ctx: RuleContext, report: Report): void {
  for (const objective of ctx.objectives) {
    for (const kr of objective.krs) {
      if (!verdictOf(kr).notMeasurable) continue;
      const { verb, tokens } = verdictOf(kr).analysis;
      const first = tokens.find((t) => t.kind === 'word');
      const how = verb && CHANGE_VERBS.has(verb) && first ? `'${first.text}' by how much, measured how?` : 'What number would show it happened?';
      report({
        message: `This KR has no number, so nobody can tell at the end of the period whether it was met. ${how} Name the metric and a target, e.g. 'Increase … from … to …'.`,
        range: kr.textRange,
      });
    }
  }
}
