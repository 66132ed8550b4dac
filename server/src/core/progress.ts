// Progress maths of the format design: KR, objective and unit progress (0..1 or null = not started)
// and the grading bands.

import type { Band, CheckIn, KeyResult, Objective, OkrDocument, Quantity, Scoring } from './model';
import { convertValue } from './values';

/** The latest check-in with a valid date and a value (the later line wins a tie). */
export function latestCheckIn(checkins: CheckIn[]): CheckIn | null {
  let best: CheckIn | null = null;
  for (const c of checkins) if (c.dateValid && c.value && (!best || c.date >= best.date)) best = c;
  return best;
}

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));

/** An explicit `score:` in the file's scoring scale → 0..1. A `%` score is a percentage in any scale. */
export function scoreToProgress(score: Quantity, scoring: Scoring): number {
  if (score.unit === '%' || scoring === 'percent') return clamp01(score.value / 100);
  if (scoring === '1-4') return clamp01((score.value - 1) / 3);
  return clamp01(score.value);
}

/** `q` in the KR's unit (durations convert), or its number as written when the units do not convert. */
function inUnit(q: Quantity, unit: string | null): number {
  return convertValue(q, unit) ?? q.value;
}

/** The baseline as a number in the KR's unit, or null. */
export function baselineValue(kr: KeyResult): number | null {
  const b = kr.metric.baseline;
  return b ? inUnit(b, kr.metric.unit) : null;
}

/**
 * The target in the KR's unit. `by` and `double/halve/triple` forms derive it from the baseline:
 * `by 20%` is relative (×1.2), `by 2 points`/`pp`/a plain number is absolute.
 */
export function targetValue(kr: KeyResult): number | null {
  const m = kr.metric;
  if (m.target) return inUnit(m.target, m.unit);
  const base = baselineValue(kr);
  if (base === null) return null;
  if (m.form === 'multiplier' && m.factor !== null) return base * m.factor;
  if (m.form === 'by' && m.change) {
    const sign = m.direction === 'decrease' ? -1 : 1;
    const amount = Math.abs(m.change.value);
    // "by 20%" is relative, even of a percentage; "by 2pp" is absolute.
    if (m.change.unit === '%') return base * (1 + (sign * amount) / 100);
    return base + sign * (convertValue(m.change, m.unit) ?? amount);
  }
  return null;
}

/** The latest value in the KR's unit, or null when the KR has none yet. */
export function currentValue(kr: KeyResult): number | null {
  return kr.current ? inUnit(kr.current, kr.metric.unit) : null;
}

/** A KR has a value of its own when it has a score, a current value or is a completed milestone. */
export function hasOwnValue(kr: KeyResult): boolean {
  return kr.score !== null || kr.current !== null || (kr.kind === 'milestone' && kr.done);
}

/**
 * Progress of one KR, 0..1, or null when it cannot be told yet (not started).
 * - an explicit score wins, in the file's scoring scale;
 * - a milestone is 0 or 1;
 * - a stay KR (`at-least`/`at-most`) is 1 while its latest value holds the threshold, else 0;
 * - a metric is (current − baseline) / (target − baseline), clamped. With no baseline, the first
 *   check-in stands in for it; an increase with neither starts from 0.
 */
export function krProgress(kr: KeyResult, scoring: Scoring = '0-1'): number | null {
  if (kr.score) return scoreToProgress(kr.score, scoring);
  if (kr.kind === 'milestone') return kr.done ? 1 : 0;
  const current = currentValue(kr);
  if (current === null) return null;
  const target = targetValue(kr);
  if (target === null) return null;
  const direction = kr.metric.direction;
  if (direction === 'at-least') return current >= target ? 1 : 0;
  if (direction === 'at-most') return current <= target ? 1 : 0;
  let baseline = baselineValue(kr);
  if (baseline === null) {
    const first = kr.checkins.find((c) => c.dateValid && c.value);
    const firstValue = first?.value ? inUnit(first.value, kr.metric.unit) : null;
    if (firstValue !== null && kr.checkins.filter((c) => c.dateValid && c.value).length > 1) baseline = firstValue;
    else if (direction === 'increase' || (direction === null && target > 0)) baseline = 0;
  }
  if (baseline === null) return reached(current, target, direction) ? 1 : null;
  if (target === baseline) return reached(current, target, direction ?? 'increase') ? 1 : 0;
  return clamp01((current - baseline) / (target - baseline));
}

function reached(current: number, target: number, direction: string | null): boolean {
  return direction === 'decrease' ? current <= target : current >= target;
}

/**
 * Weighted mean of the objective's KRs (weight defaults to 1; weight 0 leaves a KR out).
 * A KR with no progress yet counts as 0 once any KR has progress; null when none has.
 * `krValue` lets the cascade substitute rolled-up progress for a KR.
 */
export function objectiveProgress(
  objective: Objective,
  scoring: Scoring = '0-1',
  krValue: (kr: KeyResult) => number | null = (kr) => krProgress(kr, scoring),
): number | null {
  return weightedMean(objective.krs.map((kr) => [krValue(kr), kr.weight ?? 1]));
}

/**
 * Mean of the unit's objectives (weighted by their `Weight`), with the same not-started rule as
 * objectives; objectives without KRs are left out.
 */
export function unitProgress(
  doc: OkrDocument,
  objectiveValue: (objective: Objective) => number | null = (o) => objectiveProgress(o, doc.scoring),
): number | null {
  return weightedMean(doc.objectives.filter((o) => o.krs.length > 0).map((o) => [objectiveValue(o), o.weight ?? 1]));
}

function weightedMean(values: Array<[number | null, number]>): number | null {
  let sum = 0;
  let weights = 0;
  let any = false;
  for (const [value, weight] of values) {
    if (weight <= 0) continue;
    if (value !== null) any = true;
    sum += (value ?? 0) * weight;
    weights += weight;
  }
  return any && weights > 0 ? sum / weights : null;
}

/** ≥ 0.7 on track, 0.4–0.7 at risk, below 0.4 off track, null not started. */
export function bandOf(progress: number | null): Band {
  if (progress === null || Number.isNaN(progress)) return 'not-started';
  if (progress >= 0.7) return 'on-track';
  if (progress >= 0.4) return 'at-risk';
  return 'off-track';
}
