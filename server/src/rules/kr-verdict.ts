// The classifier's verdict per KR, computed once and shared by the four rules that read it.
import type { KeyResult } from '../core/model';
import { classifyKr, type KrVerdict } from './classify';
import { textMemo } from './util';

const verdicts = new WeakMap<KeyResult, KrVerdict>();
/** By statement as well: a section that moved (a line added above it) has new KR objects but the same texts. */
const byText = textMemo((key) => classifyKr(key.slice(2), { milestone: key[0] === 'm', declaredBaseline: key[1] === 'b' }));

/** A `baseline:` item under the KR counts as a declared baseline; check-ins do not. */
export function declaredBaseline(kr: KeyResult): boolean {
  return kr.metric.baseline !== null || kr.attributes.some((a) => a.key === 'baseline' && a.value.trim() !== '');
}

export function verdictOf(kr: KeyResult): KrVerdict {
  let v = verdicts.get(kr);
  if (!v) {
    v = byText(`${kr.kind === 'milestone' ? 'm' : '-'}${declaredBaseline(kr) ? 'b' : '-'}${kr.text}`);
    verdicts.set(kr, v);
  }
  return v;
}
