import type { Report, Rule, RuleContext } from './types';

export const tooFewKrs: Rule = {
  meta: {
    id: 'too-few-krs',
    severity: 'information',
    description: 'An objective has fewer than min (3) KRs.',
    fixable: false,
    scope: 'file',
    perObjective: true,
    options: { min: { type: 'integer', default: 3, minimum: 1, description: 'Fewest KRs an objective should have.' } },
  },
  check: checkTooFewKrs,
};

function checkTooFewKrs(ctx: RuleContext, report: Report): void {
  const min = Number(ctx.options.min ?? 3);
  for (const objective of ctx.objectives) {
    const n = objective.krs.length;
    if (n === 0 || n >= min) continue;
    report({
      message: `${objective.id} has ${n} KR${n === 1 ? '' : 's'}. With fewer than ${min}, one number can be gamed without the objective being met; add a KR that checks the other side (quality, retention, cost).`,
      range: objective.headingRange,
    });
  }
}
