import type { KeyResult } from '../core/model';
import type { Fix, Rule, RuleContext } from './types';
import { verdictOf } from './kr-verdict';
import { capitalise, insertAt, itemAnatomy, pos, textSpan } from './util';

export const krIsOutput: Rule = {
  meta: {
    id: 'kr-is-output',
    severity: 'warning',
    description: 'The KR names an activity or deliverable rather than a change in a metric.',
    fixable: true,
    scope: 'file',
    perObjective: true,
    options: {},
  },
  check: checkKrIsOutput,
};

function checkKrIsOutput(ctx: RuleContext, report: Parameters<Rule['check']>[1]): void {
  for (const objective of ctx.objectives) {
    for (const kr of objective.krs) {
      const out = verdictOf(kr).output;
      if (!out) continue;
      const word = `'${capitalise(out.text)}'`;
      const message =
        out.via === 'count'
          ? `${word} counts work done, not its effect. Ask what would change if this went up, and measure that instead, e.g. 'Increase … from … to …'.`
          : out.via === 'participle'
            ? `${word} reports a deliverable's status, not a result. State the change you expect it to cause, e.g. 'Increase … from … to …', or make it a milestone KR (- [ ]).`
            : `${word} describes ${out.kind === 'activity' ? 'an activity' : 'a deliverable'}, not a result. What would change once it is done? State that change as the KR, e.g. 'Increase … from … to …', and keep '${out.text} …' as an initiative.`;
      report({ message, range: textSpan(kr, out.start, out.end), fixes: outputFixes(ctx, kr) });
    }
  }
}

function outputFixes(ctx: RuleContext, kr: KeyResult): Fix[] {
  const item = itemAnatomy(ctx, kr);
  const line = ctx.lines[item.line] ?? '';
  const childIndent = ' '.repeat(item.contentStart);
  const milestone: Fix = {
    title: 'Turn into a milestone KR (- [ ]) with a confidence',
    edits: [insertAt(pos(item.line, item.contentStart), '[ ] ')],
    safe: false,
    snippet: true,
  };
  if (!kr.confidence) milestone.edits.push(insertAt(pos(item.line, line.length), `${ctx.eol}${childIndent}- confidence: \${1:50%}`));
  const prefix = line.slice(item.contentStart, kr.textRange.start.character);
  const initiatives: Fix = {
    title: 'Move it into an Initiatives list under a measurable KR',
    edits: [
      {
        range: { start: pos(item.line, item.contentStart), end: pos(item.line, line.length) },
        newText: `${prefix}\${1:Increase <metric> from <baseline> to <target>}${ctx.eol}${childIndent}- Initiatives:${ctx.eol}${childIndent}  - ${line.slice(kr.textRange.start.character)}`,
      },
    ],
    safe: false,
    snippet: true,
  };
  return [milestone, initiatives];
}
