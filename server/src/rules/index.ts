// The registry: every rule, in the order of the rule table, and the stable docs URL of each.
import type { Rule } from './types';
import { krIsOutput } from './kr-is-output';
import { krNotMeasurable } from './kr-not-measurable';
import { missingBaseline } from './missing-baseline';
import { missingTarget } from './missing-target';
import { vanityMetric } from './vanity-metric';
import { targetTooAmbitious } from './target-too-ambitious';
import { milestoneWithoutConfidence } from './milestone-without-confidence';
import { invalidValue } from './invalid-value';
import { staleCheckin } from './stale-checkin';
import { duplicateKr } from './duplicate-kr';
import { tooManyKrs } from './too-many-krs';
import { tooFewKrs } from './too-few-krs';
import { objectiveWithoutKrs } from './objective-without-krs';
import { objectiveIsMetric } from './objective-is-metric';
import { tooManyObjectives } from './too-many-objectives';
import { missingPeriod } from './missing-period';
import { invalidFrontMatter } from './invalid-front-matter';
import { brokenAlignment } from './broken-alignment';
import { alignmentCycle } from './alignment-cycle';
import { periodMismatch } from './period-mismatch';
import { unalignedObjective } from './unaligned-objective';
import { duplicateId } from './duplicate-id';

export const rules: Rule[] = [
  krIsOutput,
  krNotMeasurable,
  missingBaseline,
  missingTarget,
  vanityMetric,
  targetTooAmbitious,
  milestoneWithoutConfidence,
  invalidValue,
  staleCheckin,
  duplicateKr,
  tooManyKrs,
  tooFewKrs,
  objectiveWithoutKrs,
  objectiveIsMetric,
  tooManyObjectives,
  missingPeriod,
  invalidFrontMatter,
  brokenAlignment,
  alignmentCycle,
  periodMismatch,
  unalignedObjective,
  duplicateId,
];

/** Findings the engine itself produces (not rules: they cannot be configured away, except the directive report by its option). */
export const INTERNAL_ERROR_ID = 'internal-error';
export const UNUSED_DIRECTIVE_ID = 'unused-disable-directive';
/** Findings for a broken `.okrrc.json`. */
export const INVALID_CONFIG_ID = 'invalid-config';

export const DOCS_BASE = 'https://github.com/okr-markdown/okr-markdown/blob/main/docs/rules/';

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE}${id}.md`;
}

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.meta.id === id);
}
