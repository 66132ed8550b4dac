import type { Report, Rule, RuleContext } from './types';
import { unitDocs } from './references';
import { nextIdNumber, perIdsVersion } from './util';

export const duplicateId: Rule = {
  meta: {
    id: 'duplicate-id',
    severity: 'error',
    description: 'Two objectives share an id in a file, or two files share a unit id.',
    fixable: true,
    scope: 'workspace',
    // Which objective is a repeat, and the id it gets, depend on every objective's id.
    perObjective: { alsoDependsOn: (ctx) => String(ctx.idsVersion) },
    options: {},
  },
  check: checkDuplicateId,
  checkDocument: checkUnitId,
};

/**
 * The objectives whose id an earlier objective already has, with the id each gets: the next free numbers in order, so
 * one fix-all pass settles them all. Most files have none.
 */
const renumbered = perIdsVersion((doc): Map<number, string> => {
  const fresh = new Map<number, string>();
  const seen = new Set<string>();
  let next: number | null = null;
  doc.objectives.forEach((objective, i) => {
    if (!seen.has(objective.id)) seen.add(objective.id);
    else {
      next ??= nextIdNumber(doc.objectives);
      fresh.set(i, `O${next++}`);
    }
  });
  return fresh;
});

function checkDuplicateId(ctx: RuleContext, report: Report): void {
  const objectiveIds = renumbered(ctx);
  for (const objective of ctx.objectives) {
    const fresh = objectiveIds.size ? objectiveIds.get(ctx.doc.objectives.indexOf(objective)) : undefined;
    if (fresh) {
      report({
        message: `Objective id ${objective.id} is used twice in this file, so references to it are ambiguous. Give this one a new id (${fresh}).`,
        range: objective.idRange ?? objective.headingRange,
        fixes: objective.idRange ? [{ title: `Renumber to ${fresh}`, edits: [{ range: objective.idRange, newText: fresh }], safe: true }] : [],
      });
    }
    const seen = new Set<string>();
    let nextKr: number | null = null;
    for (const kr of objective.krs) {
      if (!seen.has(kr.id)) {
        seen.add(kr.id);
        continue;
      }
      nextKr ??= nextIdNumber(objective.krs);
      const id = `KR${nextKr++}`;
      report({
        message: `${objective.id}.${kr.id} is used twice, so references to it are ambiguous. Give this KR a new id (${id}).`,
        range: kr.idRange ?? kr.lineRange,
        fixes: kr.idRange ? [{ title: `Renumber to ${id}`, edits: [{ range: kr.idRange, newText: id }], safe: true }] : [],
      });
    }
  }
}

/** Another file with the same unit id. */
function checkUnitId(ctx: RuleContext, report: Report): void {
  if (!ctx.workspace || ctx.path === undefined) return;
  const others = unitDocs(ctx.workspace, ctx.doc.unitId).filter((d) => d.path !== ctx.path && d.doc !== ctx.doc);
  if (!others.length) return;
  const idEntry = ctx.doc.frontMatter?.entries.find((e) => e.key === 'id');
  report({
    message: `Unit id '${ctx.doc.unitId}' is also used by ${others.map((o) => o.path).join(', ')}. References to it are ambiguous: set a unique \`id:\` in the front matter (or rename the file).`,
    range: idEntry?.valueRange ?? ctx.doc.frontMatter?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  });
}
