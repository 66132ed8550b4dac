import type { Report, Rule, RuleContext } from './types';
import { insertChildItem } from './util';

export const milestoneWithoutConfidence: Rule = {
  meta: {
    id: 'milestone-without-confidence',
    severity: 'information',
    description: 'A milestone KR has no confidence.',
    fixable: true,
    scope: 'file',
    perObjective: true,
    options: {},
  },
  check: checkMilestoneWithoutConfidence,
};

function checkMilestoneWithoutConfidence(ctx: RuleContext, report: Report): void {
  for (const objective of ctx.objectives) {
    for (const kr of objective.krs) {
      if (kr.kind !== 'milestone' || kr.done || kr.confidence || kr.checkins.some((c) => c.confidence !== null)) continue;
      report({
        message: 'A milestone is done or not, so its progress says nothing until the end. Add how likely it is to land this period, e.g. `- confidence: 60%`, and update it at each check-in.',
        range: kr.lineRange,
        fixes: [{ title: 'Add a confidence', edits: [insertChildItem(ctx, kr, 'confidence: ${1:50%}')], safe: false, snippet: true }],
      });
    }
  }
}
