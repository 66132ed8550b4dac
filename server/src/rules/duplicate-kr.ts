import type { KeyResult } from '../core/model';
import type { Report, Rule, RuleContext } from './types';
import { verdictOf } from './kr-verdict';
import type { KrVerdict } from './classify';

export const duplicateKr: Rule = {
  meta: {
    id: 'duplicate-kr',
    severity: 'warning',
    description: 'Two KRs of one objective say the same thing.',
    fixable: true,
    scope: 'file',
    perObjective: true,
    options: { similarity: { type: 'number', default: 0.8, minimum: 0, description: 'Share of shared words (0..1) from which two KRs count as the same.' } },
  },
  check: checkDuplicateKr,
};

const PAIRWISE_LIMIT = 200;

const STOP = new Set('a an the of to in on for by from and or with at our we per'.split(' '));

// Verdicts are shared by statement text, so keying by them reuses a set across keystrokes and moved sections.
const wordSets = new WeakMap<KrVerdict, Set<string>>();

/** The KR's content words without numbers: "Increase activation from 40% to 55%" ≈ "Increase activation to 60%". */
function words(kr: KeyResult): Set<string> {
  const verdict = verdictOf(kr);
  let set = wordSets.get(verdict);
  if (!set) {
    set = new Set(verdict.analysis.tokens.filter((t) => t.kind === 'word' && !STOP.has(t.lower)).map((t) => t.lower.replace(/s$/, '')));
    wordSets.set(verdict, set);
  }
  return set;
}

function similarity(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

function checkDuplicateKr(ctx: RuleContext, report: Report): void {
  const threshold = Number(ctx.options.similarity ?? 0.8);
  for (const objective of ctx.objectives) {
    const sets = objective.krs.map(words);
    // Pairwise similarity is quadratic: past PAIRWISE_LIMIT KRs (far beyond too-many-krs) only identical
    // word sets count, found through a map, so a generated file with 100,000 KRs still lints in linear time.
    const pairwise = sets.length <= PAIRWISE_LIMIT;
    const firstWithWords = new Map<string, number>();
    objective.krs.forEach((kr, i) => {
      let j = -1;
      if (pairwise) {
        for (let k = 0; k < i && j < 0; k++) if (similarity(sets[k], sets[i]) >= threshold && sets[k].size + sets[i].size > 2) j = k;
      } else {
        const key = [...sets[i]].sort().join(' ');
        if (sets[i].size > 1) j = firstWithWords.get(key) ?? -1;
        if (!firstWithWords.has(key)) firstWithWords.set(key, i);
      }
      if (j < 0) return;
      const other = objective.krs[j];
      const start = kr.range.start.line;
      const end = kr.range.end.line;
      report({
        message: `${kr.id} says the same as ${other.id} ('${other.text.trim()}'). Two KRs on one metric double its weight and hide what else matters: merge them, or measure something different.`,
        range: kr.textRange,
        fixes: [{ title: `Remove ${kr.id}`, edits: [{ range: end + 1 < ctx.lines.length ? { start: { line: start, character: 0 }, end: { line: end + 1, character: 0 } } : { start: { line: start, character: 0 }, end: { line: end, character: (ctx.lines[end] ?? '').length } }, newText: '' }], safe: false }],
      });
    });
  }
}
