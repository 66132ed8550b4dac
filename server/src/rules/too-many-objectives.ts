import type { Report, Rule, RuleContext } from './types';

export const tooManyObjectives: Rule = {
  meta: {
    id: 'too-many-objectives',
    severity: 'warning',
    description: 'A unit has more than max (5) objectives in one period.',
    fixable: false,
    scope: 'file',
    options: { max: { type: 'integer', default: 5, minimum: 1, description: 'Most objectives a unit may have in one period.' } },
  },
  check: checkTooManyObjectives,
};

function checkTooManyObjectives(ctx: RuleContext, report: Report): void {
  const max = Number(ctx.options.max ?? 5);
  const objectives = ctx.doc.objectives;
  if (objectives.length <= max) return;
  report({
    message: `${ctx.doc.unitId} has ${objectives.length} objectives this period; more than ${max} means nothing is a priority. Keep the ${max} that matter most and move the rest to the backlog.`,
    range: objectives[max].headingRange,
  });
}
