import { compatibleUnits, convertValue } from '../core/values';
import type { Report, Rule, RuleContext } from './types';

export const targetTooAmbitious: Rule = {
  meta: {
    id: 'target-too-ambitious',
    severity: 'information',
    description: 'The target is more than 3× the baseline (or a 200%+ change).',
    fixable: false,
    scope: 'file',
    perObjective: true,
    options: { factor: { type: 'number', default: 3, minimum: 1, description: 'Largest target/baseline ratio that passes without a note.' } },
  },
  check: checkTargetTooAmbitious,
};

function checkTargetTooAmbitious(ctx: RuleContext, report: Report): void {
  const factor = Number(ctx.options.factor ?? 3);
  for (const objective of ctx.objectives) {
    for (const kr of objective.krs) {
      const m = kr.metric;
      let ratio: number | null = null;
      if (m.factor !== null && m.form === 'multiplier') ratio = m.factor;
      else if (m.baseline && m.target && m.baseline.value > 0 && compatibleUnits(m.baseline.unit, m.target.unit)) {
        const target = convertValue(m.target, m.baseline.unit);
        if (target !== null && target > m.baseline.value) ratio = target / m.baseline.value;
      } else if (m.change && m.change.unit === '%' && m.direction === 'increase') ratio = 1 + m.change.value / 100;
      if (ratio === null || ratio <= factor) continue;
      report({
        message: `The target is ${Number(ratio.toFixed(1))}× the starting value. Stretch goals work at 60–70% attainment; a leap this large invites scepticism. Check the plan behind it, or split it into a target for this period and one for the next.`,
        range: kr.textRange,
      });
    }
  }
}
