import type { KeyResult, Objective } from '../core/model';
import { isSharedSection } from '../core/parse';
import type { Fix, Report, Rule, RuleContext } from './types';
import { nextIdNumber, pos } from './util';

export const tooManyKrs: Rule = {
  meta: {
    id: 'too-many-krs',
    severity: 'warning',
    description: 'An objective has more than max (5) KRs.',
    fixable: true,
    scope: 'file',
    options: { max: { type: 'integer', default: 5, minimum: 1, description: 'Most KRs an objective may have.' } },
  },
  check: checkTooManyKrs,
};

type TooMany = Parameters<Report>[0];

/**
 * The finding for an objective, by its KR list (which a SectionCache shares while the section is unchanged) and
 * what else it reads: a keystroke builds again only the edited section's.
 */
const bySection = new WeakMap<KeyResult[], { id: string; max: number; next: number; eol: string; finding: TooMany }>();

function checkTooManyKrs(ctx: RuleContext, report: Report): void {
  const max = Number(ctx.options.max ?? 5);
  // The id a split-off objective gets, computed once when first needed: per objective it made this rule quadratic in objectives.
  let next: number | null = null;
  for (const objective of ctx.doc.objectives) {
    if (objective.krs.length <= max) continue;
    next ??= nextIdNumber(ctx.doc.objectives);
    const kept = bySection.get(objective.krs);
    if (kept && kept.id === objective.id && kept.max === max && kept.next === next && kept.eol === ctx.eol) {
      report(kept.finding);
      continue;
    }
    const finding = tooMany(ctx, objective, max, next);
    if (isSharedSection(objective)) bySection.set(objective.krs, { id: objective.id, max, next, eol: ctx.eol, finding });
    report(finding);
  }
}

function tooMany(ctx: RuleContext, objective: Objective, max: number, next: number): TooMany {
  return {
    message: `${objective.id} has ${objective.krs.length} KRs; more than ${max} dilutes focus. Keep the ${max} that best show the objective is met, and move the rest to another objective or drop them.`,
    range: objective.krs[max].lineRange,
    fixes: [splitFix(ctx, objective, max, next)],
  };
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
