// The classifier's verdict per KR, computed once and shared by the four rules that read it.
import type { KeyResult } from '../core/model';
import { classifyKr, type KrVerdict } from './classify';

const verdicts = new WeakMap<KeyResult, KrVerdict>();

/** A `baseline:` item under the KR counts as a declared baseline; check-ins do not. */
export function declaredBaseline(kr: KeyResult): boolean {
  return kr.metric.baseline !== null || kr.attributes.some((a) => a.key === 'baseline' && a.value.trim() !== '');
}

export function verdictOf(kr: KeyResult): KrVerdict {
  let v = verdicts.get(kr);
  if (!v) {
    v = classifyKr(kr.text, { milestone: kr.kind === 'milestone', declaredBaseline: declaredBaseline(kr) });
    verdicts.set(kr, v);
  }
  return v;
}
