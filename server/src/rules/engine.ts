// Runs the rules over one document: configured severities, inline disable comments, and a
// rule that throws becomes one `internal-error` finding naming it while the others still run.
import type { Directive, Objective, OkrDocument, Range, Severity } from '../core/model';
import { defaultConfig, type ResolvedConfig } from '../core/config';
import { eolOf } from '../core/fixes';
import { isSharedSection, splitLines } from '../core/parse';
import { rules, UNUSED_DIRECTIVE_ID, INTERNAL_ERROR_ID } from './index';
import type { OkrWorkspace } from '../core/workspace';
import type { Finding, Fix, Report, Rule, RuleContext } from './types';
import { textMemo } from './util';

export interface LintOptions {
  config?: ResolvedConfig;
  path?: string;
  workspace?: OkrWorkspace;
  /** `YYYY-MM-DD`; defaults to the current date. */
  today?: string;
  /** Which rules to run (default both): lets a caller cache file findings and recompute only workspace ones. */
  scopes?: Array<'file' | 'workspace'>;
  /**
   * Reuse the findings of `perObjective` rules for objectives whose section is unchanged: a document re-parsed
   * with a SectionCache keeps those sections' KR lists, so a keystroke re-checks only the edited section.
   * Default: when the document was parsed with a SectionCache (other models would only fill the memo).
   */
  reuse?: boolean;
}

/** A rule as configured for one run: its level, context, and a report function that records into a list. */
interface ActiveRule {
  rule: Rule;
  level: Severity;
  ctx: RuleContext;
  into(list: Finding[]): Report;
}

/** The findings of every perObjective rule for one objective (or what the rule threw), in the order of the rules. */
interface SectionFindings {
  settings: number;
  id: string;
  byRule: Array<Finding[] | { thrown: unknown }>;
  /** All of them in the order findings are reported (`byPosition`); null when a rule threw. */
  sorted: Finding[] | null;
}

/** Each known rule id's place in `localeCompare` order (equal places for ids it finds equal): comparing two places is much faster. */
const ruleIdRank = new Map<string, number>();
[...rules.map((r) => r.meta.id), INTERNAL_ERROR_ID, UNUSED_DIRECTIVE_ID]
  .sort((a, b) => a.localeCompare(b))
  .forEach((id, i, ids) => ruleIdRank.set(id, i > 0 && ids[i - 1].localeCompare(id) === 0 ? ruleIdRank.get(ids[i - 1])! : i));

function compareRuleIds(a: string, b: string): number {
  const rankA = ruleIdRank.get(a);
  const rankB = ruleIdRank.get(b);
  return rankA !== undefined && rankB !== undefined ? rankA - rankB : a.localeCompare(b);
}

/** The order of reported findings. */
function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || compareRuleIds(a.ruleId, b.ruleId);
}

/** By the objective's KR list, which a SectionCache shares while the section is unchanged. */
const objectiveFindings = new WeakMap<object, SectionFindings>();

let settingsCount = 0;
/** A number per distinct settings string: compared once per objective on every keystroke, a string compare showed in profiles. */
const settingsId = textMemo(() => settingsCount++);

/** The perObjective rules' findings for one objective: kept while its section, positional id and the settings are unchanged. */
function sectionFindings(doc: OkrDocument, objective: Objective, perObjective: ActiveRule[], settings: number): SectionFindings {
  const kept = objectiveFindings.get(objective.krs);
  // Positional ids (O3) can change while the section stays the same: they are checked too.
  if (kept && kept.settings === settings && kept.id === objective.id) return kept;
  const byRule = perObjective.map(({ rule, ctx, into }) => {
    const found: Finding[] = [];
    try {
      rule.check({ ...ctx, doc: { ...doc, objectives: [objective] } }, into(found));
      return found;
    } catch (thrown) {
      return { thrown };
    }
  });
  const sorted = byRule.every((found) => Array.isArray(found)) ? (byRule as Finding[][]).flat().sort(byPosition) : null;
  const fresh = { settings, id: objective.id, byRule, sorted };
  objectiveFindings.set(objective.krs, fresh);
  return fresh;
}

let defaults: ResolvedConfig | null = null;
function configOf(options: LintOptions): ResolvedConfig {
  return options.config ?? (defaults ??= defaultConfig(rules.map((r) => r.meta)));
}

/** Today in the machine's time zone: check-ins are written in local dates. */
export function isoToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function clampRange(r: Range, lines: string[]): Range {
  const clamp = (p: Range['start']) => {
    const line = Math.max(0, Math.min(p.line, lines.length - 1));
    return { line, character: Math.max(0, Math.min(p.character, lines[line].length)) };
  };
  return { start: clamp(r.start), end: clamp(r.end) };
}

/**
 * Runs the enabled rules and returns their findings with configured severities, before disable comments, in no set
 * order (`applyDirectives` sorts them).
 */
export function runRules(doc: OkrDocument, text: string, options: LintOptions = {}): Finding[] {
  const config = configOf(options);
  // The text the parser has just split (rules only read `ctx.lines`).
  const lines = splitLines(text);
  // Once per document, not per rule: it scans the whole text (5.6% of keystroke time when it ran per rule).
  const eol = eolOf(text);
  const today = options.today ?? isoToday();
  const scopes = options.scopes ?? ['file', 'workspace'];
  const reuse = options.reuse ?? doc.objectives.some(isSharedSection);
  const active: ActiveRule[] = [];
  for (const rule of rules) {
    const setting = config.rules[rule.meta.id];
    const level = setting?.level ?? rule.meta.severity;
    if (level === 'off' || !scopes.includes(rule.meta.scope)) continue;
    const ctx: RuleContext = {
      doc,
      text,
      lines,
      eol,
      path: options.path,
      workspace: options.workspace,
      today,
      options: setting?.options ?? Object.fromEntries(Object.entries(rule.meta.options).map(([k, o]) => [k, o.default])),
    };
    const into = (list: Finding[]): Report => (f) => {
      // A rule may lower a finding to a hint (unknown front-matter keys); configured levels win otherwise.
      const severity: Severity = f.severity && level === rule.meta.severity ? f.severity : level;
      list.push({ ruleId: rule.meta.id, severity, message: f.message, range: clampRange(f.range, lines), fixes: f.fixes ?? [] });
    };
    active.push({ rule, level, ctx, into });
  }
  // Objective by objective, one memo lookup each for all perObjective rules.
  const perObjective = reuse ? active.filter((a) => a.rule.meta.perObjective) : [];
  const settings = settingsId(
    perObjective
      .map(({ rule, level, ctx }) => {
        const also = typeof rule.meta.perObjective === 'object' ? rule.meta.perObjective.alsoDependsOn(ctx) : '';
        return `${rule.meta.id}\0${level}\0${JSON.stringify(ctx.options)}\0${also}`;
      })
      .join('\n') + `\n${eol}`,
  );
  const sections = perObjective.length ? doc.objectives.map((o) => sectionFindings(doc, o, perObjective, settings)) : [];
  // Each section's findings come sorted and sections follow each other, so the list sorts in about one pass
  // (a finding's place depends only on its position and rule, not on where it is in this list).
  const presorted = sections.every((section) => section.sorted !== null);
  const findings: Finding[] = [];
  for (const a of active) {
    const { rule, ctx, into } = a;
    const index = perObjective.indexOf(a);
    if (index >= 0 && presorted) continue;
    const found: Finding[] = [];
    try {
      if (index < 0) rule.check(ctx, into(found));
      else {
        for (const section of sections) {
          const result = section.byRule[index];
          if ('thrown' in result) throw result.thrown;
          for (let i = 0; i < result.length; i++) found.push(result[i]);
        }
      }
      findings.push(...found);
    } catch (e) {
      findings.push({
        ruleId: INTERNAL_ERROR_ID,
        severity: 'error',
        message: `Rule '${rule.meta.id}' failed on this file (${e instanceof Error ? e.message : String(e)}); its findings are missing. Please report this with the file.`,
        range: clampRange({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, lines),
        fixes: [],
      });
    }
  }
  if (presorted) for (const section of sections) if (section.sorted!.length) findings.push(...section.sorted!);
  return findings;
}

const applies = (d: Directive, ruleId: string) => d.ruleIds.length === 0 || d.ruleIds.includes(ruleId);

/**
 * Drops findings that inline comments disable and, when configured, reports comments that
 * suppressed nothing (with a safe fix that removes them).
 */
export function applyDirectives(doc: OkrDocument, text: string, findings: Finding[], config: ResolvedConfig = defaults ?? configOf({})): Finding[] {
  const directives = [...doc.directives].sort((a, b) => a.line - b.line || a.range.start.character - b.range.start.character);
  const used = new Set<Directive>();
  // Most files have no directive: then every finding stays, without a look per finding.
  const kept: Finding[] = directives.length ? [] : findings.slice();
  if (directives.length) for (const f of findings) {
    const line = f.range.start.line;
    let by: Directive | null = null;
    for (const d of directives) {
      if (!applies(d, f.ruleId)) continue;
      if (d.kind === 'disable-file' || (d.kind === 'disable-line' && d.line === line) || (d.kind === 'disable-next-line' && d.line + 1 === line)) {
        by = d;
        break;
      }
    }
    if (!by) {
      // Block comments: the last disable/enable before the finding's line decides.
      for (const d of directives) {
        if (d.line >= line) break;
        if (d.kind === 'disable' && applies(d, f.ruleId)) by = d;
        else if (d.kind === 'enable' && applies(d, f.ruleId)) by = null;
      }
    }
    if (by) used.add(by);
    else kept.push(f);
  }
  const level = config.reportUnusedDisableDirectives;
  if (level !== 'off') {
    const lines = splitLines(text);
    for (const d of directives) {
      if (d.kind === 'enable' || used.has(d)) continue;
      const what = d.ruleIds.length ? d.ruleIds.map((id) => `'${id}'`).join(', ') : 'all rules';
      kept.push({
        ruleId: UNUSED_DIRECTIVE_ID,
        severity: level,
        message: `This okr-${d.kind} comment for ${what} suppresses nothing; remove it.`,
        range: d.range,
        fixes: [removeComment(d, lines)],
      });
    }
  }
  return kept.sort(byPosition);
}

function removeComment(d: Directive, lines: string[]): Fix {
  const line = lines[d.range.start.line] ?? '';
  const alone = line.trim() === line.slice(d.range.start.character, d.range.end.character).trim();
  const isLast = d.range.start.line === lines.length - 1;
  const range: Range = alone
    ? isLast && d.range.start.line > 0
      ? { start: { line: d.range.start.line - 1, character: (lines[d.range.start.line - 1] ?? '').length }, end: { line: d.range.start.line, character: line.length } }
      : { start: { line: d.range.start.line, character: 0 }, end: { line: d.range.start.line + (isLast ? 0 : 1), character: isLast ? line.length : 0 } }
    : d.range;
  return { title: 'Remove the unused disable comment', edits: [{ range, newText: '' }], safe: true };
}

/** Lints one parsed document: file rules, workspace rules (when a workspace is given), severities and disable comments. */
export function lintDocument(doc: OkrDocument, text: string, options: LintOptions = {}): Finding[] {
  return applyDirectives(doc, text, runRules(doc, text, options), configOf(options));
}
