import type { TextEdit } from '../core/model';
import type { Report, Rule, RuleContext } from './types';
import { insertAt, pos, range } from './util';

export const missingPeriod: Rule = {
  meta: {
    id: 'missing-period',
    severity: 'warning',
    description: 'No period: the OKRs are not time-bound.',
    fixable: true,
    scope: 'file',
    options: {},
  },
  check: checkMissingPeriod,
};

/** `2026-Q4` for a date in October–December 2026. */
export function quarterOf(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

function checkMissingPeriod(ctx: RuleContext, report: Report): void {
  const fm = ctx.doc.frontMatter;
  // A period that is present but unreadable is reported by invalid-front-matter.
  // Broken YAML hides what is written; invalid-front-matter reports that first.
  if (ctx.doc.period || fm?.entries.some((e) => e.key === 'period') || (fm && fm.data === null)) return;
  const period = quarterOf(ctx.today);
  const bom = ctx.text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let edit: TextEdit;
  if (fm && fm.range.end.line > fm.range.start.line) {
    // Before the closing fence.
    edit = insertAt(pos(fm.range.end.line, 0), `period: ${period}${ctx.eol}`);
  } else {
    edit = insertAt(pos(0, bom), `---${ctx.eol}period: ${period}${ctx.eol}---${ctx.eol}${ctx.eol}`);
  }
  report({
    message: `No period: OKRs without a deadline are wishes. Add \`period: ${period}\` (or 2026-H2, 2026, 2026-01-01..2026-03-31) to the front matter.`,
    range: fm ? range(fm.range.start.line, 0, (ctx.lines[fm.range.start.line] ?? '').length) : range(0, 0, (ctx.lines[0] ?? '').length),
    fixes: [{ title: `Insert the current period (${period})`, edits: [edit], safe: false }],
  });
}
