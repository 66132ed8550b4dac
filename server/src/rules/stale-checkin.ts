import type { Report, Rule, RuleContext } from './types';

export const staleCheckin: Rule = {
  meta: {
    id: 'stale-checkin',
    severity: 'information',
    description: 'The period is running and the latest check-in is older than maxDays (14).',
    fixable: false,
    scope: 'file',
    perObjective: { alsoDependsOn: (ctx) => `${ctx.today} ${ctx.doc.period?.start}..${ctx.doc.period?.end}` },
    options: { maxDays: { type: 'integer', default: 14, minimum: 1, description: 'Days after which the latest check-in counts as stale.' } },
  },
  check: checkStaleCheckin,
};

const DAY = 86_400_000;
const days = (from: string, to: string) => Math.floor((Date.parse(to) - Date.parse(from)) / DAY);

function checkStaleCheckin(ctx: RuleContext, report: Report): void {
  const period = ctx.doc.period;
  if (!period || ctx.today < period.start || ctx.today > period.end) return;
  const maxDays = Number(ctx.options.maxDays ?? 14);
  // A check-in is stale exactly when its date sorts before this one: a string comparison per KR, no date parsing.
  // (Ages are whole days, so age > maxDays means age > floor(maxDays).)
  const cutoffMs = Date.parse(ctx.today) - Math.floor(maxDays) * DAY;
  if (!Number.isFinite(cutoffMs)) return;
  const cutoff = new Date(cutoffMs).toISOString().slice(0, 10);
  // Only KRs that are checked in at all: a file kept without check-ins (current: values) is not stale by this measure.
  // Plain loops: this runs on every keystroke over every KR, and copying and sorting each KR's dates showed in profiles.
  for (const objective of ctx.objectives) {
    for (const kr of objective.krs) {
      if (kr.done || kr.score !== null) continue;
      let latest = '';
      for (const c of kr.checkins) if (c.dateValid && c.date <= ctx.today && c.date > latest) latest = c.date;
      if (!latest || latest >= cutoff) continue;
      const age = days(latest, ctx.today);
      report({ message: `The latest check-in (${latest}) is ${age} days old. Add a dated line with the current value and a confidence, e.g. \`- ${ctx.today}: <value> (confidence 70%) — note\`.`, range: kr.lineRange });
    }
  }
}
