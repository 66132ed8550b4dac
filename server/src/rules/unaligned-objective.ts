import type { Report, Rule, RuleContext } from './types';

export const unalignedObjective: Rule = {
  meta: {
    id: 'unaligned-objective',
    severity: 'information',
    description: 'The unit has a parent but the objective aligns to nothing.',
    fixable: false,
    scope: 'file',
    // What the message says of the parent; the rest is the objective's own.
    perObjective: { alsoDependsOn: (ctx) => (ctx.doc.parent ? `${ctx.doc.parent.raw}\0${ctx.doc.parent.unit}` : '') },
    options: {},
  },
  check: checkUnalignedObjective,
};

function checkUnalignedObjective(ctx: RuleContext, report: Report): void {
  const parent = ctx.doc.parent;
  if (!parent) return;
  for (const objective of ctx.objectives) {
    if (objective.aligns.length || objective.krs.some((kr) => kr.aligns.length)) continue;
    report({
      message: `${objective.id} does not say which objective or KR of ${parent.raw} it serves. Add \`Aligns: ${parent.unit ?? parent.raw}#O1.KR2\` under the heading, or disable this rule for it if it is deliberately bottom-up.`,
      range: objective.headingRange,
    });
  }
}
