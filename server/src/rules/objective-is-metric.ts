import { tokenize } from './classify';
import type { Report, Rule, RuleContext } from './types';
import { textMemo } from './util';

export const objectiveIsMetric: Rule = {
  meta: {
    id: 'objective-is-metric',
    severity: 'warning',
    description: 'The objective itself carries a number or target (it should be qualitative).',
    fixable: false,
    scope: 'file',
    perObjective: true,
    options: {},
  },
  check: checkObjectiveIsMetric,
};

// Titles rarely change between keystrokes: tokenizing every title on every run was a tenth of a keystroke's rule time.
const numbersIn = textMemo((title) => tokenize(title).filter((t) => t.kind === 'number' && t.quantity));

function checkObjectiveIsMetric(ctx: RuleContext, report: Report): void {
  for (const objective of ctx.objectives) {
    const numbers = numbersIn(objective.title);
    if (!numbers.length) continue;
    const at = objective.titleRange.start;
    const first = numbers[0];
    const last = numbers[numbers.length - 1];
    report({
      message: `The objective carries a number ('${objective.title.slice(first.start, last.end)}'). An objective says where you want to go and why, in words that inspire; the numbers belong in its key results. Move the target into a KR.`,
      range: { start: { line: at.line, character: at.character + first.start }, end: { line: at.line, character: at.character + last.end } },
    });
  }
}
