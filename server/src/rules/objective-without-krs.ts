import type { Report, Rule, RuleContext } from './types';

export const objectiveWithoutKrs: Rule = {
  meta: {
    id: 'objective-without-krs',
    severity: 'error',
    description: 'An objective has no KR.',
    fixable: false,
    scope: 'file',
    perObjective: true,
    options: {},
  },
  check: checkObjectiveWithoutKrs,
};

function checkObjectiveWithoutKrs(ctx: RuleContext, report: Report): void {
  for (const objective of ctx.objectives) {
    if (objective.krs.length) continue;
    report({
      message: `${objective.id} has no key results, so nothing says when it is achieved. Add 3–5 list items under the heading, e.g. '- KR1: Increase … from … to …'.`,
      range: objective.headingRange,
    });
  }
}
