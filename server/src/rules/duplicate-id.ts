import type { KeyResult, Objective } from '../core/model';
import type { Report, Rule, RuleContext } from './types';
import { unitDocs } from './references';
import { nextIdNumber, perSection } from './util';

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

/** The KRs whose id an earlier KR of the objective already has. */
const repeatedKrsOf = perSection((objective: Objective): KeyResult[] => {
  const seen = new Set<string>();
  const repeated: KeyResult[] = [];
  for (const kr of objective.krs) {
    if (seen.has(kr.id)) repeated.push(kr);
    else seen.add(kr.id);
  }
  return repeated;
});

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
    nextObjective ??= nextIdNumber(ctx.doc.objectives);
    const fresh = `O${nextObjective++}`;
    report({
      message: `Objective id ${objective.id} is used twice in this file, so references to it are ambiguous. Give this one a new id (${fresh}).`,
      range: objective.idRange ?? objective.headingRange,
      fixes: objective.idRange ? [{ title: `Renumber to ${fresh}`, edits: [{ range: objective.idRange, newText: fresh }], safe: true }] : [],
    });
  }
  for (const objective of ctx.doc.objectives) {
    const repeated = repeatedKrsOf(objective);
    if (!repeated.length) continue;
    let nextKr = nextIdNumber(objective.krs);
    for (const kr of repeated) {
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
