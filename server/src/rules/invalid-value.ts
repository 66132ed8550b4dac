import type { Objective, Range } from '../core/model';
import { compatibleUnits } from '../core/values';
import type { Fix, Report, Rule, RuleContext } from './types';
import { fileProblems } from './util';

export const invalidValue: Rule = {
  meta: {
    id: 'invalid-value',
    severity: 'error',
    description: "Confidence outside 0..1/0..100%, a malformed check-in date or value, or a unit that differs from the KR's.",
    fixable: true,
    scope: 'file',
    perObjective: true,
    options: {},
  },
  check: checkInvalidValue,
  checkDocument: checkFileProblems,
};

const same = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
const overlapsLine = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character < b.end.character && b.start.character < a.end.character;

interface ValueIssue {
  message: string;
  range: Range;
  /** The clamped confidence, for an out-of-range one. */
  fix?: Fix;
}

/** One objective's out-of-range confidences and check-ins in another unit. */
function objectiveIssues(objective: Objective): ValueIssue[] {
  const issues: ValueIssue[] = [];
  for (const kr of objective.krs) {
    const c = kr.confidence;
    if (c && !c.valid) {
      // 170% is out of range; clamping keeps the author's intent of "very likely".
      const value = Number.parseFloat(c.raw);
      const clamped = value < 0 ? (c.raw.includes('%') ? '0%' : '0') : c.raw.includes('%') || value > 1 ? '100%' : '1';
      issues.push({
        message: `Confidence ${c.raw} is outside 0..1 (or 0%..100%): it is the likelihood of hitting the target, e.g. 0.7 or 70%.`,
        range: c.range,
        fix: { title: `Change the confidence to ${clamped}`, edits: [{ range: c.range, newText: clamped }], safe: false },
      });
    }
    // The unit of the value itself: "by 2 points" is a change, and check-ins of 5.1% are fine.
    const unit = kr.metric.target?.unit ?? kr.metric.baseline?.unit ?? null;
    for (const ci of kr.checkins) {
      if (ci.value && unit && ci.value.unit && !compatibleUnits(ci.value.unit, unit)) {
        issues.push({ message: `This check-in is in '${ci.value.unit}' but the KR is measured in '${unit}'. Write it in ${unit} so progress can be computed.`, range: ci.value.range });
      }
    }
  }
  return issues;
}

/** Each objective's values the parser could not read, and those the rule finds wrong; one finding where both see the same value. */
function checkInvalidValue(ctx: RuleContext, report: Report): void {
  for (const objective of ctx.objectives) {
    const issues = objectiveIssues(objective);
    const reported: Range[] = [];
    for (const p of objective.problems) {
      if (p.ruleId !== 'invalid-value') continue;
      const fix = issues.find((i) => i.fix && (overlapsLine(i.range, p.range) || same(i.range, p.range)))?.fix;
      reported.push(p.range);
      report({ message: p.message, range: p.range, fixes: fix ? [fix] : [] });
    }
    for (const e of issues) {
      if (reported.some((r) => same(r, e.range) || overlapsLine(r, e.range))) continue;
      report({ message: e.message, range: e.range, fixes: e.fix ? [e.fix] : [] });
    }
  }
}

/** A file that is not UTF-8 text. */
function checkFileProblems(ctx: RuleContext, report: Report): void {
  for (const p of fileProblems(ctx.doc)) if (p.ruleId === 'invalid-value') report({ message: p.message, range: p.range });
}
