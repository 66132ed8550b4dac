import type { Rule, RuleContext, Report } from './types';
import { verdictOf } from './kr-verdict';
import { textSpan } from './util';

export const vanityMetric: Rule = {
  meta: {
    id: 'vanity-metric',
    severity: 'warning',
    description: 'The metric is a cumulative total that only grows (total users, page views, downloads, followers…).',
    fixable: false,
    scope: 'file',
    perObjective: true,
    options: {},
  },
  check: checkVanityMetric,
};

function checkVanityMetric(ctx: RuleContext, report: Report): void {
  for (const objective of ctx.objectives) {
    for (const kr of objective.krs) {
      const v = verdictOf(kr).vanity;
      if (!v) continue;
      report({
        message: `'${v.text}' is a total that only grows, whatever you do, so it flatters rather than steers. Measure behaviour instead: a rate, a ratio, an active share or a per-user figure (e.g. the share of new users active in week 2, conversion to paid, sessions per user).`,
        range: textSpan(kr, v.start, v.end),
      });
    }
  }
}
