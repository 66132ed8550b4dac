import { didYouMean } from '../core/config';
import type { Report, Rule, RuleContext } from './types';
import { fileProblems } from './util';

export const invalidFrontMatter: Rule = {
  meta: {
    id: 'invalid-front-matter',
    severity: 'error',
    description: 'Front matter is not valid YAML or a value has the wrong type.',
    fixable: true,
    scope: 'file',
    options: {},
  },
  check: checkInvalidFrontMatter,
};

export const FRONT_MATTER_KEYS = ['team', 'id', 'owner', 'period', 'parent', 'scoring'];

function checkInvalidFrontMatter(ctx: RuleContext, report: Report): void {
  for (const p of fileProblems(ctx.doc)) {
    if (p.ruleId === 'invalid-front-matter') report({ message: p.message, range: p.range });
  }
  for (const entry of ctx.doc.frontMatter?.entries ?? []) {
    if (FRONT_MATTER_KEYS.includes(entry.key)) continue;
    const hint = didYouMean(entry.key, FRONT_MATTER_KEYS);
    report({
      severity: 'hint',
      message: hint ? `Unknown front-matter key '${entry.key}'. Did you mean '${hint}'?` : `Unknown front-matter key '${entry.key}' (kept, but not used). Known keys: ${FRONT_MATTER_KEYS.join(', ')}.`,
      range: entry.keyRange,
      fixes: hint ? [{ title: `Rename to '${hint}'`, edits: [{ range: entry.keyRange, newText: hint }], safe: false }] : [],
    });
  }
}
