import type { Report, Rule, RuleContext } from './types';
import { unitDocs } from './references';
import { idNumber } from './util';

export const duplicateId: Rule = {
  meta: {
    id: 'duplicate-id',
    severity: 'error',
    description: 'Two objectives share an id in a file, or two files share a unit id.',
    fixable: true,
    scope: 'workspace',
    options: {},
  },
  check: checkDuplicateId,
};

/** One more than the highest number among the ids. */
const nextNumber = (items: Array<{ id: string }>) => Math.max(0, ...items.map((item) => idNumber(item.id) ?? 0)) + 1;

function checkDuplicateId(ctx: RuleContext, report: Report): void {
  // Objectives: later duplicates get the next free numbers, so one fix-all pass settles them all.
  // Computed at the first duplicate: most files have none, and this runs on every keystroke.
  let nextObjective: number | null = null;
  const seen = new Set<string>();
  for (const objective of ctx.doc.objectives) {
    if (!seen.has(objective.id)) {
      seen.add(objective.id);
      continue;
    }
    nextObjective ??= nextNumber(ctx.doc.objectives);
    const fresh = `O${nextObjective++}`;
    report({
      message: `Objective id ${objective.id} is used twice in this file, so references to it are ambiguous. Give this one a new id (${fresh}).`,
      range: objective.idRange ?? objective.headingRange,
      fixes: objective.idRange ? [{ title: `Renumber to ${fresh}`, edits: [{ range: objective.idRange, newText: fresh }], safe: true }] : [],
    });
  }
  for (const objective of ctx.doc.objectives) {
    let nextKr: number | null = null;
    const krs = new Set<string>();
    for (const kr of objective.krs) {
      if (!krs.has(kr.id)) {
        krs.add(kr.id);
        continue;
      }
      nextKr ??= nextNumber(objective.krs);
      const fresh = `KR${nextKr++}`;
      report({
        message: `${objective.id}.${kr.id} is used twice, so references to it are ambiguous. Give this KR a new id (${fresh}).`,
        range: kr.idRange ?? kr.lineRange,
        fixes: kr.idRange ? [{ title: `Renumber to ${fresh}`, edits: [{ range: kr.idRange, newText: fresh }], safe: true }] : [],
      });
    }
  }
  if (!ctx.workspace || ctx.path === undefined) return;
  const others = unitDocs(ctx.workspace, ctx.doc.unitId).filter((d) => d.path !== ctx.path && d.doc !== ctx.doc);
  if (!others.length) return;
  const idEntry = ctx.doc.frontMatter?.entries.find((e) => e.key === 'id');
  report({
    message: `Unit id '${ctx.doc.unitId}' is also used by ${others.map((o) => o.path).join(', ')}. References to it are ambiguous: set a unique \`id:\` in the front matter (or rename the file).`,
    range: idEntry?.valueRange ?? ctx.doc.frontMatter?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  });
}
