import type { Objective } from '../core/model';
import type { Fix, Rule, Report, RuleContext } from './types';
import { nextIdNumber, perIdsVersion, pos } from './util';

export const tooManyKrs: Rule = {
  meta: {
    id: 'too-many-krs',
    severity: 'warning',
    description: 'An objective has more than max (5) KRs.',
    fixable: true,
    scope: 'file',
    // The fix names the next free objective id.
    perObjective: { alsoDependsOn: (ctx) => String(ctx.idsVersion) },
    options: { max: { type: 'integer', default: 5, minimum: 1, description: 'Most KRs an objective may have.' } },
  },
  check: checkTooManyKrs,
};

/** The id a split-off objective gets. */
const nextObjectiveNumber = perIdsVersion((doc) => nextIdNumber(doc.objectives));

function checkTooManyKrs(ctx: RuleContext, report: Report): void {
  const max = Number(ctx.options.max ?? 5);
  for (const objective of ctx.objectives) {
    if (objective.krs.length <= max) continue;
    report({
      message: `${objective.id} has ${objective.krs.length} KRs; more than ${max} dilutes focus. Keep the ${max} that best show the objective is met, and move the rest to another objective or drop them.`,
      range: objective.krs[max].lineRange,
      fixes: [splitFix(ctx, objective, max, nextObjectiveNumber(ctx))],
    });
  }
}

/** Moves KRs beyond `max` under a new objective heading placed right before them. */
function splitFix(ctx: RuleContext, objective: Objective, max: number, next: number): Fix {
  const first = objective.krs[max];
  const aligns = objective.attributes.filter((a) => ['aligns', 'supports', 'parent'].includes(a.key)).map((a) => (ctx.lines[a.range.start.line] ?? '').trim());
  const eol = ctx.eol;
  const heading = `${'#'.repeat(objective.level)} O${next}: ${objective.title.trim()} (continued)`;
  const attrs = aligns.length ? aligns.join(eol) + eol : '';
  return {
    title: `Move the KRs beyond ${max} into a new objective O${next}`,
    edits: [{ range: { start: pos(first.range.start.line, 0), end: pos(first.range.start.line, 0) }, newText: `${eol}${heading}${eol}${attrs}${eol}` }],
    safe: false,
  };
}
